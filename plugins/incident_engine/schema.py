"""A small JSON Schema validator for the subset our content schemas use.

The schemas under ``schemas/`` are the single description of each kind of
YAML file: editors use them through ``yaml-language-server`` and the build
validates against them here. Only the keywords listed in ``SUPPORTED`` are
understood; a test keeps the schema files inside that subset, so a schema
never silently means less than it says.

Standard library only: this module also runs in the browser under Pyodide.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

from .problems import Positions, ProblemList, did_you_mean

SUPPORTED = {
    "$schema", "$id", "$ref", "$defs", "title", "description", "markdownDescription",
    "type", "properties", "required", "additionalProperties", "items", "enum",
    "minLength", "minItems", "pattern", "minimum", "maximum", "default", "examples",
}

_TYPE_NAMES = {
    "object": "a mapping (key: value)",
    "array": "a list (- item)",
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
}


def load_schema(kind: str) -> dict:
    """Return the JSON Schema for one kind of content file."""
    text = resources.files(__package__).joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")
    return json.loads(text)


def schema_kinds() -> list[str]:
    """The kinds of content file that have a schema."""
    folder = resources.files(__package__).joinpath("schemas")
    return sorted(p.name[: -len(".schema.json")] for p in folder.iterdir() if p.name.endswith(".schema.json"))


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    if value is None:
        return "null"
    return type(value).__name__


def validate(data: Any, schema: dict, where: Positions, problems: ProblemList, raw: dict | None = None) -> Any:
    """Check ``data`` against ``schema``; add a problem for every mismatch.

    Returns the data with plain YAML scalars that were read as numbers or
    booleans turned back into their source text wherever the schema asks for
    text (``answer: no`` stays ``"no"``). ``raw`` maps key paths to that
    source text.
    """
    return _Validator(schema, where, problems, raw or {}).check(data, schema, ())


class _Validator:
    def __init__(self, root: dict, where: Positions, problems: ProblemList, raw: dict):
        self.root = root
        self.where = where
        self.problems = problems
        self.raw = raw

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            ref = schema["$ref"]
            if not ref.startswith("#/$defs/"):
                raise ValueError(f"unsupported $ref {ref!r}")
            schema = self.root["$defs"][ref[len("#/$defs/"):]]
        return schema

    def check(self, value: Any, schema: dict, path: tuple) -> Any:
        schema = self.resolve(schema)
        want = schema.get("type")
        got = _type_of(value)
        if want == "string" and got in ("integer", "boolean") and path in self.raw:
            value, got = self.raw[path], "string"
        if want and got != want:
            if value is None:
                self.problems.add(self.where, path, f"is empty; expected {_TYPE_NAMES.get(want, want)}")
            else:
                self.problems.add(
                    self.where, path, f"expected {_TYPE_NAMES.get(want, want)}, found {_TYPE_NAMES.get(got, got)}"
                )
            return value
        if "enum" in schema and value not in schema["enum"]:
            options = ", ".join(repr(v) for v in schema["enum"])
            hint = did_you_mean(str(value), [str(v) for v in schema["enum"]])
            self.problems.add(self.where, path, f"{value!r} is not one of {options}{hint}")
        if got == "string":
            self.check_string(value, schema, path)
        elif got == "integer":
            if "minimum" in schema and value < schema["minimum"]:
                self.problems.add(self.where, path, f"must be at least {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                self.problems.add(self.where, path, f"must be at most {schema['maximum']}")
        elif got == "array":
            if len(value) < schema.get("minItems", 0):
                n = schema["minItems"]
                self.problems.add(self.where, path, f"needs at least {n} item{'s' if n != 1 else ''}")
            if "items" in schema:
                value = [self.check(item, schema["items"], path + (i,)) for i, item in enumerate(value)]
        elif got == "object":
            value = self.check_object(value, schema, path)
        return value

    def check_string(self, value: str, schema: dict, path: tuple) -> None:
        if schema.get("minLength", 0) > 0 and not value.strip():
            self.problems.add(self.where, path, "is empty; write the text this needs")
        elif "pattern" in schema and not re.search(schema["pattern"], value):
            hint = schema.get("description", "")
            self.problems.add(self.where, path, f"{value!r} is not valid here" + (f": {hint}" if hint else ""))

    def check_object(self, value: dict, schema: dict, path: tuple) -> dict:
        props = schema.get("properties", {})
        out = {}
        meant = set()  # required keys an unknown key was probably meant to be
        for key, item in value.items():
            if key in props:
                out[key] = self.check(item, props[key], path + (key,))
            elif schema.get("additionalProperties", True) is False:
                hint = did_you_mean(key, props)
                if hint:
                    meant.add(hint.split("'")[1])
                allowed = ", ".join(props)
                self.problems.add(
                    self.where, path + (key,), f"unknown key '{key}'{hint or f'; allowed keys: {allowed}'}", key=True
                )
            elif isinstance(schema.get("additionalProperties"), dict):
                out[key] = self.check(item, schema["additionalProperties"], path + (key,))
            else:
                out[key] = item
        for key in schema.get("required", []):
            if key not in value and key not in meant:
                self.problems.add(self.where, path, f"missing required key '{key}'")
        return out
