"""The content schemas: valid JSON Schema, within the subset our validator knows."""

import json

import jsonschema
import pytest

from incident_engine.problems import Positions, ProblemList
from incident_engine.schema import SUPPORTED, load_schema, schema_kinds, validate

KINDS = schema_kinds()


def test_every_kind_has_a_schema():
    assert KINDS == ["appointment", "channels", "guidelines", "handbook", "page", "role", "tree"]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_json_schema(kind):
    jsonschema.Draft202012Validator.check_schema(load_schema(kind))


@pytest.mark.parametrize("kind", KINDS)
def test_schema_uses_only_keywords_the_validator_understands(kind):
    def walk(node, in_properties=False):
        if isinstance(node, dict):
            for key, value in node.items():
                if not in_properties:
                    assert key in SUPPORTED, f"{kind}: keyword {key!r} is not understood by incident_engine.schema"
                walk(value, in_properties=(key in ("properties", "$defs")) and not in_properties)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(load_schema(kind))


@pytest.mark.parametrize("kind", KINDS)
def test_our_validator_agrees_with_jsonschema_on_the_real_content(kind, tmp_path):
    from pathlib import Path

    from incident_handbook import yaml_source
    root = Path(__file__).resolve().parents[2] / "checklists"
    for path in sorted(root.rglob("*.yml")):
        problems = ProblemList()
        source = yaml_source.read(path, path.name, problems)
        if source.data.get("kind") != kind:
            continue
        data = validate(source.data, load_schema(kind), source.where, problems, source.raw)
        assert not problems, problems.report()
        jsonschema.validate(json.loads(json.dumps(data)), load_schema(kind))


def test_plain_yes_no_stay_text_where_text_is_meant():
    schema = {"type": "object", "properties": {"answer": {"type": "string"}}}
    problems = ProblemList()
    out = validate({"answer": True}, schema, Positions("f.yml"), problems, {("answer",): "yes"})
    assert out == {"answer": "yes"} and not problems
