"""The instrument lint and the answer simulation: what an author sees about what a questionnaire measures."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.answers.validate import read_answers_bytes
from generator.errors import DealcraftError
from generator.limits import MAX_NUMBER
from generator.questionnaire.lint import item_values, reachable
from generator.questionnaire.load import check_file, load_questionnaire
from generator.questionnaire.model import Questionnaire
from generator.questionnaire.simulate import answer_sets, simulate
from generator.scoring import score

BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "instrument" / "broken.yaml"


def questionnaire(**overrides: Any) -> Questionnaire:
    """A small valid questionnaire: one dimension of four items (two of them reversed), three bands."""
    data: dict[str, Any] = {
        "id": "q",
        "title": "Q",
        "version": 1,
        "bands": [{"id": "low", "min": 0, "label": "Low"}, {"id": "high", "min": 50, "label": "High"}],
        "dimensions": [{"id": "d", "title": "D"}],
        "questions": [
            {"id": "l1", "type": "likert", "dimension": "d", "text": "1"},
            {"id": "l2", "type": "likert", "dimension": "d", "text": "2", "reverse": True},
            {"id": "l3", "type": "likert", "dimension": "d", "text": "3"},
            {"id": "l4", "type": "likert", "dimension": "d", "text": "4", "reverse": True},
        ],
    }
    data.update(overrides)
    return Questionnaire.model_validate(data)


def lint_messages(tmp_path: Path, text: str) -> list[str]:
    file = tmp_path / "q.yaml"
    file.write_text(text, encoding="utf-8")
    model, problems = check_file(file, None)
    assert model is not None, problems
    return [str(p).replace(file.as_posix(), "q.yaml") for p in problems]


class TestReachable:
    """The scores a dimension can take, worked out by hand."""

    def test_multi_gives_the_mean_of_any_non_empty_set(self) -> None:
        q = questionnaire(
            questions=[
                {
                    "id": "m",
                    "type": "multi",
                    "dimension": "d",
                    "text": "m",
                    "options": [
                        {"id": "a", "label": "A", "score": 100},
                        {"id": "b", "label": "B", "score": 50},
                        {"id": "c", "label": "C", "score": 0},
                    ],
                }
            ]
        )
        # {a}=100 {b}=50 {c}=0 {a,b}=75 {a,c}=50 {b,c}=25 {a,b,c}=50
        assert item_values(q, q.question("m")) == {0, 25, 50, 75, 100}

    def test_likert_points_follow_reverse(self) -> None:
        q = questionnaire()
        assert item_values(q, q.question("l2")) == {0, 25, 50, 75, 100}

    def test_four_right_or_wrong_items_reach_only_quarters(self) -> None:
        q = load_questionnaire(BROKEN)
        reach = reachable(q)
        assert reach["guess"].values == {0, 25, 50, 75, 100}
        assert reach["guess"].hits(60, 70) is False
        # three 1..5 likert items: sums 0..12 quarters over 3 items, so multiples of 100/12
        assert reach["agree"].values is not None
        assert sorted(round(v, 6) for v in reach["agree"].values) == [round(k * 100 / 12, 6) for k in range(13)]

    def test_weights_count(self) -> None:
        q = questionnaire(
            questions=[
                {
                    "id": "c1",
                    "type": "choice",
                    "dimension": "d",
                    "text": "1",
                    "weight": 3,
                    "options": [{"id": "a", "label": "A", "score": 0}, {"id": "b", "label": "B", "score": 100}],
                },
                {
                    "id": "c2",
                    "type": "choice",
                    "dimension": "d",
                    "text": "2",
                    "options": [{"id": "a", "label": "A", "score": 0}, {"id": "b", "label": "B", "score": 100}],
                },
            ]
        )
        # (3*s1 + s2) / 4 with s in {0, 100}
        assert reachable(q)["d"].values == {0, 25, 75, 100}

    def test_a_question_with_show_if_may_be_missing(self) -> None:
        choice = {
            "type": "choice",
            "dimension": "d",
            "options": [{"id": "a", "label": "A", "score": 40}, {"id": "b", "label": "B", "score": 60}],
        }
        q = questionnaire(
            questions=[
                {**choice, "id": "c1", "text": "1"},
                {**choice, "id": "c2", "text": "2", "show_if": "c1 == 'a'"},
            ]
        )
        # c2 hidden: 40 or 60 alone; shown: the means 40, 50, 60
        assert reachable(q)["d"].values == {40, 50, 60}

    def test_overall_is_the_weighted_mean_of_the_dimensions(self) -> None:
        right_or_wrong = {
            "type": "choice",
            "options": [{"id": "a", "label": "A", "score": 0}, {"id": "b", "label": "B", "score": 100}],
        }
        q = questionnaire(
            dimensions=[{"id": "d", "title": "D"}, {"id": "e", "title": "E", "weight": 3}],
            questions=[
                {**right_or_wrong, "id": "c1", "text": "1", "dimension": "d"},
                {**right_or_wrong, "id": "c2", "text": "2", "dimension": "e"},
            ],
        )
        assert reachable(q)["overall"].values == {0, 25, 75, 100}

    def test_too_many_combinations_give_the_exact_range(self) -> None:
        dims = [{"id": f"d{k}", "title": f"D{k}"} for k in range(4)]
        likert = [
            {"id": f"l{k}{j}", "type": "likert", "dimension": f"d{k}", "text": "x", "scale": {"min": 0, "max": 10}}
            for k in range(3)
            for j in range(3 + k)
        ]
        options = [{"id": f"o{s}", "label": f"{s}", "score": s} for s in (20, 33, 47, 60)]
        choice = [
            {"id": f"c{j}", "type": "choice", "dimension": "d3", "text": "x", "options": options} for j in range(3)
        ]
        reach = reachable(questionnaire(dimensions=dims, questions=likert + choice))["overall"]
        # 3, 4 and 5 items of 11 points (the format's widest scale) give too many sums to list. Every dimension
        # is always scored, so the range is the mean of the dimensions' lowest (0, 0, 0, 20) and highest
        # (100, 100, 100, 60) scores.
        assert reach.values is None
        assert (reach.low, reach.high) == (5, 90)
        assert reach.hits(4, 5.01) and not reach.hits(0, 5) and not reach.hits(90.01, 100)


class TestLint:
    """Each warning, located, on the broken fixture and on small variations."""

    def test_the_broken_fixture_gives_each_static_warning_once(self) -> None:
        _, problems = check_file(BROKEN, None)
        path = "tests/fixtures/instrument/broken.yaml"
        found = [str(p).replace(BROKEN.as_posix(), path) for p in problems]
        assert found == [
            f'{path}:12:9: warning: dimension "guess" can never reach band "mid" (60..70): no combination of answers '
            "scores there (its scores run 0..100)",
            f'{path}:15:9: warning: dimension "agree" has 3 scored items; use at least 4 so that one odd answer '
            "cannot move it across a band",
            f'{path}:15:9: warning: dimension "agree": its 3 likert items are all keyed the same way (none reversed), '
            "so answering all of them at one end of the scale moves its score; word one the other way round "
            "(reverse: true)",
            f"{path}:28:9: warning: the best option is option 2 in 4 of 4 scored choice questions (g1, g2, g3, g4): "
            "a guesser can find it by its place; move it around",
            f"{path}:28:9: warning: the best option is the longest in 4 of 4 scored choice questions "
            "(g1, g2, g3, g4): a guesser can find it by its length; make other options as full",
        ]

    def test_varied_places_and_lengths_are_fine(self, tmp_path: Path) -> None:
        blocks = BROKEN.read_text(encoding="utf-8").split("  - id: g")
        right, wrong = (
            "      - {id: b, label: The right answer, score: 100}\n",
            "      - {id: a, label: No, score: 0}\n",
        )
        # g2 and g3: the right answer first and short; g1 and g4 as they were: 2 of 4 in one place, 2 of 4 longest
        for k in (2, 3):
            blocks[k] = blocks[k].replace(wrong + right, right.replace("The right answer", "Yes") + wrong)
        text = "  - id: g".join(blocks)
        assert text.count("label: Yes") == 2
        messages = lint_messages(tmp_path, text)
        assert not [m for m in messages if "best option" in m]

    def test_a_shared_top_score_has_no_single_best_option(self, tmp_path: Path) -> None:
        text = BROKEN.read_text(encoding="utf-8").replace(
            "{id: c, label: Never, score: 0}", "{id: c, label: Never, score: 100}"
        )
        assert not [m for m in lint_messages(tmp_path, text) if "best option" in m]

    def test_all_reversed_is_keyed_the_same_way_too(self, tmp_path: Path) -> None:
        text = BROKEN.read_text(encoding="utf-8").replace(
            "dimension: agree, text", "dimension: agree, reverse: true, text"
        )
        assert (
            'q.yaml:15:9: warning: dimension "agree": its 3 likert items are all keyed the same way (all reversed), '
            "so answering all of them at one end of the scale moves its score; word one the other way round "
            "(reverse: false)"
        ) in lint_messages(tmp_path, text)

    def test_a_reversed_item_and_a_fourth_item_clear_the_item_warnings(self, tmp_path: Path) -> None:
        text = BROKEN.read_text(encoding="utf-8").replace(
            "  - {id: a3, type: likert, dimension: agree, text: I ask.}\n",
            "  - {id: a3, type: likert, dimension: agree, text: I ask.}\n"
            "  - {id: a4, type: likert, dimension: agree, reverse: true, text: I wing it.}\n",
        )
        assert not [m for m in lint_messages(tmp_path, text) if '"agree"' in m]

    def test_an_overall_band_out_of_reach(self, tmp_path: Path) -> None:
        text = BROKEN.read_text(encoding="utf-8").replace(
            "{id: high, min: 70, label: High}\ndimensions",
            "{id: high, min: 70, label: High}\n  - {id: top, min: 100, label: Top}\ndimensions",
        )
        # Top means 100 and above: every item at its best gives 100, so it is reachable ...
        assert not [m for m in lint_messages(tmp_path, text) if "overall" in m]
        # ... until one item cannot score 100
        text = text.replace(
            "{id: b, label: The right answer, score: 100}\n      - {id: c, label: Never, score: 0}\n  - id: g2",
            "{id: b, label: The right answer, score: 90}\n      - {id: c, label: Never, score: 0}\n  - id: g2",
        )
        assert (
            'q.yaml:11:10: warning: the overall score can never reach band "top" (100 and above): no combination of '
            "answers scores there (it runs 0..99)"  # 98.75, shown as reports show it
        ) in lint_messages(tmp_path, text)


class TestSimulate:
    """Answer sets tried out: seeded, varied, and what they show."""

    def test_same_seed_same_sets_and_other_seed_other_sets(self) -> None:
        q = load_questionnaire(BROKEN)
        assert list(answer_sets(q, 30, seed=1)) == list(answer_sets(q, 30, seed=1))
        assert list(answer_sets(q, 30, seed=1)) != list(answer_sets(q, 30, seed=2))

    def test_straight_lines_come_first(self) -> None:
        q = load_questionnaire(BROKEN)
        best, worst, first, last = list(answer_sets(q, 4))
        assert best == {"g1": "b", "g2": "b", "g3": "b", "g4": "b", "a1": 5, "a2": 5, "a3": 5}
        assert worst["g1"] in ("a", "c") and worst["a1"] == 1
        assert first == {"g1": "a", "g2": "a", "g3": "a", "g4": "a", "a1": 1, "a2": 1, "a3": 1}
        assert last == {"g1": "c", "g2": "c", "g3": "c", "g4": "c", "a1": 5, "a2": 5, "a3": 5}

    def test_random_sets_spread_over_the_whole_range(self) -> None:
        q = load_questionnaire(BROKEN)
        scores = {score(q, a).dimensions["agree"].band for a in answer_sets(q, 200)}
        assert scores == {"low", "high"}

    def test_a_recommendation_that_never_fires_and_two_that_fire_together_though_one_excludes_the_other(
        self,
    ) -> None:
        q = load_questionnaire(BROKEN)
        findings = simulate(q, 200)
        assert [(f.loc, f.message) for f in findings] == [
            (
                ("recommendations", 0, "when"),
                'recommendation "beyond-the-scale" fired for none of 200 simulated answer sets; check its when',
            ),
            (
                ("recommendations", 2, "excludes", 0),
                'recommendations "guess-more" and "first-right" fired together although "guess-more" excludes '
                '"first-right": the report shows only the earlier one; make their whens exclude each other',
            ),
        ]
        assert findings[0].example is None
        example = findings[1].example
        assert example is not None
        result = score(q, example)
        # the example really has both whens true: g1 right and the guessing score below 50
        assert example["g1"] == "b" and result.dimensions["guess"].score is not None
        assert result.dimensions["guess"].score < 50
        assert result.recommendations == ("first-right",)  # the scorer keeps the earlier one

    def test_exclusions_that_cannot_meet_are_fine(self, tmp_path: Path) -> None:
        text = BROKEN.read_text(encoding="utf-8").replace('when: "score.guess < 50"', "when: \"g1 != 'b'\"")
        file = tmp_path / "q.yaml"
        file.write_text(text, encoding="utf-8")
        assert not [f for f in simulate(load_questionnaire(file), 200) if "together" in f.message]

    def test_bands_not_reached_come_with_the_closest_answer_set(self) -> None:
        q = load_questionnaire(BROKEN)
        findings = simulate(q, 1)  # only the best straight line: everything high
        low = [f for f in findings if f.loc == ("dimensions", 1, "id")]
        assert [f.message for f in low] == [
            'dimension "agree" reached band "low" in none of 1 simulated answer set; the closest was 100'
        ]
        assert low[0].example == {"g1": "b", "g2": "b", "g3": "b", "g4": "b", "a1": 5, "a2": 5, "a3": 5}
        # the band the lint proves out of reach is not reported again
        assert not [f for f in findings if '"mid"' in f.message and "guess" in f.message]

    def test_shipped_questionnaires_fire_every_recommendation_and_reach_every_band(self) -> None:
        root = Path(__file__).resolve().parents[2] / "questionnaires"
        for file in sorted(root.glob("*.yaml")):
            assert simulate(load_questionnaire(file), 400) == [], file.name

    @pytest.mark.parametrize("count", [0, -3])
    def test_no_answer_sets_no_findings(self, count: int) -> None:
        assert simulate(load_questionnaire(BROKEN), count) == []


# ---------------------------------------------------------------- simulated answers are answers


BOUNDS = st.one_of(
    st.none(),
    st.integers(-1000, 1000).map(float),
    st.sampled_from([0.0, 0.1, 0.125, 0.5, 0.9, 2.5, 99.99, -3.333, 1e-3, MAX_NUMBER, -MAX_NUMBER, 123456789.123]),
    st.floats(-1e9, 1e9, allow_nan=False),
)


@st.composite
def number_question(draw: st.DrawFn, n: int) -> dict[str, Any]:
    """A number question as an author may write one: any bounds (min <= max), step and decimals the model takes."""
    low, high = draw(BOUNDS), draw(BOUNDS)
    if low is not None and high is not None and low > high:
        low, high = high, low
    question: dict[str, Any] = {"id": f"n{n}", "type": "number", "text": "How much?"}
    step = draw(st.one_of(st.none(), st.sampled_from([0.3, 0.125, 0.01, 7.0, 1e-3]), st.floats(1e-4, 1e4)))
    for key, value in (("min", low), ("max", high), ("step", step), ("decimals", draw(st.sampled_from([0, 1, 2])))):
        if value is not None and draw(st.booleans()):
            question[key] = value
    question["required"] = draw(st.booleans())
    return question


def answers_bytes(q: Questionnaire, answers: dict[str, Any]) -> bytes:
    return json.dumps({"questionnaire": q.id, "version": q.version, "answers": answers}).encode()


class TestSimulatedAnswers:
    """`validate --simulate` tries answers a participant could send: each set passes the one answers reader."""

    @settings(max_examples=150, deadline=None)
    @given(count=st.integers(1, 4), data=st.data(), seed=st.integers(0, 99))
    def test_every_simulated_set_passes_the_answers_reader(self, count: int, data: st.DataObject, seed: int) -> None:
        extra = [data.draw(number_question(i), label=f"n{i}") for i in range(count)]
        q = questionnaire(questions=[*questionnaire().model_dump()["questions"], *extra])
        for i, answers in enumerate(answer_sets(q, 12, seed=seed)):
            try:
                document = read_answers_bytes(answers_bytes(q, answers), f"set {i}", {q.id: q})
            except DealcraftError as exc:
                raise AssertionError(f"set {i} {answers} is refused: {exc}") from None
            assert document.answers == answers
        straight = next(iter(answer_sets(q, 1)))
        for question in extra:  # answered whenever the question takes an answer at all
            model = q.question(question["id"])
            assert (question["id"] in straight) == _takes_an_answer(model.min, model.max, model.places), question

    @pytest.mark.parametrize(
        "path",
        [*sorted((Path(__file__).resolve().parents[2] / "questionnaires").glob("*.yaml")), BROKEN],
        ids=lambda p: p.stem,
    )
    def test_the_shipped_questionnaires_simulate_valid_answers(self, path: Path) -> None:
        q = load_questionnaire(path)
        for i, answers in enumerate(answer_sets(q, 300)):
            read_answers_bytes(answers_bytes(q, answers), f"set {i}", {q.id: q})

    def test_bounds_and_decimals_are_kept(self) -> None:
        """A price in whole units between 0.5 and 12.25 is answered 1..12, hours to the tenth up to 7.25 at most 7.2."""
        price = {"id": "price", "type": "number", "text": "Price?", "min": 0.5, "max": 12.25, "decimals": 0}
        tenth = {"id": "hours", "type": "number", "text": "Hours?", "max": 7.25, "decimals": 1, "required": True}
        q = questionnaire(questions=[*questionnaire().model_dump()["questions"], price, tenth])
        sets = list(answer_sets(q, 200))
        assert (sets[0]["price"], sets[0]["hours"]) == (1, 7.2)  # the best line: at min, else the base capped at max
        prices = {a["price"] for a in sets if "price" in a}
        assert prices <= set(range(1, 13)) and len(prices) > 3
        assert all(round(a["hours"] * 10) == a["hours"] * 10 and a["hours"] <= 7.25 for a in sets)


def _takes_an_answer(low: float | None, high: float | None, places: int) -> bool:
    """Some number with at most `places` decimals lies in low..high (worked out in decimals, apart from simulate)."""
    if low is None or high is None:
        return True
    unit = Decimal(1).scaleb(-places)
    first = (Decimal(repr(low)) / unit).to_integral_value(rounding="ROUND_CEILING")
    return first * unit <= Decimal(repr(high))
