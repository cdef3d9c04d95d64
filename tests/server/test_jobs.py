"""The report queue: a participant's own report first, routine renders after a quiet moment, and each job's
input validated and scored once (on receipt, or read back once after a restart), never again in a worker."""

from __future__ import annotations

import io
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest
from pypdf import PdfReader
from starlette.testclient import TestClient

from generator.questionnaire.model import Questionnaire
from generator.report.batch import report_filename
from generator.report.context import Branding
from generator.workshop.app import Workshop, create_app
from generator.workshop.jobs import QUIET, ReportJobs, render_report
from generator.workshop.store import Store
from tests.server.conftest import ANSWER_KEY, ROOT, Running, answers_document, participant


def test_an_asked_for_report_jumps_the_queue_and_a_resend_supersedes() -> None:
    jobs = ReportJobs(store=None, room_id="r", questionnaires={}, branding=Branding())  # type: ignore[arg-type]
    for submission in (1, 2, 3):
        jobs.enqueue(submission, 1)
    jobs.enqueue(3, 2)  # participant 3 sent again before their report was made
    jobs.enqueue(2, 1, urgent=True)  # participant 2 presses "Download my report"
    with jobs._cond:
        start = time.monotonic()
        assert jobs._next() == (2, 1)
        assert time.monotonic() - start < QUIET / 2  # at once, although sends are still arriving
        assert jobs._next() == (1, 1)
        assert time.monotonic() - start >= QUIET * 0.9  # routine work waited for the burst of sends to end
        assert jobs._next() == (3, 2)  # the first send's render was dropped: only the current one is made
        assert jobs._heap == [] or all(entry[2] not in jobs._queued for entry in jobs._heap)
    assert jobs.pending() == 0


QID = "trust-readiness"


@pytest.fixture
def queued(tmp_path: Path, questionnaires: dict[str, Questionnaire]) -> Iterator[Running]:
    """A room whose report queue is not started: what a send queues can be looked at before any worker takes it."""
    store = Store.open(str(tmp_path / "room.db"))
    room = store.open_room()
    jobs = ReportJobs(store, room.id, questionnaires, Branding(), workers=1, exercise=ANSWER_KEY)
    ws = Workshop(store=store, room_id=room.id, questionnaires=questionnaires, jobs=jobs, exercise=ANSWER_KEY)
    yield Running(TestClient(create_app(ws), base_url="http://127.0.0.1:8000"), ws, store.new_token(room.id))
    store.close()


def _job(running: Running, n: int) -> tuple[ReportJobs, tuple[int, int]]:
    jobs = running.workshop.jobs
    assert jobs is not None
    with jobs._cond:
        [(submission_id, (_, revision))] = [(s, q) for s, q in jobs._queued.items() if s == n]
    return jobs, (submission_id, revision)


