"""The Python scorer against the shared vectors in tests/vectors/scoring.json.

node --test runs the same file through the browser scorer (tests/js/scoring.test.mjs), so the two languages are
held to one set of hand-checked expectations. The expected values were computed from the rules' arithmetic
alone (tests/vectors/make_scoring.py), not by either scorer.
"""

from __future__ import annotations

import json
import math
import re
import runpy
from pathlib import Path
from typing import Any

import pytest

from generator.questionnaire.load import validate_paths
from generator.questionnaire.model import Questionnaire
from generator.scoring import score

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "scoring.json"
CASES: list[dict[str, Any]] = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]


def assert_close(actual: Any, expected: Any, path: str = "result") -> None:
    """Numbers within 1e-9 (booleans are not numbers), everything else exactly equal."""
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        assert actual is expected or (isinstance(expected, str) and actual == expected), (
            f"{path}: {actual!r} != {expected!r}"
        )
        assert type(actual) is type(expected), f"{path}: {actual!r} is not a {type(expected).__name__}"
    elif isinstance(expected, int | float):
        assert isinstance(actual, int | float) and not isinstance(actual, bool), f"{path}: {actual!r} is no number"
        assert math.isclose(actual, expected, rel_tol=0, abs_tol=1e-9), f"{path}: {actual!r} != {expected!r}"
    elif isinstance(expected, list):
        assert isinstance(actual, list | tuple), f"{path}: {actual!r} is not a list"
        assert len(actual) == len(expected), f"{path}: {actual!r} != {expected!r}"
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_close(a, e, f"{path}[{i}]")
    else:
        assert isinstance(actual, dict), f"{path}: {actual!r} is not an object"
        assert sorted(actual) == sorted(expected), f"{path}: keys {sorted(actual)} != {sorted(expected)}"
        for key, value in expected.items():
            assert_close(actual[key], value, f"{path}.{key}")


def test_the_vectors_are_many_and_named_uniquely() -> None:
    assert len(CASES) >= 40
    assert len({c["name"] for c in CASES}) == len(CASES)
    assert all(c["note"] for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_vector(case: dict[str, Any]) -> None:
    questionnaire = Questionnaire.model_validate(case["questionnaire"])
    result = score(questionnaire, case["answers"])
    assert_close(result.to_json(), case["expected"])
    # Warnings name exactly the missing required questions, and there are none when nothing is missing.
    text = " ".join(result.warnings)
    for question in questionnaire.questions:
        named = re.search(rf"\b{re.escape(question.id)}\b", text) is not None
        assert named == (question.id in case["expected_missing"]), f"warning about {question.id}: {text!r}"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_scores_are_bit_identical(case: dict[str, Any]) -> None:
    """Scores are the very doubles the rules' operation order gives (the browser reaches the same ones).

    Several vectors differ from another summation or operation order only in the last bit, which the 1e-9
    comparison above cannot see: e.g. likert-operation-order-1-7 and multi-sum-in-answer-order.
    """
    result = score(Questionnaire.model_validate(case["questionnaire"]), case["answers"]).to_json()
    for did, expected in case["expected"]["dimensions"].items():
        assert result["dimensions"][did]["score"] == expected["score"]
    assert result["overall"]["score"] == case["expected"]["overall"]["score"]


def test_the_client_json_scores_the_same() -> None:
    """What the browser receives (to_client_json) loads back into the same questionnaire."""
    for case in CASES:
        questionnaire = Questionnaire.model_validate(case["questionnaire"])
        again = Questionnaire.model_validate(questionnaire.to_client_json())
        assert score(again, case["answers"]).to_json() == score(questionnaire, case["answers"]).to_json()


def test_every_vector_questionnaire_passes_the_validator(tmp_path: Path) -> None:
    """The vectors are questionnaires an author could write: `dealcraft validate` finds no error in them."""
    for case in CASES:
        path = tmp_path / f"{case['name']}.yaml"
        path.write_text(json.dumps(case["questionnaire"]), encoding="utf-8")  # JSON is YAML
        errors = [str(p) for p in validate_paths([path], ROOT / "content") if p.is_error]
        assert errors == [], case["name"]


def test_the_json_is_what_make_scoring_writes() -> None:
    """scoring.json is generated; editing it by hand would let the notes and the arithmetic drift apart."""
    generated = runpy.run_path(str(ROOT / "tests" / "vectors" / "make_scoring.py"))["CASES"]
    assert json.loads(json.dumps(generated)) == CASES, "run: python tests/vectors/make_scoring.py"
