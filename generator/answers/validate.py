"""Answers documents are untrusted input: read them with limits and check every field against its questionnaire.

Each problem is one message naming the file and the field, e.g.
`ada.json: answers.relationship: 7 is off the scale 1..5`; all problems of a document are collected and raised
together as a DealcraftError. Rules:

- likert: a whole number (4, not 4.0 or "4") on the question's scale;
- choice: an option id; multi: a list of distinct option ids; number: a finite number within min..max;
- text: a string of at most MAX_TEXT characters;
- null, "" and [] mean "not answered" and are dropped; answers to questions that are hidden by show_if are kept
  (the scorer ignores them);
- respondent name/email/group: optional strings; submitted_at: optional ISO 8601 date and time (UTC if no zone);
- a version that differs from the questionnaire's is not an error: see `version_warnings`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator.answers.document import AnswersDocument, Respondent
from generator.errors import DealcraftError, Problem, Severity
from generator.questionnaire.model import Question, Questionnaire

__all__ = [
    "MAX_FIELD",
    "MAX_FILE_BYTES",
    "MAX_TEXT",
    "check_answer",
    "parse_answers_document",
    "read_answers_file",
    "version_warnings",
]

MAX_FILE_BYTES = 1_000_000
"""Answers files larger than this are refused before they are read."""

MAX_TEXT = 10_000
"""The longest text answer accepted, in characters."""

MAX_FIELD = 200
"""The longest respondent name, email or group accepted."""

_TOP_KEYS = ("questionnaire", "version", "respondent", "submitted_at", "answers")
_RESPONDENT_KEYS = ("name", "email", "group")


def _show(value: object) -> str:
    """A short, safe rendering of an untrusted value for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{value:.1f}"
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= 40 else text[:37] + "..."
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(text, ensure_ascii=False)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _fmt(x: float) -> str:
    return f"{x:g}"


def check_answer(questionnaire: Questionnaire, question: Question, value: object) -> str | None:
    """Why `value` is not a valid answer to `question` (None when it is). `value` is not null/""/[]."""
    qtype = question.type
    if qtype == "likert":
        scale = questionnaire.scale_for(question)
        if not _is_number(value):
            return f"{_show(value)} is not a number on the scale {scale.min}..{scale.max}"
        if not isinstance(value, int):
            return f"{_show(value)} is not a whole number on the scale {scale.min}..{scale.max}"
        if not scale.min <= value <= scale.max:
            return f"{_show(value)} is off the scale {scale.min}..{scale.max}"
        return None
    option_ids = [o.id for o in question.options]
    choose = f"choose from {', '.join(option_ids)}"
    if qtype == "choice":
        if not isinstance(value, str):
            return f"{_show(value)} is not an option id; {choose}"
        if value not in option_ids:
            return f"{_show(value)} is not an option; {choose}"
        return None
    if qtype == "multi":
        if not isinstance(value, list):
            return f"{_show(value)} is not a list of option ids; {choose}"
        seen: set[str] = set()
        for item in value:
            if not isinstance(item, str) or item not in option_ids:
                return f"{_show(item)} is not an option; {choose}"
            if item in seen:
                return f"{_show(item)} is chosen twice"
            seen.add(item)
        return None
    if qtype == "number":
        if not _is_number(value):
            return f"{_show(value)} is not a number"
        try:
            number = float(value)  # type: ignore[arg-type]
        except OverflowError:  # an integer with hundreds of digits
            number = math.inf
        if not math.isfinite(number):
            return "the number is too large"
        if question.min is not None and number < question.min:
            return f"{_show(value)} is below the minimum {_fmt(question.min)}"
        if question.max is not None and number > question.max:
            return f"{_show(value)} is above the maximum {_fmt(question.max)}"
        return None
    if not isinstance(value, str):
        return f"{_show(value)} is not text"
    if len(value) > MAX_TEXT:
        return f"the text is longer than {MAX_TEXT:,} characters ({len(value):,})"
    return None


def _blank(value: object) -> bool:
    return value is None or value == "" or value == []


