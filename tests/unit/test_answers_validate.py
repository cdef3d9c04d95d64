"""Answers documents are untrusted: each problem is one message naming the file and the field."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.answers.validate import parse_answers_document, read_answers_bytes, read_answers_file, version_warnings
from generator.errors import DealcraftError
from generator.limits import MAX_ANSWERS_BYTES as MAX_FILE_BYTES
from generator.questionnaire.load import load_questionnaire
from generator.questionnaire.model import Questionnaire
from generator.scoring import score

ROOT = Path(__file__).resolve().parents[2]
MINI = load_questionnaire(ROOT / "tests" / "fixtures" / "questionnaires" / "mini.yaml")
QS: dict[str, Questionnaire] = {"mini": MINI}


def doc(**answers: Any) -> dict[str, Any]:
    return {"questionnaire": "mini", "version": 2, "answers": answers}


def messages(data: object) -> list[str]:
    with pytest.raises(DealcraftError) as caught:
        parse_answers_document(data, "ada.json", QS)
    return [str(p) for p in caught.value.problems]


def messages_for(questionnaire: Questionnaire, value: object) -> list[str]:
    data = {"questionnaire": questionnaire.id, "version": questionnaire.version, "answers": {"n": value}}
    try:
        parse_answers_document(data, "ada.json", {questionnaire.id: questionnaire})
    except DealcraftError as exc:
        return [str(p) for p in exc.problems]
    return []


class TestValid:
    """Good documents load, with blanks dropped and types kept."""

    def test_full_document(self) -> None:
        data = {
            "questionnaire": "mini",
            "version": 2,
            "respondent": {"name": " Ada Lovelace ", "email": "ada@example.org", "group": None},
            "submitted_at": "2026-11-25T10:00:00Z",
            "answers": {"role": "buyer", "p1": 4, "t2": ["reasons", "nothing"], "my_limit": 9000.5, "notes": "hi"},
        }
        parsed = parse_answers_document(data, "ada.json", QS)
        assert parsed.respondent.name == "Ada Lovelace" and parsed.respondent.group is None
        assert parsed.submitted_at == datetime(2026, 11, 25, 10, tzinfo=UTC)
        assert parsed.answers == data["answers"]

    def test_blank_answers_are_dropped(self) -> None:
        parsed = parse_answers_document(doc(p1=None, notes="", t2=[]), "ada.json", QS)
        assert parsed.answers == {}

    def test_fixture_files_load(self) -> None:
        parsed = read_answers_file(ROOT / "tests" / "fixtures" / "answers" / "mini-ada.json", QS)
        assert parsed.answers["p3"] == "no"


class TestOneMessagePerProblem:
    """Each problem of issue 3, item 5, gives one message naming the file and the field."""

    def test_off_the_scale(self) -> None:
        assert messages(doc(p1=7)) == ["ada.json: answers.p1: 7 is off the scale 1..5"]

    def test_own_scale_is_used(self) -> None:
        assert messages(doc(t1=11)) == ["ada.json: answers.t1: 11 is off the scale 0..10"]

    @pytest.mark.parametrize(
        ("answers", "expected"),
        [
            ({"p1": "4"}, 'answers.p1: "4" is not a number on the scale 1..5'),
            ({"p1": 4.0}, "answers.p1: 4.0 is not a whole number on the scale 1..5"),
            ({"p1": True}, "answers.p1: true is not a number on the scale 1..5"),
            ({"role": "both"}, 'answers.role: "both" is not an option; choose from buyer, seller'),
            ({"role": 1}, "answers.role: 1 is not an option id; choose from buyer, seller"),
            (
                {"t2": "reasons"},
                'answers.t2: "reasons" is not a list of option ids; choose from reasons, deadline, nothing',
            ),
            (
                {"t2": ["reasons", "secrets"]},
                'answers.t2: "secrets" is not an option; choose from reasons, deadline, nothing',
            ),
            ({"t2": ["reasons", "reasons"]}, 'answers.t2: "reasons" is chosen twice'),
            ({"my_limit": -1}, "answers.my_limit: -1 is below the minimum 0"),
            ({"my_limit": "9000"}, 'answers.my_limit: "9000" is not a number'),
            (
                {"my_limit": 9000.505},
                "answers.my_limit: 9000.505 has more than 2 decimals; results and reports show numbers to 2, so it "
                "would print as another number",
            ),
            (
                {"my_limit": 10**400},
                "answers.my_limit: the number is too large (at most 1,000,000,000,000 either side of 0)",
            ),
            ({"p1": 10**400}, "answers.p1: 1000000000000000000000000000000000000... is off the scale 1..5"),
            ({"notes": 5}, "answers.notes: 5 is not text"),
            ({"notes": "x" * 10_001}, "answers.notes: the text is longer than 10,000 characters (10,001)"),
            ({"nope": 1}, "answers.nope: not a question of mini"),
        ],
    )
    def test_wrong_values(self, answers: dict[str, Any], expected: str) -> None:
        assert messages(doc(**answers)) == [f"ada.json: {expected}"]

    @pytest.mark.parametrize(
        ("decimals", "value", "expected"),
        [
            (0, 3.5, "3.5 is not a whole number; this question takes whole numbers"),
            (1, 2.25, "2.25 has more than 1 decimal; this question takes at most 1"),
            (1, 2.5, None),
            (0, 12, None),
        ],
    )
    def test_a_question_may_take_fewer_decimals(self, decimals: int, value: float, expected: str | None) -> None:
        q = Questionnaire.model_validate(
            {
                "id": "n",
                "title": "N",
                "version": 1,
                "questions": [{"id": "n", "type": "number", "text": "N", "decimals": decimals}],
            }
        )
        found = messages_for(q, value)
        assert found == ([f"ada.json: answers.n: {expected}"] if expected else [])

    def test_every_problem_at_once(self) -> None:
        assert len(messages(doc(p1=9, role="x", nope=2))) == 3

    def test_not_an_object(self) -> None:
        assert messages([1, 2]) == ["ada.json: an answers document must be a JSON object, not a list"]

    def test_unknown_questionnaire(self) -> None:
        assert messages({"questionnaire": "other", "answers": {}}) == [
            'ada.json: questionnaire: unknown questionnaire "other"; known: mini'
        ]

    def test_missing_parts(self) -> None:
        assert messages({}) == [
            "ada.json: questionnaire: missing: which questionnaire do these answers belong to?",
            "ada.json: answers: missing: the document has no answers object",
        ]

    def test_respondent_and_time_are_checked(self) -> None:
        data = {**doc(), "respondent": {"name": 3, "age": 40}, "submitted_at": "yesterday"}
        assert messages(data) == [
            "ada.json: respondent.name: 3 is not text",
            "ada.json: respondent.age: unknown field; expected name, email, group",
            'ada.json: submitted_at: "yesterday" is not an ISO 8601 date and time',
        ]

    def test_version_mismatch_scores_with_a_warning(self) -> None:
        parsed = parse_answers_document({**doc(p1=3), "version": 1}, "ada.json", QS)
        warnings = version_warnings(parsed, MINI, "ada.json")
        assert [str(w) for w in warnings] == [
            "ada.json: version: warning: answers are for version 1 of mini, which is now version 2; scored anyway"
        ]
        assert version_warnings(parse_answers_document(doc(), "a.json", QS), MINI, "a.json") == []

    def test_answers_to_another_version_keep_what_still_fits(self) -> None:
        """A question that is gone, or an answer off the new scale, is left out and named, not refused."""
        old = {**doc(p1=3, p2=7, retired_item=4), "version": 1}
        parsed = parse_answers_document(old, "ada.json", QS)
        assert parsed.answers == {"p1": 3}
        assert parsed.dropped == ("p2", "retired_item")
        assert "dropped" not in parsed.model_dump()  # a note for the warning, not part of the document
        (warning,) = version_warnings(parsed, MINI, "ada.json")
        assert str(warning).endswith(
            "1 answer still fits and is scored; 2 no longer fit a question and are left out (p2, retired_item)"
        )
        with pytest.raises(DealcraftError) as caught:  # the same answers claiming the current version are errors
            parse_answers_document({**old, "version": 2}, "ada.json", QS)
        assert len(caught.value.problems) == 2


class TestFiles:
    """Files are read with limits and never produce a traceback."""

    def write(self, tmp_path: Path, content: str | bytes, name: str = "ada.json") -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    def one(self, path: Path) -> str:
        with pytest.raises(DealcraftError) as caught:
            read_answers_file(path, QS)
        assert len(caught.value.problems) == 1
        return str(caught.value.problems[0]).replace(path.as_posix(), "ada.json")

    def test_not_json(self, tmp_path: Path) -> None:
        assert self.one(self.write(tmp_path, '{"questionnaire": "mini",\n "answers": {')) == (
            "ada.json:2:14: not valid JSON: Expecting property name enclosed in double quotes"
        )

    def test_not_an_object(self, tmp_path: Path) -> None:
        assert self.one(self.write(tmp_path, "[]")) == (
            "ada.json: an answers document must be a JSON object, not a list"
        )

    def test_nan_is_not_json(self, tmp_path: Path) -> None:
        text = json.dumps(doc()).replace('"answers": {}', '"answers": {"my_limit": NaN}')
        assert self.one(self.write(tmp_path, text)) == "ada.json: not valid JSON: NaN is not a JSON number"

    def test_duplicate_keys(self, tmp_path: Path) -> None:
        text = '{"questionnaire": "mini", "answers": {"p1": 1, "p1": 5}}'
        assert self.one(self.write(tmp_path, text)) == 'ada.json: not valid JSON: the key "p1" appears twice'

    def test_larger_than_one_megabyte_is_refused_before_reading(self, tmp_path: Path) -> None:
        path = self.write(tmp_path, b" " * (MAX_FILE_BYTES + 1))
        assert self.one(path) == "ada.json: the file is larger than 1 MB (1,000,001 bytes); refused"

    def test_missing_file(self, tmp_path: Path) -> None:
        assert self.one(tmp_path / "ada.json") == "ada.json: no such file"

    def test_not_utf8(self, tmp_path: Path) -> None:
        assert self.one(self.write(tmp_path, b'{"a": "\xff"}')) == "ada.json: not UTF-8 text (byte 7)"

    def test_deeply_nested(self, tmp_path: Path) -> None:
        assert self.one(self.write(tmp_path, "[" * 100_000 + "]" * 100_000)) == (
            "ada.json: nested more than 16 levels deep; refused"
        )


class TestIssue16Values:
    """Issue 16, class 1: a value that passes validation must not fail later, so these are refused up front."""

    def test_lone_surrogate_in_a_name_is_refused(self) -> None:
        data = {**doc(p1=3), "respondent": {"name": "Ada \ud800"}}
        assert messages(data) == [
            "ada.json: respondent.name: holds a lone surrogate (U+D800) at character 5, which is not text; "
            "names are one line of plain text"
        ]

    def test_lone_surrogate_in_a_text_answer_is_refused(self) -> None:
        assert messages(doc(notes="fine \udfff")) == [
            "ada.json: answers.notes: the text holds a lone surrogate (U+DFFF) at character 6, which is not text"
        ]

    @pytest.mark.parametrize("name", ["\u202eevil", "a\u001b]0;x\u0007b", "two\nlines", "\u2066iso"])
    def test_control_and_bidi_characters_are_refused_in_names(self, name: str) -> None:
        (message,) = messages({**doc(), "respondent": {"name": name}})
        assert message.startswith("ada.json: respondent.name: holds a ")

    def test_line_breaks_are_fine_in_text_answers(self) -> None:
        assert parse_answers_document(doc(notes="one\n\ttwo"), "a.json", QS).answers["notes"] == "one\n\ttwo"

    @pytest.mark.parametrize(
        "moment", ["9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+23:59", "0999-05-01"]
    )
    def test_times_no_zone_can_show_are_refused(self, moment: str) -> None:
        (message,) = messages({**doc(), "submitted_at": moment})
        assert message == f'ada.json: submitted_at: "{moment}" is out of range: dates from 1000 to 9999 are accepted'

    def test_the_last_representable_time_is_fine(self) -> None:
        parsed = parse_answers_document({**doc(), "submitted_at": "9999-12-29T11:00:00-12:00"}, "a.json", QS)
        assert parsed.submitted_at is not None

    @pytest.mark.parametrize("value", [1e308, -1e308, 1e12 + 1, 10**13])
    def test_numbers_past_the_zone_range_are_refused(self, value: float) -> None:
        (message,) = messages(doc(my_limit=value))
        assert message.startswith("ada.json: answers.my_limit: the number is too large")


class TestIssue16OneReader:
    """Issue 16, class 2: every container goes through read_answers_bytes, with one set of rules."""

    def read(self, raw: bytes) -> str:
        with pytest.raises(DealcraftError) as caught:
            read_answers_bytes(raw, "in.jsonl:3", QS)
        return "\n".join(str(p) for p in caught.value.problems)

    def test_deep_nesting(self) -> None:
        assert self.read(b"[" * 100_000 + b"]" * 100_000) == "in.jsonl:3: nested more than 16 levels deep; refused"

    def test_moderate_nesting_inside_a_field_is_refused_too(self) -> None:
        raw = json.dumps({**doc(), "answers": {"notes": [[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]}}).encode()
        assert self.read(raw) == "in.jsonl:3: nested more than 16 levels deep; refused"

    def test_a_5000_digit_integer(self) -> None:
        raw = b'{"questionnaire": "mini", "answers": {"my_limit": ' + b"9" * 5000 + b"}}"
        assert self.read(raw) == "in.jsonl:3: not valid JSON: a number has more than 16 digits"

    def test_a_float_that_overflows(self) -> None:
        raw = b'{"questionnaire": "mini", "answers": {"my_limit": 1e400}}'
        assert self.read(raw) == "in.jsonl:3: not valid JSON: the number 1e400 is too large"

    def test_duplicate_keys_are_refused(self) -> None:
        raw = b'{"questionnaire": "mini", "questionnaire": "mini", "answers": {}}'
        assert self.read(raw) == 'in.jsonl:3: not valid JSON: the key "questionnaire" appears twice'

    def test_a_bom_is_accepted(self) -> None:
        raw = "\ufeff".encode() + json.dumps(doc(p1=2)).encode()
        assert read_answers_bytes(raw, "x", QS).answers == {"p1": 2}

    def test_the_size_limit(self) -> None:
        assert self.read(b" " * (MAX_FILE_BYTES + 1)) == "in.jsonl:3: larger than 1 MB (1,000,001 bytes); refused"

    def test_a_fifo_is_refused_without_hanging(self, tmp_path: Path) -> None:
        fifo = tmp_path / "ada.json"
        os.mkfifo(fifo)
        with pytest.raises(DealcraftError, match="not a regular file"):
            read_answers_file(fifo, QS)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10)
    | st.sampled_from(["mini", "buyer", "reasons", "p1", "2026-11-25T10:00:00Z"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["questionnaire", "version", "answers", "respondent", "submitted_at", "p1",
                                       "t2", "role", "my_limit", "notes", "name"]), inner, max_size=6),
    max_leaves=30,
)  # fmt: skip


@given(JSON)
@settings(max_examples=200, deadline=None)
def test_any_json_gives_a_document_or_located_problems(data: object) -> None:
    """Untrusted input never raises anything but a DealcraftError naming the file, and what passes scores."""
    try:
        parsed = parse_answers_document(data, "x.json", QS)
    except DealcraftError as exc:
        assert exc.problems and all(p.path == "x.json" for p in exc.problems)
        return
    score(MINI, parsed.answers)
