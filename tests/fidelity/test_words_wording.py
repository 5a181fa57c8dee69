"""This handbook's own phrasing of the interface: the neutral defaults (incident_engine/words.py) said
its way in checklists/handbook.yml ``words:``. Fidelity: runs only when the content declares its source."""

from __future__ import annotations

import html

from incident_engine import words
from tests.conftest import ROOT


def test_our_handbook_overrides_every_default_it_phrases_its_own_way():
    ours = (ROOT / "checklists" / "handbook.yml").read_text("utf-8")
    for key in words.OUR_PHRASING:
        assert f"  {key}:" in ours, key


def test_our_handbook_reads_as_before():
    """This project's handbook overrides the neutral defaults with its own phrasing."""
    from incident_engine import inline
    from incident_handbook.loading import load_handbook

    hb = load_handbook(ROOT / "checklists", ROOT)
    assert "next Comms Lead" in hb.words["incident.intro"]
    assert inline.to_plain(hb.words["pages.guidelines_cta"]) == "Deciding whether to tell users now?"
    assert html.unescape(words.html(hb.words, "record.handover_saved", file="x")).endswith("they open it on this page.")
