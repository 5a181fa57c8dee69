"""The engine's face to the browser: set up the trees once, then walk them by id.

The wizard's worker makes one session when it starts, from the trees the
build wrote (``tree_to_dict`` of each, as a JSON list)::

    handle = new_session(trees_json)

and then answers every request of the page with ``handle(request_json)``, a
JSON string in and a JSON string out. The page names a tree by its id and
sends the answers it holds (they live in the page's URL); the engine does
the walking — start, answer, back, restart — and says where the answers
lead::

    {"op": "answer", "tree": "notify-now", "answers": ["yes"], "answer": "no", "when": "2026-11-27 03:12 UTC"}
    -> {"ok": true, "tree": "notify-now", "answers": ["yes", "no"], "node": "...", "done": false,
        "history": [["security", "yes"], ["user-action", "no"]], "record": "..."}

Ops: ``start`` (the first question), ``walk`` (resume ``answers``, e.g. from a
shared link), ``answer`` (``answers`` plus ``answer``), ``back`` (``answers``
without the last), ``restart``. ``when``, if given, adds the decision record.
Strings only cross the boundary, so no Python object outlives a call. Any
input, however malformed, gets an ``{"ok": false, "error": ...}`` answer,
never an exception.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .decision import InvalidAnswers, answer, back, check_tree, decision_record, restart, tree_from_dict, walk
from .model import Tree

MAX_REQUEST = 20_000  # characters; a request is a tree id and a few answers
OPS = ("start", "walk", "answer", "back", "restart")


def _error(message: str, **extra) -> str:
    return json.dumps({"ok": False, "error": message, **extra})


def _parts(trees_json: str) -> tuple:
    """A list of trees, or ``{"trees": [...], "words": {...}}`` with the record's words (``decision.record_words``)."""
    data = json.loads(trees_json)
    if isinstance(data, dict):
        words = data.get("words")
        words = {k: v for k, v in words.items() if isinstance(v, str)} if isinstance(words, dict) else {}
        return data.get("trees", []), words
    return data, {}


def load_trees(trees_json: str) -> dict[str, Tree]:
    """The trees of ``tree_to_dict`` data (see ``_parts``), by id; a tree with problems is refused."""
    trees = {}
    for data in _parts(trees_json)[0]:
        tree = tree_from_dict(data)
        problems = check_tree(tree)
        if problems:  # the build refuses such trees; a hand-edited file should not loop the walker
            raise ValueError(f"tree {tree.id!r}: {problems[0].message}")
        trees[tree.id] = tree
    return trees


def _answers(request: dict) -> list | None:
    given = request.get("answers", [])
    if isinstance(given, list) and all(isinstance(a, str) for a in given):
        return given
    return None


def _step(tree: Tree, answers: list, when, words: dict | None = None) -> str:
    step = walk(tree, answers)
    out = {"ok": True, "tree": tree.id, "answers": answers, "node": step.node.id, "done": step.done,
           "history": [[node.id, option.answer] for node, option in step.history]}
    if isinstance(when, str) and when:
        out["record"] = decision_record(tree, answers, when[:64], words)
    return json.dumps(out)


def respond(trees: dict[str, Tree], request_json: str, words: dict | None = None) -> str:
    """Answer one request about ``trees``; always returns a JSON string."""
    if not isinstance(request_json, str) or len(request_json) > MAX_REQUEST:
        return _error("the request is not a short JSON string")
    try:
        request = json.loads(request_json)
    except ValueError:
        return _error("the request is not valid JSON")
    if not isinstance(request, dict):
        return _error("the request must be a JSON object")
    op = request.get("op")
    if op not in OPS:
        return _error(f"unknown op {op!r}; use {', '.join(OPS)}")
    tree = trees.get(request.get("tree")) if isinstance(request.get("tree"), str) else None
    if tree is None:
        return _error(f"no tree {request.get('tree')!r}")
    answers = _answers(request)
    if answers is None:
        return _error("the answers must be a list of answer ids")
    try:
        if op == "start" or op == "restart":
            answers = restart()
        elif op == "answer":
            given = request.get("answer")
            if not isinstance(given, str):
                return _error("the answer must be an answer id")
            answers = answer(tree, answers, given)
        elif op == "back":
            walk(tree, answers)  # only answers that fit the tree can be taken back
            answers = back(answers)
        return _step(tree, answers, request.get("when"), words)
    except InvalidAnswers as exc:
        return _error(str(exc), index=exc.index)


def new_session(trees_json: str) -> Callable[[str], str]:
    """Set up the trees once; return ``handle(request_json) -> response_json`` for the worker."""
    trees, words = load_trees(trees_json), _parts(trees_json)[1]

    def handle(request_json: str) -> str:
        return respond(trees, request_json, words)

    return handle
