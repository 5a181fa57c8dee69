"""This handbook's runbooks, in its own words: its key rules, its 'Do we notify users now?' flow, its links.

The machine behind them (a runbook per role, every item, every flow, every link's address) is tested on
any content in tests/build/test_runbooks.py."""

from __future__ import annotations

import re
from pathlib import Path

from tests.build.test_runbooks import plain, runbook_html, section
from tests.handbook_content import HANDBOOK


def test_key_rules_come_from_the_content(site: Path):
    rules = plain(section(runbook_html(site, "comms-lead"), "handbook-runbook-rules"))
    assert "At least every 6 hours: Make sure the status page is accurate and up to date." in rules
    assert "Status page: Primary (kept by Incident Lead)" in rules
    assert "Post-mortem: Supersedes the status page" in rules
    assert "Email: Default for outbound messages" in rules and "Social posts: The exception" in rules
    assert ("Not yours: Incident Lead: Updating the Status Page; Making technical decisions about the incident. "
            "Sales: Updating VIP customers. Support: Providing technical support to users.") in rules
    lead = plain(section(runbook_html(site, "incident-lead"), "handbook-runbook-rules"))
    assert "Yours, from other roles: Updating the Status Page; Making technical decisions" in lead


def test_the_comms_leads_flow_is_the_notify_now_tree(site: Path):
    flow = section(runbook_html(site, "comms-lead"), "handbook-flow")
    tree = HANDBOOK.trees["notify-now"]
    questions = sum(1 for n in tree.nodes.values() if not n.is_outcome)
    assert questions == 7 and len(tree.nodes) - questions == 8
    keys = re.findall(r'<span class="handbook-flow-key">([^<]+)</span>', flow)
    assert keys[:7] == ["1", "2", "3", "4", "5", "6", "7"] and keys[7:] == list("ABCDEFGH")
    assert "Notify users immediately, with clear steps how to act on their side." in plain(flow)


def test_a_link_to_another_roles_passage_names_it_for_paper(site: Path):
    incident = runbook_html(site, "incident-lead")
    assert "Why</a><span class=\"handbook-runbook-address\"> (see Comms Lead › Making technical decisions about " \
           "the incident)</span>" in incident
