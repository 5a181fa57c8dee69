"""The decision engine: walk a tree, check it, and list every path through it.

Pure standard library, version-neutral Python: the build runs it under
CPython to check trees and render the no-JavaScript fallback, and the
browser runs the very same module under Pyodide to drive the wizard.

A wizard's state is just the list of answers given so far (answer ids such
as ``"yes"``); everything else is derived from the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import NOTIFY_LABELS, Node, Notify, Option, Tree
from .problems import did_you_mean_or_list
from .words import DEFAULTS, fill

MAX_DEPTH = 64  # longer answer lists are refused before any walking


@dataclass
class TreeProblem:
    """A structural mistake in a tree; ``node`` is None for tree-level keys."""

    node: str | None
    path: tuple
    message: str


class InvalidAnswers(ValueError):
    """The answers do not describe a walk through the tree."""

    def __init__(self, index: int, message: str):
        self.index = index
        super().__init__(message)


@dataclass
class Step:
    """Where a list of answers leads: the current node and how we got there."""

    node: Node
    history: list = field(default_factory=list)  # [(question node, chosen option)]

    @property
    def done(self) -> bool:
        return self.node.is_outcome


def check_tree(tree: Tree) -> list:
    """Every structural problem of a tree: unknown targets, dead ends, cycles, unreachable nodes."""
    out: list[TreeProblem] = []
    nodes = tree.nodes
    if tree.start not in nodes:
        out.append(TreeProblem(None, ("start",), f"unknown node '{tree.start}'{did_you_mean_or_list(tree.start, nodes)}"))
    for node in nodes.values():
        if node.question and node.outcome:
            out.append(TreeProblem(node.id, ("outcome",), "a node is a question or an outcome, not both"))
            continue
        if not node.question and not node.outcome:
            out.append(TreeProblem(node.id, (), "add 'question' (with options) or 'outcome' (with next_steps and role)"))
            continue
        if node.outcome:
            if node.options:
                out.append(TreeProblem(node.id, ("options",), "an outcome ends the walk; remove its options"))
            for key in ("next_steps", "role"):
                if not getattr(node, key):
                    out.append(TreeProblem(node.id, (), f"an outcome needs '{key}', so people know who does what next"))
            continue
        if len(node.options) < 2:
            out.append(TreeProblem(node.id, ("options",),
                                   f"a question needs at least 2 options (found {len(node.options)})"))
        seen: dict[str, int] = {}
        for i, opt in enumerate(node.options):
            if opt.answer in seen:
                out.append(TreeProblem(node.id, ("options", i, "answer"),
                                       f"duplicate answer '{opt.answer}' (also options[{seen[opt.answer]}])"))
            seen.setdefault(opt.answer, i)
            if opt.next not in nodes:
                out.append(TreeProblem(node.id, ("options", i, "next"),
                                       f"unknown node '{opt.next}'{did_you_mean_or_list(opt.next, nodes)}"))
        for key in ("notify", "message", "next_steps"):
            if getattr(node, key):
                out.append(TreeProblem(node.id, (key,), f"'{key}' belongs on an outcome, not a question"))
    if tree.start in nodes:
        out.extend(_reachability(tree))
    return out


def _reachability(tree: Tree) -> list:
    out: list[TreeProblem] = []
    nodes = tree.nodes
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = finished
    reported: set = set()

    def visit(nid: str) -> None:
        # Iterative DFS: a hostile tree must not hit Python's recursion limit.
        stack = [(nid, iter(_targets(nodes[nid])))]
        state[nid] = 1
        while stack:
            current, targets = stack[-1]
            for target in targets:
                if target not in nodes:
                    continue
                if state.get(target) == 1:
                    if (current, target) not in reported:
                        reported.add((current, target))
                        i = next(i for i, o in enumerate(nodes[current].options) if o.next == target)
                        out.append(TreeProblem(current, ("options", i, "next"),
                                               f"'{target}' leads back to an earlier question (a cycle); "
                                               "every walk must end at an outcome"))
                    continue
                if target not in state:
                    state[target] = 1
                    stack.append((target, iter(_targets(nodes[target]))))
                    break
            else:
                state[current] = 2
                stack.pop()

    visit(tree.start)
    for nid in nodes:
        if nid not in state:
            out.append(TreeProblem(nid, ("id",), f"node '{nid}' is unreachable: no option leads to it"))
    return out


def _targets(node: Node) -> list:
    return [o.next for o in node.options]


def walk(tree: Tree, answers: list) -> Step:
    """Follow ``answers`` from the start; raise ``InvalidAnswers`` if they don't fit the tree."""
    if not isinstance(answers, list) or len(answers) > MAX_DEPTH:
        raise InvalidAnswers(0, "the answers are not a short list")
    node = tree.nodes[tree.start]
    history = []
    for i, given in enumerate(answers):
        if node.is_outcome:
            raise InvalidAnswers(i, f"answer {i + 1} comes after the decision was already reached")
        option = next((o for o in node.options if isinstance(given, str) and o.answer == given), None)
        if option is None:
            valid = ", ".join(o.answer for o in node.options)
            raise InvalidAnswers(i, f"answer {i + 1} is not one of {valid}")
        history.append((node, option))
        node = tree.nodes[option.next]
    return Step(node, history)


