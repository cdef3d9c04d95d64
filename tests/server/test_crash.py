"""kill -9 the server while submissions are in flight, restart it: every acknowledged submission is there exactly
once, and what got no answer is sent again and lands once. Then two server processes on one PostgreSQL database.

Bounded: a fixed number of participants, every request with a timeout, loopback only; processes stop by PID.
"""

from __future__ import annotations

import json
import random
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.questionnaire.model import Questionnaire
from tests.server.conftest import answers_document
from tests.workshop_process import kill_tree, stand_in_site, start_workshop, workshop_process

QID = "trust-readiness"
PARTICIPANTS = 120
KILL_AFTER = 30  # acknowledged submissions before the kill


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A stand-in for the built site: these tests talk to the API only."""
    return stand_in_site(tmp_path / "site")


def key(n: int) -> dict[str, str]:
    return {"X-Dealcraft-Participant": f"crash-participant-{n:06d}-key"}


def exported(base: str, token: str) -> list[dict[str, Any]]:
    r = httpx.get(f"{base}/facilitator/export.jsonl", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    r.raise_for_status()
    return [json.loads(line) for line in r.text.splitlines()]


def test_kill_9_mid_submissions_loses_no_acknowledged_answer_and_duplicates_none(
    db_url: str, site: Path, questionnaires: dict[str, Questionnaire]
) -> None:
    q = questionnaires[QID]
    docs = {n: answers_document(q, f"P{n:04d}", seed=n) for n in range(PARTICIPANTS)}
    server = start_workshop(db_url, site, extra=("--workers", "0"))
    acked: set[int] = set()
    lock = threading.Lock()
    killed = threading.Event()

    def send(n: int, base: str) -> None:
        try:
            r = httpx.post(f"{base}/api/answers", json=docs[n], headers=key(n), timeout=10)
        except httpx.HTTPError:
            return  # no answer: the browser keeps it in its outbox
        if r.status_code in (200, 201):
            with lock:
                acked.add(n)
                if len(acked) >= KILL_AFTER and not killed.is_set():
                    killed.set()
                    kill_tree(server.proc, signal.SIGKILL)  # in flight: the other threads are mid-request

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda n: send(n, server.base), range(PARTICIPANTS)))
        assert killed.is_set(), "the server was never killed"
        assert server.proc.returncode == -signal.SIGKILL
    finally:
        kill_tree(server.proc, signal.SIGKILL)
    assert KILL_AFTER <= len(acked) < PARTICIPANTS

    with workshop_process(db_url, site, extra=("--workers", "0")) as again:  # restart: resumes the room
        names = [d["respondent"]["name"] for d in exported(again.base, again.token)]
        assert len(names) == len(set(names)), "a submission is stored twice"
        for n in acked:
            assert names.count(f"P{n:04d}") == 1, f"acknowledged submission P{n:04d} was lost"
        assert set(names) <= {f"P{n:04d}" for n in range(PARTICIPANTS)}

        missing = [n for n in range(PARTICIPANTS) if n not in acked]
        random.Random(1).shuffle(missing)
        with ThreadPoolExecutor(max_workers=8) as pool:  # the browsers re-send what got no answer
            list(pool.map(lambda n: send(n, again.base), missing))
        assert len(acked) == PARTICIPANTS
        stored = exported(again.base, again.token)
        assert sorted(d["respondent"]["name"] for d in stored) == [f"P{n:04d}" for n in range(PARTICIPANTS)]
        assert all(d["answers"] == docs[int(d["respondent"]["name"][1:])]["answers"] for d in stored)


def test_two_server_processes_on_one_postgresql_database_serve_one_room(
    pg_url: str, site: Path, questionnaires: dict[str, Questionnaire]
) -> None:
    from tests.pgcluster import fresh_database

    database = fresh_database(pg_url, f"two{random.randrange(10**9)}")
    q = questionnaires[QID]
    with (
        workshop_process(database, site, extra=("--workers", "0")) as a,
        workshop_process(database, site, extra=("--workers", "0")) as b,
    ):
        assert a.base != b.base
        for n in range(20):
            target = (a, b)[n % 2]
            r = httpx.post(f"{target.base}/api/answers", json=answers_document(q, f"P{n}", seed=n), headers=key(n))
            assert r.status_code == 201
        # a participant re-sends through the other server: replaced, not duplicated
        again = httpx.post(f"{b.base}/api/answers", json=answers_document(q, "P0 again", seed=99), headers=key(0))
        assert again.json()["revision"] == 2
        for server, token in ((a, a.token), (b, b.token), (a, b.token), (b, a.token)):  # either token, either server
            names = [d["respondent"]["name"] for d in exported(server.base, token)]
            assert sorted(names) == sorted(["P0 again", *[f"P{n}" for n in range(1, 20)]])
        with httpx.Client(base_url=a.base) as fac:
            fac.get(f"/facilitator?token={a.token}")
            state = fac.get("/facilitator/state.json").json()
            assert state["total"] == 20
            csrf = fac.get("/facilitator").text.split('name="csrf-token" content="')[1].split('"')[0]
            assert fac.post("/facilitator/close", headers={"X-CSRF-Token": csrf}).status_code == 200
        closed = httpx.post(f"{b.base}/api/answers", json=answers_document(q, "Late", seed=1), headers=key(50))
        assert closed.status_code == 409  # closed on one server is closed on both
