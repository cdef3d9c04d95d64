"""The scorer: issue 3's worked examples, the shared vectors, and properties that must hold for any questionnaire."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.questionnaire.load import load_questionnaire
from generator.questionnaire.model import Band, Questionnaire
from generator.scoring import band_for, item_score, score

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests" / "vectors" / "scoring.json").read_text(encoding="utf-8"))["cases"]
MINI = load_questionnaire(ROOT / "tests" / "fixtures" / "questionnaires" / "mini.yaml")

BANDS = [{"id": "early", "min": 0, "label": "Early"}, {"id": "developing", "min": 40, "label": "Developing"},
         {"id": "ready", "min": 70, "label": "Ready"}]  # fmt: skip


def build(questions: list[dict[str, Any]], **extra: Any) -> Questionnaire:
    """A questionnaire with one dimension `d` (unless given) and the issue's three bands."""
    data: dict[str, Any] = {
        "id": "t",
        "title": "T",
        "version": 1,
        "bands": BANDS,
        "dimensions": [{"id": "d", "title": "D"}],
        "questions": questions,
    }
    data.update(extra)
    return Questionnaire.model_validate(data)


def likert(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": "likert", "text": qid, "dimension": "d", **extra}


class TestIssueExamples:
    """The rules of issue 3, checked on small hand-worked cases."""

    def test_framing_62_5_with_a_reversed_item(self) -> None:
        # q1 reversed, answer 2 -> v' = 4 -> (4-1)/4*100 = 75; q2 = 3 -> 50; mean 62.5 -> developing
        q = build([likert("q1", reverse=True), likert("q2")])
        result = score(q, {"q1": 2, "q2": 3})
        assert result.to_json() == {
            "questionnaire": "t",
            "version": 1,
            "dimensions": {"d": {"score": 62.5, "band": "developing"}},
            "overall": {"score": 62.5, "band": "developing"},
            "computed": {},
            "recommendations": [],
        }

    def test_weights_choice_and_multi(self) -> None:
        # likert 5 -> 100 (w 1); choice b -> 40 (w 3); multi [x, y] -> (100 + 0) / 2 = 50 (w 1)
        # d = (100 + 3*40 + 50) / 5 = 270 / 5 = 54
        options = [{"id": "a", "label": "A", "score": 100}, {"id": "b", "label": "B", "score": 40}]
        multi = [{"id": "x", "label": "X", "score": 100}, {"id": "y", "label": "Y", "score": 0}]
        q = build(
            [
                likert("l"),
                {"id": "c", "type": "choice", "text": "c", "dimension": "d", "weight": 3, "options": options},
                {"id": "m", "type": "multi", "text": "m", "dimension": "d", "options": multi},
            ]
        )
        result = score(q, {"l": 5, "c": "b", "m": ["x", "y"]})
        assert result.dimensions["d"].score == 54
        assert result.item_scores == {"l": 100, "c": 40, "m": 50}

    def test_overall_is_the_weighted_mean_of_answered_dimensions(self) -> None:
        q = Questionnaire.model_validate(
            {
                "id": "t", "title": "T", "version": 1, "bands": BANDS,
                "dimensions": [{"id": "a", "title": "A", "weight": 2}, {"id": "b", "title": "B"},
                               {"id": "c", "title": "C"}],
                "questions": [{"id": "qa", "type": "likert", "text": "a", "dimension": "a"},
                              {"id": "qb", "type": "likert", "text": "b", "dimension": "b"},
                              {"id": "qc", "type": "likert", "text": "c", "dimension": "c"}],
            }
        )  # fmt: skip
        result = score(q, {"qa": 5, "qb": 1})
        # a = 100 (w 2), b = 0 (w 1), c unanswered -> (200 + 0) / 3
        assert result.overall.score == pytest.approx(200 / 3)
        assert result.overall.band == "developing"
        assert result.dimensions["c"].score is None and result.dimensions["c"].band is None

    def test_nothing_answered_gives_nulls_and_names_the_missing_questions(self) -> None:
        q = build([likert("q1"), likert("q2", required=False)])
        result = score(q, {})
        assert result.to_json()["overall"] == {"score": None, "band": None}
        assert result.warnings == ("missing required answers: q1",)

    def test_inactive_required_questions_are_not_missing(self) -> None:
        gate = {
            "id": "g",
            "type": "choice",
            "text": "g",
            "options": [{"id": "y", "label": "Y"}, {"id": "n", "label": "N"}],
        }
        q = build([gate, likert("q1", show_if="g == 'y'")])
        result = score(q, {"g": "n", "q1": 5})
        assert result.warnings == ()
        assert result.dimensions["d"].score is None
        assert result.active == frozenset({"g"})

    def test_computed_and_recommendations_with_scores_and_bands(self) -> None:
        q = build(
            [likert("q1"), {"id": "hi", "type": "number", "text": "hi"}, {"id": "lo", "type": "number", "text": "lo"}],
            computed=[{"id": "width", "expr": "hi - lo"}, {"id": "none", "expr": "width < 0"}],
            recommendations=[
                {"id": "walk-away", "when": "none", "text": "Walk away."},
                {"id": "strong", "when": "band.d == 'ready' and score.overall >= 75", "text": "Good."},
                {"id": "never", "when": "score.d < 0", "text": "No."},
            ],
        )
        result = score(q, {"q1": 5, "hi": 8000, "lo": 9000})
        assert result.computed == {"width": -1000, "none": True}
        assert result.recommendations == ("walk-away", "strong")

    def test_unanswered_number_makes_arithmetic_null(self) -> None:
        q = build(
            [likert("q1"), {"id": "hi", "type": "number", "text": "hi"}], computed=[{"id": "w", "expr": "hi * 2"}]
        )
        assert score(q, {"q1": 3}).computed == {"w": None}

    def test_dimension_bands_override_the_questionnaire_bands(self) -> None:
        result = score(MINI, {"role": "seller", "t1": 5, "t2": ["reasons", "deadline"], "t3": 1})
        # t1 on 0..10: 50; t2 mean (100 + 50) / 2 = 75; t3: 0 -> (50 + 75 + 0) / 3 = 41.67 -> "quiet" (below 50)
        assert result.dimensions["talk"].score == pytest.approx(125 / 3)
        assert result.dimensions["talk"].band == "quiet"

    def test_scoring_is_pure(self) -> None:
        answers = {"role": "buyer", "p1": 4, "t2": ["reasons"]}
        before = json.dumps(answers)
        first = score(MINI, answers)
        assert json.dumps(answers) == before
        assert score(MINI, answers) == first


@pytest.mark.parametrize("case", VECTORS, ids=[c["name"] for c in VECTORS])
def test_shared_vectors(case: dict[str, Any]) -> None:
    """The same file the browser scorer is tested on: identical output, and the same missing-answer warning."""
    q = Questionnaire.model_validate(case["questionnaire"])
    result = score(q, case["answers"])
    assert result.to_json() == case["expected"]
    missing = case.get("expected_missing") or []
    assert result.warnings == ((f"missing required answers: {', '.join(missing)}",) if missing else ())


# ---------------------------------------------------------------- properties


@st.composite
def questionnaire_and_answers(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, Any]]:
    """A random valid questionnaire (1-3 dimensions, 1-8 scored items) and random valid, partial answers."""
    n_dims = draw(st.integers(1, 3))
    mins = sorted(draw(st.sets(st.integers(1, 100), max_size=3)))
    bands = [{"id": f"b{i}", "min": m, "label": f"B{i}"} for i, m in enumerate([0, *mins])]
    low = draw(st.integers(-3, 3))
    scale = {"min": low, "max": low + draw(st.integers(1, 7))}  # within the format's cap: ends in -10..10
    questions: list[dict[str, Any]] = []
    answers: dict[str, Any] = {}
    for i in range(draw(st.integers(1, 8))):
        qid = f"q{i}"
        kind = draw(st.sampled_from(["likert", "choice", "multi"]))
        question: dict[str, Any] = {
            "id": qid,
            "type": kind,
            "text": qid,
            "dimension": f"d{draw(st.integers(0, n_dims - 1))}",
            "weight": draw(st.floats(0.1, 5)),
        }
        if kind == "likert":
            question["reverse"] = draw(st.booleans())
            value: Any = draw(st.integers(scale["min"], scale["max"]))
        else:
            count = draw(st.integers(2, 4))
            question["options"] = [
                {"id": f"o{k}", "label": f"O{k}", "score": draw(st.floats(0, 100))} for k in range(count)
            ]
            ids = [f"o{k}" for k in range(count)]
            value = (
                draw(st.sampled_from(ids)) if kind == "choice" else draw(st.lists(st.sampled_from(ids), unique=True))
            )
        questions.append(question)
        if draw(st.booleans()):
            answers[qid] = value
    q = Questionnaire.model_validate(
        {
            "id": "p",
            "title": "P",
            "version": 1,
            "scale": scale,
            "bands": bands,
            "dimensions": [{"id": f"d{k}", "title": f"D{k}", "weight": draw(st.floats(0.1, 5))} for k in range(n_dims)],
            "questions": questions,
        }
    )
    return q, answers