def answer(tree: Tree, answers: list, given: str) -> list:
    """The answers after also answering the current question with ``given``."""
    new = list(answers) + [given]
    walk(tree, new)
    return new


def back(answers: list) -> list:
    """The answers with the last one taken back."""
    return list(answers[:-1])


def restart() -> list:
    """No answers: the wizard at its first question."""
    return []


@dataclass
class Path:
    """One complete walk: the answers in order and the outcome they reach."""

    answers: list
    steps: list  # [(question node, option)]
    outcome: Node


def paths(tree: Tree) -> list:
    """Every path from the start to an outcome, in option order."""
    out: list[Path] = []
    todo = [([], tree.start)]
    while todo:
        answers, nid = todo.pop()
        node = tree.nodes[nid]
        if node.is_outcome:
            out.append(Path(answers, walk(tree, answers).history, node))
            continue
        if len(answers) >= MAX_DEPTH:
            raise InvalidAnswers(len(answers), "a path is longer than the engine walks")
        for opt in reversed(node.options):
            todo.append((answers + [opt.answer], opt.next))
    return out


def decision_record(tree: Tree, answers: list, when: str, words: dict | None = None) -> str:
    """A Markdown record of a decision, to paste into the comms plan; ``words`` overrides the interface's."""
    w = {**DEFAULTS, **(words or {})}
    step = walk(tree, answers)
    lines = [fill(w["decision_record.title"], tree=f"**{tree.title}**", when=when), ""]
    for n, (node, opt) in enumerate(step.history, 1):
        lines.append(f"{n}. {node.question} — **{opt.label}**")
    if step.done:
        lines += ["", f"**{w['decision_record.outcome']}** {step.node.outcome}",
                  f"**{w['decision_record.next']}** {step.node.next_steps}"]
        if step.node.notify:
            lines += [f"**{w[label]}:** {getattr(step.node.notify, key)}" for key, label in NOTIFY_LABELS]
    else:
        lines += ["", f"**{w['decision_record.undecided']}** "
                  + fill(w["decision_record.next_question"], question=step.node.question)]
    return "\n".join(lines)


RECORD_WORDS = ("decision_record.", "outcome.")


def record_words(words: dict) -> dict:
    """The words ``decision_record`` uses, for the browser's engine (``browser.load_trees``)."""
    return {k: v for k, v in words.items() if k.startswith(RECORD_WORDS)}


def tree_to_dict(tree: Tree) -> dict:
    """The tree as JSON-ready data, for the browser."""
    def node(n: Node) -> dict:
        d = {"id": n.id, "rests_on": n.rests_on}
        for key in ("question", "help", "outcome", "next_steps", "role", "gap", "message"):
            if getattr(n, key):
                d[key] = getattr(n, key)
        if n.options:
            d["options"] = [{"answer": o.answer, "label": o.label, "next": o.next} for o in n.options]
        if n.notify:
            d["notify"] = {"audience": n.notify.audience, "channel": n.notify.channel, "timing": n.notify.timing}
        if n.applies:
            d["applies"] = list(n.applies)
        return d
    return {"id": tree.id, "title": tree.title, "start": tree.start, "summary": tree.summary,
            "used_by": list(tree.used_by), "nodes": [node(n) for n in tree.nodes.values()]}


def tree_from_dict(data: dict) -> Tree:
    """Rebuild a tree from ``tree_to_dict`` data."""
    nodes = {}
    for d in data["nodes"]:
        notify = Notify(**d["notify"]) if d.get("notify") else None
        nodes[d["id"]] = Node(d["id"], d.get("rests_on", ""), d.get("question", ""), d.get("help", ""),
                              [Option(o["answer"], o["label"], o["next"]) for o in d.get("options", [])],
                              d.get("outcome", ""), d.get("next_steps", ""), d.get("role"), d.get("gap", ""),
                              notify, d.get("message", ""), list(d.get("applies", [])))
    return Tree(data["id"], data["title"], data["start"], nodes, data.get("summary", ""), data.get("used_by", []))
