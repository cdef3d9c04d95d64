"""Reading many answers documents: CSV (plain and mapped form exports), JSON Lines, folders, and their limits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.answers.imports import (
    ColumnMap,
    Loaded,
    _timestamp,
    expand_inputs,
    load_inputs,
    load_map,
    read_csv,
    read_jsonl,
    scored_inputs,
    valid_inputs,
)
from generator.errors import DealcraftError, Problem
from generator.questionnaire.load import load_questionnaires
from generator.questionnaire.model import Questionnaire

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "examples" / "forms"


@pytest.fixture(scope="module")
def questionnaires() -> dict[str, Questionnaire]:
    return load_questionnaires(ROOT / "questionnaires")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _ok(items: list[Loaded]) -> list[Loaded]:
    return [i for i in items if i.document is not None]


def _bad(items: list[Loaded]) -> list[str]:
    return [str(p) for i in items for p in i.problems]


class TestPlainCsv:
    """The documented layout: name, email, group, submitted_at and one column per question id."""

    def test_rows_become_documents(self, tmp_path: Path, questionnaires: dict[str, Questionnaire]) -> None:
        csv = _write(
            tmp_path / "deal-readiness.csv",
            "name,email,group,submitted_at,hz_satisfied,their_approach,my_limit,first_move\n"
            'Ada,ada@example.org,A,2026-11-24T09:00:00Z,3,both,"9,000",Ask first\n'
            "Ben,,B,,2,,,\n",
        )
        items = list(read_csv(csv, questionnaires))
        assert _bad(items) == []
        ada, ben = (i.document for i in _ok(items))
        assert ada is not None and ben is not None
        assert ada.questionnaire == "deal-readiness"
        assert ada.respondent.name == "Ada" and ada.respondent.group == "A"
        assert ada.answers == {"hz_satisfied": 3, "their_approach": "both", "my_limit": 9000, "first_move": "Ask first"}
        assert ada.submitted_at is not None and ada.submitted_at.year == 2026
        assert ben.answers == {"hz_satisfied": 2}  # empty cells are unanswered

    def test_choice_by_label_and_multi_split_on_semicolon(
        self, tmp_path: Path, questionnaires: dict[str, Questionnaire]
    ) -> None:
        tiny = Questionnaire.model_validate(
            {
                "id": "tiny",
                "title": "Tiny",
                "version": 1,
                "dimensions": [{"id": "d", "title": "D"}],
                "questions": [
                    {
                        "id": "tactics",
                        "type": "multi",
                        "text": "Tactics?",
                        "dimension": "d",
                        "options": [
                            {"id": "listen", "label": "Listen first", "score": 100},
                            {"id": "trade", "label": "Trade cheap items", "score": 50},
                        ],
                    },
                    {
                        "id": "kind",
                        "type": "choice",
                        "text": "Kind?",
                        "options": [{"id": "repeat", "label": "A repeat deal"}, {"id": "one_off", "label": "One-off"}],
                    },
                ],
            }
        )
        csv = _write(tmp_path / "tiny.csv", "name,tactics,kind\nAda,listen; Trade cheap items,A repeat deal\n")
        (item,) = read_csv(csv, {"tiny": tiny})
        assert item.document is not None, item.problems
        assert item.document.answers == {"tactics": ["listen", "trade"], "kind": "repeat"}

    def test_bad_row_is_named_by_file_row_and_field(
        self, tmp_path: Path, questionnaires: dict[str, Questionnaire]
    ) -> None:
        csv = _write(
            tmp_path / "trust-readiness.csv",
            "name,ww_ask_again,st_first_meeting\nGood,4,little\nBad,seven,little\nWorse,9,little\n",
        )
        items = list(read_csv(csv, questionnaires))
        assert [i.source for i in _ok(items)] == [f"{csv}:2"]
        problems = _bad(items)
        assert any(p.startswith(f"{csv}:3: answers.ww_ask_again:") and "not a number" in p for p in problems)
        assert any(p.startswith(f"{csv}:4") and "ww_ask_again" in p for p in problems), problems

    def test_unknown_column_stops_the_file_at_the_header(
        self, tmp_path: Path, questionnaires: dict[str, Questionnaire]
    ) -> None:
        csv = _write(tmp_path / "trust-readiness.csv", "name,ww_ask_agian\nAda,4\n")
        items = list(read_csv(csv, questionnaires))
        assert _ok(items) == []
        assert any(f"{csv}:1" in p and "ww_ask_agian" in p and "unknown column" in p for p in _bad(items))

    def test_questionnaire_is_required_somewhere(
        self, tmp_path: Path, questionnaires: dict[str, Questionnaire]
    ) -> None:
        csv = _write(tmp_path / "answers.csv", "name,ww_ask_again\nAda,4\n")
        (item,) = read_csv(csv, questionnaires)
        assert item.document is None
        assert "questionnaire" in str(item.problems[0])

    def test_rows_over_64_kb_are_refused_and_the_rest_still_read(
        self, tmp_path: Path, questionnaires: dict[str, Questionnaire]
    ) -> None:
        big = "x" * (70 * 1024)
        csv = _write(tmp_path / "trust-readiness.csv", f"name,first_step\nAda,short\nBen,{big}\nCy,fine\n")
        items = list(read_csv(csv, questionnaires))
        assert [i.source for i in _ok(items)] == [f"{csv}:2", f"{csv}:4"]
        assert _bad(items) == [f"{csv}:3: the row is larger than 64 KB"]

    def test_not_utf8(self, tmp_path: Path, questionnaires: dict[str, Questionnaire]) -> None:
        path = tmp_path / "trust-readiness.csv"
        path.write_bytes(b"name\n\xff\xfe\n")
        assert "UTF-8" in _bad(list(read_csv(path, questionnaires)))[0]


class TestMappedExport:
    """A Google Forms export is read unchanged through a YAML column map."""

    def test_the_shipped_example_reads_completely(self, questionnaires: dict[str, Questionnaire]) -> None:
        column_map = load_map(FORMS / "trust-readiness-google-forms.map.yaml")
        items = list(read_csv(FORMS / "trust-readiness-google-forms.csv", questionnaires, column_map))
        assert _bad(items) == []
        docs = [i.document for i in items if i.document is not None]
        assert len(docs) == 4
        names = [d.respondent.name for d in docs]
        assert "李娜" in names and "عمر فاروق" in names
        first = docs[0]
        question_ids = {q.id for q in questionnaires["trust-readiness"].questions}
        assert set(first.answers) <= question_ids
        assert all(isinstance(first.answers[q], int) for q in ("ww_ask_again", "ti_straight_to_terms"))
        assert first.answers["st_first_meeting"] in {
            o.id for o in questionnaires["trust-readiness"].question("st_first_meeting").options
        }
        # "2026/11/24 9:41:10 AM GMT+1" is 08:41:10 UTC
        assert first.submitted_at is not None and (first.submitted_at.hour, first.submitted_at.minute) == (8, 41)

    def test_unmapped_answer_text_is_a_field_error(
        self, tmp_path: Path, questionnaires: dict[str, Questionnaire]
    ) -> None:
        column_map = ColumnMap(questionnaire="trust-readiness", columns={"Q1": "ww_ask_again", "Who": "name"})
        csv = _write(tmp_path / "export.csv", "Who,Q1,Score\nAda,Mostly yes,3\n")
        (item,) = read_csv(csv, questionnaires, column_map)
        assert item.document is None
        assert str(item.problems[0]).startswith(f"{csv}:2: answers.ww_ask_again:")

    def test_bad_map_lists_every_problem(self, tmp_path: Path) -> None:
        path = _write(tmp_path / "m.yaml", "colums: {}\ncolumns: [a]\nmulti_separator: ''\n")
        with pytest.raises(DealcraftError) as err:
            load_map(path)
        fields = {p.field for p in err.value.problems}
        assert {"colums", "columns", "multi_separator"} <= fields

    def test_timestamps(self) -> None:
        assert _timestamp("2026/11/24 9:44:02 PM GMT-2", None) == "2026-11-24T23:44:02Z"
        assert _timestamp("24.11.2026 09:44", "%d.%m.%Y %H:%M") == "2026-11-24T09:44:00Z"
        with pytest.raises(ValueError, match="not a date"):
            _timestamp("yesterday", None)


class TestJsonLines:
    """One document a line; every bad line is named file:line and the rest are read."""

    def test_lines(self, tmp_path: Path, questionnaires: dict[str, Questionnaire]) -> None:
        good = {"questionnaire": "trust-readiness", "version": 2, "respondent": {"name": "Ada"}, "answers": {}}
        path = _write(
            tmp_path / "a.jsonl",
            "\n".join(
                [
                    json.dumps(good),
                    "{not json",
                    "",
                    json.dumps({**good, "questionnaire": "nope"}),
                    json.dumps({**good, "answers": {"ww_ask_again": 9}}),
                    json.dumps(good),
                ]
            )
            + "\n",
        )
        items = list(read_jsonl(path, questionnaires))
        assert [i.source for i in _ok(items)] == [f"{path}:1", f"{path}:6"]
        problems = _bad(items)
        assert problems[0].startswith(f"{path}:2: not valid JSON at column")
        assert any(p.startswith(f"{path}:4: questionnaire:") for p in problems)
        assert any(p.startswith(f"{path}:5: answers.ww_ask_again:") for p in problems)

    def test_line_over_1_mb(self, tmp_path: Path, questionnaires: dict[str, Questionnaire]) -> None:
        path = tmp_path / "big.jsonl"
        path.write_text('{"name": "' + "x" * (1024 * 1024 + 10) + '"}\n{}\n', encoding="utf-8")
        items = list(read_jsonl(path, questionnaires))
        assert str(items[0].problems[0]) == f"{path}:1: the line is larger than 1 MB; refused"
        assert items[1].source == f"{path}:2"

    def test_the_json_rules_apply_to_every_line(self, tmp_path: Path, questionnaires: dict[str, Questionnaire]) -> None:
        """Issue 16, class 2: a JSONL line is read by the same reader as a .json file (depth, digits, keys, BOM)."""
        good = json.dumps({"questionnaire": "trust-readiness", "answers": {"ww_ask_again": 4}})
        lines = [
            "\ufeff" + good,
            "[" * 100_000 + "]" * 100_000,
            '{"questionnaire": "trust-readiness", "answers": {"ww_ask_again": ' + "9" * 5000 + "}}",
            '{"questionnaire": "trust-readiness", "questionnaire": "trust-readiness", "answers": {}}',
            good,
        ]
        path = _write(tmp_path / "room.jsonl", "\n".join(lines) + "\n")
        items = list(read_jsonl(path, questionnaires))
        assert [i.source for i in _ok(items)] == [f"{path}:1", f"{path}:5"]
        assert _bad(items) == [
            f"{path}:2: nested more than 16 levels deep; refused",
            f"{path}:3: not valid JSON: a number has more than 16 digits",
            f'{path}:4: not valid JSON: the key "questionnaire" appears twice',
        ]


class TestInputs:
    """Folders are searched recursively in a stable order; missing paths are reported, not raised."""

    def test_folder_and_missing(self, tmp_path: Path, questionnaires: dict[str, Questionnaire]) -> None:
        (tmp_path / "sub").mkdir()
        _write(tmp_path / "sub" / "b.json", "{}")
        _write(tmp_path / "a.json", "{}")
        _write(tmp_path / "notes.txt", "ignored")
        files, problems = expand_inputs([tmp_path, tmp_path / "missing.json"])
        assert files == [tmp_path / "a.json", tmp_path / "sub" / "b.json"]
        assert [p.path for p in problems] == [str(tmp_path / "missing.json")]
        items = list(load_inputs([tmp_path], questionnaires))
        assert len(items) == 2 and all(i.document is None for i in items)

    def test_valid_inputs_go_on_past_a_bad_one(self, tmp_path: Path, questionnaires: dict[str, Questionnaire]) -> None:
        good = json.loads((ROOT / "examples/workshop/trust-readiness/ada-okafor.json").read_text(encoding="utf-8"))
        _write(tmp_path / "a.json", "{}")
        _write(tmp_path / "b.json", json.dumps(good))
        _write(tmp_path / "c.json", json.dumps({**good, "version": 1}))
        failures: list[Problem] = []
        warnings: list[Problem] = []
        items = list(valid_inputs([tmp_path], questionnaires, None, failures=failures, warnings=warnings))
        assert [(Path(i.source).name, i.questionnaire.id) for i in items] == [
            ("b.json", "trust-readiness"),
            ("c.json", "trust-readiness"),
        ]
        assert {Path(p.path).name for p in failures} == {"a.json"}
        assert [(Path(p.path).name, p.field) for p in warnings] == [("c.json", "version")]

    def test_scored_inputs_name_a_document_the_scorer_refuses(
        self, tmp_path: Path, questionnaires: dict[str, Questionnaire], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each valid document is scored once, with the scorer's result; one it refuses is named and the rest go on.
        The scorer refuses nothing a valid document can hold today, so the refusal is injected."""
        import generator.answers.imports as imports
        from generator.scoring import score

        folder = ROOT / "examples/workshop/trust-readiness"
        docs = {
            name: json.loads((folder / name).read_text(encoding="utf-8"))
            for name in ("ada-okafor.json", "wang-fang.json")
        }
        for name, doc in docs.items():
            _write(tmp_path / name, json.dumps(doc))

        def refusing(questionnaire: Questionnaire, answers: Any) -> Any:
            if dict(answers) == docs["ada-okafor.json"]["answers"]:
                raise DealcraftError(Problem(str(tmp_path / "ada-okafor.json"), message="refused as it is"))
            if dict(answers) == docs["wang-fang.json"]["answers"]:
                raise DealcraftError(Problem("q.yaml", 3, 4, message="cannot evaluate", field="when"))
            return score(questionnaire, answers)

        failures: list[Problem] = []
        items = list(scored_inputs([tmp_path], questionnaires, None, failures=failures, warnings=[]))
        assert [(Path(i.source).name, i.result) for i in items] == [
            (name, score(questionnaires["trust-readiness"], doc["answers"])) for name, doc in docs.items()
        ]
        monkeypatch.setattr(imports, "score", refusing)
        items = list(scored_inputs([tmp_path], questionnaires, None, failures=failures, warnings=[]))
        assert items == []
        assert [str(p) for p in failures] == [
            f"{tmp_path / 'ada-okafor.json'}: refused as it is",  # already named by the input: kept as it is
            f"{tmp_path / 'wang-fang.json'}: cannot be scored: q.yaml:3:4: when: cannot evaluate",
        ]