def _timestamp(value: object) -> datetime:
    if not isinstance(value, str) or len(value) > 64:
        raise ValueError
    moment = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def parse_answers_document(data: object, source: str, questionnaires: Mapping[str, Questionnaire]) -> AnswersDocument:
    """Check an answers document (already parsed JSON) against its questionnaire; raise every problem at once."""

    def problem(field: str, message: str) -> Problem:
        return Problem(path=source, field=field, message=message)

    if not isinstance(data, dict):
        raise DealcraftError(problem("", f"an answers document must be a JSON object, not {_show(data)}"))
    problems: list[Problem] = []
    for key in data:
        if key not in _TOP_KEYS:
            problems.append(problem(str(key)[:60], f"unknown field; expected {', '.join(_TOP_KEYS)}"))

    qid = data.get("questionnaire")
    questionnaire: Questionnaire | None = None
    if qid is None:
        problems.append(problem("questionnaire", "missing: which questionnaire do these answers belong to?"))
    elif not isinstance(qid, str):
        problems.append(problem("questionnaire", f"{_show(qid)} is not a questionnaire id"))
    elif qid not in questionnaires:
        known = ", ".join(sorted(questionnaires)) or "none"
        problems.append(problem("questionnaire", f"unknown questionnaire {_show(qid)}; known: {known}"))
    else:
        questionnaire = questionnaires[qid]

    version = data.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        problems.append(problem("version", f"{_show(version)} is not a whole number"))
        version = None

    respondent = Respondent()
    raw_respondent = data.get("respondent")
    if raw_respondent is not None:
        if not isinstance(raw_respondent, dict):
            problems.append(problem("respondent", f"{_show(raw_respondent)} is not an object with name, email, group"))
        else:
            fields: dict[str, str | None] = {}
            for key, value in raw_respondent.items():
                name = f"respondent.{str(key)[:60]}"
                if key not in _RESPONDENT_KEYS:
                    problems.append(problem(name, f"unknown field; expected {', '.join(_RESPONDENT_KEYS)}"))
                elif value is not None and not isinstance(value, str):
                    problems.append(problem(name, f"{_show(value)} is not text"))
                elif isinstance(value, str) and len(value) > MAX_FIELD:
                    problems.append(problem(name, f"longer than {MAX_FIELD} characters"))
                else:
                    fields[key] = (value.strip() or None) if isinstance(value, str) else None
            respondent = Respondent(**fields)

    submitted_at: datetime | None = None
    raw_time = data.get("submitted_at")
    if raw_time is not None:
        try:
            submitted_at = _timestamp(raw_time)
        except ValueError:
            problems.append(problem("submitted_at", f"{_show(raw_time)} is not an ISO 8601 date and time"))

    answers: dict[str, Any] = {}
    raw_answers = data.get("answers")
    if raw_answers is None:
        problems.append(problem("answers", "missing: the document has no answers object"))
    elif not isinstance(raw_answers, dict):
        problems.append(problem("answers", f"{_show(raw_answers)} is not an object of question ids and answers"))
    elif questionnaire is not None:
        known_ids = {q.id for q in questionnaire.questions}
        for key, value in raw_answers.items():
            name = f"answers.{str(key)[:60]}"
            if key not in known_ids:
                problems.append(problem(name, f"not a question of {questionnaire.id}"))
                continue
            if _blank(value):
                continue
            message = check_answer(questionnaire, questionnaire.question(key), value)
            if message:
                problems.append(problem(name, message))
            else:
                answers[key] = value

    if problems or questionnaire is None:
        raise DealcraftError(problems)
    return AnswersDocument(
        questionnaire=questionnaire.id,
        version=version,
        respondent=respondent,
        submitted_at=submitted_at,
        answers=answers,
    )


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f'the key "{key[:60]}" appears twice')
        out[key] = value
    return out


def read_answers_file(path: str | Path, questionnaires: Mapping[str, Questionnaire]) -> AnswersDocument:
    """Read one answers .json file (at most 1 MB, UTF-8 JSON object) and check it; DealcraftError otherwise."""
    path = Path(path)
    source = path.as_posix()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DealcraftError(Problem(source, message=f"the file is larger than 1 MB ({size:,} bytes); refused"))
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DealcraftError(Problem(source, message="no such file")) from None
    except IsADirectoryError:
        raise DealcraftError(Problem(source, message="is a folder, not an answers file")) from None
    except OSError as exc:
        raise DealcraftError(Problem(source, message=f"cannot read the file: {exc.strerror or exc}")) from None
    if len(raw) > MAX_FILE_BYTES:
        raise DealcraftError(Problem(source, message="the file is larger than 1 MB; refused"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DealcraftError(Problem(source, message=f"not UTF-8 text (byte {exc.start})")) from None
    try:
        data = json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise DealcraftError(Problem(source, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")) from None
    except ValueError as exc:
        raise DealcraftError(Problem(source, message=f"not valid JSON: {exc}")) from None
    except RecursionError:
        raise DealcraftError(Problem(source, message="not valid JSON: nested too deeply")) from None
    return parse_answers_document(data, source, questionnaires)


def version_warnings(document: AnswersDocument, questionnaire: Questionnaire, source: str) -> list[Problem]:
    """A warning when the answers were given to another version of the questionnaire (they are still scored)."""
    if document.version is None or document.version == questionnaire.version:
        return []
    return [
        Problem(
            source,
            field="version",
            message=f"answers are for version {document.version} of {questionnaire.id}, which is now version "
            f"{questionnaire.version}; scored anyway",
            severity=Severity.WARNING,
        )
    ]
