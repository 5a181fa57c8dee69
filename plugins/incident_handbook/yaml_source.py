"""Read YAML content files into plain data, remembering where each value came from.

Deliberately stricter than ``yaml.safe_load``:

* every value keeps its ``line:col`` (see ``Positions``), so a content
  mistake is reported where the maintainer typed it;
* duplicate keys are problems, not a silent "last one wins";
* aliases (``*name``) are refused, which also defuses "billion laughs" files;
* YAML 1.1 surprises are off: only ``true``/``false`` are booleans, only
  plain decimal digits are numbers, and ``no``, ``on``, ``yes`` or
  ``2026-11-27`` stay text. Where a schema asks for text, a plain ``true``
  or ``3`` is handed back as the text that was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from incident_engine.problems import Positions, ProblemList

MAX_BYTES = 1_000_000
_INT = re.compile(r"[-+]?[0-9]+\Z")
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
}


class _AliasRefused(yaml.MarkedYAMLError):
    pass


class _Loader(yaml.SafeLoader):
    """Composes nodes only; aliases are refused at the event level."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _AliasRefused(
                None, None,
                f"aliases (*{event.anchor}) are not allowed in handbook content; write the text out in full",
                event.start_mark,
            )
        return Composer.compose_node(self, parent, index)


@dataclass
class SourceFile:
    """One YAML file read into plain data, with the positions of its values."""

    path: str
    data: Any
    where: Positions
    raw: dict


def read(path: Path, display: str, problems: ProblemList) -> SourceFile | None:
    """Read one YAML file. Problems go into ``problems``; returns None if unreadable."""
    where = Positions(display)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            problems.add_at(display, 1, 1, "", f"file is {size} bytes; content files are limited to {MAX_BYTES}")
            return None
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        problems.add_at(display, 1, 1, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(x for x in (exc.context, exc.problem) if x) or str(exc)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "expected <block end>" in message or "mapping values are not allowed" in message:
            message += " (check the indentation of this line and the one above)"
        problems.add_at(display, line, col, "", f"YAML syntax error: {message}")
        return None
    except yaml.YAMLError as exc:
        problems.add_at(display, 1, 1, "", f"YAML error: {exc}")
        return None
    raw: dict = {}
    data = _build(node, (), where, raw, problems) if node is not None else None
    return SourceFile(display, data, where, raw)


def _pos(node) -> tuple:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _build(node, path: tuple, where: Positions, raw: dict, problems: ProblemList) -> Any:
    where.values[path] = _pos(node)
    if node.tag.startswith("tag:yaml.org,2002:") and node.tag not in _STANDARD_TAGS or node.tag.startswith("!"):
        problems.add(where, path, f"the tag {node.tag} is not allowed in handbook content; remove it")
        return None
    if isinstance(node, ScalarNode):
        return _scalar(node, path, raw)
    if isinstance(node, SequenceNode):
        return [_build(child, path + (i,), where, raw, problems) for i, child in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                where.values[path + ("?",)] = _pos(key_node)
                problems.add(where, path + ("?",), "a key must be plain text")
                continue
            key = key_node.value
            if key == "<<":
                where.values[path + (key,)] = _pos(key_node)
                problems.add(where, path + (key,), "merge keys (<<) are not allowed in handbook content")
                continue
            if key in out:
                first = where.keys[path + (key,)]
                where.values[path + (key, "#dup")] = _pos(key_node)
                problems.add(
                    where, path + (key, "#dup"),
                    f"duplicate key '{key}' (first given at line {first[0]}); keep one",
                )
                continue
            where.keys[path + (key,)] = _pos(key_node)
            out[key] = _build(value_node, path + (key,), where, raw, problems)
        return out
    return None  # pragma: no cover - PyYAML has no other node kinds


def _scalar(node: ScalarNode, path: tuple, raw: dict) -> Any:
    text = node.value
    if node.style is not None or node.tag == "tag:yaml.org,2002:str":
        return text
    lowered = text.lower()
    if lowered in ("true", "false"):
        raw[path] = text
        return lowered == "true"
    if lowered in ("", "~", "null"):
        return None
    if _INT.match(text):
        raw[path] = text
        return int(text)
    return text
