"""Reports rendered while the room works: a bounded pool of warm render processes fed by a priority queue.

Each submission (and each re-send) queues its report; a participant who asks for their own PDF moves it to the
front. Routine renders wait for a second without new submissions, and run at a lower CPU priority, so that a
burst of sends is answered first. Rendered PDFs go into the database (store.save_report), tagged with the
submission's revision, so a stale render of an earlier send is dropped and any server process can hand the PDF
out. A send's job carries the document the server validated and the result it scored, so a worker only renders.
The queue is only a cache of work: on start-up (and before a zip) every submission without a current PDF is
queued again from the database, and such a job's stored document is validated and scored once, here, before a
worker renders it. A participant's 'after' report gets their 'before' scores here too, paired by report/rounds.py,
so it shows the change between the rounds as `dealcraft report` does (store.submit drops it when the 'before'
changes). A role-play debrief's report gets its personal debrief page here, made from the room's debrief answers
by the function `dealcraft report` uses (report/debrief.py), when the room has the answer key; a changed debrief
drops the PDFs of the others with the same pair code (store.submit, `peers`).
"""

from __future__ import annotations

import functools
import heapq
import itertools
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from typing import Any, Literal

from generator.answers.validate import parse_answers_document
from generator.debrief import pair_code_of
from generator.errors import DealcraftError
from generator.exercise import Exercise, in_project_units
from generator.questionnaire.model import Questionnaire
from generator.report import rounds
from generator.report.context import Branding, FirstRound, ReportInput
from generator.report.debrief import DEBRIEF_ID, personal_debriefs
from generator.report.render import RenderOptions
from generator.scoring import score
from generator.workshop.store import Peers, Store, Submission

__all__ = ["PEERS", "ReportJobs", "render_report", "render_summary"]

URGENT, NORMAL = 0, 1
QUIET = 1.0  # seconds without a new submission before routine renders start: a burst of sends comes first
PEERS: dict[str, Peers] = {DEBRIEF_ID: pair_code_of}  # whose reports read others' answers, and whose (store.Peers)


# --- worker side: one warm Renderer per process -------------------------------------------------------------


@dataclass(frozen=True)
class _Setup:
    questionnaires: Mapping[str, Questionnaire]
    branding: Branding
    options: RenderOptions


_STATE: dict[str, Any] = {}


def _init(setup: _Setup) -> None:
    import os

    from generator.report.render import Renderer

    # Background work: the room's live requests (submissions, the dashboard) come first on a busy laptop.
    os.nice(10)

    _STATE["setup"] = setup
    _STATE["renderer"] = Renderer(setup.options)


def render_report(item: ReportInput, setup: _Setup | None = None) -> tuple[str, bytes]:
    """(file name, PDF) of one participant's report, rendered from the validated document and its result like
    `dealcraft report` renders it; nothing is parsed or scored again."""
    from generator.report.batch import report_filename, report_pdf
    from generator.report.render import Renderer

    if setup is not None:
        renderer = Renderer(setup.options)
    else:
        setup, renderer = _STATE["setup"], _STATE["renderer"]
    return report_filename(item.document), report_pdf(renderer, item, setup.questionnaires, setup.branding)


def report_input(submission: Submission, questionnaires: Mapping[str, Questionnaire]) -> ReportInput:
    """A stored submission made ready to render: its document read once through the answers validator (the
    database is read back like any other untrusted input) and scored once. Raises DealcraftError when it no
    longer fits the room's questionnaires."""
    document = parse_answers_document(submission.exported(), f"submission {submission.id}", questionnaires)
    result = score(questionnaires[document.questionnaire], document.answers)
    return ReportInput("workshop", document, result)


def with_first_round(item: ReportInput, first: ReportInput, questionnaires: Mapping[str, Questionnaire]) -> ReportInput:
    """A second round's input with the first round's scores when the two pair (the same person, questionnaire and
    version, as report/rounds.py decides for `dealcraft report`); the input as it was when they do not."""
    questionnaire = questionnaires[item.document.questionnaire]
    pairs, _ = rounds.pair_rounds(
        [
            rounds.submission("first round", first.document, questionnaire, rounds.compact(first.result.to_json()), 0),
            rounds.submission("second round", item.document, questionnaire, rounds.compact(item.result.to_json()), 1),
        ]
    )
    if not pairs:
        return item
    return replace(item, first_round=FirstRound(pairs[0].before.result, pairs[0].before.submitted_at))


def render_summary(html: str) -> bytes:
    """The group summary PDF from its rendered HTML."""
    data: bytes = _STATE["renderer"].pdf(html)
    return data


# --- server side --------------------------------------------------------------------------------------------


