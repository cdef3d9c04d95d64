"""Rendering a whole workshop: inputs in, one PDF per respondent (and group summaries) out, failures collected.

The parent process reads and validates every input, scores it, and names each output file; a pool of warm
worker processes (one `Renderer` each) turns documents into PDFs. A bad input or a failed render is recorded
as a problem naming the file (or file:row) and the field; every other report is still written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from rich.console import Console

from generator.answers.document import AnswersDocument
from generator.answers.imports import ColumnMap, load_inputs
from generator.answers.validate import parse_answers_document, version_warnings
from generator.errors import DealcraftError, Problem, Severity
from generator.exercise import Exercise
from generator.questionnaire.model import Questionnaire, Result
from generator.report import rounds
from generator.report.context import Branding, ReportInput, human_date, report_context
from generator.report.debrief import DEBRIEF_ID
from generator.report.glyphs import FontCoverage, coverage_note, glyph_problems, installed_coverage
from generator.report.render import DEFAULT_TIME_LIMIT, Renderer, RenderOptions, peak_rss_mb
from generator.report.summary import GroupTally, summary_context
from generator.scoring import score

SLUG_MAX = 40
NAMED_ROW_SECONDS = 0.02  # time limit added per name in a named summary (a row takes about 3 ms)
# Latin letters that NFKD does not split into a base letter and an accent.
_LATIN = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)


@dataclass(frozen=True)
class RenderStat:
    """How one PDF went: its path, the seconds spent in the worker, the worker's pid and peak RSS (MB)."""

    path: Path
    seconds: float
    pid: int
    peak_rss_mb: float


@dataclass(frozen=True)
class BatchResult:
    """What a batch produced: the PDFs written (reports, then summaries) and every failure, located."""

    written: tuple[Path, ...]
    failures: tuple[Problem, ...]
    summaries: tuple[Path, ...] = ()
    stats: tuple[RenderStat, ...] = field(default=(), repr=False)
    warnings: tuple[Problem, ...] = ()  # reported, but the report was written (e.g. another questionnaire version)

    @property
    def ok(self) -> bool:
        return not self.failures


def slugify(name: str) -> str:
    """A safe ASCII file-name stem from a name: letters and digits joined by '-'; empty when nothing is left."""
    text = unicodedata.normalize("NFKD", name.translate(_LATIN)).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:SLUG_MAX].rstrip("-")


