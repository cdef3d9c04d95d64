"""The models: immutable, strict, defaults resolved, and a JSON Schema that editors can use on the real files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from generator.questionnaire.load import load_questionnaire
from generator.questionnaire.model import SCHEMA_URI, DimensionResult, Questionnaire, Result, json_schema, schema_text

ROOT = Path(__file__).resolve().parents[2]
MINI_PATH = ROOT / "tests" / "fixtures" / "questionnaires" / "mini.yaml"
MINI = load_questionnaire(MINI_PATH)
REAL = sorted((ROOT / "questionnaires").glob("*.yaml"))


class TestModels:
    """Frozen, strict models with helpers the site and reports rely on."""

    def test_frozen(self) -> None:
        with pytest.raises(ValidationError):
            MINI.questions[0].text = "changed"  # type: ignore[misc]
        assert isinstance(MINI.questions, tuple)

    def test_required_default_depends_on_the_type(self) -> None:
        data = {"id": "x", "title": "X", "version": 1, "questions": [
            {"id": "a", "type": t, "text": t} for t in ("likert", "choice", "multi", "number", "text")
        ]}  # fmt: skip
        data["questions"][1]["options"] = data["questions"][2]["options"] = [{"id": "o", "label": "O"}]
        q = Questionnaire.model_validate(
            {**data, "questions": [dict(x, id=f"q{i}") for i, x in enumerate(data["questions"])]}
        )
        assert [x.required for x in q.questions] == [True, True, True, False, False]

    def test_numbers_are_strict(self) -> None:
        with pytest.raises(ValidationError):
            Questionnaire.model_validate({"id": "x", "title": "X", "version": "1", "questions": []})

    def test_helpers(self) -> None:
        assert MINI.question("p2").reverse is True
        assert MINI.dimension("talk").title == "Talking"
        with pytest.raises(KeyError):
            MINI.question("nope")
        assert [q.id for q in MINI.dimension_items("plan")] == ["p1", "p2", "p3"]
        assert [b.id for b in MINI.bands_for("talk")] == ["quiet", "open"]
        assert [b.id for b in MINI.bands_for("plan")] == ["low", "mid", "high"]
        assert [b.id for b in MINI.bands_for("overall")] == ["low", "mid", "high"]
        assert (MINI.scale_for(MINI.question("t1")).min, MINI.scale_for(MINI.question("t1")).max) == (0, 10)
        assert MINI.scale_for(MINI.question("p1")).labels[0] == "No"
        assert MINI.zone is not None and MINI.zone.my_limit == "my_limit"

    def test_client_json_has_the_yaml_keys_with_defaults_and_round_trips(self) -> None:
        client = MINI.to_client_json()
        json.dumps(client)  # plain JSON
        assert client["questions"][1]["required"] is True and client["questions"][1]["weight"] == 1
        raw = yaml.safe_load(MINI_PATH.read_text(encoding="utf-8"))
        assert set(raw) <= set(client)
        assert Questionnaire.model_validate(client) == MINI

    def test_result_json_shape(self) -> None:
        result = Result(
            questionnaire="q", version=1, dimensions={"d": DimensionResult(score=62.5, band="developing")},
            overall=DimensionResult(score=None, band=None), computed={"w": 1000}, recommendations=("walk-away",),
            warnings=("x",), active=frozenset({"a"}), item_scores={"a": 1.0},
        )  # fmt: skip
        assert result.to_json() == {
            "questionnaire": "q",
            "version": 1,
            "dimensions": {"d": {"score": 62.5, "band": "developing"}},
            "overall": {"score": None, "band": None},
            "computed": {"w": 1000},
            "recommendations": ["walk-away"],
        }


def _check(schema: dict[str, Any], value: Any, root: dict[str, Any], where: str = "") -> list[str]:
    """A small JSON Schema checker for the keywords pydantic emits (no jsonschema package here)."""
    if "$ref" in schema:
        return _check(root["$defs"][schema["$ref"].rsplit("/", 1)[1]], value, root, where)
    if "anyOf" in schema:
        options = [_check(s, value, root, where) for s in schema["anyOf"]]
        return [] if any(not o for o in options) else min(options, key=len)
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    kind = schema.get("type")
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    else:
        ok = kind is None or isinstance(value, kinds[kind])
    if not ok:
        return [f"{where}: {value!r} is not {kind}"]
    errors: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in enum")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{where}: pattern")
    if ("minimum" in schema and value < schema["minimum"]) or ("maximum" in schema and value > schema["maximum"]):
        errors.append(f"{where}: out of range")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        errors += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        for key, item in value.items():
            if key in props:
                errors += _check(props[key], item, root, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where}: unknown {key}")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += _check(schema["additionalProperties"], item, root, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += _check(schema["items"], item, root, f"{where}[{i}]")
    return errors


class TestSchema:
    """The schema file editors read is current, and it accepts the real questionnaires."""

    def test_schema_file_is_in_sync(self) -> None:
        assert (ROOT / "questionnaires" / "schema.json").read_text(encoding="utf-8") == schema_text()

    def test_schema_is_draft_2020_12_with_a_title(self) -> None:
        schema = json_schema()
        assert schema["$schema"] == SCHEMA_URI
        assert schema["title"]
        assert schema["additionalProperties"] is False

    # The real files only: mini.yaml writes `reverse: yes` on purpose, which the loader accepts (YAML 1.1) but the
    # schema, read by YAML 1.2 editors, marks so authors write true/false.
    @pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
    def test_schema_accepts_the_questionnaires(self, path: Path) -> None:
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)
        assert _check(json_schema(), data, json_schema()) == []

    def test_schema_rejects_an_unknown_key(self) -> None:
        data = {
            "id": "x",
            "title": "X",
            "version": 1,
            "questions": [{"id": "a", "type": "text", "text": "t", "colour": 1}],
        }
        assert _check(json_schema(), data, json_schema()) == [".questions[0]: unknown colour"]


class _Yaml12Loader(yaml.SafeLoader):
    """Reads only true/false as booleans, like editors using YAML 1.2."""


_Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in value if tag != "tag:yaml.org,2002:bool"]
    for key, value in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
