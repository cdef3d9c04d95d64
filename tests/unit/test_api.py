"""The package's public API: the data flow YAML → model → score, usable from Python without the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import generator

ROOT = Path(__file__).resolve().parents[2]


def test_every_public_name_resolves() -> None:
    for name in generator.__all__:
        assert getattr(generator, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = generator.no_such_thing  # type: ignore[attr-defined]


def test_load_and_score_an_example_through_the_api() -> None:
    questionnaires = generator.load_questionnaires(ROOT / "questionnaires")
    doc = generator.read_answers_file(ROOT / "examples/workshop/trust-readiness/ada-okafor.json", questionnaires)
    result = generator.score(questionnaires[doc.questionnaire], doc.answers).to_json()
    assert set(result) == {"questionnaire", "version", "dimensions", "overall", "computed", "recommendations"}
    assert json.loads(json.dumps(result)) == result
    assert 0 <= result["overall"]["score"] <= 100
