"""Rendering a whole workshop: inputs in, one PDF per respondent (and group summaries) out, failures collected.

The parent process reads and validates every input, scores it once, and names each output file; it then
supervises a pool of warm worker processes (one `Renderer` each) that turn each validated document and its
result into a PDF. A bad input or a failed render is a `Problem` naming the file (or file:line) and the field;
a worker that dies (killed, out of memory, a native crash) is replaced and its report tried once more, then
listed as failed. Workers exit when the parent dies. Every other report is still written.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import json
import os
import re
import signal
import tempfile
import time
import unicodedata
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from rich.console import Console

from generator.answers.document import AnswersDocument
from generator.answers.imports import ColumnMap, load_inputs, scored_inputs
from generator.errors import DealcraftError, Problem, Severity
from generator.exercise import Exercise, in_project_units, shows_role_play_money
from generator.questionnaire.model import Questionnaire, Result
from generator.report import rounds
from generator.report.context import Branding, FirstRound, ReportInput, human_date, report_context
from generator.report.debrief import DEBRIEF_ID
from generator.report.glyphs import FontCoverage, coverage_note, glyph_problems, installed_coverage
from generator.report.render import DEFAULT_TIME_LIMIT, Renderer, RenderOptions, peak_rss_mb
from generator.report.summary import GroupTally, summary_context

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
    incomplete: tuple[Problem, ...] = ()  # errors: reports written without a part (no answer key, no debrief page)


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


# --- tasks and worker side ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportTask:
    """Render one respondent's report: the validated document and its result travel together, scored once
    (with what the worker cannot work out alone: a debrief page, a first round)."""

    item: ReportInput
    out: Path

    @property
    def source(self) -> str:
        return self.item.source


@dataclass(frozen=True)
class SummaryTask:
    """Render one group summary from its finished HTML; `fallback` is used if `out` appears meanwhile."""

    source: str
    html: str
    seconds: float  # a named list grows with the group: so does its time limit
    out: Path
    fallback: Path


Task = ReportTask | SummaryTask


def report_pdf(
    renderer: Renderer, item: ReportInput, questionnaires: Mapping[str, Questionnaire], branding: Branding
) -> bytes:
    """One respondent's report PDF from their validated document and its result: nothing is parsed or scored
    here (the workshop's report workers use this too)."""
    questionnaire = questionnaires[item.document.questionnaire]
    context = report_context(item, questionnaire, branding)
    if (first := item.first_round) is not None:  # their second round: the change since the first
        change = rounds.personal_change(
            questionnaire,
            first.result,
            rounds.compact(item.result.to_json()),
            before_date=human_date(first.submitted_at),
        )
        context = replace(context, change=change)
    elif item.only_second_round:
        context = replace(context, only_second_round=True)
    return renderer.pdf(renderer.html("report.html.j2", context.template_vars()))


@dataclass(frozen=True)
class _WorkerSetup:
    """What every worker needs, inherited once when the worker is forked."""

    questionnaires: Mapping[str, Questionnaire]
    branding: Branding
    options: RenderOptions


class _Worker:
    """A worker's warm state: the renderer (fonts, parsed CSS, templates) and the questionnaires."""

    def __init__(self, setup: _WorkerSetup) -> None:
        self.setup = setup
        self.renderer = Renderer(setup.options)

    def report(self, task: ReportTask) -> RenderStat:
        start = time.perf_counter()
        _write(task.out, report_pdf(self.renderer, task.item, self.setup.questionnaires, self.setup.branding))
        return RenderStat(task.out, time.perf_counter() - start, os.getpid(), peak_rss_mb())

    def summary(self, task: SummaryTask) -> RenderStat:
        start = time.perf_counter()
        pdf = self.renderer.pdf(task.html, task.seconds)
        out = task.out if _write_new(task.out, pdf) else task.fallback
        if out is task.fallback:
            _write(out, pdf)
        return RenderStat(out, time.perf_counter() - start, os.getpid(), peak_rss_mb())


def _run_task(worker: _Worker, task: Task) -> RenderStat | Problem:
    """Run one task; any failure comes back as a Problem naming the input, never as a crash."""
    try:
        if isinstance(task, ReportTask):
            return worker.report(task)
        return worker.summary(task)
    except DealcraftError as exc:
        return exc.problems[0] if exc.problems else Problem(task.source, message="invalid answers")
    except OSError as exc:
        return Problem(task.source, message=f"could not write {task.out.name}: {exc.strerror or exc}")
    except Exception as exc:  # a render bug or a timeout must not stop the other reports
        return Problem(task.source, message=f"could not render the report: {type(exc).__name__}: {exc}")


def _tmp_name(out: Path) -> Path:
    return out.with_name(f".{out.name}.{os.getpid()}.tmp")


def _write(out: Path, data: bytes) -> None:
    """Write a file atomically, so an interrupted run never leaves half a PDF under the final name, and a
    failed write (a full disk) leaves no temporary file behind."""
    tmp = _tmp_name(out)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _write_new(out: Path, data: bytes) -> bool:
    """Write `out` atomically only if no file has that name yet (False when one has): a summary of another run
    that appeared while this one rendered is never replaced."""
    tmp = _tmp_name(out)
    try:
        tmp.write_bytes(data)
        os.link(tmp, out)
    except FileExistsError:
        return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return True


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the parent dies (prctl PR_SET_PDEATHSIG); elsewhere the closed pipe
    ends the worker once its current report is done."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


def _worker_main(conn: Connection, setup: _WorkerSetup, parent: int) -> None:
    """A worker process: render the tasks the parent sends, one at a time, until told to stop or orphaned."""
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    worker = _Worker(setup)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(_run_task(worker, task))


# --- parent side -------------------------------------------------------------------------------------------


def check_output_folder(outdir: Path) -> None:
    """Create `outdir` and prove a file can be written there, before anything is rendered."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DealcraftError(
            Problem(str(outdir), message=f"cannot create the output folder: {exc.strerror or exc}")
        ) from None
    try:
        fd, probe = tempfile.mkstemp(dir=outdir, prefix=".dealcraft-probe-")
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise DealcraftError(Problem(str(outdir), message=f"cannot write to the output folder: {why}")) from None
    os.close(fd)
    os.unlink(probe)


def summary_names(qid: str, digest: str, outdir: Path) -> tuple[str, str, Problem | None]:
    """The summary's file name, the name used if that one is taken, and a warning when it already is.

    `summary-<id>.pdf` unless that file exists (another run into the same folder); then
    `summary-<id>-<digest>.pdf`, where the digest is taken over this group's documents, so the same inputs
    give the same name.
    """
    plain = f"summary-{slugify(qid)}.pdf"
    unique = f"summary-{slugify(qid)}-{digest}.pdf"
    if not (outdir / plain).exists():
        return plain, unique, None
    note = Problem(
        str(outdir / plain),
        message=f"already exists (another run?); kept it, and wrote this run's summary as {unique}",
        severity=Severity.WARNING,
    )
    return unique, unique, note


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
    exercise: Exercise | Path | None = None,
) -> BatchResult:
    """Render one PDF per respondent found in `inputs` into `outdir` (and a group summary per questionnaire).

    With `summary_only`, only the group summaries: inputs are read, scored and counted one at a time, so memory
    stays flat however many respondents there are (a named summary keeps their names). With `analysis`, each
    summary gains the item-analysis page (`generator.analysis`), which is counted as it goes too.
    Never raises for a bad input: those are returned in `failures`. Raises DealcraftError only when nothing can
    start (the output folder cannot be created or written). A name or answer with characters no installed font
    draws is a warning, or with `strict_fonts` a failure of that input; `fonts` defaults to what fontconfig lists.
    Role-play debrief answers are paired first, so each gets a personal debrief page (`exercise` is the answer
    key, or its file, read only when the questionnaires have the debrief or show the role-play's money; without
    one, a warning names what is missing). `money: role-play` answers are shown in the role-play's unit.
    """
    branding = branding or Branding()
    key = _answer_key(exercise) if DEBRIEF_ID in questionnaires or shows_role_play_money(questionnaires) else _NO_KEY
    questionnaires = in_project_units(questionnaires, key.exercise, branding.currency)
    console = console or Console(quiet=True)
    options = RenderOptions(paper=paper, accent=branding.accent, logo=branding.logo, time_limit=time_limit)
    check_output_folder(outdir)
    failures: list[Problem] = []
    warnings: list[Problem] = []
    tasks: list[Task] = []
    tallies: dict[str, GroupTally] = {}
    after_tallies: dict[str, GroupTally] = {}  # the second round's part of each summary (summary.round_part)
    debriefs: list[tuple[str, AnswersDocument, Result]] = []
    submissions: list[rounds.Submission] = []  # for pairing before-and-after rounds
    digests: dict[str, hashlib._Hash] = {}  # per questionnaire, over its documents: names this run's summary
    summary = summary or summary_only
    used: set[str] = set()
    if fonts is None:
        fonts = installed_coverage()
    if (note := coverage_note(fonts)) is not None:
        warnings.append(note)

    for item in scored_inputs(inputs, questionnaires, column_map, failures=failures, warnings=warnings):
        document, questionnaire, source, result = item.document, item.questionnaire, item.source, item.result
        if fonts is not None and (named or not summary_only):  # an anonymous summary shows no one's text
            glyphs = glyph_problems(document, questionnaire, source, fonts, strict=strict_fonts)
            if strict_fonts and glyphs:
                failures.extend(glyphs)
                continue
            warnings.extend(glyphs)
        if not summary_only or document.round == "after":  # a summary alone keeps only afters: flat memory
            submissions.append(
                rounds.submission(source, document, questionnaire, rounds.compact(result.to_json()), len(submissions))
            )
        filename = report_filename(document)
        if not summary_only:
            tasks.append(ReportTask(ReportInput(source, document, result), outdir / _unique(filename, used)))
            if document.questionnaire == DEBRIEF_ID:
                debriefs.append((source, document, result))
        if summary and not (document.round == "after" and document.questionnaire == DEBRIEF_ID):
            # The summary's main part is the first round; the second has a part of its own (unnamed) and the
            # shift (see group_shift). Not the debrief's: a debrief sent again is one debrief (latest_debriefs)
            first_round = document.round != "after"
            counted = tallies if first_round else after_tallies
            tally = counted.get(document.questionnaire)
            if tally is None:
                tally = counted[document.questionnaire] = (
                    GroupTally(questionnaire, named=named, analysis=analysis)
                    if first_round
                    else GroupTally(questionnaire)
                )
            submitted = document.submitted_at.isoformat() if document.submitted_at else ""
            tally.add((document.respondent.name or "").strip(), submitted, result, document.answers)
            digests.setdefault(document.questionnaire, hashlib.sha256()).update(filename.encode("utf-8"))

    incomplete: list[Problem] = []
    if debriefs:
        tasks, incomplete = _with_debriefs(tasks, debriefs, questionnaires[DEBRIEF_ID], key, branding)
    if summary_only and submissions:  # second rounds were seen: read the inputs again for their first rounds
        submissions += rounds.first_rounds(load_inputs(inputs, questionnaires, column_map), questionnaires, submissions)
    pairs, pairing_problems = rounds.pair_rounds(submissions)
    warnings.extend(pairing_problems)
    late = rounds.only_after(submissions)
    tasks = _with_rounds(tasks, pairs, late)

    if summary:
        from generator.report.render import template_env

        env = template_env()
        for qid in sorted(tallies.keys() | after_tallies.keys()):  # a questionnaire answered only after, too
            first = tallies.get(qid) or GroupTally(questionnaires[qid], named=named, analysis=analysis)
            second = after_tallies.get(qid)
            context = replace(
                summary_context(first, branding, after=second),
                rounds=rounds.group_shift(questionnaires[qid], [p for p in pairs if p.after.questionnaire == qid]),
                only_after=rounds.only_after_note(rounds.people_only_after(late, qid)),
            )
            html = env.get_template("summary.html.j2").render(**context.template_vars())
            seconds = time_limit + NAMED_ROW_SECONDS * len(first.people)
            plain, unique, taken = summary_names(qid, digests[qid].hexdigest()[:8], outdir)
            if taken is not None:
                warnings.append(taken)
            tasks.append(SummaryTask(f"summary of {qid}", html, seconds, outdir / plain, outdir / unique))

    stats: list[RenderStat] = []
    for outcome in _execute(tasks, _WorkerSetup(questionnaires, branding, options), jobs, console):
        if isinstance(outcome, Problem):
            failures.append(outcome)
        else:
            stats.append(outcome)
    done = {s.path for s in stats}
    written = tuple(t.out for t in tasks if isinstance(t, ReportTask) and t.out in done)
    unwritten = {t.source for t in tasks if isinstance(t, ReportTask) and t.out not in done}
    summaries: list[Path] = []
    for task in tasks:
        if isinstance(task, SummaryTask):
            if task.out in done:
                summaries.append(task.out)
            elif task.fallback in done:
                summaries.append(task.fallback)
                warnings.append(
                    Problem(
                        str(task.out),
                        message=f"appeared while rendering (another run?); kept it, and wrote {task.fallback.name}",
                        severity=Severity.WARNING,
                    )
                )
    return BatchResult(
        written=written,
        failures=tuple(failures),
        summaries=tuple(summaries),
        stats=tuple(stats),
        warnings=tuple(warnings),
        incomplete=tuple(p for p in incomplete if p.path not in unwritten),  # a failed one is listed as failed
    )


def _with_input(task: Task, **changes: Any) -> Task:
    """A report task whose input carries more for the worker (other tasks are returned as they are)."""
    if not isinstance(task, ReportTask):
        return task
    return replace(task, item=replace(task.item, **changes))


def _with_rounds(tasks: list[Task], pairs: Sequence[rounds.Pair], late: Sequence[rounds.Submission]) -> list[Task]:
    """Give each second-round report task its first round's scores and date, or, for someone who answered only
    in the second round (`late`), the mark that says there is nothing to compare with."""
    firsts = {p.after.source: FirstRound(p.before.result, p.before.submitted_at) for p in pairs}
    alone = {s.source for s in late}
    return [
        _with_input(t, first_round=firsts[t.source])
        if t.source in firsts
        else _with_input(t, only_second_round=True)
        if t.source in alone
        else t
        for t in tasks
    ]


@dataclass(frozen=True)
class _Key:
    """The role-play's answer key as a run found it: the key, or None with the problems naming why not."""

    exercise: Exercise | None
    problems: tuple[Problem, ...] = ()
    why: str = "no role-play answer key was given"


_NO_KEY = _Key(None)


def _answer_key(exercise: Exercise | Path | None) -> _Key:
    """The answer key, read from its file when given as one; a missing or broken file is a `_Key` without one,
    whose problems (its own located ones, when broken) are listed only if debrief answers need it."""
    from generator.exercise import load_exercise

    if not isinstance(exercise, Path):
        return _Key(exercise)
    if not exercise.is_file():
        return _Key(None, (Problem(str(exercise), message="no role-play answer key here"),), "no answer key")
    try:
        return _Key(load_exercise(exercise))
    except DealcraftError as exc:  # a broken key: its own located problems
        return _Key(None, tuple(exc.problems), "the answer key cannot be read")


def _with_debriefs(
    tasks: list[Task],
    debriefs: Sequence[tuple[str, AnswersDocument, Result]],
    questionnaire: Questionnaire,
    key: _Key,
    branding: Branding,
) -> tuple[list[Task], list[Problem]]:
    """Pair the debrief answers and give each debrief's report task its personal debrief page.

    Without a usable answer key the reports are still rendered, without that page; the problems returned then
    (errors) name the key (missing, or where it is broken) and every debrief answers file it costs a page."""
    from generator.report.debrief import personal_debriefs

    if key.exercise is None:
        lost = [
            Problem(source, message=f"written without its personal debrief page: {key.why}")
            for source, _, _ in debriefs
        ]
        return tasks, [*key.problems, *lost]
    exercise = key.exercise.priced_in(branding.currency)
    pages = personal_debriefs(debriefs, questionnaire, exercise, branding.site_url)
    return [_with_input(t, debrief=pages[t.source]) if pages.get(t.source) else t for t in tasks], []


def _execute(
    tasks: Sequence[Task], setup: _WorkerSetup, jobs: int | None, console: Console
) -> Iterator[RenderStat | Problem]:
    """Run the tasks under a supervised pool of warm workers, with a progress bar on a terminal. Yields one outcome
    per task. One job is one worker too, not this process: a native crash in WeasyPrint is then one listed report,
    as with more jobs, not the end of the run (forked once per batch, it costs no more per report)."""
    if not tasks:
        return
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks), 32))
    pool = _Pool(setup, jobs)
    try:
        pool.start()  # before the progress bar starts its refresh thread: fork and threads do not mix
        with _progress(console, len(tasks)) as advance:
            for outcome in pool.run(tasks):
                yield outcome
                advance()
    finally:
        pool.stop()