class ReportJobs:
    """The queue and the pool. `enqueue` is cheap and thread-safe; a dispatcher thread keeps `workers` renders
    in flight, highest priority first, and stores each result."""

    def __init__(
        self,
        store: Store,
        room_id: str,
        questionnaires: Mapping[str, Questionnaire],
        branding: Branding,
        *,
        workers: int = 1,
        exercise: Exercise | None = None,
    ) -> None:
        self.store, self.room_id = store, room_id
        self.workers = max(1, workers)
        # the role-play's answer key: debrief reports get their personal page with it, priced as report/batch.py does
        self.exercise = exercise.priced_in(branding.currency) if exercise is not None else None
        # in the project's units, as `dealcraft report` and the site show them (serve.py has set them already)
        questionnaires = in_project_units(questionnaires, exercise, branding.currency)
        self.setup = _Setup(dict(questionnaires), branding, RenderOptions(accent=branding.accent, logo=branding.logo))
        self._heap: list[tuple[int, int, int, int]] = []
        self._queued: dict[int, tuple[int, int]] = {}  # submission id -> (priority, revision) in the heap
        self._inputs: dict[int, tuple[int, ReportInput]] = {}  # submission id -> (revision, what the send scored)
        self._running: set[tuple[int, int]] = set()
        # job -> the first round (id, revision) its second-round report compares with; None: there was none
        self._first_rounds: dict[tuple[int, int], tuple[int, int] | None] = {}
        # job -> the pair's other debriefs (id, revision) its debrief page was made from (store.peer_revisions)
        self._peers: dict[tuple[int, int], tuple[Peers, frozenset[tuple[int, int]]]] = {}
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._done = threading.Condition()
        self._stop = False
        self._pool: ProcessPoolExecutor | None = None
        self._thread: threading.Thread | None = None
        self.rendered = 0
        self.failed = 0
        self._last_send = 0.0

    def start(self) -> None:
        """Start the pool (spawned processes: the server's threads are not forked) and the dispatcher."""
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=get_context("spawn"), initializer=_init, initargs=(self.setup,)
        )
        self._thread = threading.Thread(target=self._dispatch, name="dealcraft-reports", daemon=True)
        self._thread.start()
        self.rescan()

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def rescan(self) -> int:
        """Queue every submission of the room without a PDF of its current revision; returns how many."""
        stale = self.store.stale_reports(self.room_id)
        for submission_id, revision in stale:
            self.enqueue(submission_id, revision)
        return len(stale)

    def enqueue(
        self, submission_id: int, revision: int, *, item: ReportInput | None = None, urgent: bool = False
    ) -> None:
        """Queue the report of this revision. `item` is what the server validated and scored on receiving it;
        without one (a restart, a zip) the worker's input is read back from the database when its turn comes."""
        priority = URGENT if urgent else NORMAL
        with self._cond:
            if not urgent:
                self._last_send = time.monotonic()
            held = self._inputs.get(submission_id)
            if item is not None and (held is None or held[0] <= revision):
                self._inputs[submission_id] = (revision, item)
            queued = self._queued.get(submission_id)
            if queued is not None and queued[1] >= revision and queued[0] <= priority:
                return
            self._queued[submission_id] = (priority, revision)
            heapq.heappush(self._heap, (priority, next(self._seq), submission_id, revision))
            self._cond.notify()

    def pending(self) -> int:
        with self._cond:
            return len(self._queued) + len(self._running)

    def wait_for(self, submission_id: int, revision: int, timeout: float) -> tuple[str, bytes] | None:
        """The PDF of this revision, rendering it first (at the front of the queue) if needed; None on timeout."""
        found = self.store.report(submission_id, revision)
        if found is not None:
            return found
        self.enqueue(submission_id, revision, urgent=True)
        deadline = time.monotonic() + timeout
        while True:
            with self._done:
                self._done.wait(timeout=min(0.5, max(0.0, deadline - time.monotonic())))
            found = self.store.report(submission_id, revision)
            if found is not None or time.monotonic() >= deadline:
                return found

    def _next(self) -> tuple[int, int] | None:
        """The most urgent job that is still current, or None when stopping. Holds the condition."""
        while not self._stop:
            if not self._heap:
                self._cond.wait(timeout=1.0)
                continue
            quiet_for = time.monotonic() - self._last_send
            if self._heap[0][0] == NORMAL and quiet_for < QUIET:
                self._cond.wait(timeout=QUIET - quiet_for)  # an urgent job, or the quiet moment, wakes us
                continue
            _, _, submission_id, revision = heapq.heappop(self._heap)
            queued = self._queued.get(submission_id)
            if queued is None or queued[1] != revision:
                continue  # superseded by a re-send, or already taken
            del self._queued[submission_id]
            return submission_id, revision
        return None

    def _dispatch(self) -> None:
        slots = threading.Semaphore(self.workers)
        while True:
            slots.acquire()
            with self._cond:
                job = self._next()
                if job is None:
                    return
                self._running.add(job)
            item = self._input(job)
            with self._cond:  # what a report was made with besides its own answers, checked again when it is kept
                first_round: tuple[int, int] | Literal["unchecked"] | None = self._first_rounds.pop(job, "unchecked")
                peers = self._peers.pop(job, None)
            if item is None or self._pool is None:
                self._finish(job, slots)
                continue
            try:
                future = self._pool.submit(render_report, item)
            except RuntimeError:  # the pool is shutting down
                self._finish(job, slots)
                return
            future.add_done_callback(
                functools.partial(self._store, job=job, slots=slots, first_round=first_round, peers=peers)
            )

    def _input(self, job: tuple[int, int]) -> ReportInput | None:
        """What the worker renders for this job (an 'after' report with its 'before' scores), or None when the
        submission was re-sent or deleted meanwhile (or its stored document no longer validates: counted as
        failed)."""
        item = self._sent_input(job)
        if item is not None and item.document.questionnaire == DEBRIEF_ID and self.exercise is not None:
            item = self._with_debrief(job, item, self.exercise)
        if item is None or item.document.round != "after":
            return item
        before = self.store.first_round(self.room_id, job[0])
        with self._cond:  # taken by _dispatch for store.save_report
            self._first_rounds[job] = None if before is None else (before.id, before.revision)
        if before is None:  # they answered only in the after round: the report says there is nothing to compare
            return item if item.document.questionnaire == DEBRIEF_ID else replace(item, only_second_round=True)
        try:
            first = report_input(before, self.setup.questionnaires)
        except DealcraftError:  # the first round no longer fits the questionnaire: the report shows no change
            return item
        return with_first_round(item, first, self.setup.questionnaires)

    def _with_debrief(self, job: tuple[int, int], item: ReportInput, exercise: Exercise) -> ReportInput:
        """The debrief's input with its personal debrief page, made from every debrief answer of the room as
        `dealcraft report` makes it from the room's export (the pair codes match them up)."""
        rule = PEERS[DEBRIEF_ID]
        basis = self.store.peer_revisions(job[0], rule)  # read first: a change after this is caught when kept
        with self._cond:
            self._peers[job] = (rule, basis)
        documents = []
        for submission in self.store.submissions(self.room_id, DEBRIEF_ID):
            if submission.id == job[0]:  # this job's own answers, as they were sent
                documents.append((f"submission {submission.id}", item.document, item.result))
                continue
            try:
                other = report_input(submission, self.setup.questionnaires)
            except DealcraftError:  # no longer fits the questionnaire: left out, as `dealcraft report` leaves it
                continue
            documents.append((f"submission {submission.id}", other.document, other.result))
        questionnaire = self.setup.questionnaires[DEBRIEF_ID]
        pages = personal_debriefs(documents, questionnaire, exercise, self.setup.branding.site_url)
        return replace(item, debrief=pages.get(f"submission {job[0]}"))

    def _sent_input(self, job: tuple[int, int]) -> ReportInput | None:
        submission_id, revision = job
        with self._cond:
            held = self._inputs.get(submission_id)
            if held is not None and held[0] <= revision:
                del self._inputs[submission_id]
        if held is not None and held[0] == revision:
            return held[1] if self.store.revision(self.room_id, submission_id) == revision else None
        submission = self.store.submission(self.room_id, submission_id)
        if submission is None or submission.revision != revision:
            return None
        try:
            return report_input(submission, self.setup.questionnaires)
        except DealcraftError:
            self.failed += 1
            return None

    def _store(
        self,
        future: Future[tuple[str, bytes]],
        job: tuple[int, int],
        slots: threading.Semaphore,
        first_round: tuple[int, int] | Literal["unchecked"] | None = "unchecked",
        peers: tuple[Peers, frozenset[tuple[int, int]]] | None = None,
    ) -> None:
        try:
            filename, pdf = future.result()
            kept = self.store.save_report(job[0], job[1], filename, pdf, first_round=first_round, peers=peers)
            self.rendered += 1
            if not kept and self.store.revision(self.room_id, job[0]) == job[1]:
                # Still current, but what it read besides its own answers changed while it rendered (two partners
                # sending at once need not see each other's send): made again from what is there now.
                self.enqueue(*job)
        except Exception:  # a failed render is counted and shown; the participant can ask again
            self.failed += 1
        finally:
            self._finish(job, slots)

    def _finish(self, job: tuple[int, int], slots: threading.Semaphore) -> None:
        with self._cond:
            self._running.discard(job)
        with self._done:
            self._done.notify_all()
        slots.release()

    def summary_pdf(self, html: str, timeout: float = 120) -> bytes:
        """Render a group summary in the pool (it waits for a free worker like any other job)."""
        if self._pool is None:
            raise RuntimeError("the report pool is not running")
        return self._pool.submit(render_summary, html).result(timeout=timeout)
