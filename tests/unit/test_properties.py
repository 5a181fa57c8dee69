"""Property-based tests: random trees and random requests never surprise the engine."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_engine import decision
from incident_engine.browser import new_session, respond
from incident_engine.decision import InvalidAnswers, tree_from_dict

IDS = [f"n{i}" for i in range(8)]
ANSWERS = ["yes", "no", "maybe"]


@st.composite
def trees(draw):
    """Trees as a maintainer might write them, mistakes included: dangling, looping, thin."""
    count = draw(st.integers(min_value=1, max_value=len(IDS)))
    nodes = []
    for nid in IDS[:count]:
        if draw(st.booleans()):
            nodes.append({"id": nid, "outcome": f"{nid} done.", "next_steps": "Go.", "role": "r", "rests_on": "x"})
        else:
            options = draw(st.lists(st.tuples(st.sampled_from(ANSWERS), st.sampled_from(IDS + ["nowhere"])),
                                    max_size=3))
            nodes.append({"id": nid, "question": f"{nid}?", "rests_on": "x",
                          "options": [{"answer": a, "label": a, "next": n} for a, n in options]})
    start = draw(st.sampled_from(IDS[:count] + ["nowhere"]))
    return tree_from_dict({"id": "t", "title": "T", "start": start, "nodes": nodes})


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_a_tree_is_refused_with_a_message_or_every_walk_ends_at_an_outcome(tree):
    problems = decision.check_tree(tree)
    if problems:
        assert all(isinstance(p.message, str) and p.message for p in problems)
        return
    all_paths = decision.paths(tree)
    assert all_paths
    for path in all_paths:
        assert len(path.answers) < len(tree.nodes)  # bounded: no node twice on a walk
        step = decision.walk(tree, path.answers)
        assert step.done and step.node is path.outcome


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_the_facade_sets_up_a_tree_or_refuses_it_for_any_tree(tree):
    data = json.dumps([decision.tree_to_dict(tree)])
    if decision.check_tree(tree):
        try:
            new_session(data)
        except ValueError as exc:
            assert str(exc)
        else:
            raise AssertionError("a tree with problems must be refused")
        return
    handle = new_session(data)
    for path in decision.paths(tree):
        out = json.loads(handle(json.dumps({"op": "walk", "tree": "t", "answers": path.answers})))
        assert out["ok"] and out["done"] and out["node"] == path.outcome.id


@settings(max_examples=300)
@given(trees(), st.lists(st.one_of(st.sampled_from(ANSWERS), st.text(max_size=5), st.integers()), max_size=12))
def test_random_answers_walk_or_are_refused_never_crash(tree, answers):
    if decision.check_tree(tree):
        return
    try:
        step = decision.walk(tree, answers)
    except InvalidAnswers as exc:
        assert str(exc)
    else:
        assert len(step.history) == len(answers)


FACADE_TREES = {"t": tree_from_dict({"id": "t", "title": "T", "start": "a", "nodes": [
    {"id": "a", "question": "A?", "options": [{"answer": "yes", "label": "Yes", "next": "b"},
                                               {"answer": "no", "label": "No", "next": "c"}]},
    {"id": "b", "outcome": "B.", "next_steps": "Go.", "role": "r"},
    {"id": "c", "outcome": "C.", "next_steps": "Go.", "role": "r"}]})}
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children,
                                                                                       max_size=4),
                    max_leaves=20)


@settings(max_examples=400)
@given(st.one_of(JSON, st.fixed_dictionaries({"op": st.sampled_from(["start", "walk", "answer", "back", "x"]),
                                              "tree": st.one_of(st.just("t"), JSON), "answers": JSON,
                                              "answer": JSON, "when": JSON})))
def test_the_browser_facade_answers_any_request(request):
    out = json.loads(respond(FACADE_TREES, json.dumps(request)))
    assert isinstance(out, dict) and isinstance(out.get("ok"), bool)
    if not out["ok"]:
        assert isinstance(out["error"], str) and out["error"]


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_the_browser_facade_answers_any_string(raw):
    out = json.loads(respond(FACADE_TREES, raw))
    assert out["ok"] in (True, False)