def canonical_json(document: AnswersDocument) -> str:
    """The document as canonical JSON (sorted keys, no spaces): the same answers give the same bytes."""
    return json.dumps(document.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def report_filename(document: AnswersDocument) -> str:
    """ada-okafor-trust-readiness-1a2b3c4d.pdf: who, which questionnaire, and 8 hex digits of the document's SHA-256.

    File names stay ASCII (safe in zip files, mail and Windows shares); a name with no Latin letters falls back to
    the email's local part, so a facilitator can still tell 王芳's report from ليلى's.
    """
    digest = hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()[:8]
    respondent = document.respondent
    name = getattr(respondent, "name", None) or ""
    email = getattr(respondent, "email", None) or ""
    stem = slugify(name) or slugify(email.partition("@")[0]) or ("respondent" if name.strip() else "anonymous")
    round_ = f"-{document.round}" if document.round else ""
    return f"{stem}-{slugify(document.questionnaire)}{round_}-{digest}.pdf"


def _unique(name: str, used: set[str]) -> str:
    """`name`, or name-2, name-3, ... so that no two outputs of one batch share a file."""
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        candidate = name.removesuffix(".pdf") + f"-{n}.pdf"
    used.add(candidate.lower())
    return candidate


# --- worker side -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _WorkerSetup:
    """What every worker needs, sent once through the pool initializer."""

    questionnaires: Mapping[str, Questionnaire]
    branding: Branding
    options: RenderOptions


@dataclass(frozen=True)
class _WithExtra:
    """A report task's answers plus what the worker cannot work out alone (a debrief needs the partner's answers)."""

    document: Mapping[str, Any]
    extra: Mapping[str, Any]


class _Worker:
    """A worker's warm state: the renderer (fonts, parsed CSS, templates) and the questionnaires."""

    def __init__(self, setup: _WorkerSetup) -> None:
        self.setup = setup
        self.renderer = Renderer(setup.options)

    def report(self, source: str, data: Mapping[str, Any] | _WithExtra, out: Path) -> RenderStat:
        start = time.perf_counter()
        questionnaires = self.setup.questionnaires
        extra: Mapping[str, Any] = data.extra if isinstance(data, _WithExtra) else {}
        raw = data.document if isinstance(data, _WithExtra) else data
        document = parse_answers_document(raw, source, questionnaires)
        questionnaire = questionnaires[document.questionnaire]
        result = score(questionnaire, document.answers)
        item = ReportInput(source, document, result, extra)
        context = report_context(item, questionnaire, self.setup.branding)
        if (before := extra.get("before")) is not None:  # their first round: the change since
            context["change"] = rounds.personal_change(
                questionnaire,
                before["result"],
                rounds.compact(result.to_json()),
                before_date=human_date(before["submitted_at"]),
            )
        pdf = self.renderer.pdf(self.renderer.html("report.html.j2", context))
        _write(out, pdf)
        return RenderStat(out, time.perf_counter() - start, os.getpid(), peak_rss_mb())

    def summary(self, payload: tuple[str, float], out: Path) -> RenderStat:
        html, seconds = payload
        start = time.perf_counter()
        _write(out, self.renderer.pdf(html, seconds))
        return RenderStat(out, time.perf_counter() - start, os.getpid(), peak_rss_mb())


# The one piece of per-process state: a pool worker's warm renderer, set by the initializer, read by tasks.
_WORKER: list[_Worker] = []


def _init_worker(setup: _WorkerSetup) -> None:
    _WORKER.clear()
    _WORKER.append(_Worker(setup))


def _run_task(task: tuple[str, str, Any, Path]) -> RenderStat | Problem:
    """Run one task in a worker; any failure comes back as a Problem naming the input, never as a crash."""
    kind, source, payload, out = task
    worker = _WORKER[0]
    try:
        if kind == "report":
            return worker.report(source, payload, out)
        return worker.summary(payload, out)
    except DealcraftError as exc:
        return exc.problems[0] if exc.problems else Problem(source, message="invalid answers")
    except Exception as exc:  # a render bug or a timeout must not stop the other reports
        return Problem(source, message=f"could not render the report: {type(exc).__name__}: {exc}")


def _write(out: Path, data: bytes) -> None:
    """Write a file atomically, so an interrupted run never leaves half a PDF under the final name."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, out)


# --- parent side -------------------------------------------------------------------------------------------


def render_reports(
    inputs: Sequence[Path],
    outdir: Path,
    questionnaires: Mapping[str, Questionnaire],
    *,
    branding: Branding | None = None,
    jobs: int | None = None,
    summary: bool = False,
    summary_only: bool = False,
    analysis: bool = False,
    named: bool = False,
    paper: str = "a4",
    column_map: ColumnMap | None = None,
    console: Console | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    strict_fonts: bool = False,
    fonts: FontCoverage | None = None,
    exercise: Exercise | None = None,
) -> BatchResult:
    """Render one PDF per respondent found in `inputs` into `outdir` (and a group summary per questionnaire).

    With `summary_only`, only the group summaries: inputs are read, scored and counted one at a time, so memory
    stays flat however many respondents there are (a named summary keeps their names). With `analysis`, each
    summary gains the item-analysis page (`generator.analysis`), which is counted as it goes too.
    Never raises for a bad input: those are returned in `failures`. Raises DealcraftError only when nothing can
    start (e.g. the output folder cannot be created). A name or answer with characters no installed font draws
    is a warning, or with `strict_fonts` a failure of that input; `fonts` defaults to what fontconfig lists.
    Role-play debrief answers are paired first, so each gets a personal debrief page (`exercise` is the answer
    key, by default content/exercises/espresso-deal.yaml).
    """
    branding = branding or Branding()
    console = console or Console(quiet=True)
    options = RenderOptions(paper=paper, accent=branding.accent, logo=branding.logo, time_limit=time_limit)
    failures: list[Problem] = []
    warnings: list[Problem] = []
    tasks: list[tuple[str, str, Any, Path]] = []
    tallies: dict[str, GroupTally] = {}
    debriefs: list[tuple[str, AnswersDocument, Result]] = []
    submissions: list[rounds.Submission] = []  # for pairing before-and-after rounds
    summary = summary or summary_only
    used: set[str] = set()
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DealcraftError(Problem(str(outdir), message=f"cannot create the output folder: {exc}")) from None
    if fonts is None:
        fonts = installed_coverage()
    if (note := coverage_note(fonts)) is not None:
        warnings.append(note)

    for loaded in load_inputs(inputs, questionnaires, column_map):
        if loaded.document is None:
            failures.extend(loaded.problems)
            continue
        document = loaded.document
        questionnaire = questionnaires[document.questionnaire]
        warnings.extend(version_warnings(document, questionnaire, loaded.source))
        if fonts is not None and (named or not summary_only):  # an anonymous summary shows no one's text
            glyphs = glyph_problems(document, questionnaire, loaded.source, fonts, strict=strict_fonts)
            if strict_fonts and glyphs:
                failures.extend(glyphs)
                continue
            warnings.extend(glyphs)
        try:
            result = score(questionnaire, document.answers)
        except DealcraftError as exc:
            failures.extend(exc.problems)
            continue
        if not summary_only or document.round == "after":  # a summary alone keeps only afters: flat memory
            submissions.append(
                rounds.submission(
                    loaded.source, document, questionnaire, rounds.compact(result.to_json()), len(submissions)
                )
            )
        if not summary_only:
            name = _unique(report_filename(document), used)
            tasks.append(("report", loaded.source, document.model_dump(mode="json"), outdir / name))
            if document.questionnaire == DEBRIEF_ID:
                debriefs.append((loaded.source, document, result))
        if summary and document.round != "after":  # the summary's main part is the first round; see group_shift
            tally = tallies.get(document.questionnaire)
            if tally is None:
                tally = tallies[document.questionnaire] = GroupTally(questionnaire, named=named, analysis=analysis)
            name = (getattr(document.respondent, "name", None) or "").strip()
            tally.add(name, _submitted(document), result, document.answers)

    if debriefs:
        tasks, missing_key = _with_debriefs(tasks, debriefs, questionnaires[DEBRIEF_ID], exercise, branding)
        warnings.extend(missing_key)
    if summary_only and submissions:  # second rounds were seen: read the inputs again for their first rounds
        submissions += rounds.first_rounds(load_inputs(inputs, questionnaires, column_map), questionnaires, submissions)
    pairs, pairing_problems = rounds.pair_rounds(submissions)
    warnings.extend(pairing_problems)
    tasks = _with_rounds(tasks, pairs)

    if summary:
        from generator.report.render import template_env

        env = template_env()
        for qid in sorted(tallies):
            context = summary_context(tallies[qid], branding)
            context["rounds"] = rounds.group_shift(
                questionnaires[qid], [p for p in pairs if p.after.questionnaire == qid]
            )
            html = env.get_template("summary.html.j2").render(**context)
            # A named list is the one part that grows with the group: its time limit grows with it.
            seconds = time_limit + NAMED_ROW_SECONDS * len(tallies[qid].people)
            out = outdir / _unique(f"summary-{qid}.pdf", used)
            tasks.append(("summary", f"summary of {qid}", (html, seconds), out))

    stats: list[RenderStat] = []
    for outcome in _execute(tasks, options, branding, questionnaires, jobs, console):
        if isinstance(outcome, Problem):
            failures.append(outcome)
        else:
            stats.append(outcome)
    done = {s.path for s in stats}
    written = tuple(t[3] for t in tasks if t[0] == "report" and t[3] in done)
    summaries = tuple(t[3] for t in tasks if t[0] == "summary" and t[3] in done)
    return BatchResult(
        written=written, failures=tuple(failures), summaries=summaries, stats=tuple(stats), warnings=tuple(warnings)
    )


def _with_rounds(
    tasks: list[tuple[str, str, Any, Path]], pairs: Sequence[rounds.Pair]
) -> list[tuple[str, str, Any, Path]]:
    """Give each second-round report task its first round's scores and date."""
    befores = {p.after.source: {"result": p.before.result, "submitted_at": p.before.submitted_at} for p in pairs}
    out = []
    for kind, source, payload, path in tasks:
        if kind == "report" and source in befores:
            document, extra = (payload.document, payload.extra) if isinstance(payload, _WithExtra) else (payload, {})
            payload = _WithExtra(document, {**extra, "before": befores[source]})
        out.append((kind, source, payload, path))
    return out


def _with_debriefs(
    tasks: list[tuple[str, str, Any, Path]],
    debriefs: Sequence[tuple[str, AnswersDocument, Result]],
    questionnaire: Questionnaire,
    exercise: Exercise | None,
    branding: Branding,
) -> tuple[list[tuple[str, str, Any, Path]], list[Problem]]:
    """Pair the debrief answers and give each debrief's report task its personal debrief page."""
    from generator.exercise import DEFAULT_EXERCISE, load_exercise
    from generator.report.debrief import personal_debrief, room_of

    if exercise is None:
        try:
            exercise = load_exercise(DEFAULT_EXERCISE)
        except DealcraftError:
            note = Problem(
                str(DEFAULT_EXERCISE),
                message="no role-play answer key here, so the debrief reports have no personal debrief page",
                severity=Severity.WARNING,
            )
            return tasks, [note]
    room = room_of(debriefs, questionnaire, exercise)
    pages = {source: personal_debrief(room, source, exercise, branding.site_url) for source, _, _ in debriefs}
    out = [
        (kind, source, _WithExtra(payload, {"debrief": pages[source]}), path)
        if kind == "report" and pages.get(source)
        else (kind, source, payload, path)
        for kind, source, payload, path in tasks
    ]
    return out, []


def _submitted(document: AnswersDocument) -> str:
    value = document.submitted_at
    if value is None:
        return ""
    return value if isinstance(value, str) else value.isoformat()


def _execute(
    tasks: Sequence[tuple[str, str, Any, Path]],
    options: RenderOptions,
    branding: Branding,
    questionnaires: Mapping[str, Questionnaire],
    jobs: int | None,
    console: Console,
) -> Iterator[RenderStat | Problem]:
    """Run the tasks in this process (one job) or in a pool of warm workers, with a progress bar on a TTY."""
    if not tasks:
        return
    setup = _WorkerSetup(questionnaires, branding, options)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks), 32))
    if jobs == 1:
        _init_worker(setup)
        try:
            with _progress(console, len(tasks)) as advance:
                for task in tasks:
                    yield _run_task(task)
                    advance()
        finally:
            _WORKER.clear()
        return
    # fork: workers start warm (weasyprint is already imported). With fork, Python 3.11 starts every worker at
    # the first submit, which happens here, before the progress bar starts its refresh thread.
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=get_context("fork"), initializer=_init_worker, initargs=(setup,)
    ) as pool:
        pending: dict[Future[RenderStat | Problem], tuple[str, str, Any, Path]] = {}
        queue = iter(tasks)
        for task in queue:
            pending[pool.submit(_run_task, task)] = task
            if len(pending) >= jobs * 4:
                break
        with _progress(console, len(tasks)) as advance:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    task = pending.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        yield Problem(task[1], message="a worker process died while rendering this report")
                    except Exception as exc:
                        yield Problem(task[1], message=f"could not render the report: {exc}")
                    advance()
                    nxt = next(queue, None)
                    if nxt is not None:
                        pending[pool.submit(_run_task, nxt)] = nxt


class _progress:
    """A rich progress bar when the console is a terminal; otherwise a no-op, so logs and pipes stay clean."""

    def __init__(self, console: Console, total: int) -> None:
        self.console, self.total = console, total
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Any:
        if self.console.is_terminal and not self.console.quiet:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("Rendering"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.__enter__()
            self.task = self.bar.add_task("reports", total=self.total)
        return self.advance

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
