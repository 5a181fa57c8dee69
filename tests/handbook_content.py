"""The content under ``checklists/``, loaded once, for tests that derive their expectations from it.

Tests of the machine (pages, wizards, runbooks, checklists, offline) must pass on any valid handbook,
so they pick their role, tree or outcome from what is loaded here instead of naming this handbook's
ids. Tests of fidelity to *this* handbook's source (its sentences, its wording, its twelve wizard
outcomes) carry the ``fidelity`` marker or live in ``tests/fidelity/``; they run only when
``checklists/handbook.yml`` declares ``source_text:`` (see ``tests/conftest.py``).
"""

from __future__ import annotations

from pathlib import Path

from incident_handbook.loading import load_handbook

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "checklists"
HANDBOOK = load_handbook(CONTENT, ROOT)

NO_SOURCE_TEXT = ("checklists/handbook.yml declares no 'source_text:' (the source handbook's text), "
                  "so the tests of fidelity to that source do not apply to this content")


def source_text() -> Path | None:
    """The source handbook's text the content declares (``source_text:``, relative to the content folder)."""
    declared = getattr(HANDBOOK.front, "source_text", "")
    return (CONTENT / declared).resolve() if declared else None


def first_tree():
    """A tree of the content with a question of at least two steps, if any (the one with the longest path)."""
    from incident_engine.decision import paths

    best = None
    for tree in HANDBOOK.trees.values():
        for path in paths(tree):
            if best is None or len(path.answers) > len(best[1].answers):
                best = (tree, path)
    return best


def role_with_items():
    """The first role (in the handbook's order) that has checklist items."""
    return next((r for r in HANDBOOK.roles.values() if list(r.items())), None)


# -- what the browser tests of checklists and the incident record drive ------------------------------------

WORDS = HANDBOOK.words


def say(key: str, **values) -> str:
    """The interface's words under ``key`` as a reader sees them (plain text), placeholders filled."""
    from incident_engine import words

    return words.plain(WORDS, key, **values)


def md(key: str, **values) -> str:
    """The interface's words under ``key`` as the Markdown exports write them (``words.browser_words``)."""
    from incident_engine import inline, words

    return words.fill(inline.to_markdown(WORDS[key]), **values)


def every(minutes: int, short: bool = False) -> str:
    """A cadence as the site says it: ``words.every``, or the short form the Markdown exports use."""
    from incident_engine import inline, words

    return inline.to_plain(words.every(WORDS, minutes, short=short))


def words_pattern(key: str, markdown: bool = False, **values):
    """A regular expression for the words under ``key``: ``values`` filled, any other placeholder matching any text
    (the times the scripts format for the reader's locale)."""
    import re

    from incident_engine import inline, words

    text = (inline.to_markdown if markdown else inline.to_plain)(WORDS[key])
    out, last = [], 0
    for match in words.PLACEHOLDER.finditer(text):
        out.append(re.escape(text[last:match.start()]))
        name = match.group(1)
        out.append(re.escape(str(values[name])) if name in values else ".+?")
        last = match.end()
    out.append(re.escape(text[last:]))
    return re.compile("".join(out))


def plain(text: str) -> str:
    """Inline text as a reader sees it (a checkbox's name, a timeline's line)."""
    from incident_engine import inline

    return inline.to_plain(text)


def has_link(text: str) -> bool:
    return "](" in text


def checklist_role():
    """The role the checklist tests drive: the first (in the handbook's order) with a duty on a cadence and at
    least two other items; else the first with at least two items; else None."""
    def others(role):
        return [i for _c, i in role.items() if not i.cadence]

    roles = list(HANDBOOK.roles.values())
    return (next((r for r in roles if any(i.cadence for _c, i in r.items()) and len(others(r)) >= 2), None)
            or next((r for r in roles if len(others(r)) >= 2), None))


def checklist_role_or_skip():
    """``checklist_role()`` with its name and page, for a test module that drives it: (role, name, page).
    Skips the whole module, saying why, when the handbook has no role with two items to tick."""
    import pytest

    role = checklist_role()
    if role is None:
        pytest.skip("no role of this handbook has two checklist items to tick", allow_module_level=True)
    return role, plain(role.name), f"roles/{role.id}/"


def cadence_duty(role):
    """The first (checklist, item) of ``role`` with a cadence, or None."""
    return next(((c, i) for c, i in role.items() if i.cadence), None) if role else None


def two_items(role):
    """Two (checklist, item) pairs of ``role`` without a cadence, in different phases where the role allows
    (links-free items first: their Markdown is their plain text)."""
    pairs = sorted(((c, i) for c, i in role.items() if not i.cadence), key=lambda ci: has_link(ci[1].text))
    first = pairs[0]
    second = next((p for p in pairs[1:] if p[0].id != first[0].id), pairs[1])
    return first, second


def another_role(role):
    """A role other than ``role`` with checklist items (its page has a checklist too), or None."""
    return next((r for r in HANDBOOK.roles.values() if r.id != role.id and r.items()), None)


def page_without_checklists():
    """(title, path) of a page in the readers' navigation that shows no checklist and no wizard: a prose page
    without embedded blocks, else the decision tables; None if the handbook has neither."""
    for pid, title in HANDBOOK.prose_pages():
        page = HANDBOOK.pages.get(pid)
        if page is None or not any(s.blocks for s in page.sections):
            return plain(title), f"{pid}/"
    if HANDBOOK.trees:
        from incident_handbook.links import DECISION_TABLE

        return say("nav.decision_tables"), f"{DECISION_TABLE}/"
    return None
