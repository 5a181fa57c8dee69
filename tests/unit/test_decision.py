"""The decision engine on plain trees: walking, checking, every path."""

from __future__ import annotations

import pytest

from incident_engine import decision
from incident_engine.decision import InvalidAnswers, tree_from_dict, tree_to_dict


def make_tree(nodes: list, start: str = "q1"):
    return tree_from_dict({"id": "t", "title": "T", "start": start, "nodes": nodes})


def q(nid, *opts, **kw):
    return {"id": nid, "question": f"{nid}?", "rests_on": "x",
            "options": [{"answer": a, "label": a.title(), "next": n} for a, n in opts], **kw}


def o(nid):
    return {"id": nid, "outcome": f"{nid}.", "next_steps": "Do it.", "role": "r", "rests_on": "x"}


GOOD = [q("q1", ("yes", "out-a"), ("no", "q2")), q("q2", ("yes", "out-b"), ("no", "out-c")),
        o("out-a"), o("out-b"), o("out-c")]


def test_walk_follows_answers_to_an_outcome():
    tree = make_tree(GOOD)
    step = decision.walk(tree, ["no", "yes"])
    assert step.done and step.node.id == "out-b"
    assert [(n.id, opt.answer) for n, opt in step.history] == [("q1", "no"), ("q2", "yes")]


def test_start_answer_back_restart():
    tree = make_tree(GOOD)
    assert decision.walk(tree, decision.restart()).node.id == "q1"
    answers = decision.answer(tree, [], "no")
    assert decision.walk(tree, answers).node.id == "q2"
    assert decision.back(answers) == []
    assert decision.restart() == []


@pytest.mark.parametrize("answers", [["maybe"], ["yes", "no"], [1], ["no"] * 100, "yes"])
def test_walk_refuses_answers_that_do_not_fit(answers):
    with pytest.raises(InvalidAnswers):
        decision.walk(make_tree(GOOD), answers)


def test_paths_lists_every_walk_once():
    tree = make_tree(GOOD)
    got = [(p.answers, p.outcome.id) for p in decision.paths(tree)]
    assert got == [(["yes"], "out-a"), (["no", "yes"], "out-b"), (["no", "no"], "out-c")]


def test_a_good_tree_has_no_problems():
    assert decision.check_tree(make_tree(GOOD)) == []


def messages(nodes, start="q1"):
    return [(p.node, p.message) for p in decision.check_tree(make_tree(nodes, start))]


def test_unknown_next_suggests_the_closest_node():
    got = messages([q("q1", ("yes", "out-aa"), ("no", "out-b")), o("out-a"), o("out-b")])
    assert ("q1", "unknown node 'out-aa' (did you mean 'out-a'?)") in got


def test_unknown_start():
    got = messages(GOOD, start="q0")
    assert got[0][0] is None and "unknown node 'q0'" in got[0][1]


def test_cycle_is_found():
    got = messages([q("q1", ("yes", "q2"), ("no", "out-a")), q("q2", ("yes", "q1"), ("no", "out-a")), o("out-a")])
    assert any("cycle" in m for _, m in got)


def test_unreachable_node_is_found():
    got = messages(GOOD + [o("lonely")])
    assert ("lonely", "node 'lonely' is unreachable: no option leads to it") in got


def test_question_needs_two_options_and_outcome_needs_who():
    got = messages([q("q1", ("yes", "out-a")), {"id": "out-a", "outcome": "A.", "rests_on": "x"}])
    assert ("q1", "a question needs at least 2 options (found 1)") in got
    assert any(n == "out-a" and "next_steps" in m for n, m in got)


def test_duplicate_answer_in_one_question():
    got = messages([q("q1", ("yes", "out-a"), ("yes", "out-b")), o("out-a"), o("out-b")])
    assert any("duplicate answer 'yes'" in m for _, m in got)


def test_tree_round_trips_through_json_data():
    tree = make_tree(GOOD)
    assert tree_to_dict(tree_from_dict(tree_to_dict(tree))) == tree_to_dict(tree)


def test_decision_record_lists_questions_answers_outcome_and_time():
    record = decision.decision_record(make_tree(GOOD), ["no", "no"], "2026-11-27 03:12 UTC")
    assert "2026-11-27 03:12 UTC" in record
    assert "q1? — **No**" in record and "q2? — **No**" in record
    assert "**Outcome:** out-c." in record


def test_deep_trees_are_checked_without_recursion_errors():
    n = 3000
    nodes = [q(f"q{i}", ("yes", f"q{i + 1}" if i + 1 < n else "end"), ("no", "end")) for i in range(n)] + [o("end")]
    assert decision.check_tree(make_tree(nodes, start="q0")) == []
