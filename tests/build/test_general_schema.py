"""The schema for any handbook: minute cadences, no groups, channel uses in its own words, no owners or
``rests_on`` where it has none, block text -- built from the fixture site with those edits, read as a person would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import build_site, copy_site
from tests.support import edit_files

DETAIL = '''        detail: |
          Ask in the channel first.

          - Say `who leads?` in the channel
          - Wait <b>five</b> minutes
'''


def edited(project: Path) -> Path:
    """The fixture with every optional part of the general schema used, or left out."""
    edits = {
        # No groups declared: roles have no group, the roles index is one flat list.
        "checklists/handbook.yml": [(re.compile(r"# Role groups.*?(?=start_here:)", re.S), "")],
        "checklists/roles/lead.yml": [
            ("group: responder\n", ""),
            ("          every: 6h\n", "          every: 20m\n"),
            ("The helper does.\"\n    owner: helper\n",
             "The helper does.\"\n    owner: helper\n  - id: not-alone\n    text: Working alone.\n"
             "    outside_wizards: Who works with whom, not a decision.\n"),
        ],
        "checklists/roles/helper.yml": [
            ("group: appointer\n", ""),
            ("    rests_on: nobody-around\n    items:", "    items:"),  # a phase with no rests_on
            ("        text: Appoint a lead if nobody is around.\n",
             "        text: Appoint a lead if nobody is around.\n" + DETAIL),
        ],
        "checklists/channels.yml": [
            ("    use: Default for outbound messages\n", "    use: Only when *asked*\n"),
            ("    rests_on: be-brief\n", ""),
        ],
        "checklists/trees/pick.yml": [
            ("    question: Is anyone around?\n    rests_on: nobody-around\n", "    question: Is anyone around?\n"),
            ("    role: helper\n    rests_on: nobody-around\n", "    role: helper\n    applies: [nobody-around]\n"),
        ],
    }
    edit_files(project, edits)
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("general-schema")
    return build_site(edited(copy_site(tmp / "project")), tmp / "out")


def page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text("utf-8")


def test_minute_cadences_are_said_in_minutes_everywhere(site: Path):
    lead = page(site, "roles/lead")
    assert 'data-handbook-every-minutes="20"' in lead
    assert "Repeat at least every 20 minutes." in lead
    assert "Lead, at least every 20 minutes:" in page(site, "wizards/pick")
    assert "At least every 20 minutes:" in page(site, "runbooks/lead")
    assert "&quot;every&quot;:20," in page(site, "incident")  # minutes; the script says them in the page's words
    assert "every 6 hours" not in re.sub(r"<[^>]+>", "", lead)


def test_without_groups_the_roles_index_is_one_list_and_every_runbook_has_the_channels(site: Path):
    index = page(site, "roles")
    body = index[index.index('<article'):index.index('</article>')]
    assert "<h2" not in body
    assert body.count('href="../roles/lead/"') + body.count('href="lead/"') >= 1
    assert 'href="helper/"' in body or 'href="../roles/helper/"' in body
    assert "Channels:" in re.sub(r"<[^>]+>", "", page(site, "runbooks/helper"))


def test_channel_uses_are_the_handbooks_own_words(site: Path):
    channels = page(site, "channels")
    assert "Only when <em>asked</em>" in channels
    email = channels[channels.index('<tr id="email"'):]
    email = email[:email.index("</tr>")]
    assert "handbook-basis" not in email  # no rests_on: no "From:" with nothing after it
    assert "Email: Only when <em>asked</em>" in page(site, "runbooks/lead")


def test_no_owner_and_no_rests_on_leave_no_empty_labels(site: Path):
    lead = page(site, "roles/lead")
    rule = lead[lead.index('<li id="not-alone"'):]
    rule = rule[:rule.index("</li>")]
    assert "Working alone." in rule and "Owner" not in rule
    helper = page(site, "roles/helper")
    assert "Why this phase" not in helper


def test_block_text_renders_paragraphs_lists_and_code_but_never_html(site: Path):
    helper = page(site, "roles/helper")
    assert ('<div class="handbook-detail"><p>Ask in the channel first.</p><ul><li>Say <code>who leads?</code> in '
            "the channel</li><li>Wait &lt;b&gt;five&lt;/b&gt; minutes</li></ul></div>") in helper
    assert "<b>five" not in helper


def test_appointment_rules_name_who(site: Path):
    appointing = page(site, "appointing")
    rule = appointing[appointing.index('<li id="product-lead"'):]
    rule = rule[:rule.index("</li>")]
    assert re.search(r'Who: <a href="\.\./roles/helper/">Helper</a>', rule)


def test_an_outcome_without_rests_on_shows_what_it_applies(site: Path):
    wizard = page(site, "wizards/pick")
    assert 'data-handbook-passage="nobody-around"' in wizard
    review = (site / "maintainers" / "review" / "index.html").read_text("utf-8")
    assert "pick/helper-appoints" in review
