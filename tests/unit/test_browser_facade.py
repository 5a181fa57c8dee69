"""The engine's JSON face to the browser: any input gets an answer, never an exception."""

from __future__ import annotations

import json

import pytest

from incident_engine.browser import handle
from incident_engine.decision import paths, tree_to_dict
from incident_handbook.loading import load_handbook
from tests.conftest import ROOT

HANDBOOK = load_handbook(ROOT / "checklists", ROOT)


def call(**request) -> dict:
    return json.loads(handle(json.dumps(request)))


@pytest.mark.parametrize("tree", HANDBOOK.trees.values(), ids=list(HANDBOOK.trees))
def test_walk_agrees_with_paths_for_every_path(tree):
    data = tree_to_dict(tree)
    for path in paths(tree):
        out = call(op="walk", tree=data, answers=path.answers, when="2026-11-27 03:00 UTC")
        assert out["ok"] and out["done"] and out["node"] == path.outcome.id
        assert "2026-11-27 03:00 UTC" in out["record"]


def test_walk_refuses_answers_that_do_not_fit():
    data = tree_to_dict(HANDBOOK.trees["notify-now"])
    out = call(op="walk", tree=data, answers=["yes", "maybe"])
    assert out == {"ok": False, "error": "answer 2 is not one of yes, no", "index": 1}


@pytest.mark.parametrize("raw", ["", "nope", "[]", "null", '{"op": "walk"}', '{"op": "walk", "tree": 3}',
                                 '{"op": "walk", "tree": {"id": "x"}}', '{"op": "dance", "tree": {}}',
                                 '{"op": "walk", "tree": {"id": "t", "title": "T", "start": "a", "nodes": []}}',
                                 "x" * 300_000])
def test_garbage_gets_an_error_answer(raw):
    out = json.loads(handle(raw))
    assert out["ok"] is False and out["error"]


def test_paths_op_lists_every_outcome():
    data = tree_to_dict(HANDBOOK.trees["comms-lead"])
    out = call(op="paths", tree=data)
    assert {p["outcome"] for p in out["paths"]} == {n.id for n in HANDBOOK.trees["comms-lead"].nodes.values()
                                                     if n.is_outcome}
