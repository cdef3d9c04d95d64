"""Reading many answers documents at once: .json files, folders of them, JSON Lines, and CSV (with a column map).

Every input is untrusted. A bad document never stops the others: each comes back either as a parsed
`AnswersDocument` or as problems named `file`, `file:line` (JSONL) or `file:row` (CSV) plus the field.

CSV layout: one row per respondent; columns `name`, `email`, `group`, `submitted_at` and one per question id
(optionally `questionnaire` and `version`). Multi answers are separated by `;`. A choice may be given by its
option id or its label. The questionnaire is the `questionnaire` column, else the map's `questionnaire:`, else
the file name (`trust-readiness.csv`, `trust-readiness-workshop.csv`).

`--map FILE` (YAML) lets a Google Forms or Microsoft Forms export be read unchanged::

    questionnaire: trust-readiness
    columns:                      # export header -> name | email | group | submitted_at | question id
      Timestamp: submitted_at
      "What is your name?": name
      "I look for deals where both sides gain.": relationship
    answers:                      # answer text -> value; "*" applies to every question
      "*": {Strongly disagree: 1, Disagree: 2, Neither: 3, Agree: 4, Strongly agree: 5}
      deal_kind: {"A one-off deal": one_off}
    multi_separator: ", "         # Google Forms joins checkbox answers with ", " (default ";")
    submitted_at_format: "%Y/%m/%d %I:%M:%S %p"   # optional strptime format; ISO 8601 is always accepted

With a map, unmapped columns (scores, IDs, start times) are ignored.

In a file with the workshop export's header (answers/export.py, `is_our_header`), a cell that starts with `'`
before `=`, `+`, `-`, `@`, a tab or a carriage return loses that one `'`: it is how the export keeps typed text
from running as a spreadsheet formula. Any other CSV (another tool's export, a map, a sheet typed by hand) is read
as it is, so an answer there that starts with `'=` keeps its quote.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from generator.answers.document import AnswersDocument
from generator.answers.export import from_formula_safe, is_our_header
from generator.answers.validate import (
    parse_answers_document,
    read_answers_bytes,
    read_answers_file,
    version_warnings,
)
from generator.errors import DealcraftError, Problem
from generator.limits import MAX_ANSWERS_BYTES, MAX_CSV_ROW_BYTES, MAX_MAP_BYTES, MB
from generator.questionnaire.model import Questionnaire, Result
from generator.scoring import score
from generator.values import echo, parse_timestamp

RESPONDENT_FIELDS = ("name", "email", "group")
META_FIELDS = (*RESPONDENT_FIELDS, "submitted_at", "questionnaire", "version", "round", "participant")
FALLBACK_DATE_FORMATS = (
    "%Y/%m/%d %I:%M:%S %p",  # Google Forms (en-US) without the zone suffix
    "%m/%d/%Y %H:%M:%S",  # Google Forms, some locales
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%y %H:%M:%S",  # Microsoft Forms, Completion time
    "%m/%d/%Y %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
)


@dataclass(frozen=True)
class Loaded:
    """One input document: parsed, or the problems that stopped it, with where it came from."""

    source: str
    document: AnswersDocument | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class ColumnMap:
    """A column mapping for form-tool exports (see the module docstring)."""

    questionnaire: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    answers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    multi_separator: str = ";"
    submitted_at_format: str | None = None


def load_map(path: Path) -> ColumnMap:
    """Read and check a mapping file; every problem is reported at once, naming the key."""
    source = str(path)
    try:
        if path.stat().st_size > MAX_MAP_BYTES:
            raise DealcraftError(Problem(source, message=f"the mapping file is larger than {MAX_MAP_BYTES / MB:g} MB"))
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise DealcraftError(Problem(source, message=f"cannot read the mapping: {exc.strerror or exc}")) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DealcraftError(Problem(source, message=f"not valid YAML: {exc}")) from None
    if not isinstance(data, dict):
        raise DealcraftError(Problem(source, message="the mapping must be a YAML map with `columns:`"))
    problems: list[Problem] = []
    known = {"questionnaire", "columns", "answers", "multi_separator", "submitted_at_format"}
    problems += [Problem(source, field=str(k), message="unknown key") for k in data if k not in known]
    columns = data.get("columns") or {}
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        problems.append(Problem(source, field="columns", message="must map column headers to field names"))
        columns = {}
    answers = data.get("answers") or {}
    if not isinstance(answers, dict) or not all(isinstance(v, dict) for v in answers.values()):
        problems.append(Problem(source, field="answers", message="must map question ids to {answer text: value}"))
        answers = {}
    sep = data.get("multi_separator", ";")
    if not isinstance(sep, str) or not sep:
        problems.append(Problem(source, field="multi_separator", message="must be a non-empty string"))
        sep = ";"
    fmt = data.get("submitted_at_format")
    if fmt is not None and not isinstance(fmt, str):
        problems.append(Problem(source, field="submitted_at_format", message="must be a strptime format"))
        fmt = None
    qid = data.get("questionnaire")
    if qid is not None and not isinstance(qid, str):
        problems.append(Problem(source, field="questionnaire", message="must be a questionnaire id"))
        qid = None
    if problems:
        raise DealcraftError(problems)
    return ColumnMap(
        questionnaire=qid,
        columns={str(k).strip(): v.strip() for k, v in columns.items()},
        answers={str(q): {str(t).strip(): v for t, v in m.items()} for q, m in answers.items()},
        multi_separator=sep,
        submitted_at_format=fmt,
    )


def expand_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Files as given, folders searched recursively for .json/.jsonl/.csv, in a stable sorted order."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".json", ".jsonl", ".csv")
            )
            if not found:
                problems.append(Problem(str(path), message="no .json, .jsonl or .csv files in this folder"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), message="no such file or folder"))
    return files, problems


def load_inputs(
    paths: Sequence[Path], questionnaires: Mapping[str, Questionnaire], column_map: ColumnMap | None = None
) -> Iterator[Loaded]:
    """Every document in the inputs, in order; bad ones come back with their problems."""
    files, problems = expand_inputs(paths)
    for problem in problems:
        yield Loaded(problem.path, problems=(problem,))
    for path in files:
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            yield from read_jsonl(path, questionnaires)
        elif suffix == ".csv":
            yield from read_csv(path, questionnaires, column_map)
        else:
            yield _guard(str(path), lambda p=path: read_answers_file(p, questionnaires))


@dataclass(frozen=True)
class Answered:
    """One valid answers document of the inputs, with its questionnaire and where it came from."""

    source: str
    document: AnswersDocument
    questionnaire: Questionnaire


def valid_inputs(
    paths: Sequence[Path],
    questionnaires: Mapping[str, Questionnaire],
    column_map: ColumnMap | None,
    *,
    failures: list[Problem],
    warnings: list[Problem],
) -> Iterator[Answered]:
    """The valid documents of `load_inputs`, in order. A bad one's problems are added to `failures` and reading
    goes on; a document answered on another version of its questionnaire adds a warning to `warnings`."""
    for loaded in load_inputs(paths, questionnaires, column_map):
        if loaded.document is None:
            failures.extend(loaded.problems)
            continue
        questionnaire = questionnaires[loaded.document.questionnaire]
        warnings.extend(version_warnings(loaded.document, questionnaire, loaded.source))
        yield Answered(loaded.source, loaded.document, questionnaire)


@dataclass(frozen=True)
class Scored(Answered):
    """A valid answers document of the inputs with its result: what a batch renders or analyses."""

    result: Result


def scored_inputs(
    paths: Sequence[Path],
    questionnaires: Mapping[str, Questionnaire],
    column_map: ColumnMap | None,
    *,
    failures: list[Problem],
    warnings: list[Problem],
) -> Iterator[Scored]:
    """`valid_inputs`, each scored once. A document that cannot be scored goes to `failures`, named by where it
    came from, and the others go on: `dealcraft report` and `dealcraft analyze` treat a bad file alike."""
    for item in valid_inputs(paths, questionnaires, column_map, failures=failures, warnings=warnings):
        try:
            result = score(item.questionnaire, item.document.answers)
        except DealcraftError as exc:
            failures.extend(_named(item.source, exc.problems))
            continue
        yield Scored(item.source, item.document, item.questionnaire, result)


def _named(source: str, problems: Sequence[Problem]) -> list[Problem]:
    """Problems as located at `source`: one that names another place (a questionnaire's line) is kept whole in
    the message, so the failed input is always the one named first."""
    return [p if p.path == source else Problem(source, message=f"cannot be scored: {p}") for p in problems]


def _guard(source: str, parse: Any) -> Loaded:
    try:
        document = parse()
    except DealcraftError as exc:
        return Loaded(source, problems=exc.problems)
    return Loaded(source, document=document)


def read_jsonl(path: Path, questionnaires: Mapping[str, Questionnaire]) -> Iterator[Loaded]:
    """One answers document a line; blank lines are skipped; problems are named file:line."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Loaded(str(path), problems=(Problem(str(path), message=f"cannot read: {exc.strerror or exc}"),))
        return
    with fh:
        for number, raw in enumerate(_lines(fh, MAX_ANSWERS_BYTES), start=1):
            source = f"{path}:{number}"
            if raw is None:
                message = f"the line is larger than {MAX_ANSWERS_BYTES / MB:g} MB; refused"
                yield Loaded(source, problems=(Problem(source, message=message),))
                continue
            if not raw.strip():
                continue
            yield _guard(source, lambda r=raw, s=source: read_answers_bytes(r, s, questionnaires))


def _lines(fh: io.BufferedReader, limit: int) -> Iterator[bytes | None]:
    """Lines of a binary file; a line longer than `limit` is skipped in chunks and yielded as None."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = fh.readline(limit)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _questionnaire_for_file(path: Path, questionnaires: Mapping[str, Questionnaire]) -> str | None:
    """The questionnaire a CSV is for, from its file name: the longest id the stem starts with."""
    stem = path.stem.lower()
    matches = [qid for qid in questionnaires if stem == qid or stem.startswith(qid + "-") or stem.startswith(qid + "_")]
    return max(matches, key=len) if matches else None


def read_csv(
    path: Path, questionnaires: Mapping[str, Questionnaire], column_map: ColumnMap | None = None
) -> Iterator[Loaded]:
    """One answers document per CSV row (see the module docstring); problems are named file:row and field.

    Row numbers count the header as row 1, so they match what a spreadsheet shows.
    """
    source = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        yield Loaded(source, problems=(Problem(source, message=f"cannot read: {exc.strerror or exc}"),))
        return
    except UnicodeDecodeError:
        yield Loaded(source, problems=(Problem(source, message="not UTF-8 text; export the CSV as UTF-8"),))
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        yield Loaded(source, problems=(Problem(source, message="the CSV file is empty"),))
        return
    except csv.Error as exc:
        yield Loaded(f"{source}:1", problems=(Problem(f"{source}:1", message=f"bad CSV header: {exc}"),))
        return
    fields, header_problems = _header_fields(header, source, questionnaires, column_map)
    if header_problems:
        yield Loaded(f"{source}:1", problems=tuple(header_problems))
        return
    guarded = column_map is None and is_our_header(header)  # only our export's cells carry the formula guard
    default_qid = (column_map.questionnaire if column_map else None) or _questionnaire_for_file(path, questionnaires)
    row_number = 1
    rows = 0
    while True:
        row_number += 1
        where = f"{source}:{row_number}"
        try:
            row = next(reader)
        except StopIteration:
            if not rows:
                message = "the CSV has a header but no answers below it; export it again after people have answered"
                yield Loaded(source, problems=(Problem(source, message=message),))
            return
        except csv.Error as exc:
            too_big = "field larger than field limit" in str(exc)
            message = f"the row is larger than {MAX_CSV_ROW_BYTES // 1000} KB" if too_big else f"bad CSV row: {exc}"
            yield Loaded(where, problems=(Problem(where, message=message),))
            if too_big:
                continue
            return
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if sum(len(cell.encode("utf-8")) + 1 for cell in row) > MAX_CSV_ROW_BYTES:
            message = f"the row is larger than {MAX_CSV_ROW_BYTES // 1000} KB"
            yield Loaded(where, problems=(Problem(where, message=message),))
            continue
        yield _row_document(row, fields, where, default_qid, questionnaires, column_map, guarded=guarded)


def _header_fields(
    header: Sequence[str],
    source: str,
    questionnaires: Mapping[str, Questionnaire],
    column_map: ColumnMap | None,
) -> tuple[list[str | None], list[Problem]]:
    """What each column holds: a meta field, a question id, or None (ignored, only with a map)."""
    question_ids = {q.id for qn in questionnaires.values() for q in qn.questions}
    fields: list[str | None] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, raw in enumerate(header, start=1):
        name = raw.strip()
        target: str | None
        if column_map is not None:
            target = column_map.columns.get(name)
            if target is None and (name in META_FIELDS or name in question_ids):
                target = name
        else:
            target = name
            if name not in META_FIELDS and name not in question_ids:
                problems.append(
                    Problem(
                        f"{source}:1",
                        col=index,
                        field=name or f"column {index}",
                        message="unknown column: not a respondent field or a question id (use --map)",
                    )
                )
                continue
        if target is not None:
            if target in seen:
                problems.append(Problem(f"{source}:1", col=index, field=target, message="column given twice"))
            seen.add(target)
        fields.append(target)
    if not problems and not any(f in question_ids for f in fields):
        problems.append(_no_question_column(header, source, column_map))
    return fields, problems


def _no_question_column(header: Sequence[str], source: str, column_map: ColumnMap | None) -> Problem:
    """The problem of a header where no column holds answers: say which names were expected and which came."""
    found = ", ".join(f'"{echo(h.strip(), 40)}"' for h in header[:6] if h.strip()) + (
        ", ..." if len(header) > 6 else ""
    )
    if column_map is None:
        message = f"no column is a question id, so there are no answers to score; the header has {found}"
    elif not column_map.columns:
        message = "the map lists no columns; add `columns:` with each export header and the question id it holds"
    else:
        wanted = ", ".join(f'"{echo(c, 40)}"' for c in list(column_map.columns)[:3])
        message = (
            f"none of the map's columns ({wanted}, ...) is in this CSV's header ({found}); "
            "copy the headers from the export into the map exactly"
        )
    return Problem(f"{source}:1", message=message)


def _row_document(
    row: Sequence[str],
    fields: Sequence[str | None],
    where: str,
    default_qid: str | None,
    questionnaires: Mapping[str, Questionnaire],
    column_map: ColumnMap | None,
    *,
    guarded: bool,
) -> Loaded:
    # In our export, a cell it neutralised ('=..., '-..., answers/export.py) reads as what was typed.
    unguard = from_formula_safe if guarded else str
    cells = {f: (unguard(row[i]) if i < len(row) else "") for i, f in enumerate(fields) if f is not None}
    if len(row) > len(fields):
        extra = [c for c in row[len(fields) :] if c.strip()]
        if extra:
            return Loaded(where, problems=(Problem(where, message="the row has more cells than the header"),))
    qid = cells.get("questionnaire", "").strip() or default_qid
    if not qid:
        return Loaded(
            where,
            problems=(
                Problem(
                    where,
                    field="questionnaire",
                    message="which questionnaire? add a `questionnaire` column, a map, or name the file "
                    "after the questionnaire id",
                ),
            ),
        )
    questionnaire = questionnaires.get(qid)
    if questionnaire is None:
        return Loaded(
            where, problems=(Problem(where, field="questionnaire", message=f"unknown questionnaire {echo(qid)!r}"),)
        )
    problems: list[Problem] = []
    answers: dict[str, Any] = {}
    own_ids = {q.id for q in questionnaire.questions}
    for key, cell in cells.items():
        if key in META_FIELDS or not cell.strip():
            continue
        if key not in own_ids:
            problems.append(Problem(where, field=f"answers.{key}", message=f"not a question of {qid}"))
            continue
        try:
            answers[key] = _convert(questionnaire, key, cell, column_map)
        except ValueError as exc:
            problems.append(Problem(where, field=f"answers.{key}", message=str(exc)))
    submitted = cells.get("submitted_at", "").strip()
    try:
        submitted_at = _timestamp(submitted, column_map.submitted_at_format if column_map else None)
    except ValueError as exc:
        problems.append(Problem(where, field="submitted_at", message=str(exc)))
        submitted_at = None
    if problems:
        return Loaded(where, problems=tuple(problems))
    version_text = cells.get("version", "").strip()
    version: Any = questionnaire.version
    if version_text:
        version = int(version_text) if re.fullmatch(r"\d{1,6}", version_text) else version_text
    respondent = {k: cells[k].strip() for k in RESPONDENT_FIELDS if cells.get(k, "").strip()}
    data: dict[str, Any] = {
        "questionnaire": qid,
        "version": version,
        "respondent": respondent,
        "answers": answers,
    }
    if submitted_at:
        data["submitted_at"] = submitted_at
    for key in ("round", "participant"):  # before-and-after rounds
        if cells.get(key, "").strip():
            data[key] = cells[key].strip()
    return _guard(where, lambda: parse_answers_document(data, where, questionnaires))


def _mapped(column_map: ColumnMap | None, qid: str, text: str) -> tuple[bool, Any]:
    if column_map is None:
        return False, None
    for scope in (qid, "*"):
        table = column_map.answers.get(scope)
        if table and text in table:
            return True, table[text]
    return False, None


def _convert(questionnaire: Questionnaire, qid: str, cell: str, column_map: ColumnMap | None) -> Any:
    """A CSV cell as the typed answer the scorer expects; range and option checks are left to the parser."""
    question = questionnaire.question(qid)
    text = cell.strip()
    found, value = _mapped(column_map, qid, text)
    if question.type == "multi":
        sep = column_map.multi_separator if column_map else ";"
        parts = [p.strip() for p in text.split(sep) if p.strip()]
        return [_option(question, p, column_map, qid) for p in parts]
    if found:
        return value
    if question.type == "choice":
        return _option(question, text, column_map, qid)
    if question.type in ("likert", "number"):
        number = text.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text) else text
        try:
            parsed = float(number)
        except ValueError:
            if question.type == "likert":
                labels = list(questionnaire.scale_for(question).labels or [])
                if text in labels:
                    return int(questionnaire.scale_for(question).min) + labels.index(text)
            raise ValueError(f"not a number: {echo(text, 60)!r}") from None
        return int(parsed) if parsed.is_integer() and abs(parsed) < 2**53 else parsed
    return cell


def _option(question: Any, text: str, column_map: ColumnMap | None, qid: str) -> Any:
    found, value = _mapped(column_map, qid, text)
    if found:
        return value
    for option in question.options or ():
        if text == option.id or text == option.label:
            return option.id
    return text  # unknown: the answers parser names the field and the allowed options


def _timestamp(text: str, fmt: str | None) -> str | None:
    """A submission time as ISO 8601 text (checked by the answers rules); empty stays empty.

    ISO 8601 is read by `values.parse_timestamp`; the form tools' formats by `fmt` or FALLBACK_DATE_FORMATS, with
    an optional " GMT+2"-style suffix. Times without a zone are taken as UTC.
    """
    if not text:
        return None
    try:
        return _utc(parse_timestamp(text))
    except ValueError as exc:
        if str(exc).startswith("out of range"):
            raise ValueError(f"{echo(text)!r} is {exc}") from None
    zone = re.search(r"\s+(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$", text)
    cleaned = text[: zone.start()] if zone else text
    offset = UTC
    if zone:
        minutes = int(zone[2] or 0) * 60 + int(zone[3] or 0)
        if minutes >= 24 * 60:
            raise ValueError(f"not a time zone: {echo(text)!r}")
        offset = timezone(timedelta(minutes=-minutes if zone[1] == "-" else minutes))
    for f in ([fmt] if fmt else []) + list(FALLBACK_DATE_FORMATS):
        try:
            moment = datetime.strptime(cleaned, f)
            break
        except ValueError:
            continue
    else:
        raise ValueError(f"not a date and time: {echo(text)!r} (use ISO 8601, or set submitted_at_format)")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=offset)
    try:
        return _utc(parse_timestamp(moment.isoformat()))
    except ValueError as exc:
        raise ValueError(f"{echo(text)!r} is {exc}") from None


def _utc(moment: datetime) -> str:
    """A checked time as ISO 8601 UTC text, the way the browser exports it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