DIED = "a worker process died while rendering this report (killed, out of memory or crashed); tried twice, not written"


@dataclass
class _Slot:
    """One worker process, its end of the pipe, and the task it is rendering (None when idle)."""

    process: BaseProcess
    conn: Connection
    task: Task | None = None
    tries: int = 0


@dataclass
class _Pool:
    """A supervisor for `jobs` forked workers: one task per worker at a time, so a dead worker's task is known,
    retried once on a fresh worker, then reported."""

    setup: _WorkerSetup
    jobs: int
    slots: list[_Slot] = field(default_factory=list)

    def _spawn(self) -> _Slot:
        # fork: workers start warm (WeasyPrint is already imported, the questionnaires already loaded).
        context = get_context("fork")
        parent_conn, child_conn = context.Pipe()
        process = context.Process(
            target=_worker_main, args=(child_conn, self.setup, os.getpid()), name="dealcraft-worker", daemon=True
        )
        # Frozen, what the worker inherits is never walked by its garbage collector: no page is copied for it
        # and each collection has less to do (the parent unfreezes its own copy at once).
        gc.freeze()
        try:
            process.start()
        finally:
            gc.unfreeze()
        child_conn.close()
        return _Slot(process, parent_conn)

    def start(self) -> None:
        self.slots = [self._spawn() for _ in range(self.jobs)]

    def run(self, tasks: Sequence[Task]) -> Iterator[RenderStat | Problem]:
        queue: deque[tuple[Task, int]] = deque((task, 0) for task in tasks)
        busy = 0
        while queue or busy:
            for slot in self.slots:
                if slot.task is None and queue:
                    slot.task, slot.tries = queue.popleft()
                    with contextlib.suppress(OSError):  # a dead worker: its sentinel below says so
                        slot.conn.send(slot.task)
                    busy += 1
            ready = wait([s.conn for s in self.slots if s.task] + [s.process.sentinel for s in self.slots if s.task])
            for index, slot in enumerate(self.slots):
                if slot.task is None:
                    continue
                outcome: RenderStat | Problem | None = None
                if slot.conn in ready or slot.process.sentinel in ready:
                    with contextlib.suppress(EOFError, OSError):
                        if slot.conn.poll():
                            outcome = slot.conn.recv()
                if outcome is not None:
                    slot.task = None
                    busy -= 1
                    yield outcome
                elif slot.process.sentinel in ready:  # died with a task and no answer
                    task, tries = slot.task, slot.tries + 1
                    self._replace(index)
                    busy -= 1
                    if tries < 2:
                        queue.appendleft((task, tries))
                    else:
                        yield Problem(task.source, message=DIED)

    def _replace(self, index: int) -> None:
        old = self.slots[index]
        old.conn.close()
        old.process.join(timeout=1)
        self.slots[index] = self._spawn()

    def stop(self) -> None:
        """Tell idle workers to finish; end any that do not within a few seconds (Ctrl-C, an error)."""
        for slot in self.slots:
            with contextlib.suppress(OSError, ValueError):
                if slot.task is None:
                    slot.conn.send(None)
        deadline = time.monotonic() + 5
        for slot in self.slots:
            if slot.task is not None:
                slot.process.terminate()
            slot.process.join(timeout=max(0.1, deadline - time.monotonic()))
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(timeout=1)
            with contextlib.suppress(OSError):
                slot.conn.close()


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
