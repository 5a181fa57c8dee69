"""``handbook`` fenced blocks: embed generated content in a hand-written page.

    ```handbook
    checklist: comms-lead/during
    ```

One ``kind: reference`` line a block. Kinds: ``checklist`` (``role`` or
``role/phase``), ``does-not`` (role), ``guideline``, ``callout``, ``passage``
(any passage id), ``tree`` (the static outline) and ``wizard`` (the
interactive widget). Mistakes are collected with the page's ``file:line:col``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from incident_engine import inline
from incident_engine.model import Handbook
from incident_engine.problems import ProblemList, did_you_mean, did_you_mean_or_list

from . import trees
from .fragments import Render, block, checklist_html, does_not_html
from .links import esc, link

OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")

WizardRenderer = Callable[[Handbook, str, str], str]


@dataclass
class Block:
    """A ``handbook`` fenced block: its lines ``[start, end)`` (0-based, fences included) and its body."""

    start: int
    end: int
    indent: str
    fence: str
    body: list[str]
    closed: bool = True


def handbook_blocks(lines: list[str]) -> list[Block]:
    """Every top-level ``handbook`` block, found as Markdown does: by tracking which fence is open.

    A fence opens with three or more backticks or tildes and closes with a
    line of the same character, at least as long, and nothing else. Whatever
    is inside another fence is that block's text -- a ```` ```handbook ````
    example inside a ```` ````md ```` block stays an example. A fence that
    never closes runs to the end of the page, as in CommonMark.
    """
    found: list[Block] = []
    i = 0
    while i < len(lines):
        opening = OPENING.match(lines[i])
        if not opening or (opening.group("fence")[0] == "`" and "`" in opening.group("info")):
            i += 1  # backticks in the info string make it inline code, not a fence
            continue
        fence, start = opening.group("fence"), i
        i += 1
        while i < len(lines) and not _closes(lines[i], fence):
            i += 1
        if opening.group("info").strip() == "handbook":
            found.append(Block(start, min(i + 1, len(lines)), opening.group("indent"), fence, lines[start + 1:i],
                               closed=i < len(lines)))
        i += 1
    return found


def _closes(line: str, fence: str) -> bool:
    text = line.strip()
    return len(text) >= len(fence) and text == fence[0] * len(text)


def expand(markdown: str, hb: Handbook, here: str, page_file: str, problems: ProblemList,
           wizard: WizardRenderer | None = None) -> str:
    """Replace every ``handbook`` block in a page's Markdown; problems go into ``problems``."""
    lines = markdown.split("\n")
    out: list[str] = []
    done = 0
    for found in handbook_blocks(lines):
        out += lines[done:found.start]
        out.append(_render_block(found, hb, here, page_file, problems, wizard))
        done = found.end
    out += lines[done:]
    return "\n".join(out)


def _render_block(found: Block, hb: Handbook, here: str, page_file: str, problems: ProblemList,
                  wizard: WizardRenderer | None) -> str:
    col = len(found.indent) + 1
    if not found.closed:
        problems.add_at(page_file, found.start + 1, col, "handbook",
                        f"this block is never closed: end it with a line of {found.fence}")
        return ""
    out = []
    for offset, text in enumerate(found.body, 1):
        if not text.strip() or text.strip().startswith("#"):
            continue
        kind, sep, ref = text.strip().partition(":")
        kind, ref = kind.strip(), ref.strip()
        at = (page_file, found.start + 1 + offset, col)
        if not sep or not ref:
            problems.add_at(*at, "handbook", f"write 'kind: reference', e.g. 'checklist: comms-lead' (got {text.strip()!r})")
            continue
        html_text = _render(kind, ref, hb, here, at, problems, wizard)
        if html_text:
            out.append(html_text)
    return "\n\n".join(block(h) for h in out)


KINDS = ("checklist", "does-not", "guideline", "callout", "passage", "tree", "wizard")


def check_block(hb: Handbook, here: str, kind: str, ref: str, at: tuple, path: str, problems: ProblemList) -> None:
    """Check one block written in the content (a ``kind: page`` section's ``blocks``), as a fence's line is checked;
    its problems stand at ``at`` (file, line, col) under the key ``path``."""
    found = ProblemList()
    _render(kind, ref, hb, here, at, found, None)
    for problem in found.items:
        problems.add_at(problem.file, problem.line, problem.col, path, problem.message)



def _unknown(problems: ProblemList, at: tuple, kind: str, ref: str, choices) -> None:
    problems.add_at(*at, kind, f"unknown {kind} '{ref}'{did_you_mean_or_list(ref, list(choices))}")


def _render(kind: str, ref: str, hb: Handbook, here: str, at: tuple, problems: ProblemList,
            wizard: WizardRenderer | None) -> str:
    r = Render(here)
    if kind == "checklist":
        role_id, _, phase = ref.partition("/")
        if role_id not in hb.roles:
            _unknown(problems, at, kind, role_id, hb.roles)
            return ""
        role = hb.roles[role_id]
        chosen = [c for c in role.checklists if not phase or c.id == phase]
        if not chosen:
            _unknown(problems, at, kind, ref, [f"{role_id}/{c.id}" for c in role.checklists])
            return ""
        return "".join(checklist_html(hb, r, role, c) for c in chosen)
    if kind == "does-not":
        if ref not in hb.roles:
            _unknown(problems, at, kind, ref, hb.roles)
            return ""
        return does_not_html(hb, r, hb.roles[ref])
    if kind in ("guideline", "callout", "passage"):
        p = hb.passages.get(ref)
        if p is None:
            _unknown(problems, at, kind, ref, hb.passages)
            return ""
        title = f"<strong>{r.text(p.title)}</strong> " if p.title else ""
        tag = "div" if inline.is_blocks(p.text) else "p"  # block text: no <p> around its paragraphs
        return (f'<blockquote class="handbook-quote"><{tag}>{title}{r.prose(p.text, bare=True)}</{tag}>'
                f'<p class="handbook-basis"><a href="{esc(link(here, p.page, p.anchor))}">{r.words(hb, "pages.in_handbook")}</a></p>'
                "</blockquote>")
    if kind in ("tree", "wizard"):
        if ref not in hb.trees:
            _unknown(problems, at, kind, ref, hb.trees)
            return ""
        if kind == "wizard" and wizard is not None:
            return wizard(hb, here, ref)
        return trees.outline_html(hb, r, hb.trees[ref])
    problems.add_at(*at, "handbook", f"unknown block kind '{kind}'{did_you_mean(kind, KINDS)}; use one of {', '.join(KINDS)}")
    return ""
