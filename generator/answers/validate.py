"""Answers documents are untrusted input: read them with limits and check every field against its questionnaire.

`read_answers_bytes` is the one entry point for untrusted answers (a .json file, a JSON Lines line, a POST body);
CSV rows come in through `parse_answers_document` after the importer has turned cells into values. Each problem is
one message naming the source and the field, e.g. `ada.json: answers.relationship: 7 is off the scale 1..5`; all
problems of a document are collected and raised together as a DealcraftError. Rules:

- bytes: at most `limits.MAX_ANSWERS_BYTES`, UTF-8 with or without a BOM, one JSON object, no key twice, no
  NaN/Infinity, integers of at most `limits.MAX_INT_DIGITS` digits, nesting at most `limits.MAX_JSON_DEPTH` deep;
- likert: a whole number (4, not 4.0 or "4") on the question's scale;
- choice: an option id; multi: a list of distinct option ids;
- number: a finite number within min..max and within ±`limits.MAX_NUMBER` (the zone maths' range), with at most
  the question's `decimals` (`limits.NUMBER_DECIMALS`, the two that results and reports show);
- text: a string of at most `limits.MAX_TEXT` characters; tabs and line breaks allowed, other control
  characters, bidi controls and lone surrogates refused (they cannot be printed or written to a PDF);
- null, "" and [] mean "not answered" (`values.is_answered`) and are dropped; answers to questions that are
  hidden by show_if are kept (the scorer ignores them);
- respondent name/email/group: optional single-line strings of at most `limits.MAX_FIELD` characters, with no
  control or bidi characters; submitted_at: optional ISO 8601 date and time (UTC if no zone), representable in
  every time zone (`values.parse_timestamp`);
- round: optional, "before" or "after"; participant: an optional single-line key that stays the same across
  rounds (see `generator.report.rounds`);
- a version that differs from the questionnaire's is not an error: answers that no longer fit a question of the
  current version are left out (as the browser does with saved answers), and `version_warnings` names them.

A document that passes these checks renders: if one does not, the validator is wrong.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.answers.document import ROUNDS, AnswersDocument, Respondent
from generator.errors import DealcraftError, Problem, Severity
from generator.expressions import round_half_away
from generator.limits import (
    MAX_ANSWERS_BYTES,
    MAX_FIELD,
    MAX_INT_DIGITS,
    MAX_JSON_DEPTH,
    MAX_NUMBER,
    MAX_TEXT,
    MB,
    NUMBER_DECIMALS,
)
from generator.questionnaire.model import Question, Questionnaire
from generator.values import bad_text, echo, is_answered, parse_timestamp

__all__ = [
    "check_answer",
    "load_json_bytes",
    "parse_answers_document",
    "read_answers_bytes",
    "read_answers_file",
    "version_warnings",
]

_TOP_KEYS = ("questionnaire", "version", "respondent", "submitted_at", "answers", "round", "participant")
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
        return json.dumps(echo(value, 40), ensure_ascii=False)
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
        if not math.isfinite(number) or abs(number) > MAX_NUMBER:
            return f"the number is too large (at most {MAX_NUMBER:,.0f} either side of 0)"
        if question.min is not None and number < question.min:
            return f"{_show(value)} is below the minimum {_fmt(question.min)}"
        if question.max is not None and number > question.max:
            return f"{_show(value)} is above the maximum {_fmt(question.max)}"
        places = question.places
        if round_half_away(number, places) != number:  # it would print as another number than it compares as
            if places == 0:
                return f"{_show(value)} is not a whole number; this question takes whole numbers"
            reason = (
                f"results and reports show numbers to {places}, so it would print as another number"
                if places == NUMBER_DECIMALS
                else f"this question takes at most {places}"
            )
            return f"{_show(value)} has more than {places} decimal{'s' if places > 1 else ''}; {reason}"
        return None
    if not isinstance(value, str):
        return f"{_show(value)} is not text"
    if len(value) > MAX_TEXT:
        return f"the text is longer than {MAX_TEXT:,} characters ({len(value):,})"
    if (why := bad_text(value, allow_breaks=True)) is not None:
        return f"the text holds {why}"
    return None


def parse_answers_document(data: object, source: str, questionnaires: Mapping[str, Questionnaire]) -> AnswersDocument:
    """Check an answers document (already parsed JSON) against its questionnaire; raise every problem at once."""

    def problem(field: str, message: str) -> Problem:
        return Problem(path=source, field=field, message=message)

    if not isinstance(data, dict):
        raise DealcraftError(problem("", f"an answers document must be a JSON object, not {_show(data)}"))
    problems: list[Problem] = []
    for key in data:
        if key not in _TOP_KEYS:
            problems.append(problem(echo(key, 60), f"unknown field; expected {', '.join(_TOP_KEYS)}"))

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
    if version is not None and (not isinstance(version, int) or isinstance(version, bool) or version < 0):
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
                name = f"respondent.{echo(key, 60)}"
                if key not in _RESPONDENT_KEYS:
                    problems.append(problem(name, f"unknown field; expected {', '.join(_RESPONDENT_KEYS)}"))
                elif value is not None and not isinstance(value, str):
                    problems.append(problem(name, f"{_show(value)} is not text"))
                elif isinstance(value, str) and len(value) > MAX_FIELD:
                    problems.append(problem(name, f"longer than {MAX_FIELD} characters"))
                elif isinstance(value, str) and (why := bad_text(value)) is not None:
                    problems.append(problem(name, f"holds {why}; names are one line of plain text"))
                else:
                    fields[key] = (value.strip() or None) if isinstance(value, str) else None
            respondent = Respondent(**fields)

    submitted_at: datetime | None = None
    raw_time = data.get("submitted_at")
    if raw_time is not None:
        try:
            submitted_at = parse_timestamp(raw_time)
        except ValueError as exc:
            why = f"is {exc}" if str(exc).startswith("out of range") else "is not an ISO 8601 date and time"
            problems.append(problem("submitted_at", f"{_show(raw_time)} {why}"))

    round_ = data.get("round")
    if round_ is not None and round_ not in ROUNDS:
        problems.append(problem("round", f"{_show(round_)} is not a round; use {' or '.join(ROUNDS)}"))
        round_ = None
    participant = data.get("participant")
    if participant is not None:
        if not isinstance(participant, str):
            problems.append(problem("participant", f"{_show(participant)} is not text"))
            participant = None
        elif len(participant) > MAX_FIELD:
            problems.append(problem("participant", f"longer than {MAX_FIELD} characters"))
            participant = None
        elif (why := bad_text(participant)) is not None:
            problems.append(problem("participant", f"holds {why}; a participant key is one line of plain text"))
            participant = None
        else:
            participant = participant.strip() or None

    answers: dict[str, Any] = {}
    dropped: list[str] = []
    raw_answers = data.get("answers")
    if raw_answers is None:
        problems.append(problem("answers", "missing: the document has no answers object"))
    elif not isinstance(raw_answers, dict):
        problems.append(problem("answers", f"{_show(raw_answers)} is not an object of question ids and answers"))
    elif questionnaire is not None:
        known_ids = {q.id for q in questionnaire.questions}
        other_version = version is not None and version != questionnaire.version
        for key, value in raw_answers.items():
            name = f"answers.{echo(key, 60)}"
            if key not in known_ids:
                if other_version:
                    dropped.append(echo(key, 60))
                else:
                    problems.append(problem(name, f"not a question of {questionnaire.id}"))
                continue
            if not is_answered(value):
                continue
            message = check_answer(questionnaire, questionnaire.question(key), value)
            if message and other_version:
                dropped.append(key)
            elif message:
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
        round=round_,
        participant=participant,
        dropped=tuple(dropped),
    )


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f'the key "{echo(key, 60)}" appears twice')
        out[key] = value
    return out


def _whole(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a number has more than {MAX_INT_DIGITS} digits")
    return int(text)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {echo(text, 40)} is too large")
    return number


def _too_deep(value: object, depth: int = 1) -> bool:
    """Whether containers nest deeper than MAX_JSON_DEPTH (a bounded walk: it stops at the limit)."""
    if depth > MAX_JSON_DEPTH:
        return True
    if isinstance(value, dict):
        return any(_too_deep(v, depth + 1) for v in value.values() if isinstance(v, dict | list))
    if isinstance(value, list):
        return any(_too_deep(v, depth + 1) for v in value if isinstance(v, dict | list))
    return False


def load_json_bytes(raw: bytes, source: str) -> object:
    """Untrusted bytes as JSON by the answers rules (size, UTF-8 with an optional BOM, no duplicate keys, no
    NaN/Infinity, bounded integers, bounded depth); DealcraftError naming `source` otherwise."""
    if len(raw) > MAX_ANSWERS_BYTES:
        raise DealcraftError(
            Problem(source, message=f"larger than {MAX_ANSWERS_BYTES / MB:g} MB ({len(raw):,} bytes); refused")
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DealcraftError(Problem(source, message=f"not UTF-8 text (byte {exc.start})")) from None
    try:
        data = json.loads(
            text, parse_constant=_no_constants, parse_int=_whole, parse_float=_finite, object_pairs_hook=_no_duplicates
        )
    except json.JSONDecodeError as exc:
        if re.search(r":\d+$", source) is None:
            raise DealcraftError(Problem(source, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")) from None
        # `source` already names a line (a JSONL line): give the position in words, not as a second file:line.
        raise DealcraftError(Problem(source, message=f"not valid JSON at column {exc.colno}: {exc.msg}")) from None
    except RecursionError:
        data = None
        too_deep = True
    except ValueError as exc:
        raise DealcraftError(Problem(source, message=f"not valid JSON: {exc}")) from None
    else:
        too_deep = _too_deep(data)
    if too_deep:
        raise DealcraftError(Problem(source, message=f"nested more than {MAX_JSON_DEPTH} levels deep; refused"))
    return data


def read_answers_bytes(raw: bytes, source: str, questionnaires: Mapping[str, Questionnaire]) -> AnswersDocument:
    """The one entry point for untrusted answers bytes (a .json file, a JSON Lines line, a POST body).

    Applies the byte-level rules of `load_json_bytes`, then every field check of `parse_answers_document`;
    raises DealcraftError with every problem named `source: field: message`. What it returns renders.
    """
    return parse_answers_document(load_json_bytes(raw, source), source, questionnaires)


def read_answers_file(path: str | Path, questionnaires: Mapping[str, Questionnaire]) -> AnswersDocument:
    """Read one answers .json file (a regular file within MAX_ANSWERS_BYTES) and check it; DealcraftError otherwise."""
    path = Path(path)
    source = path.as_posix()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise DealcraftError(Problem(source, message=f"is {what}, not an answers file"))
        if info.st_size > MAX_ANSWERS_BYTES:
            raise DealcraftError(
                Problem(
                    source,
                    message=f"the file is larger than {MAX_ANSWERS_BYTES / MB:g} MB ({info.st_size:,} bytes); refused",
                )
            )
        # O_NONBLOCK: a FIFO swapped in after the check must not hang the read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_ANSWERS_BYTES + 1)
    except FileNotFoundError:
        raise DealcraftError(Problem(source, message="no such file")) from None
    except OSError as exc:
        raise DealcraftError(Problem(source, message=f"cannot read the file: {exc.strerror or exc}")) from None
    return read_answers_bytes(raw or b"", source, questionnaires)


def version_warnings(document: AnswersDocument, questionnaire: Questionnaire, source: str) -> list[Problem]:
    """A warning when the answers were given to another version of the questionnaire (what still fits is scored)."""
    if document.version is None or document.version == questionnaire.version:
        return []
    kept = "scored anyway"
    if document.dropped:
        shown = ", ".join(document.dropped[:8]) + (", ..." if len(document.dropped) > 8 else "")
        n, k = len(document.answers), len(document.dropped)
        kept = (
            f"{n} answer{'s' if n != 1 else ''} still fit{'s' if n == 1 else ''} and {'is' if n == 1 else 'are'} "
            f"scored; {k} no longer fit{'s' if k == 1 else ''} a question and {'is' if k == 1 else 'are'} left out "
            f"({shown})"
        )
    return [
        Problem(
            source,
            field="version",
            message=f"answers are for version {document.version} of {questionnaire.id}, which is now version "
            f"{questionnaire.version}; {kept}",
            severity=Severity.WARNING,
        )
    ]
