"""The engine's JSON face to the browser: trees set up once, walked by id; any input gets an answer."""

from __future__ import annotations

import json

import pytest

from incident_engine.browser import load_trees, new_session
from incident_engine.decision import paths, tree_to_dict
from tests.handbook_content import HANDBOOK, first_tree

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


# A tree of the content and one of its longest paths: two answers at least, for going back.
TREE, PATH = first_tree() or (None, None)
TID = TREE.id if TREE else "no-tree"
needs_two_answers = pytest.mark.skipif(PATH is None or len(PATH.answers) < 2,
                                       reason="the content has no tree with a path of two answers or more")


def node_after(answers: list) -> str:
    node = TREE.nodes[TREE.start]
    for given in answers:
        node = TREE.nodes[next(o.next for o in node.options if o.answer == given)]
    return node.id


@needs_two_answers
def test_back_and_restart_are_the_engines():
    first, second = PATH.answers[:2]
    out = call(op="back", tree=TID, answers=[first, second])
    assert out["ok"] and out["answers"] == [first] and out["node"] == node_after([first])
    assert call(op="back", tree=TID, answers=[])["answers"] == []
    out = call(op="restart", tree=TID, answers=[first])
    assert out["answers"] == [] and out["node"] == TREE.start and out["history"] == []


@needs_two_answers
def test_answers_that_do_not_fit_are_refused():
    first = PATH.answers[0]
    allowed = ", ".join(o.answer for o in TREE.nodes[node_after([first])].options)
    assert call(op="walk", tree=TID, answers=[first, "maybe"]) == {
        "ok": False, "error": f"answer 2 is not one of {allowed}", "index": 1}
    assert call(op="answer", tree=TID, answers=[first], answer="maybe")["index"] == 1
    assert call(op="back", tree=TID, answers=["maybe"])["ok"] is False
    assert call(op="walk", tree="no-such-tree", answers=[]) == {"ok": False, "error": "no tree 'no-such-tree'"}


@pytest.mark.parametrize("raw", ["", "nope", "[]", "null", '{"op": "walk"}', '{"op": "walk", "tree": 3}',
                                 '{"op": "walk", "tree": {"id": "x"}}', f'{{"op": "dance", "tree": "{TID}"}}',
                                 f'{{"op": "answer", "tree": "{TID}", "answer": 3}}',
                                 f'{{"op": "walk", "tree": "{TID}", "answers": "yes"}}',
                                 f'{{"op": "paths", "tree": "{TID}"}}', '{"op": "version"}',
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
