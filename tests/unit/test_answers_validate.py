"""Answers documents are untrusted: each problem is one message naming the file and the field."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.answers.validate import MAX_FILE_BYTES, parse_answers_document, read_answers_file, version_warnings
from generator.errors import DealcraftError
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
            ({"my_limit": 10**400}, "answers.my_limit: the number is too large"),
            ({"p1": 10**400}, "answers.p1: 1000000000000000000000000000000000000... is off the scale 1..5"),
            ({"notes": 5}, "answers.notes: 5 is not text"),
            ({"notes": "x" * 10_001}, "answers.notes: the text is longer than 10,000 characters (10,001)"),
            ({"nope": 1}, "answers.nope: not a question of mini"),
        ],
    )
    def test_wrong_values(self, answers: dict[str, Any], expected: str) -> None:
        assert messages(doc(**answers)) == [f"ada.json: {expected}"]

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
        assert self.one(self.write(tmp_path, "[" * 100_000 + "]" * 100_000)).startswith("ada.json: not valid JSON")


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
