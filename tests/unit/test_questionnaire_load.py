"""The loader: every validation problem of issue 3, each reported once at its exact path:line:col."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.answers.validate import check_answer
from generator.errors import DealcraftError
from generator.questionnaire.load import check_file, load_questionnaire, load_questionnaires, validate_paths
from generator.questionnaire.model import Question

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# A small valid questionnaire. Line numbers below refer to this text (line 1 is `id: base`).
BASE = """\
id: base
title: Base
version: 1
scale: {min: 1, max: 5}
bands:
  - {id: low, min: 0, label: Low}
  - {id: high, min: 50, label: High}
dimensions:
  - id: plan
    title: Planning
    guide: steps/motivations.md
    feedback: {low: "Practise.", high: "Keep going."}
questions:
  - id: kind
    type: choice
    text: Kind?
    options:
      - {id: one_off, label: One-off}
      - {id: repeat, label: Repeat}
  - id: q1
    type: likert
    text: One
    dimension: plan
    show_if: "kind == 'repeat'"
  - id: q2
    type: likert
    text: Two
    dimension: plan
  - id: q3
    type: choice
    text: Three
    dimension: plan
    options:
      - {id: a, label: A, score: 0}
      - {id: b, label: B, score: 100}
  - id: amount
    type: number
    text: Amount
computed:
  - {id: double, expr: "amount * 2"}
