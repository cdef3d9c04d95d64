"""Server fixtures: a throwaway PostgreSQL cluster per session, and a workshop app on SQLite and on PostgreSQL.

Every storage test takes `db_url`, which runs it twice: against a SQLite file and against a fresh PostgreSQL
database on the session's real server (tests/pgcluster.py).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from generator.exercise import load_exercise
from generator.questionnaire.load import load_questionnaires
from generator.questionnaire.model import Questionnaire
from generator.report.context import Branding
from generator.workshop.app import Workshop, create_app
from generator.workshop.jobs import ReportJobs
from generator.workshop.store import Store
from tests.pgcluster import fresh_database, postgres_cluster

ROOT = Path(__file__).resolve().parents[2]
ANSWER_KEY = load_exercise(ROOT / "content" / "exercises" / "espresso-deal.yaml")  # `dealcraft workshop` reads it
_names = itertools.count()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "workshop.db")
    pg: str = request.getfixturevalue("pg_url")
    return fresh_database(pg, f"t{next(_names)}_{random.randrange(10**6)}")


@pytest.fixture(scope="session")
def questionnaires() -> dict[str, Questionnaire]:
    return load_questionnaires(ROOT / "questionnaires")


def complete_answers(questionnaire: Questionnaire, seed: int = 0) -> dict[str, Any]:
    """A full, valid set of answers; `seed` varies the likert points so people differ."""
    rng = random.Random(seed)
    answers: dict[str, Any] = {}
    for q in questionnaire.questions:
        if q.type == "likert":
            scale = questionnaire.scale_for(q)
            answers[q.id] = rng.randint(int(scale.min), int(scale.max))
        elif q.type == "choice":
            answers[q.id] = q.options[rng.randrange(len(q.options))].id
        elif q.type == "multi":
            answers[q.id] = [q.options[0].id]
        elif q.type == "number":
            answers[q.id] = q.min if q.min is not None else 10
        else:
            answers[q.id] = "A note."
    return answers


def answers_document(questionnaire: Questionnaire, name: str | None = "Ada", seed: int = 0) -> dict[str, Any]:
    return {
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "respondent": {"name": name, "group": "Room 1"},
        "submitted_at": "2026-12-02T10:42:00Z",
        "answers": complete_answers(questionnaire, seed),
    }


@dataclass
class Running:
    client: TestClient
    workshop: Workshop
    token: str

    def facilitator(self) -> TestClient:
        """The same client, logged in through the token URL (the cookie is kept by the client)."""
        r = self.client.get(f"/facilitator?token={self.token}", follow_redirects=False)
        assert r.status_code == 303
        return self.client


def participant(n: int) -> dict[str, str]:
    return {"X-Dealcraft-Participant": f"participant-key-{n:08d}-abcdef"}


@pytest.fixture
def running(db_url: str, questionnaires: dict[str, Questionnaire]) -> Iterator[Running]:
    store = Store.open(db_url)
    room = store.open_room()
    token = store.new_token(room.id)
    ws = Workshop(store=store, room_id=room.id, questionnaires=questionnaires, min_group=3, exercise=ANSWER_KEY)
    with TestClient(create_app(ws), base_url="http://127.0.0.1:8000") as client:
        yield Running(client, ws, token)
    store.close()


@pytest.fixture
def rendering(db_url: str, questionnaires: dict[str, Questionnaire]) -> Iterator[Running]:
    """A room with one report worker: participants' PDFs, the zip and the facilitator's debrief are rendered."""
    store = Store.open(db_url)
    room = store.open_room()
    token = store.new_token(room.id)
    jobs = ReportJobs(store, room.id, questionnaires, Branding(), workers=1, exercise=ANSWER_KEY)
    ws = Workshop(
        store=store, room_id=room.id, questionnaires=questionnaires, min_group=2, jobs=jobs, exercise=ANSWER_KEY
    )
    with TestClient(create_app(ws), base_url="http://127.0.0.1:8000") as client:
        yield Running(client, ws, token)
    store.close()
