"""Answers documents written as the CSV that `dealcraft report` reads back (answers/imports.py), safe to open.

A participant types their name, group and text answers; a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return runs as a formula when a facilitator opens the file in a spreadsheet. Such a cell is written with
a leading `'` (OWASP's CSV injection advice), and the importer takes exactly that `'` off again, so the round trip
keeps the text. Numbers are written as numbers: `-3` cannot run as anything but -3.

Rows end with CRLF (RFC 4180, as spreadsheets write CSV), so a cell holding a carriage return is quoted: with `\n`
line ends Python's csv writer left a lone `\r` bare, and a reader split the row there, so a participant's text
could end their row early and start one of its own.

The importer knows a file is ours by its header (`is_our_header`: CSV_META, in this order, first). A CSV from any
other tool keeps its cells as they are: an answer that really starts with `'=` or `'-` there is the person's own.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["CSV_META", "answers_csv", "formula_safe", "from_formula_safe", "is_our_header"]

CSV_META = ("questionnaire", "version", "name", "email", "group", "submitted_at", "round", "participant")

# Any run of apostrophes before a formula start is prefixed too, so that undoing one `'` is exact: a name that
# really is "'=x" is written "''=x" and read back as "'=x".
_RUNS_AS_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def formula_safe(text: str) -> str:
    """The cell as written: with a leading `'` when a spreadsheet would read it as a formula."""
    return f"'{text}" if _RUNS_AS_FORMULA.match(text) else text


def from_formula_safe(cell: str) -> str:
    """The text `formula_safe` was given: one leading `'` taken off a cell it neutralised, any other unchanged."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


def is_our_header(header: Sequence[str]) -> bool:
    """Whether a CSV header is the one `answers_csv` writes (CSV_META in order, then question ids), so its cells
    carry `formula_safe`'s guard to take off. Eight fixed names in a fixed order: another tool's export, or a sheet
    typed by hand, does not start that way by chance."""
    return tuple(cell.strip() for cell in header[: len(CSV_META)]) == CSV_META


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list | tuple):
        return formula_safe(";".join(str(v) for v in value))
    return formula_safe(str(value))


def answers_csv(documents: Iterable[Mapping[str, Any]], question_ids: Sequence[str]) -> str:
    """One row per answers document: CSV_META, then one column per question id (multi answers joined by ';')."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; with "\n" alone, a cell holding "\r" went unquoted
    writer.writerow([*CSV_META, *question_ids])
    for doc in documents:
        person = doc.get("respondent") or {}
        answers = doc.get("answers") or {}
        meta = (
            doc.get("questionnaire"),
            doc.get("version"),
            *(person.get(k) or None for k in ("name", "email", "group")),
        )
        writer.writerow(
            [
                *(_cell(v) for v in meta),
                _cell(doc.get("submitted_at")),
                _cell(doc.get("round")),  # before-and-after rounds, paired by the participant key
                _cell(doc.get("participant")),
                *(_cell(answers.get(q)) for q in question_ids),
            ]
        )
    return out.getvalue()