recommendations:
  - {id: act, when: "score.plan < 50", text: Act., guide: steps/motivations.md}
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content/ folder with the two pages the base questionnaire links to."""
    folder = tmp_path / "content"
    (folder / "steps").mkdir(parents=True)
    for page in ("motivations.md", "positivity.md"):
        (folder / "steps" / page).write_text("# Page\n", encoding="utf-8")
    return folder


def problems_of(tmp_path: Path, content: Path, text: str) -> list[str]:
    """Every problem of a questionnaire text, formatted as the CLI prints them, with the path shortened to q.yaml."""
    file = tmp_path / "q.yaml"
    file.write_text(text, encoding="utf-8")
    _, problems = check_file(file, content)
    return [str(p).replace(file.as_posix(), "q.yaml") for p in problems]


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


class TestValid:
    """A correct questionnaire loads with no problem at all."""

    def test_base_has_no_errors(self, tmp_path: Path, content: Path) -> None:
        # Its one dimension is too short for the instrument lint (tests/unit/test_lint.py), and that is all.
        assert problems_of(tmp_path, content, BASE) == [
            'q.yaml:9:9: warning: dimension "plan" has 3 scored items; use at least 4 so that one odd answer cannot '
            "move it across a band",
            'q.yaml:9:9: warning: dimension "plan": its 2 likert items are all keyed the same way (none reversed), so '
            "answering all of them at one end of the scale moves its score; word one the other way round "
            "(reverse: true)",
        ]

    def test_fixture_loads_with_defaults_resolved(self) -> None:
        q = load_questionnaire(FIXTURES / "questionnaires" / "mini.yaml")
        assert q.question("p1").required is True
        assert q.question("notes").required is False
        assert q.question("t3").required is False
        assert q.question("p2").reverse is True


class TestYamlBooleans:
    """YAML 1.1 words load as text where text is expected, and as booleans where booleans are expected."""

    def test_labels_and_ids_stay_text(self) -> None:
        q = load_questionnaire(FIXTURES / "questionnaires" / "mini.yaml")
        assert q.scale.labels[0] == "No" and q.scale.labels[-1] == "Yes"
        assert [(o.id, o.label) for o in q.question("p3").options] == [("yes", "Yes"), ("no", "No")]

    def test_true_and_false_are_still_booleans(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Two\n", "    text: Two\n    reverse: true\n")
        file = tmp_path / "q.yaml"
        file.write_text(text, encoding="utf-8")
        model, _ = check_file(file, content)
        assert model is not None and model.question("q2").reverse is True

    def test_boolean_where_text_is_expected_says_quote_it(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Two\n", "    text: true\n")
        assert problems_of(tmp_path, content, text)[0] == (
            'q.yaml:27:11: "text" must be text, not true; put it in quotes: "true"'
        )


class TestErrors:
    """One test per validation error kind, with the exact location."""

    def test_yaml_syntax_error(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Two\n", "    text: [Two\n")
        problems = problems_of(tmp_path, content, text)
        # PyYAML notices the unclosed list on the next line, at the colon it did not expect
        assert problems == [
            "q.yaml:28:14: YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow sequence)"
        ]

    def test_unknown_key_points_at_the_key_and_suggests(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Two\n", "    txt: Two\n")
        assert problems_of(tmp_path, content, text)[:2] == [
            'q.yaml:25:5: missing required key "text"',
            'q.yaml:27:5: unknown key "txt"; did you mean "text"?',
        ]

    def test_a_misspelt_number_key_suggests_decimals(self, tmp_path: Path, content: Path) -> None:
        text = amount_with("decimal: 0")
        assert 'q.yaml:39:5: unknown key "decimal"; did you mean "decimals"?' in problems_of(tmp_path, content, text)

    def test_wrong_type(self, tmp_path: Path, content: Path) -> None:
        text = edit("version: 1\n", 'version: "1"\n')
        assert (
            problems_of(tmp_path, content, text)[0] == 'q.yaml:3:10: "version" must be a whole number, not the text "1"'
        )

    def test_unknown_question_type(self, tmp_path: Path, content: Path) -> None:
        text = edit("    type: number\n", "    type: numbr\n")
        assert problems_of(tmp_path, content, text)[0] == (
            'q.yaml:37:11: "numbr" is not a valid type; expected one of likert, choice, multi, number or text'
        )

    def test_a_question_id_must_be_nameable_in_expressions(self, tmp_path: Path, content: Path) -> None:
        text = edit("  - id: amount\n", "  - id: 2nd_amount\n").replace("amount * 2", "2nd_amount * 2")
        assert problems_of(tmp_path, content, text) == [
            'q.yaml:36:9: "2nd_amount" is not a valid id: use only lowercase letters, digits and _, starting with a'
            " letter or _ (it is a name in expressions)",
            "q.yaml:40:26: expr does not parse: unexpected 'nd_amount'",
        ]

    def test_a_bad_yaml_tag_is_one_message_not_a_traceback(self, tmp_path: Path, content: Path) -> None:
        text = edit("version: 1\n", "version: !!int abc\n")
        assert problems_of(tmp_path, content, text) == ['q.yaml:3:10: cannot read this value: "abc" is not a valid int']

    def test_list_items_and_mapping_keys_are_named_in_words(self, tmp_path: Path, content: Path) -> None:
        text = edit("scale: {min: 1, max: 5}\n", "scale: {min: 1, max: 3, labels: [Low, 2, High]}\n")
        text = text.replace('feedback: {low: "Practise."', 'feedback: {1: "Oops", low: "Practise."')
        assert problems_of(tmp_path, content, text) == [
            'q.yaml:4:39: item 2 of "labels" must be text, not the number 2; put it in quotes: "2"',
            'q.yaml:12:16: a key of "feedback" must be text, not the number 1',
        ]

    def test_duplicate_yaml_key(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Two\n", "    text: Two\n    text: Deux\n")
        assert problems_of(tmp_path, content, text)[0] == (
            'q.yaml:28:5: duplicate key "text" (first at line 27); remove one of them'
        )

    @pytest.mark.parametrize(
        ("old", "new", "expected"),
        [
            ("  - id: q2\n", "  - id: q1\n", 'q.yaml:25:9: duplicate question id "q1" (first at line 20)'),
            ("{id: b, label: B", "{id: a, label: B", 'q.yaml:35:14: duplicate option id "a" (first at line 34)'),
            ("{id: high, min: 50", "{id: low, min: 50", 'q.yaml:7:10: duplicate band id "low" (first at line 6)'),
            (
                "{id: act,",
                "{id: act, when: x, text: y}\n  - {id: act,",
                'q.yaml:43:10: duplicate recommendation id "act" (first at line 42)',
            ),
            (
                "{id: double,",
                "{id: double, expr: '1'}\n  - {id: double,",
                'q.yaml:41:10: duplicate computed value id "double" (first at line 40)',
            ),
        ],
    )
    def test_duplicate_ids(self, tmp_path: Path, content: Path, old: str, new: str, expected: str) -> None:
        assert expected in problems_of(tmp_path, content, edit(old, new))

    def test_unknown_dimension(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Two\n    dimension: plan\n", "    text: Two\n    dimension: plans\n")
        assert (
            problems_of(tmp_path, content, text)[0] == 'q.yaml:28:16: unknown dimension "plans"; did you mean "plan"?'
        )

    def test_unknown_question_in_zone(self, tmp_path: Path, content: Path) -> None:
        text = BASE + "zone: {role: buyer, my_limit: amount, their_low: amont, their_high: amount}\n"
        assert (
            problems_of(tmp_path, content, text)[0] == 'q.yaml:43:50: unknown question "amont"; did you mean "amount"?'
        )

    def test_bands_not_ascending(self, tmp_path: Path, content: Path) -> None:
        text = edit("  - {id: high, min: 50,", "  - {id: mid, min: 60, label: Mid}\n  - {id: high, min: 50,")
        assert "q.yaml:8:21: bands must be in ascending order of min: 50 is not above 60" in problems_of(
            tmp_path, content, text
        )

    def test_band_start_not_a_whole_number(self, tmp_path: Path, content: Path) -> None:
        """Bands are looked up on the whole number people see, so a start of 49.5 would be printed as a band
        boundary no score can show."""
        text = edit("  - {id: high, min: 50,", "  - {id: high, min: 49.5,")
        assert (
            'q.yaml:7:21: "min" must be a whole number, not 49.5; scores are shown, and banded, as whole numbers'
            in problems_of(tmp_path, content, text)
        )

    def test_bands_not_starting_at_zero(self, tmp_path: Path, content: Path) -> None:
        text = edit("{id: low, min: 0,", "{id: low, min: 5,")
        assert problems_of(tmp_path, content, text)[0] == "q.yaml:6:20: the first band must start at 0, not 5"

    def test_scored_option_without_score(self, tmp_path: Path, content: Path) -> None:
        text = edit("{id: b, label: B, score: 100}", "{id: b, label: B}")
        assert problems_of(tmp_path, content, text)[0] == (
            'q.yaml:35:9: option "b" needs a score from 0 to 100, because the question is scored'
        )

    def test_option_score_out_of_range(self, tmp_path: Path, content: Path) -> None:
        text = edit("score: 100}", "score: 101}")
        assert problems_of(tmp_path, content, text)[0] == 'q.yaml:35:34: "score" must be at most 100, not 101'

    def test_likert_scale_min_not_below_max(self, tmp_path: Path, content: Path) -> None:
        text = edit("scale: {min: 1, max: 5}", "scale: {min: 5, max: 1}")
        assert problems_of(tmp_path, content, text)[0] == "q.yaml:4:22: the scale's min (5) must be below its max (1)"

    def test_expression_parse_error_column_inside_plain_scalar(self, tmp_path: Path, content: Path) -> None:
        text = edit('expr: "amount * 2"', "expr: amount * * 2")
        assert problems_of(tmp_path, content, text)[0] == "q.yaml:40:33: expr does not parse: unexpected '*'"

    def test_expression_parse_error_column_inside_quoted_scalar(self, tmp_path: Path, content: Path) -> None:
        text = edit("show_if: \"kind == 'repeat'\"", 'show_if: "kind == \'rep"')
        # the string starts at column 9 of the expression; the expression starts at file column 15
        assert problems_of(tmp_path, content, text)[0] == "q.yaml:24:23: show_if does not parse: unterminated string"

    def test_expression_parse_error_column_inside_block_scalar(self, tmp_path: Path, content: Path) -> None:
        text = edit("    show_if: \"kind == 'repeat'\"\n", "    show_if: |\n      kind ==\n        == 'repeat'\n")
        assert problems_of(tmp_path, content, text)[0] == "q.yaml:26:9: show_if does not parse: unexpected '=='"

    def test_unknown_name(self, tmp_path: Path, content: Path) -> None:
        text = edit('when: "score.plan < 50"', 'when: "score.plan < 50 and amout > 3"')
        assert problems_of(tmp_path, content, text)[0] == 'q.yaml:42:42: unknown name "amout"; did you mean "amount"?'

    def test_unknown_function(self, tmp_path: Path, content: Path) -> None:
        text = edit('expr: "amount * 2"', 'expr: "avg(amount, 2)"')
        assert problems_of(tmp_path, content, text)[0].startswith(
            "q.yaml:40:25: expr does not parse: unknown function 'avg'"
        )

    def test_comparing_with_an_option_that_does_not_exist(self, tmp_path: Path, content: Path) -> None:
        text = edit("show_if: \"kind == 'repeat'\"", "show_if: \"kind == 'repet'\"")
        assert problems_of(tmp_path, content, text) == [
            'q.yaml:24:23: "repet" is not an option of "kind", so this never matches; did you mean "repeat"?'
        ]

    def test_comparing_with_a_band_that_does_not_exist(self, tmp_path: Path, content: Path) -> None:
        text = edit('when: "score.plan < 50"', "when: \"band.plan == 'ready'\"")
        assert problems_of(tmp_path, content, text) == [
            'q.yaml:42:35: "ready" is not a band of "band.plan", so this never matches (known: low, high)'
        ]

    def test_show_if_refers_to_its_own_question(self, tmp_path: Path, content: Path) -> None:
        text = edit("show_if: \"kind == 'repeat'\"", 'show_if: "q1 > 2"')
        assert problems_of(tmp_path, content, text)[0] == 'q.yaml:24:15: show_if refers to its own question "q1"'

    def test_show_if_refers_to_a_later_question(self, tmp_path: Path, content: Path) -> None:
        text = edit("show_if: \"kind == 'repeat'\"", 'show_if: "amount > 2"')
        assert problems_of(tmp_path, content, text)[0] == (
            'q.yaml:24:15: show_if refers to "amount", which comes later; a show_if may use only questions above it'
        )

    def test_show_if_cannot_use_scores(self, tmp_path: Path, content: Path) -> None:
        text = edit("show_if: \"kind == 'repeat'\"", 'show_if: "score.plan > 2"')
        assert problems_of(tmp_path, content, text)[0] == (
            'q.yaml:24:15: "score.plan" can be used only in a recommendation\'s when'
        )

    def test_computed_refers_to_itself_and_to_later_values(self, tmp_path: Path, content: Path) -> None:
        text = edit(
            '{id: double, expr: "amount * 2"}', '{id: double, expr: "double + half"}\n  - {id: half, expr: "1"}'
        )
        assert problems_of(tmp_path, content, text)[:2] == [
            'q.yaml:40:25: computed value "double" refers to itself',
            'q.yaml:40:34: expr refers to "half", which is computed later; use only computed values above it',
        ]

    def test_guide_page_missing(self, tmp_path: Path, content: Path) -> None:
        text = edit("    guide: steps/motivations.md\n", "    guide: steps/motivation.md\n")
        assert problems_of(tmp_path, content, text)[0] == (
            f'q.yaml:11:12: guide page "steps/motivation.md" does not exist in {content.as_posix()}/'
        )

    def test_guide_pages_are_not_checked_without_a_content_folder(self, tmp_path: Path) -> None:
        file = tmp_path / "q.yaml"
        file.write_text(edit("    guide: steps/motivations.md\n", "    guide: nowhere.md\n"), encoding="utf-8")
        model, problems = check_file(file, None)
        assert model is not None
        assert all(p.severity == "warning" for p in problems)

    @pytest.mark.parametrize(
        ("key", "types"),
        [("min", "number"), ("max", "number"), ("decimals", "number"), ("step", "number"), ("peak", "likert")],
    )
    def test_a_key_of_another_type_is_refused_even_when_zero(
        self, tmp_path: Path, content: Path, key: str, types: str
    ) -> None:
        """A 0 is written, so it is given: `min: 0` on a likert (which has a scale, not a min) is a mistake to name at
        its key, not a value to skip because it is falsy."""
        qtype = "likert" if types == "number" else "number"
        question = "q2" if qtype == "likert" else "amount"
        old = "    text: Two\n" if question == "q2" else "    text: Amount\n"
        text = edit(old, f"{old}    {key}: 0\n")
        line = 28 if question == "q2" else 39
        assert f'q.yaml:{line}:5: "{key}" applies only to {types} questions, not {qtype}' in problems_of(
            tmp_path, content, text
        )

    def test_a_written_false_or_null_is_given_too(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Amount\n", "    text: Amount\n    reverse: false\n    dimension: null\n")
        found = problems_of(tmp_path, content, text)
        assert 'q.yaml:39:5: "reverse" applies only to likert questions, not number' in found
        assert "q.yaml:40:5: a number question is not scored; only likert, choice and multi take a dimension" in found

    def test_zero_is_fine_where_the_key_applies(self, tmp_path: Path, content: Path) -> None:
        """The number question may start at 0, end at 0 and ask for whole numbers: no error, the model keeps them."""
        text = edit("    text: Amount\n", "    text: Amount\n    min: 0\n    max: 0\n    decimals: 0\n")
        assert [p for p in problems_of(tmp_path, content, text) if "warning" not in p] == []
        model = load_questionnaire(tmp_path / "q.yaml", content)
        amount = model.question("amount")
        assert (amount.min, amount.max, amount.decimals, amount.places) == (0, 0, 0, 0)

    def test_not_a_mapping(self, tmp_path: Path, content: Path) -> None:
        assert problems_of(tmp_path, content, "- just\n- a list\n") == [
            "q.yaml:1:1: a questionnaire must be a mapping of keys (id, title, ...), not a list"
        ]


class TestRolePlayMoney:
    """`money: role-play` marks a number question as a price in the role-play; each misuse is named at its key."""

    def test_a_role_play_price_loads_and_takes_the_unit_it_is_given(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Amount\n", "    text: Amount\n    money: role-play\n")
        assert [p for p in problems_of(tmp_path, content, text) if "warning" not in p] == []
        model = load_questionnaire(tmp_path / "q.yaml", content)
        assert model.role_play_money == ("amount",) and model.question("amount").unit is None
        priced = model.with_role_play_unit("€")
        assert priced.question("amount").unit == "€" and priced.question("q1").unit is None
        assert priced.with_role_play_unit(" kr ").question("amount").unit == "kr"  # set again, not kept

    def test_only_a_number_question_can_be_a_price(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Two\n", "    text: Two\n    money: role-play\n")
        assert 'q.yaml:28:5: "money" applies only to number questions, not likert' in problems_of(
            tmp_path, content, text
        )

    def test_role_play_is_the_one_value(self, tmp_path: Path, content: Path) -> None:
        found = problems_of(tmp_path, content, edit("    text: Amount\n", "    text: Amount\n    money: dollars\n"))
        assert len(found) == 1 and found[0].startswith("q.yaml:39:12: ") and "role-play" in found[0]

    def test_a_unit_and_money_together_are_refused_at_the_unit(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Amount\n", '    text: Amount\n    money: role-play\n    unit: "$"\n')
        assert problems_of(tmp_path, content, text) == [
            "q.yaml:40:5: give either unit or money: role-play, not both (money: role-play shows the role-play's unit)"
        ]

    def test_a_zone_question_keeps_the_zone_unit(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Amount\n", "    text: Amount\n    money: role-play\n")
        text += "zone: {role: buyer, my_limit: amount, their_low: amount, their_high: amount}\n"
        assert problems_of(tmp_path, content, text) == [
            'q.yaml:39:5: "amount" is a zone question: it takes the zone\'s unit (`currency`), not money: role-play'
        ]


class TestWarnings:
    """Warnings let validation pass but say what is weak."""

    def test_dimension_with_fewer_than_four_items(self, tmp_path: Path, content: Path) -> None:
        text = edit("    text: Two\n    dimension: plan\n", "    text: Two\n")
        assert problems_of(tmp_path, content, text) == [
            'q.yaml:9:9: warning: dimension "plan" has 2 scored items; use at least 4 so that one odd answer cannot '
            "move it across a band"
        ]

    def test_band_without_feedback(self, tmp_path: Path, content: Path) -> None:
        text = edit('{low: "Practise.", high: "Keep going."}', '{low: "Practise."}')
        assert 'q.yaml:12:15: warning: dimension "plan" has no feedback for band "high"' in problems_of(
            tmp_path, content, text
        )

    def test_band_a_dimension_can_never_reach(self, tmp_path: Path, content: Path) -> None:
        text = edit("    dimension: plan\n    show_if", "    show_if")
        text = edit("    text: Two\n    dimension: plan\n", "    text: Two\n", text)
        text = edit("score: 0}", "score: 10}", text)
        text = edit("score: 100}", "score: 40}", text)
        assert (
            'q.yaml:9:9: warning: dimension "plan" can never reach band "high" (50 and above): no combination of '
            "answers scores there (its scores run 10..40)" in (problems_of(tmp_path, content, text))
        )


def on_line_42(tmp_path: Path, content: Path, text: str) -> list[str]:
    """The problems of the base's recommendation line (the base itself has instrument warnings elsewhere)."""
    return [p for p in problems_of(tmp_path, content, text) if p.startswith("q.yaml:42:")]