def _in_range(value: float | None) -> bool:
    return value is None or (0 <= value <= 100 + 1e-9 and not math.isnan(value))


class TestProperties:
    """Properties from issue 3 that hold for any questionnaire and answers."""

    @given(questionnaire_and_answers())
    @settings(max_examples=100, deadline=None)
    def test_scores_are_in_0_100_or_null(self, qa: tuple[Questionnaire, dict[str, Any]]) -> None:
        q, answers = qa
        result = score(q, answers)
        assert all(_in_range(d.score) for d in result.dimensions.values())
        assert _in_range(result.overall.score)
        assert all(_in_range(s) for s in result.item_scores.values())
        assert (result.overall.score is None) == all(d.score is None for d in result.dimensions.values())

    @given(st.data())
    @settings(max_examples=100, deadline=None)
    def test_answers_to_inactive_questions_never_change_the_result(self, data: st.DataObject) -> None:
        gate = {
            "id": "g",
            "type": "choice",
            "text": "g",
            "options": [{"id": "y", "label": "Y"}, {"id": "n", "label": "N"}],
        }
        hidden_multi = [{"id": "x", "label": "X", "score": 100}, {"id": "z", "label": "Z", "score": 0}]
        q = build(
            [
                gate,
                likert("a"),
                likert("h1", show_if="g == 'y'"),
                {
                    "id": "h2",
                    "type": "multi",
                    "text": "h2",
                    "dimension": "d",
                    "show_if": "g == 'y'",
                    "options": hidden_multi,
                },
                {"id": "n", "type": "number", "text": "n", "show_if": "g == 'y'"},
            ],
            computed=[{"id": "double", "expr": "n * 2"}],
            recommendations=[{"id": "r", "when": "answered(h1) or double > 3", "text": "r"}],
        )
        base = {"g": data.draw(st.sampled_from(["n", None])), "a": data.draw(st.integers(1, 5))}
        hidden = {
            "h1": data.draw(st.integers(1, 5)),
            "h2": data.draw(st.lists(st.sampled_from(["x", "z"]), unique=True)),
            "n": data.draw(st.floats(-1e6, 1e6)),
        }
        plain, noisy = score(q, base), score(q, {**base, **hidden})
        assert plain.to_json() == noisy.to_json()
        assert plain.item_scores == noisy.item_scores

    @given(st.data())
    @settings(max_examples=100, deadline=None)
    def test_raising_a_plain_likert_answer_never_lowers_its_dimension(self, data: st.DataObject) -> None:
        q, answers = data.draw(questionnaire_and_answers())
        plain = [x for x in q.questions if x.type == "likert" and not x.reverse]
        if not plain:
            return
        item = data.draw(st.sampled_from(plain))
        scale = q.scale_for(item)
        low = data.draw(st.integers(scale.min, scale.max))
        high = data.draw(st.integers(low, scale.max))
        before = score(q, {**answers, item.id: low}).dimensions[str(item.dimension)].score
        after = score(q, {**answers, item.id: high}).dimensions[str(item.dimension)].score
        assert before is not None and after is not None
        assert after >= before - 1e-9

    @given(st.integers(-10, 0), st.integers(1, 10), st.data())  # the widest scales the format allows
    def test_reversing_an_item_mirrors_its_score(self, low: int, width: int, data: st.DataObject) -> None:
        value = data.draw(st.integers(low, low + width))
        scale = {"min": low, "max": low + width}
        q = build([likert("plain", scale=scale), likert("rev", scale=scale, reverse=True)])
        plain = item_score(q, q.question("plain"), value)
        reversed_ = item_score(q, q.question("rev"), value)
        assert plain is not None and reversed_ is not None
        assert reversed_ == pytest.approx(100 - plain, abs=1e-9)

    @given(st.sets(st.integers(1, 100), max_size=5), st.floats(0, 100), st.floats(0, 100))
    def test_the_band_is_monotone_in_the_score(self, mins: set[int], s1: float, s2: float) -> None:
        bands = [Band(id=f"b{m}", min=m, label="x") for m in [0, *sorted(mins)]]
        order = [b.id for b in bands]
        low, high = sorted((s1, s2))
        band_low, band_high = band_for(low, bands), band_for(high, bands)
        assert band_low is not None and band_high is not None
        assert order.index(band_low) <= order.index(band_high)

    def test_band_for_null_is_null(self) -> None:
        assert band_for(None, [Band(id="a", min=0, label="A")]) is None
