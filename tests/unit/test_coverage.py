"""The coverage check on plain data: every decision-bearing passage is applied by an outcome, or says why not."""

from __future__ import annotations

import copy

from incident_engine.content import Doc, assemble
from incident_engine.model import Node
from incident_engine.problems import Positions, ProblemList

FRONT = {"kind": "handbook", "title": "T", "audience": "For readers.", "intro": ["Intro."],
         "start_here": [{"label": "Pick", "tree": "pick", "rests_on": "calm"}]}
APPOINTMENT = {"kind": "appointment", "title": "A", "intro": {"id": "own", "text": "Leads own it."},
               "rules": [{"id": "rule", "text": "A rule."}]}
GUIDELINES = {"kind": "guidelines", "title": "G",
              "guidelines": [{"id": "calm", "title": "Calm.", "text": "Be calm."},
                             {"id": "brief", "title": "Brief.", "text": "Be brief."}],
              "callouts": [{"id": "careful", "title": "Careful:", "text": "ask first."}]}
CHANNELS = {"kind": "channels", "title": "C",
            "channels": [{"id": "status", "name": "Status", "use": "Primary", "text": "Primary.", "rests_on": "calm"}]}
ROLE = {"kind": "role", "id": "lead", "name": "Lead", "summary": "Leads.",
        "checklists": [{"id": "during", "title": "During", "rests_on": "calm",
                        "items": [{"id": "status", "text": "Check the status page.", "owner": "lead",
                                   "cadence": {"every": "6h", "rests_on": "calm"}},
                                  {"id": "join", "text": "Join."}]}],
        "does_not": [{"id": "not-vip", "text": "VIPs.", "owner": "lead"}]}
TREE = {"kind": "tree", "id": "pick", "title": "Pick", "used_by": ["lead"], "start": "q",
        "nodes": [{"id": "q", "question": "Now?", "rests_on": "calm",
                   "options": [{"answer": "yes", "label": "Yes", "next": "go"},
                               {"answer": "no", "label": "No", "next": "wait"}]},
                  {"id": "go", "outcome": "Go.", "next_steps": "Send.", "role": "lead", "rests_on": "calm",
                   "applies": ["brief", "careful", "lead/status"]},
                  {"id": "wait", "outcome": "Wait.", "next_steps": "Hold.", "role": "lead", "rests_on": "rule",
                   "applies": ["not-vip"]}]}


def load(*changes):
    files = {"handbook.yml": FRONT, "appointing.yml": APPOINTMENT, "guidelines.yml": GUIDELINES,
             "channels.yml": CHANNELS, "roles/lead.yml": ROLE, "trees/pick.yml": TREE}
    files = copy.deepcopy(files)
    for change in changes:
        change(files)
    problems = ProblemList()
    hb = assemble([Doc(f"checklists/{name}", data, Positions(f"checklists/{name}"), {})
                   for name, data in files.items()], problems)
    return hb, [str(p) for p in problems.sorted()]


def test_content_whose_every_bearing_passage_is_applied_loads():
    hb, problems = load()
    assert problems == []
    assert hb.trees["pick"].nodes["go"].applied == ["calm", "brief", "careful", "lead/status"]
    assert hb.passages["lead/status"].kind == "duty" and hb.passages["lead/status"].every_minutes == 360
    assert hb.passages["lead/join"].kind == "item" and not hb.passages["lead/join"].bears_on_decisions


def test_an_unapplied_passage_fails_naming_the_outcomes_that_could_take_it():
    def drop(files):
        files["trees/pick.yml"]["nodes"][1]["applies"] = ["careful", "lead/status"]
    hb, problems = load(drop)
    assert hb is None
    assert len(problems) == 1
    assert "guideline 'brief' bears on decisions, but no outcome applies it" in problems[0]
    assert "(could be: pick/go, pick/wait)" in problems[0]
    assert problems[0].startswith("checklists/guidelines.yml:")


def test_an_unapplied_duty_and_does_not_rule_fail_too():
    def drop(files):
        files["trees/pick.yml"]["nodes"][1]["applies"] = ["brief", "careful"]
        del files["trees/pick.yml"]["nodes"][2]["applies"]
    _, problems = load(drop)
    assert [p.split(": ", 2)[2].split(" bears")[0] for p in problems] == ["duty 'lead/status'", "does-not 'not-vip'"]


def test_a_reason_excuses_a_passage_and_a_reason_on_an_applied_one_is_refused():
    def excuse(files):
        files["guidelines.yml"]["guidelines"][1]["outside_wizards"] = "About wording only."
        files["trees/pick.yml"]["nodes"][1]["applies"] = ["careful", "lead/status"]
    hb, problems = load(excuse)
    assert problems == [] and hb.passages["brief"].outside_wizards == "About wording only."

    def both(files):
        files["guidelines.yml"]["guidelines"][1]["outside_wizards"] = "About wording only."
    _, problems = load(both)
    assert len(problems) == 1 and "'brief' is marked as bearing on no wizard decision, but outcome pick/go" in problems[0]


def test_applied_lists_rests_on_first_and_each_passage_once():
    node = Node("o", "a", outcome="Done.", applies=["b", "a", "c", "b"])
    assert node.applied == ["a", "b", "c"]
    assert Node("q", "a", question="Why?", applies=["b"]).applied == ["b"]


def test_an_unknown_id_with_no_close_match_lists_the_known_ones():
    from incident_engine.problems import did_you_mean_or_list

    assert did_you_mean_or_list("notfy", ["notify", "wait"]) == " (did you mean 'notify'?)"
    assert did_you_mean_or_list("incident-lead", ["lead", "helper"]) == " (known: 'helper', 'lead')"
    many = [f"role-{i:02}" for i in range(20)]
    assert did_you_mean_or_list("zzz", many).endswith("'role-11' and 8 more)")
    assert did_you_mean_or_list("zzz", []) == ""
