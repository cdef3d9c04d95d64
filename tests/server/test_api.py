"""The participants' API: one answers document in, validated and scored like `dealcraft report`, stored once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from generator.questionnaire.model import Questionnaire
from generator.report.context import Branding
from generator.scoring import score
from generator.workshop.app import Workshop, create_app
from generator.workshop.jobs import ReportJobs
from generator.workshop.store import Receipt, Refused, Store
from tests.server.conftest import Running, answers_document, participant

QID = "trust-readiness"


def post(running: Running, body: Any, who: int = 1, **kwargs: Any) -> Any:
    headers = {"Content-Type": "application/json", **participant(who), **kwargs.pop("headers", {})}
    content = body if isinstance(body, bytes | str) else json.dumps(body)
    return running.client.post("/api/answers", content=content, headers=headers, **kwargs)


def test_a_document_is_scored_like_the_cli_and_stored_once_per_participant(
    running: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    q = questionnaires[QID]
    doc = answers_document(q, "Ada", seed=1)
    first = post(running, doc)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["scores"] == score(q, doc["answers"]).to_json()
    assert body["revision"] == 1

    doc2 = answers_document(q, "Ada", seed=2)
    again = post(running, doc2)
    assert again.status_code == 200
    assert again.json()["revision"] == 2
    assert again.json()["scores"] == score(q, doc2["answers"]).to_json()
    assert post(running, answers_document(q, "Grace", seed=3), who=2).status_code == 201

    stored = list(running.workshop.store.submissions(running.workshop.room_id, QID))
    assert [s.name for s in stored] == ["Ada", "Grace"]  # replaced, not duplicated
    assert stored[0].document["answers"] == doc2["answers"]
    assert running.workshop.store.counts(running.workshop.room_id) == {QID: 2}


@pytest.fixture
def queued(db_url: str, questionnaires: dict[str, Questionnaire]) -> Iterator[Running]:
    """A room on SQLite and PostgreSQL whose report queue is not started: what each send queues stays visible."""
    store = Store.open(db_url)
    room = store.open_room()
    jobs = ReportJobs(store, room.id, questionnaires, Branding(), workers=1)
    ws = Workshop(store=store, room_id=room.id, questionnaires=questionnaires, jobs=jobs)
    yield Running(TestClient(create_app(ws), base_url="http://127.0.0.1:8000"), ws, store.new_token(room.id))
    store.close()


def queued_jobs(running: Running) -> list[tuple[int, int]]:
    """Every (submission id, revision) waiting in the report queue."""
    jobs = running.workshop.jobs
    assert jobs is not None
    with jobs._cond:
        return sorted((sid, revision) for sid, (_, revision) in jobs._queued.items())


def test_the_same_answers_sent_again_are_acknowledged_without_a_new_revision_or_report(
    queued: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    q = questionnaires[QID]
    store, room_id = queued.workshop.store, queued.workshop.room_id
    doc = answers_document(q, "Ada", seed=1)
    first = post(queued, doc)
    assert first.status_code == 201 and first.json()["changed"] is True
    (sid,) = [s.id for s in store.submissions(room_id)]
    assert queued_jobs(queued) == [(sid, 1)]
    assert store.save_report(sid, 1, "ada.pdf", b"%PDF-1.7 Ada's report")
    queued.workshop.jobs._queued.clear()  # type: ignore[union-attr]  # as if the worker had taken it
    stored = store.submission(room_id, sid)

    # A retry of the very same body, then Send pressed again later (the browser stamps a new time on it)
    pressed_again = {**doc, "submitted_at": "2026-12-02T10:49:31Z"}
    for again in (doc, pressed_again):
        r = post(queued, again)
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == set(first.json())  # the reply the send button reads, which then says "sent"
        assert (body["ok"], body["revision"], body["changed"]) == (True, 1, False)
        assert body["scores"] == first.json()["scores"]
        assert (body["received_at"], body["updated_at"]) == (first.json()["received_at"], first.json()["updated_at"])
        assert queued_jobs(queued) == []  # no render queued
        assert store.submission(room_id, sid) == stored  # the row as it was, the first send's time included
        assert store.report(sid, 1) == ("ada.pdf", b"%PDF-1.7 Ada's report")
        assert store.stale_reports(room_id) == []

    # Anything else changed is a new revision with a new report: an answer, the name, the group
    changed_answer = {**doc, "answers": {**doc["answers"], "ww_ask_again": 6 - doc["answers"]["ww_ask_again"]}}
    renamed = {**changed_answer, "respondent": {"name": "Ada King", "group": "Room 1"}}
    regrouped = {**renamed, "respondent": {"name": "Ada King", "group": "Room 2"}}
    for revision, changed in enumerate((changed_answer, renamed, regrouped), start=2):
        r = post(queued, changed)
        assert r.status_code == 200 and (r.json()["revision"], r.json()["changed"]) == (revision, True)
        assert queued_jobs(queued) == [(sid, revision)]
        assert store.stale_reports(room_id) == [(sid, revision)]
    assert store.submission(room_id, sid).document["respondent"]["group"] == "Room 2"  # type: ignore[union-attr]
    assert post(queued, regrouped).json()["revision"] == 4  # and that one, sent again, is not new either


def test_two_identical_sends_racing_store_one_revision(db_url: str, questionnaires: dict[str, Questionnaire]) -> None:
    q = questionnaires[QID]
    doc = answers_document(q, "Ada", seed=1)
    store = Store.open(db_url)
    try:
        room = store.open_room()

        def send(barrier: threading.Barrier, key: str, receipts: list[Receipt | Refused]) -> None:
            barrier.wait()
            receipts.append(store.submit(room.id, key, QID, q.version, "Ada", doc, {"overall": 1}))

        for trial in range(4):  # each trial: a new participant whose first send goes twice at once (a retry)
            barrier = threading.Barrier(2)
            receipts: list[Receipt | Refused] = []
            key = f"racing-participant-{trial:04d}"
            threads = [threading.Thread(target=send, args=(barrier, key, receipts)) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=30)
            assert len(receipts) == 2
            assert isinstance(receipts[0], Receipt) and isinstance(receipts[1], Receipt)
            assert {(r.id, r.revision) for r in receipts} == {(receipts[0].id, 1)}
            assert sorted(r.changed for r in receipts) == [False, True]
        assert {s.revision for s in store.submissions(room.id)} == {1}
        assert len(list(store.submissions(room.id))) == 4
    finally:
        store.close()


def test_a_body_cannot_choose_its_round_or_claim_a_participant_key(
    running: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    doc = {**answers_document(questionnaires[QID], "Ada"), "round": "after", "participant": "grace-key"}
    assert post(running, doc).status_code == 409  # the room collects the 'before' round (see test_rounds.py)
    assert running.workshop.store.counts(running.workshop.room_id) == {}
    assert post(running, {**doc, "round": "before"}).status_code == 201
    (stored,) = running.workshop.store.submissions(running.workshop.room_id, QID)
    assert stored.document["participant"] not in ("grace-key", None)  # the server's pseudonym of the sender's key
    assert stored.document["round"] == "before"


def test_a_participant_reads_only_their_own_submission(
    running: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    q = questionnaires[QID]
    post(running, answers_document(q, "Ada"), who=1)
    mine = running.client.get(f"/api/answers/{QID}", headers=participant(1))
    assert mine.status_code == 200
    assert mine.json()["document"]["respondent"]["name"] == "Ada"
    theirs = running.client.get(f"/api/answers/{QID}", headers=participant(2))
    assert theirs.status_code == 404
    assert running.client.get(f"/api/answers/{QID}").status_code == 400  # no key, nothing


def _nested(depth: int) -> str:
    return '{"questionnaire": "trust-readiness", "answers": ' + "[" * depth + "]" * depth + "}"


MALFORMED: list[tuple[str, dict[str, Any], int, str, str]] = [
    # (case, how to send it, status, field named, words in the message)
    ("wrong content type", {"content": "{}", "ctype": "text/plain"}, 415, "Content-Type", "application/json"),
    ("form post", {"content": "a=1", "ctype": "application/x-www-form-urlencoded"}, 415, "Content-Type", "json"),
    ("over 1 MB", {"content": '{"x": "' + "a" * 1_100_000 + '"}'}, 413, "body", "1 MB"),
    ("deeply nested", {"content": _nested(5000)}, 400, "body", "nested more than 16 levels"),
    ("nested a little too deep", {"content": _nested(20)}, 400, "body", "nested more than 16 levels"),
    ("not JSON", {"content": "{'questionnaire': 1"}, 400, "body", "not valid JSON"),
    ("NaN", {"content": '{"questionnaire": "trust-readiness", "answers": {"nb_say_reason": NaN}}'}, 400, "body", "NaN"),
    (
        "Infinity",
        {"content": '{"questionnaire": "trust-readiness", "answers": {"nb_say_reason": Infinity}}'},
        400,
        "body",
        "Infinity",
    ),
    ("duplicate key", {"content": '{"questionnaire": "a", "questionnaire": "b"}'}, 400, "body", "twice"),
    ("not UTF-8", {"content": b'{"questionnaire": "\xff"}'}, 400, "body", "UTF-8"),
    ("a list", {"json": [1, 2]}, 422, "body", "JSON object"),
    ("unknown questionnaire", {"doc": {"questionnaire": "nope"}}, 422, "questionnaire", "unknown questionnaire"),
    ("unknown version", {"doc": {"version": 99}}, 422, "version", "unknown version 99"),
    ("version as text", {"doc": {"version": "1"}}, 422, "version", "not a whole number"),
    ("unknown question", {"answers": {"nope": 3}}, 422, "answers.nope", "not a question"),
    ("unknown option id", {"answers": {"ww_own_gain_only": 9}}, 422, "answers.ww_own_gain_only", "off the scale"),
    ("string for a number", {"answers": {"ww_own_gain_only": "4"}}, 422, "answers.ww_own_gain_only", "not a number"),
    ("unknown field", {"doc": {"extra": 1}}, 422, "extra", "unknown field"),
    ("name not text", {"doc": {"respondent": {"name": 5}}}, 422, "respondent.name", "not text"),
]


@pytest.mark.parametrize(("case", "how", "status", "field", "words"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_requests_get_a_4xx_naming_the_field_and_the_server_keeps_serving(
    running: Running,
    questionnaires: dict[str, Questionnaire],
    case: str,
    how: dict[str, Any],
    status: int,
    field: str,
    words: str,
) -> None:
    q = questionnaires[QID]
    if "doc" in how or "answers" in how:
        doc = answers_document(q)
        doc.update(how.get("doc", {}))
        doc["answers"].update(how.get("answers", {}))
        content: Any = json.dumps(doc)
    elif "json" in how:
        content = json.dumps(how["json"])
    else:
        content = how["content"]
    headers = {"Content-Type": how.get("ctype", "application/json"), **participant(1)}
    r = running.client.post("/api/answers", content=content, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert field in [p["field"] for p in body["problems"]], body
    assert words in body["message"], body
    assert running.client.get("/api/health").json() == {"ok": True}
    assert running.workshop.store.counts(running.workshop.room_id) == {}


def test_a_missing_or_malformed_participant_key_is_refused(
    running: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    doc = json.dumps(answers_document(questionnaires[QID]))
    for headers in ({}, {"X-Dealcraft-Participant": "short"}, {"X-Dealcraft-Participant": "<script>" * 4}):
        r = running.client.post("/api/answers", content=doc, headers={"Content-Type": "application/json", **headers})
        assert r.status_code == 400
        assert r.json()["field"] == "X-Dealcraft-Participant"


def test_closed_submissions_are_refused_and_reopened(
    running: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    ws = running.workshop
    ws.store.set_closed(ws.room_id, True)
    r = post(running, answers_document(questionnaires[QID]))
    assert r.status_code == 409
    assert "closed" in r.json()["message"]
    ws.store.set_closed(ws.room_id, False)
    assert post(running, answers_document(questionnaires[QID])).status_code == 201


def test_every_response_carries_a_csp_and_nosniff(running: Running) -> None:
    for path in ("/api/health", "/join", "/facilitator", "/api/answers/x"):
        r = running.client.get(path)
        assert "default-src 'self'" in r.headers["content-security-policy"], path
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_the_join_page_shows_the_address_and_a_qr_code(running: Running) -> None:
    r = running.client.get("/join")
    assert r.status_code == 200
    assert running.workshop.join_url in r.text
    assert "<svg" in r.text and "<path" in r.text


def test_requests_are_rate_limited_per_address_but_a_room_behind_one_address_gets_through(
    running: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    from generator.workshop.app import RateLimiter

    room = RateLimiter()  # the server's default: the load test's 300 participants all come from 127.0.0.1
    assert all(room.allow("127.0.0.1") for _ in range(300))
    running.workshop.limiter = RateLimiter(rate=0.001, burst=3)
    doc = answers_document(questionnaires[QID])
    codes = [post(running, doc, who=n).status_code for n in range(5)]
    assert codes[:3] == [201, 201, 201]
    assert codes[3:] == [429, 429]
    r = post(running, doc, who=9)
    assert r.json()["message"].startswith("too many requests")
    assert r.headers["retry-after"]