def test_a_send_queues_the_document_and_result_the_server_scored_and_the_worker_gets_them(
    queued: Running, questionnaires: dict[str, Questionnaire], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = answers_document(questionnaires[QID], "Ada Lovelace", seed=3)
    sent = queued.client.post("/api/answers", json=doc, headers=participant(1)).json()
    jobs, job = _job(queued, 1)
    assert job == (1, sent["revision"])

    def no_second_read(*args: object) -> None:
        raise AssertionError("the stored document was read again")

    monkeypatch.setattr(jobs.store, "submission", no_second_read)
    item = jobs._input(job)
    assert item is not None
    assert item.document.respondent.name == "Ada Lovelace"
    assert item.result.to_json() == sent["scores"]  # the very scores the participant was shown
    assert jobs._inputs == {}  # handed over once, not kept


def test_after_a_restart_the_stored_answers_are_validated_and_scored_once_to_the_same_input(
    queued: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    doc = answers_document(questionnaires[QID], "Grace Hopper", seed=4)
    queued.client.post("/api/answers", json=doc, headers=participant(2))
    jobs, job = _job(queued, 1)
    with jobs._cond:
        _, sent = jobs._inputs[job[0]]
    restarted = ReportJobs(jobs.store, jobs.room_id, questionnaires, Branding())
    assert restarted.rescan() == 1  # nothing in memory: the job comes back from the database
    again = restarted._input(job)
    assert again is not None
    assert again.document == sent.document and again.result == sent.result
    assert report_filename(again.document) == report_filename(sent.document)  # the same report, the same file


def test_a_stored_document_that_no_longer_fits_the_room_is_counted_as_failed(
    queued: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    queued.client.post("/api/answers", json=answers_document(questionnaires[QID], "Kim"), headers=participant(3))
    jobs, job = _job(queued, 1)
    others = {qid: q for qid, q in questionnaires.items() if qid != QID}  # resumed without that questionnaire
    restarted = ReportJobs(jobs.store, jobs.room_id, others, Branding())
    assert restarted._input(job) is None
    assert restarted.failed == 1


def test_a_deleted_or_resent_submission_is_not_rendered(
    queued: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    q = questionnaires[QID]
    queued.client.post("/api/answers", json=answers_document(q, "Lee", seed=1), headers=participant(4))
    jobs, first = _job(queued, 1)
    queued.client.post("/api/answers", json=answers_document(q, "Lee", seed=2), headers=participant(4))
    assert jobs._input(first) is None  # superseded by the re-send
    _, second = _job(queued, 1)
    assert jobs._input(second) is not None
    queued.client.post("/api/answers", json=answers_document(q, "Lee", seed=3), headers=participant(4))
    _, third = _job(queued, 1)
    assert jobs.store.delete_submission(jobs.room_id, third[0])  # the facilitator deletes them
    assert jobs._input(third) is None
    assert jobs._inputs == {}


def test_a_debrief_job_gets_its_page_from_the_room_and_is_not_kept_once_its_pair_changed(
    queued: Running,
) -> None:
    import json

    from generator.report.debrief import DEBRIEF_ID, PairedDebrief, UnpairedDebrief

    buyer, seller = (
        json.loads((ROOT / "examples" / "debrief" / name).read_text(encoding="utf-8"))
        for name in ("p02-buyer.json", "p02-seller.json")
    )
    assert queued.client.post("/api/answers", json=buyer, headers=participant(6)).status_code == 201
    jobs, job = _job(queued, 1)
    item = jobs._input(job)
    assert item is not None and isinstance(item.debrief, UnpairedDebrief) and item.debrief.pair == "P02"
    with jobs._cond:
        rule, basis = jobs._peers[job]  # what _dispatch hands to store.save_report with the PDF
    assert basis == frozenset()
    assert queued.client.post("/api/answers", json=seller, headers=participant(7)).status_code == 201
    assert not jobs.store.save_report(*job, "old.pdf", b"%PDF", peers=(rule, basis))  # made before the seller sent
    with jobs._cond:
        assert set(jobs._queued) == {job[0], job[0] + 1}  # the buyer's report again, and the seller's
    again = jobs._input(job)
    assert again is not None and isinstance(again.debrief, PairedDebrief) and again.debrief.zone_exists
    assert again.document.questionnaire == DEBRIEF_ID

    # Two partners sending at once need not see each other's send; a page made meanwhile is made again
    with jobs._cond:
        jobs._queued.clear()
    rendered: Future[tuple[str, bytes]] = Future()
    rendered.set_result(("old.pdf", b"%PDF"))
    jobs._running.add(job)
    jobs._store(rendered, job, threading.Semaphore(0), peers=(rule, basis))
    assert jobs.store.report(*job) is None
    with jobs._cond:
        assert set(jobs._queued) == {job[0]} and not jobs._running
    jobs._store(rendered, job, threading.Semaphore(0), peers=(rule, jobs.store.peer_revisions(job[0], rule)))
    assert jobs.store.report(*job) == ("old.pdf", b"%PDF")


def test_a_worker_renders_the_report_without_validating_or_scoring(
    queued: Running, questionnaires: dict[str, Questionnaire], monkeypatch: pytest.MonkeyPatch
) -> None:
    queued.client.post("/api/answers", json=answers_document(questionnaires[QID], "Ada"), headers=participant(5))
    jobs, job = _job(queued, 1)
    item = jobs._input(job)
    assert item is not None

    def again(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker scored or validated again")

    import generator.answers.validate
    import generator.scoring

    # Every loaded module of the package that holds the scorer or the validator, wherever it was imported from.
    assert generator.scoring.score and generator.answers.validate.parse_answers_document
    for module in [m for name, m in sys.modules.items() if name.startswith("generator.")]:
        for name in ("score", "parse_answers_document"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, again)
    name, pdf = render_report(item, jobs.setup)  # in this process, so the patches apply
    assert name == report_filename(item.document)
    assert "Ada" in "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
