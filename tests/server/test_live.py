"""The dashboard's live view (workshop/live.py) reads the scores stored with each send: a poll scores nothing, and
shows exactly what scoring every submission afresh would show."""

from __future__ import annotations

from typing import Any

import pytest

from generator import scoring
from generator.questionnaire.model import Questionnaire, Result
from generator.report.debrief import DEBRIEF_ID
from generator.workshop import live
from generator.workshop.store import Submission
from tests.server.conftest import Running, answers_document, participant


def afresh(questionnaire: Questionnaire, submission: Submission) -> Result:
    """What the dashboard did before: score the stored answers again."""
    return scoring.score(questionnaire, submission.document.get("answers") or {})


def refuse(*_: Any, **__: Any) -> Result:
    raise AssertionError("a dashboard poll scored a submission")


def fill_room(running: Running, questionnaires: dict[str, Questionnaire]) -> None:
    """Six people answer every questionnaire in the first round, four of them again in the second."""
    for who in range(6):
        for q in questionnaires.values():
            doc = answers_document(q, f"P{who}", seed=who * 7 + len(q.id))
            assert running.client.post("/api/answers", json=doc, headers=participant(who)).is_success
    facilitator = running.facilitator()
    csrf = facilitator.get("/facilitator").text.split('name="csrf-token" content="')[1].split('"')[0]
    assert facilitator.post("/facilitator/round/after", headers={"X-CSRF-Token": csrf}).status_code == 200
    for who in range(4):
        for q in questionnaires.values():
            doc = answers_document(q, f"P{who}", seed=100 + who)
            assert running.client.post("/api/answers", json=doc, headers=participant(who)).is_success


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_poll_scores_nothing_and_shows_what_scoring_afresh_shows(
    running: Running, questionnaires: dict[str, Questionnaire], monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_room(running, questionnaires)
    facilitator = running.facilitator()
    with monkeypatch.context() as m:
        m.setattr(live, "stored_result", afresh)
        expected = facilitator.get("/facilitator/state.json").json()
    monkeypatch.setattr(live, "score", refuse)
    monkeypatch.setattr(scoring, "score", refuse)
    r = facilitator.get("/facilitator/state.json")
    assert r.status_code == 200
    state = r.json()
    assert state == expected
    # The room is big enough for every part of the view: strips, lowest items and the paired shift (the role-play
    # debrief has none: it is about the one role-play, and a second send replaces the first)
    for block in state["questionnaires"]:
        assert block["aggregate"] is not None and block["aggregate"]["strips"] and block["aggregate"]["lowest"]
        if block["id"] == DEBRIEF_ID:
            assert block["shift"] is None
        else:
            assert block["shift"] is not None and block["shift"]["pairs"] == 4


def test_a_row_stored_without_item_scores_is_scored_again(questionnaires: dict[str, Questionnaire]) -> None:
    q = questionnaires["trust-readiness"]
    doc = answers_document(q, seed=3)
    result = scoring.score(q, doc["answers"])
    row = Submission(1, q.id, "Ada", doc, result.to_json(), "t", "t", 1)  # as an older server stored it
    assert live.stored_result(q, row) == result
    full = Submission(1, q.id, "Ada", doc, live.stored_scores(result), "t", "t", 1)
    stored = live.stored_result(q, full)
    assert (stored.overall, stored.dimensions, stored.item_scores) == (
        result.overall,
        result.dimensions,
        result.item_scores,
    )