class TestScoresInConditions:
    """`score.<id>` in a `when` is the whole number people see, so a threshold that is not whole is named."""

    @pytest.mark.parametrize(
        ("when", "column", "meant"),
        [
            ("score.plan >= 49.5", 36, 'is the same as "score.plan >= 50": write that'),
            ("score.plan > 49.5", 35, 'is the same as "score.plan >= 50": write that'),
            ("score.plan < 49.5", 35, 'is the same as "score.plan < 50": write that'),
            ("score.plan <= 49.4", 36, 'is the same as "score.plan < 50": write that'),
            ("score.plan == 62.5", 36, "never holds; compare it with a whole number"),
            ("score.plan != 62.5", 36, "holds whenever there is a score; compare it with a whole number"),
        ],
    )
    def test_a_threshold_that_is_not_whole_is_a_warning(
        self, tmp_path: Path, content: Path, when: str, column: int, meant: str
    ) -> None:
        text = edit('when: "score.plan < 50"', f'when: "{when}"')
        assert on_line_42(tmp_path, content, text) == [
            f'q.yaml:42:{column}: warning: "score.plan" is the score as shown, a whole number, so "{when}" {meant}'
        ]

    def test_a_number_written_first_is_turned_round(self, tmp_path: Path, content: Path) -> None:
        text = edit('when: "score.plan < 50"', 'when: "49.5 <= score.overall"')
        assert on_line_42(tmp_path, content, text) == [
            'q.yaml:42:22: warning: "score.overall" is the score as shown, a whole number, so '
            '"score.overall >= 49.5" is the same as "score.overall >= 50": write that'
        ]

    def test_whole_thresholds_and_arithmetic_pass(self, tmp_path: Path, content: Path) -> None:
        text = edit('when: "score.plan < 50"', 'when: "score.plan >= 50 and round(score.overall / 2) > 20.5"')
        assert on_line_42(tmp_path, content, text) == []


