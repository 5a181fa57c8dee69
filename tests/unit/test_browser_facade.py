"""The engine's JSON face to the browser: trees set up once, walked by id; any input gets an answer."""

from __future__ import annotations

import json

import pytest

from incident_engine.browser import load_trees, new_session
from incident_engine.decision import paths, tree_to_dict
from incident_handbook.loading import load_handbook
from tests.conftest import ROOT

HANDBOOK = load_handbook(ROOT / "checklists", ROOT)
TREES_JSON = json.dumps([tree_to_dict(tree) for tree in HANDBOOK.trees.values()])
handle = new_session(TREES_JSON)


def call(**request) -> dict:
    return json.loads(handle(json.dumps(request)))


@pytest.mark.parametrize("tree", HANDBOOK.trees.values(), ids=list(HANDBOOK.trees))
def test_answering_step_by_step_reaches_every_outcome(tree):
    for path in paths(tree):
        out = call(op="start", tree=tree.id)
        assert out["ok"] and out["answers"] == [] and out["node"] == tree.start
        for given in path.answers:
            assert not out["done"]
            out = call(op="answer", tree=tree.id, answers=out["answers"], answer=given, when="2026-11-27 03:00 UTC")
            assert out["ok"], out
        assert out["done"] and out["node"] == path.outcome.id and out["answers"] == path.answers
        assert "2026-11-27 03:00 UTC" in out["record"]
        assert [a for _, a in out["history"]] == path.answers
        resumed = call(op="walk", tree=tree.id, answers=path.answers)
        assert resumed["node"] == path.outcome.id and "record" not in resumed


def test_back_and_restart_are_the_engines():
    out = call(op="back", tree="notify-now", answers=["yes", "no"])
    assert out["ok"] and out["answers"] == ["yes"] and out["node"] == "user-action"
    assert call(op="back", tree="notify-now", answers=[])["answers"] == []
    out = call(op="restart", tree="notify-now", answers=["yes"])
    assert out["answers"] == [] and out["node"] == "security" and out["history"] == []


def test_answers_that_do_not_fit_are_refused():
    assert call(op="walk", tree="notify-now", answers=["yes", "maybe"]) == {
        "ok": False, "error": "answer 2 is not one of yes, no", "index": 1}
    assert call(op="answer", tree="notify-now", answers=["yes"], answer="maybe")["index"] == 1
    assert call(op="back", tree="notify-now", answers=["maybe"])["ok"] is False
    assert call(op="walk", tree="no-such-tree", answers=[]) == {"ok": False, "error": "no tree 'no-such-tree'"}


@pytest.mark.parametrize("raw", ["", "nope", "[]", "null", '{"op": "walk"}', '{"op": "walk", "tree": 3}',
                                 '{"op": "walk", "tree": {"id": "x"}}', '{"op": "dance", "tree": "notify-now"}',
                                 '{"op": "answer", "tree": "notify-now", "answer": 3}',
                                 '{"op": "walk", "tree": "notify-now", "answers": "yes"}',
                                 '{"op": "paths", "tree": "notify-now"}', '{"op": "version"}',
                                 "x" * 300_000])
def test_garbage_gets_an_error_answer(raw):
    out = json.loads(handle(raw))
    assert out["ok"] is False and out["error"]


def test_a_tree_with_problems_is_refused_at_set_up():
    bad = {"id": "t", "title": "T", "start": "a", "nodes": [
        {"id": "a", "question": "A?", "options": [{"answer": "x", "label": "X", "next": "a"},
                                                   {"answer": "y", "label": "Y", "next": "a"}]}]}
    with pytest.raises(ValueError, match="tree 't': .*cycle"):
        load_trees(json.dumps([bad]))
