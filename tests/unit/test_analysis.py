"""Item analysis: the maths against values worked out by hand, and what a facilitator reads from it."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from generator.analysis import (
    FEW_RESPONDENTS,
    ItemAnalysis,
    Moments,
    corrected_item_total,
    cronbach_alpha,
)
from generator.questionnaire.model import Questionnaire
from generator.scoring import score

# Three items answered by four people. By hand:
#   means 2.5, 2.5, 2; deviations A -1.5 -0.5 0.5 1.5, B -0.5 -1.5 1.5 0.5, C -1 -1 1 1
#   variances (n - 1 = 3): A 5/3, B 5/3, C 4/3; covariances AB 3/3 = 1, AC 4/3, BC 4/3
#   totals 4 4 10 10: variance 36/3 = 12 (= 14/3 + 2 * 11/3)
#   alpha = 3/2 * (1 - (14/3) / 12) = 11/12
#   A against B+C (3 2 7 6, variance 17/3): (1 + 4/3) / sqrt(5/3 * 17/3) = 7 / sqrt(85); B likewise
#   C against A+B (3 3 7 7, variance 16/3): (8/3) / sqrt(4/3 * 16/3) = 1
ROWS = [(1, 2, 1), (2, 1, 1), (3, 4, 3), (4, 3, 3)]
COVARIANCE = [[5 / 3, 1, 4 / 3], [1, 5 / 3, 4 / 3], [4 / 3, 4 / 3, 4 / 3]]


def moments(rows: list[tuple[float, ...]]) -> Moments:
    m = Moments(len(rows[0]))
    for row in rows:
        m.add(row)
    return m


class TestMaths:
    def test_covariance_matrix(self) -> None:
        cov = moments(ROWS).covariance()
        assert cov is not None
        for got, want in zip(cov, COVARIANCE, strict=True):
            assert got == pytest.approx(want)

    def test_cronbach_alpha(self) -> None:
        assert cronbach_alpha(COVARIANCE) == pytest.approx(11 / 12)

    def test_corrected_item_total(self) -> None:
        assert corrected_item_total(COVARIANCE) == pytest.approx([7 / math.sqrt(85), 7 / math.sqrt(85), 1.0])

    def test_alpha_of_two_unrelated_items_is_zero_and_of_opposed_items_negative(self) -> None:
        # var 1 each, covariance 0: 2 * (1 - 2/2) = 0; covariance -0.5: total 1, 2 * (1 - 2/1) = -2
        assert cronbach_alpha([[1, 0], [0, 1]]) == pytest.approx(0)
        assert cronbach_alpha([[1, -0.5], [-0.5, 1]]) == pytest.approx(-2)

    def test_no_spread_gives_no_figure(self) -> None:
        cov = moments([(3, 1), (3, 2), (3, 3)]).covariance()
        assert cov is not None and cov[0][0] == 0
        assert corrected_item_total(cov) == [None, None]
        assert cronbach_alpha([[0, 0], [0, 0]]) is None

    def test_one_item_or_one_row_gives_no_figure(self) -> None:
        assert cronbach_alpha([[2.0]]) is None
        assert corrected_item_total([[2.0]]) == [None]
        assert moments([(1, 2)]).covariance() is None

    def test_running_update_matches_the_two_pass_formula_on_many_rows(self) -> None:
        rng = random.Random(3)
        rows = [tuple(float(rng.randint(0, 4) * 25) for _ in range(4)) for _ in range(500)]
        got = moments(rows).covariance()
        assert got is not None
        n = len(rows)
        means = [sum(r[i] for r in rows) / n for i in range(4)]
        for i in range(4):
            for j in range(4):
                want = sum((r[i] - means[i]) * (r[j] - means[j]) for r in rows) / (n - 1)
                assert got[i][j] == pytest.approx(want, rel=1e-9, abs=1e-9)


def questionnaire() -> Questionnaire:
    """Three likert items (the second reversed) and one behind a show_if."""
    return Questionnaire.model_validate(
        {
            "id": "q",
            "title": "Q",
            "version": 1,
            "bands": [{"id": "low", "min": 0, "label": "Low"}],
            "dimensions": [{"id": "d", "title": "Dim"}],
            "questions": [
                {"id": "a", "type": "likert", "dimension": "d", "text": "A"},
                {"id": "b", "type": "likert", "dimension": "d", "text": "B", "reverse": True},
                {"id": "c", "type": "likert", "dimension": "d", "text": "C"},
                {"id": "x", "type": "likert", "dimension": "d", "text": "X", "required": False, "show_if": "a >= 3"},
            ],
        }
    )


def analyse(answer_sets: list[dict[str, Any]], *, named: bool = True) -> Any:
    q = questionnaire()
    analysis = ItemAnalysis(q, named=named)
    for k, answers in enumerate(answer_sets):
        analysis.add(f"person {k + 1}", answers, score(q, answers))
    return analysis.result()


class TestItemAnalysis:
    def test_figures_come_from_the_scored_items(self) -> None:
        # The rows above as answers: b is reversed, so answering 6 - B gives B's item score; item scores are
        # (v - 1) * 25, the same linear change for every item, which leaves alpha and r as they were.
        sets = [{"a": a, "b": 6 - b, "c": c} for a, b, c in ROWS]
        result = analyse(sets)
        d = result.dimensions[0]
        assert d.alpha_items == ("a", "b", "c")
        assert d.complete == 4
        assert d.alpha == pytest.approx(11 / 12)
        assert [i.item_total for i in d.items[:3]] == pytest.approx([7 / math.sqrt(85), 7 / math.sqrt(85), 1.0])
        first = d.items[0]
        assert (first.answered, first.mean, first.floor, first.ceiling) == (4, pytest.approx(37.5), 0.25, 0.0)
        assert d.items[1].ceiling == 0.0 and d.items[1].floor == 0.25  # b's item scores: 25 0 75 50

    def test_an_item_behind_a_show_if_is_set_against_the_others(self) -> None:
        sets = [
            {"a": 1, "b": 5, "c": 1, "x": 5},  # a < 3: x is not shown, so not counted
            {"a": 3, "b": 3, "c": 2, "x": 2},
            {"a": 4, "b": 2, "c": 4, "x": 4},
            {"a": 5, "b": 1, "c": 5, "x": 5},
        ]
        d = analyse(sets).dimensions[0]
        x = d.items[3]
        assert d.alpha_items == ("a", "b", "c") and d.complete == 4
        # By hand: x scores 25 * (1, 3, 4), the others' sums 25 * (5, 9, 12); deviations (-5, 1, 4)/3 and
        # (-11, 1, 10)/3: r = 96 / sqrt(42 * 222)
        assert x.answered == 3
        assert x.item_total == pytest.approx(96 / math.sqrt(42 * 222))

    def test_two_answer_sets_give_no_correlation(self) -> None:
        # through two points any line fits: r would be 1 or -1 whatever the items
        d = analyse([{"a": 1, "b": 5, "c": 2, "x": 4}, {"a": 4, "b": 2, "c": 5, "x": 3}]).dimensions[0]
        assert d.complete == 2
        assert d.alpha is None
        assert [i.item_total for i in d.items] == [None] * 4
        assert d.items[0].mean == 37.5  # (0 + 75) / 2: the other figures are still given

    def test_floor_and_ceiling_of_the_dimension_score(self) -> None:
        sets = [{"a": 1, "b": 5, "c": 1}, {"a": 5, "b": 1, "c": 5}, {"a": 5, "b": 1, "c": 5}, {"a": 3, "b": 3, "c": 3}]
        d = analyse(sets).dimensions[0]
        assert (d.floor, d.ceiling) == (0.25, 0.5)

    def test_straight_liners_are_counted_and_named_only_when_named(self) -> None:
        sets = [{"a": 4, "b": 4, "c": 4}, {"a": 4, "b": 2, "c": 4}, {"a": 1, "b": 1, "c": 1}]
        d = analyse(sets).dimensions[0]
        assert (d.straight_liners, d.straight_lined_by) == (2, ("person 1", "person 3"))
        anonymous = analyse(sets, named=False).dimensions[0]
        assert (anonymous.straight_liners, anonymous.straight_lined_by) == (2, ())

    def test_below_ten_respondents_the_figures_are_flagged(self) -> None:
        few = analyse([{"a": 1, "b": 2, "c": 3}] * (FEW_RESPONDENTS - 1))
        assert few.few is True
        assert few.note == "Only 9 respondents: below 10 these figures mean little, as one person moves them a lot."
        enough = analyse([{"a": 1, "b": 2, "c": 3}] * FEW_RESPONDENTS)
        assert (enough.few, enough.note) == (False, None)

    def test_json_has_every_figure(self) -> None:
        data = analyse([{"a": a, "b": 6 - b, "c": c} for a, b, c in ROWS]).to_json()
        assert data["respondents"] == 4 and data["few"] is True
        dim = data["dimensions"][0]
        assert dim["alpha"] == pytest.approx(11 / 12)
        assert set(dim["items"][0]) == {"id", "answered", "mean", "floor", "ceiling", "item_total"}