def amount_with(keys: str, when: str | None = None) -> str:
    """The base with its number question given `keys` (YAML lines under `text: Amount`, from line 39 on), and its
    recommendation's `when` (line 42 without keys) replaced."""
    added = "".join(f"    {line}\n" for line in keys.split("; ") if line)
    text = edit("    text: Amount\n", f"    text: Amount\n{added}")
    return text if when is None else edit('when: "score.plan < 50"', f'when: "{when}"', text)


def of_amount(tmp_path: Path, content: Path, text: str) -> list[str]:
    """The problems that name the number question or its comparisons (the base has instrument warnings too)."""
    return [p for p in problems_of(tmp_path, content, text) if '"amount' in p]


class TestNumberQuestions:
    """A number question must take some answer, as the answers reader (and the form) decide: within min..max, with
    at most its decimals. Taking none is an error when the question is required (the form cannot be sent while it
    is shown), a warning when it can be left blank; bounds, steps and comparisons its answers cannot meet warn."""

    def test_a_required_question_no_whole_number_fits_is_an_error_at_its_decimals(
        self, tmp_path: Path, content: Path
    ) -> None:
        text = amount_with("min: 0.5; max: 0.9; decimals: 0; required: true")
        assert of_amount(tmp_path, content, text) == [
            'q.yaml:41:15: number question "amount" takes no answer: no whole number lies from 0.5 to 0.9; it is '
            "required, so the form cannot be sent while it is shown"
        ]
        model, problems = check_file(tmp_path / "q.yaml", content)
        assert model is None and [p.line for p in problems if p.is_error] == [41]

    def test_an_optional_question_that_takes_no_answer_is_a_warning(self, tmp_path: Path, content: Path) -> None:
        text = amount_with("min: 0.5; max: 0.9; decimals: 0")
        assert of_amount(tmp_path, content, text) == [
            'q.yaml:41:15: warning: number question "amount" takes no answer: no whole number lies from 0.5 to 0.9, '
            "so it can only be left blank"
        ]
        model, _ = check_file(tmp_path / "q.yaml", content)
        assert model is not None

    def test_a_range_too_narrow_for_two_decimals_is_named_at_its_max(self, tmp_path: Path, content: Path) -> None:
        text = amount_with("min: 0.001; max: 0.009; required: yes")
        assert of_amount(tmp_path, content, text) == [
            'q.yaml:40:10: number question "amount" takes no answer: no number with at most 2 decimals lies from '
            "0.001 to 0.009; it is required, so the form cannot be sent while it is shown"
        ]
        text = amount_with("min: 0.01; max: 0.04; decimals: 1")
        assert of_amount(tmp_path, content, text) == [
            'q.yaml:41:15: warning: number question "amount" takes no answer: no number with at most 1 decimal lies '
            "from 0.01 to 0.04, so it can only be left blank"
        ]

    def test_max_below_min_stays_one_error(self, tmp_path: Path, content: Path) -> None:
        text = amount_with("min: 5; max: 2; decimals: 0")
        assert of_amount(tmp_path, content, text) == []
        assert "q.yaml:40:10: max (2) is below min (5)" in problems_of(tmp_path, content, text)

    @pytest.mark.parametrize(
        ("keys", "expected"),
        [
            ("min: 0; max: 0; decimals: 0", []),
            ("min: 0.1; max: 0.1; decimals: 1", []),
            ("min: -2.5; max: 99.99", []),
            ("min: 0; max: 10; step: 0.5; decimals: 1", []),
            (
                "min: 0.5; max: 10; decimals: 0",
                [
                    'q.yaml:39:10: warning: min 0.5 has more decimals than "amount" takes (whole numbers): its lowest '
                    "answer is 1; write min: 1"
                ],
            ),
            (
                "max: 99.999",
                [
                    'q.yaml:39:10: warning: max 99.999 has more decimals than "amount" takes (numbers with at most 2 '
                    "decimals): its highest answer is 99.99; write max: 99.99"
                ],
            ),
            (
                "min: 0; max: 10; step: 0.5; decimals: 0",
                [
                    'q.yaml:41:11: warning: step 0.5 has more decimals than "amount" takes (whole numbers), so the '
                    "arrows of its field lead to answers it refuses"
                ],
            ),
            (
                "min: 0; max: 5; step: 10",
                [
                    'q.yaml:41:11: warning: step 10 is more than the whole range of "amount" (answers from 0 to 5), '
                    "so the arrows of its field stay at 0"
                ],
            ),
        ],
    )
    def test_bounds_and_steps_finer_than_its_decimals_warn(
        self, tmp_path: Path, content: Path, keys: str, expected: list[str]
    ) -> None:
        text = amount_with(keys)
        assert of_amount(tmp_path, content, text) == expected
        model, _ = check_file(tmp_path / "q.yaml", content)
        assert model is not None

    @pytest.mark.parametrize(
        ("keys", "when", "number", "shown"),
        [
            ("max: 500", "amount > 500", "500", '"amount" takes answers of 500 or less, so "amount > 500"'),
            ("max: 500", "score.plan < 50 or 500.5 <= amount", "500.5", '"amount" takes answers of 500 or less, so '
             '"amount >= 500.5"'),
            ("min: 10", "amount < 10", "10", '"amount" takes answers of 10 or more, so "amount < 10"'),
            ("min: 10", "not (amount <= 9.99)", "9.99", '"amount" takes answers of 10 or more, so "amount <= 9.99"'),
            ("min: 0; max: 9; decimals: 0", "amount == 2.5", "2.5", '"amount" takes whole numbers from 0 to 9, so '
             '"amount == 2.5"'),
            ("min: 0; max: 9; decimals: 0", "amount == 10", "10", '"amount" takes whole numbers from 0 to 9, so '
             '"amount == 10"'),
            ("", "amount > 1000000000000", "1000000000000", '"amount" takes answers from -1e+12 to 1e+12, so '
             '"amount > 1e+12"'),
        ],
    )  # fmt: skip
    def test_a_comparison_no_answer_can_meet_never_holds(
        self, tmp_path: Path, content: Path, keys: str, when: str, number: str, shown: str
    ) -> None:
        """Named at the number, in the recommendation's line (42, moved down by the keys added above it)."""
        text = amount_with(keys, when)
        line = 42 + (len(keys.split("; ")) if keys else 0)
        column = len('  - {id: act, when: "') + 1 + when.index(number)
        assert of_amount(tmp_path, content, text) == [f"q.yaml:{line}:{column}: warning: {shown} never holds"]

    @pytest.mark.parametrize(
        "when", ["amount >= 500", "amount == 500", "amount < 500.01", "amount != 2.5", "amount * 2 > 1000"]
    )
    def test_a_comparison_some_answer_meets_passes(self, tmp_path: Path, content: Path, when: str) -> None:
        assert of_amount(tmp_path, content, amount_with("min: 0; max: 500", when)) == []

    @given(
        low=st.integers(-3000, 3000),
        width=st.integers(-20, 40),
        scale=st.sampled_from([1, 10, 100, 1000]),
        decimals=st.sampled_from([None, 0, 1, 2]),
    )
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_takes_no_answer_exactly_when_the_answers_reader_refuses_every_number(
        self, tmp_path: Path, content: Path, low: int, width: int, scale: int, decimals: int | None
    ) -> None:
        """Held to the reader itself: every number with three decimals from min to max is tried as an answer."""
        lo, hi = low / scale, (low + width) / scale
        keys = f"min: {lo!r}; max: {hi!r}" + ("" if decimals is None else f"; decimals: {decimals}")
        (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
        model = load_questionnaire(tmp_path / "base.yaml", content)
        question = model.question("amount").model_copy(update={"min": lo, "max": hi, "decimals": decimals})
        tries = range(math.floor(lo * 1000), math.ceil(hi * 1000) + 1)  # stops at the first answer taken
        answerable = any(check_answer(model, question, k / 1000) is None for k in tries)
        said = [p for p in of_amount(tmp_path, content, amount_with(keys)) if "takes no answer" in p]
        assert bool(said) == (not answerable and lo <= hi), (keys, said)


class TestManyProblems:
    """Every problem is reported in one run."""

    def test_ten_ways_broken_gives_ten_located_messages(self, monkeypatch: pytest.MonkeyPatch) -> None:
        root = Path(__file__).resolve().parents[2]
        monkeypatch.chdir(root)  # paths inside the working folder are shown relative to it, as the CLI prints them
        _, problems = check_file(FIXTURES / "broken" / "ten-ways.yaml", root / "content")
        assert {p.path for p in problems} == {"tests/fixtures/broken/ten-ways.yaml"}
        assert [str(p).replace(p.path, "ten-ways.yaml", 1) for p in problems] == [
            "ten-ways.yaml:6:22: the scale's min (5) must be below its max (5)",
            "ten-ways.yaml:8:20: the first band must start at 0, not 10",
            'ten-ways.yaml:13:12: guide page "steps/no-such-page.md" does not exist in content/',
            f'ten-ways.yaml:20:5: unknown key "colour"; allowed: {", ".join(Question.model_fields)}',
            'ten-ways.yaml:21:9: duplicate question id "first" (first at line 16)',
            'ten-ways.yaml:24:16: unknown dimension "framng"; did you mean "framing"?',
            'ten-ways.yaml:30:48: "score" must be at most 100, not 140',
            'ten-ways.yaml:36:13: "weight" must be a number, not the text "heavy"',
            'ten-ways.yaml:37:36: show_if refers to "after", which comes later; '
            "a show_if may use only questions above it",
            "ten-ways.yaml:42:40: expr does not parse: unexpected end of expression",
        ]

    def test_load_questionnaires_raises_every_problem_of_every_file(self, tmp_path: Path) -> None:
        (tmp_path / "a.yaml").write_text(edit("version: 1\n", "version: one\n"), encoding="utf-8")
        (tmp_path / "b.yaml").write_text(edit("id: base\n", "id: other\n", edit("title: Base\n", "")), encoding="utf-8")
        (tmp_path / "schema.json").write_text("{}", encoding="utf-8")
        with pytest.raises(DealcraftError) as caught:
            load_questionnaires(tmp_path)
        errors = [p for p in caught.value.problems if p.is_error]
        assert [(Path(p.path).name, p.line, p.col) for p in errors] == [("a.yaml", 3, 10), ("b.yaml", 1, 1)]
        assert str(caught.value).splitlines()[0] == str(sorted(caught.value.problems)[0])

    def test_questionnaire_ids_are_unique_across_the_folder(self, tmp_path: Path) -> None:
        (tmp_path / "a.yaml").write_text(BASE, encoding="utf-8")
        (tmp_path / "b.yaml").write_text(BASE, encoding="utf-8")
        messages = [str(p) for p in validate_paths([tmp_path], None) if p.is_error]
        assert messages == [
            f'{(tmp_path / "b.yaml").as_posix()}:1:5: questionnaire id "base" is already used by '
            f"{(tmp_path / 'a.yaml').as_posix()}"
        ]

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(DealcraftError) as caught:
            load_questionnaire(tmp_path / "nope.yaml")
        assert str(caught.value).endswith("nope.yaml: no such file")


KEYS = [
    "id", "title", "version", "scale", "bands", "dimensions", "questions", "computed", "recommendations", "zone",
    "type", "text", "dimension", "options", "score", "min", "max", "label", "show_if", "expr", "when", "role",
    "my_limit", "feedback", "guide", "weight", "reverse", "labels", "other",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 200), st.floats(allow_nan=True), st.text(max_size=12),
    st.sampled_from(["likert", "choice", "multi", "number", "text", "a", "q1", "x == 1", "(", "yes", "No"]),
)  # fmt: skip
DATA = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    max_leaves=40,
)


