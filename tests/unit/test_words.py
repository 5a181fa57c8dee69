"""The interface's words: one place of defaults (incident_engine/words.py), checked overrides, all used."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from incident_engine import words
from incident_engine.model import Handbook
from incident_engine.problems import Positions, ProblemList
from incident_handbook import page_words

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
ASSETS = PLUGINS / "incident_handbook" / "assets" / "handbook"


def problems_of(overrides) -> list:
    problems = ProblemList()
    where = Positions("checklists/handbook.yml", values={("words", k): (3, 5) for k in overrides},
                      keys={("words", k): (3, 3) for k in overrides})
    words.check(overrides, where, problems)
    return [str(p) for p in problems.sorted()]


def test_an_override_replaces_the_default_and_nothing_else():
    merged = words.merge({"wizard.back": "Go back", "checklist.copied": "Copied.  Paste  it."})
    assert merged["wizard.back"] == "Go back"
    assert merged["checklist.copied"] == "Copied. Paste it."
    assert {k for k in merged if merged[k] != words.DEFAULTS[k]} == {"wizard.back", "checklist.copied"}
    assert words.merge() == words.DEFAULTS and words.merge() is not words.DEFAULTS


def test_an_unknown_key_is_refused_with_its_closest_key_at_the_key():
    assert problems_of({"wizard.bakc": "Back"}) == [
        "checklists/handbook.yml:3:3: words.wizard.bakc: unknown word 'wizard.bakc' (did you mean 'wizard.back'?)"]
    [far] = problems_of({"zzz": "x"})
    assert "unknown word 'zzz'" in far and "words.py" in far


def test_placeholders_must_be_exactly_the_defaults():
    assert problems_of({"pages.does": "What is the {role} for?"}) == []
    [missing] = problems_of({"runbook.title": "Runbook"})
    assert missing.endswith("the placeholders must be exactly those of the default ({role})")
    [extra] = problems_of({"pages.does": "What does the {name} do?"})
    assert "({role}); unknown: {name}" in extra
    assert problems_of({"wizard.back": "Back {now}"})[0].endswith("(none); unknown: {now}")


def test_empty_text_is_refused():
    assert problems_of({"wizard.back": "  "})[0].endswith("say the words: empty text is not allowed")


def test_fill_and_the_renderings():
    w = words.merge({"pages.does": "What does **the {role}** do?"})
    assert words.html(w, "pages.does", role="<a href=\"x\">Lead</a>") == 'What does <strong>the <a href="x">Lead</a></strong> do?'
    assert words.plain(w, "pages.does", role="A & B") == "What does the A & B do?"
    # Text of the words is escaped; only the values, made by the caller, are HTML.
    w = words.merge({"wizard.back": "<b>Back</b>"})
    assert words.html(w, "wizard.back") == "&lt;b&gt;Back&lt;/b&gt;"
    assert words.fill("{a} {b} {a}", a=1) == "1 {b} 1"


@pytest.mark.parametrize(("minutes", "said"), [(20, "every 20 minutes"), (1, "every minute"), (60, "every hour"),
                                              (360, "every 6 hours"), (90, "every 90 minutes"), (1440, "every day"),
                                              (2880, "every 2 days")])
def test_cadences_are_said_as_people_say_them(minutes, said):
    assert words.every(words.DEFAULTS, minutes) == said


@pytest.mark.parametrize(("minutes", "short", "due"), [(20, "every 20 min", "in 20 minutes"), (360, "every 6 h", "in 6 hours"),
                                                       (90, "every 90 min", "in 90 minutes"), (2880, "every 2 d", "in 48 hours")])
def test_the_exports_say_a_cadence_short_and_a_duty_done_now_says_when_it_is_due(minutes, short, due):
    assert words.every(words.DEFAULTS, minutes, short=True) == short
    assert words.due_in(words.DEFAULTS, minutes) == due


def test_the_defaults_are_neutral():
    """No default names a role, an audience or a channel of this handbook: those are its overrides."""
    for key, text in words.DEFAULTS.items():
        assert not re.search(r"Comms Lead|\busers?\b|PMM|status page|comms plan", text), (key, text)


def test_the_browser_gets_plain_words_and_markdown_where_it_exports():
    w = words.browser_words(words.merge({"checklist.copy_markdown": "Copy as **Markdown**"}))
    assert w["checklist.copy_markdown"] == "Copy as Markdown"
    assert w["record.md_overdue_since"] == "**Overdue** since {time}"
    assert all(k.startswith(words.BROWSER) for k in w) and "pages.start_here" not in w


def test_the_words_json_cannot_close_its_script_element():
    hb = Handbook(None, None, None, None, {}, {}, {}, words=words.merge({"picker.hint": "Kept </script><b> here"}))
    tag = page_words.tag(hb)
    assert tag.count("</script>") == 1 and "<b>" not in tag
    body = tag.removeprefix('<script type="application/json" id="handbook-words">').removesuffix("</script>")
    assert json.loads(body)["picker.hint"] == "Kept </script><b> here"
    page = page_words.add_to("<html><head></head><body></body></html>", hb)
    assert page_words.add_to(page, hb) == page and page.index("handbook-words") < page.index("</head>")


# -- every key used, every key the code names defined ---------------------------------------------

def sources() -> dict:
    """Every file of the code that may name a key: the adapter's and core's Python, and the scripts."""
    out = {p: p.read_text("utf-8") for p in sorted(PLUGINS.rglob("*.py")) if "egg-info" not in p.parts}
    own = PLUGINS / "incident_engine" / "words.py"
    text = out[own]
    out[own] = text[text.index("\nOUR_PHRASING = ("):]  # the defaults themselves are not a use
    out.update({p: p.read_text("utf-8") for p in sorted(ASSETS.glob("*.mjs"))})
    return out


def test_every_key_is_used_by_the_code():
    code = "\n".join(sources().values())
    unused = [k for k in words.DEFAULTS
              if f'"{k}"' not in code and f"'{k}'" not in code]
    assert unused == []


KEY = re.compile(r"""["']([a-z_]+\.[a-z0-9_]+)["']""")


def test_every_key_the_code_names_is_defined():
    prefixes = {k.split(".")[0] for k in words.DEFAULTS}
    named = {(p.name, m) for p, text in sources().items() for m in KEY.findall(text) if m.split(".")[0] in prefixes}
    assert sorted((f, k) for f, k in named if k not in words.DEFAULTS) == []


# Words the scripts may still spell out: what the engine worker filters out of Python's output.
SCRIPT_LITERALS_ALLOWED = {"engine-worker.mjs"}
ENGLISH = re.compile(r"""(["'`])[A-Z][a-z]+[ ,:.][^"'`]*[a-z]{2,}""")


def test_no_script_spells_out_a_word_a_reader_sees():
    found = []
    for path in sorted(ASSETS.glob("*.mjs")):
        if path.name in SCRIPT_LITERALS_ALLOWED:
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            code = line.split("//")[0] if not line.lstrip().startswith(("*", "/*")) else ""
            if ENGLISH.search(code) and "console." not in code:
                found.append(f"{path.name}:{n}: {line.strip()}")
    assert found == []


def test_the_decision_record_says_the_handbooks_words_in_the_browser_engine():
    from incident_engine.browser import new_session
    from incident_engine.decision import paths, record_words, tree_to_dict
    from incident_handbook.loading import load_handbook

    hb = load_handbook(ROOT / "tests" / "fixtures" / "site" / "checklists", ROOT)
    tree = next(iter(hb.trees.values()))
    path = paths(tree)[0]
    ours = words.merge({"decision_record.outcome": "Result:", "decision_record.title": "{tree} at {when}"})
    handle = new_session(json.dumps({"trees": [tree_to_dict(tree)], "words": record_words(ours)}))
    got = json.loads(handle(json.dumps({"op": "walk", "tree": tree.id, "answers": path.answers, "when": "now"})))
    assert "**Result:**" in got["record"] and "**Outcome:**" not in got["record"]
    assert got["record"].startswith(f"**{tree.title}** at now")
    # The plain list of trees still works, with the defaults.
    handle = new_session(json.dumps([tree_to_dict(tree)]))
    got = json.loads(handle(json.dumps({"op": "walk", "tree": tree.id, "answers": path.answers, "when": "now"})))
    assert "**Outcome:**" in got["record"]
