"""The engine's face to the browser: JSON string in, JSON string out.

The wizard's worker calls ``handle`` with a request such as::

    {"op": "walk", "tree": {...tree_to_dict...}, "answers": ["yes", "no"], "when": "2026-11-27 03:12"}

and gets back where those answers lead, or why they don't fit the tree.
Strings only cross the boundary, so no Python object outlives a call. Any
input, however malformed, gets an ``{"ok": false, "error": ...}`` answer,
never an exception.
"""

from __future__ import annotations

import json

from . import __version__
from .decision import InvalidAnswers, check_tree, decision_record, paths, tree_from_dict, walk

MAX_REQUEST = 200_000  # characters; a tree is a few kilobytes


def _error(message: str, **extra) -> str:
    return json.dumps({"ok": False, "error": message, **extra})


def handle(request_json: str) -> str:
    """Answer one request from the browser; always returns a JSON string."""
    if not isinstance(request_json, str) or len(request_json) > MAX_REQUEST:
        return _error("the request is not a short JSON string")
    try:
        request = json.loads(request_json)
    except ValueError:
        return _error("the request is not valid JSON")
    if not isinstance(request, dict):
        return _error("the request must be a JSON object")
    op = request.get("op")
    if op == "version":
        return json.dumps({"ok": True, "version": __version__})
    try:
        tree = tree_from_dict(request["tree"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return _error("the request carries no readable tree")
    if op == "walk":
        answers = request.get("answers", [])
        if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
            return _error("the answers must be a list of answer ids")
        try:
            step = walk(tree, answers)
        except InvalidAnswers as exc:
            return _error(str(exc), index=exc.index)
        except KeyError as exc:  # a tree whose options lead nowhere
            return _error(f"the tree has no node {exc}")
        out = {"ok": True, "node": step.node.id, "done": step.done, "answers": answers,
               "history": [[node.id, option.answer] for node, option in step.history]}
        when = request.get("when")
        if isinstance(when, str) and when:
            out["record"] = decision_record(tree, answers, when[:64])
        return json.dumps(out)
    if op == "paths":
        problems = check_tree(tree)
        if problems:  # a cycle would make the list of paths endless
            return _error(f"the tree has problems: {problems[0].message}")
        try:
            return json.dumps({"ok": True, "paths": [{"answers": p.answers, "outcome": p.outcome.id}
                                                     for p in paths(tree)]})
        except (InvalidAnswers, KeyError) as exc:
            return _error(f"the tree cannot be walked: {exc}")
    return _error(f"unknown op {op!r}; use walk, paths or version")