class TestNeverCrashes:
    """Whatever a file holds, the loader answers with problems, never an exception."""

    @given(st.dictionaries(st.sampled_from(KEYS), DATA, max_size=10))
    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_any_yaml_data(self, tmp_path: Path, data: dict[str, Any]) -> None:
        file = tmp_path / "fuzz.yaml"
        file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        model, problems = check_file(file, tmp_path)
        assert (model is None) == any(p.is_error for p in problems)
        assert all(p.line >= 0 and p.col >= 0 for p in problems)

    @given(st.text(max_size=200))
    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_any_text(self, tmp_path: Path, text: str) -> None:
        file = tmp_path / "fuzz.yaml"
        file.write_text(text, encoding="utf-8", errors="surrogatepass")
        model, problems = check_file(file, None)
        assert model is None and problems

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("a: " + "[" * 3000 + "]" * 3000, "the document is nested too deeply"),
            ("a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [" + ",".join(["*a"] * 10) + "]\nc: &c [" + ",".join(["*b"] * 10)
             + "]\nd: &d [" + ",".join(["*c"] * 10) + "]\ne: [" + ",".join(["*d"] * 300) + "]\n",
             "the document is too large once its aliases are expanded"),
            ("id: !!python/object:os.system x\n", "cannot read this value: could not determine a constructor"),
        ],
    )  # fmt: skip
    def test_hostile_yaml(self, tmp_path: Path, text: str, expected: str) -> None:
        file = tmp_path / "q.yaml"
        file.write_text(text, encoding="utf-8")
        model, problems = check_file(file, None)
        assert model is None
        assert any(p.message.startswith(expected) for p in problems)
