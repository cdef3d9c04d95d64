"""The answer check against the shared vectors in tests/vectors/answers.json (tests/js/answers.test.mjs runs the
browser's `fits` on the same file): an answer the browser keeps is one Python accepts, and the other way round."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.answers.validate import check_answer
from generator.limits import CLIENT_LIMITS
from generator.questionnaire.model import Questionnaire
from generator.site import compile_questionnaire, markdown_renderer
from generator.values import bad_text, is_answered

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "vectors" / "answers.json").read_text(encoding="utf-8"))
QUESTIONNAIRE = Questionnaire.model_validate(VECTORS["questionnaire"])
CASES = VECTORS["cases"]


def value_of(case: dict[str, Any]) -> Any:
    if "repeat" in case:
        text, times = case["repeat"]
        return text * times
    return case["value"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_answer_vector(case: dict[str, Any]) -> None:
    question = next(q for q in QUESTIONNAIRE.questions if q.id == case["question"])
    value = value_of(case)
    accepted = is_answered(value) and check_answer(QUESTIONNAIRE, question, value) is None
    assert accepted is case["fits"]


def test_the_vectors_cover_every_type_both_ways_and_use_pythons_caps() -> None:
    assert VECTORS["limits"] == {key: CLIENT_LIMITS[key] for key in VECTORS["limits"]}
    types = {q.id: q.type for q in QUESTIONNAIRE.questions}
    for qtype in ("likert", "choice", "multi", "number", "text"):
        outcomes = {c["fits"] for c in CASES if types[c["question"]] == qtype}
        assert outcomes == {True, False}, qtype


def test_the_browser_reads_the_same_fields_from_the_page() -> None:
    """node gets the vector file's questionnaire; the page gets the compiled one. What fits reads must agree."""
    compiled = compile_questionnaire(QUESTIONNAIRE, page_url="quizzes/answers/", render=markdown_renderer())
    page = compiled["questionnaire"]
    assert compiled["limits"]["text"] == VECTORS["limits"]["text"]
    assert page["scale"]["min"] == 1 and page["scale"]["max"] == 5
    fields = ("id", "type", "min", "max", "decimals")
    for on_page, in_file in zip(page["questions"], VECTORS["questionnaire"]["questions"], strict=True):
        assert {k: on_page.get(k) for k in fields} == {k: in_file.get(k) for k in fields}
        assert [o["id"] for o in on_page["options"]] == [o["id"] for o in in_file.get("options", [])]
        assert (on_page["scale"] or {}).get("max") == (in_file.get("scale") or {}).get("max")


@pytest.mark.parametrize("case", VECTORS["texts"], ids=[c["name"] for c in VECTORS["texts"]])
def test_typed_text_vector(case: dict[str, Any]) -> None:
    """What Python refuses in a name or a free-text answer, in the words the quiz form shows under the field."""
    assert bad_text(case["text"], allow_breaks=case["breaks"]) == case["reason"]
