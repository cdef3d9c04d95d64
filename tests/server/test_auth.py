"""The facilitator's side: the token once in the URL, then a strict cookie; Bearer for exports; CSRF for actions."""

from __future__ import annotations

import logging

import pytest
from starlette.testclient import TestClient

from generator.questionnaire.model import Questionnaire
from generator.workshop.app import create_app
from tests.server.conftest import Running, answers_document, participant

PROTECTED_GET = [
    "/facilitator",
    "/facilitator/state.json",
    "/facilitator/export.jsonl",
    "/facilitator/export.csv",
    "/facilitator/reports.zip",
    "/facilitator/summary/trust-readiness.pdf",
]
PROTECTED_POST = [
    "/facilitator/close",
    "/facilitator/open",
    "/facilitator/purge",
    "/facilitator/participants/1/delete",
]


def test_every_dashboard_and_export_url_refuses_without_the_token(running: Running) -> None:
    fresh = TestClient(create_app(running.workshop), base_url="http://127.0.0.1:8000")
    for path in PROTECTED_GET:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Cookie": "dealcraft_facilitator=wrong"}):
            r = fresh.get(path, headers=headers)
            assert r.status_code in (401, 403), (path, headers, r.status_code)
            assert running.token not in r.text
    for path in PROTECTED_POST:
        r = fresh.post(path, headers={"X-CSRF-Token": "x"})
        assert r.status_code in (401, 403), path
    assert fresh.get("/facilitator?token=wrong", follow_redirects=False).status_code == 401
    assert fresh.get("/facilitator", headers={"Accept": "text/html"}).status_code == 401


def test_the_token_moves_from_the_url_into_a_strict_httponly_cookie(running: Running) -> None:
    r = running.client.get(f"/facilitator?token={running.token}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/facilitator"  # the token leaves the address bar
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    page = running.client.get("/facilitator")
    assert page.status_code == 200
    assert running.token not in page.text
    assert "Workshop room" in page.text


def test_exports_take_a_bearer_token(running: Running, questionnaires: dict[str, Questionnaire]) -> None:
    q = questionnaires["trust-readiness"]
    running.client.post(
        "/api/answers",
        json=answers_document(q, "Ada"),
        headers=participant(1),
    )
    fresh = TestClient(create_app(running.workshop), base_url="http://127.0.0.1:8000")
    r = fresh.get("/facilitator/export.jsonl", headers={"Authorization": f"Bearer {running.token}"})
    assert r.status_code == 200
    assert '"name": "Ada"' in r.text
    assert (
        fresh.get("/facilitator/export.jsonl", headers={"Authorization": f"Basic {running.token}"}).status_code == 401
    )


def test_state_changing_actions_need_the_csrf_token_and_the_same_origin(running: Running) -> None:
    client = running.facilitator()
    assert client.post("/facilitator/close").status_code == 403  # cookie alone is not enough
    assert client.post("/facilitator/close", headers={"X-CSRF-Token": "0" * 64}).status_code == 403
    page = client.get("/facilitator").text
    csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
    evil = {"X-CSRF-Token": csrf, "Origin": "http://evil.example"}
    assert client.post("/facilitator/close", headers=evil).status_code == 403
    assert running.workshop.store.room(running.workshop.room_id).open  # type: ignore[union-attr]
    ok = client.post("/facilitator/close", headers={"X-CSRF-Token": csrf, "Origin": "http://127.0.0.1:8000"})
    assert ok.status_code == 200
    assert not running.workshop.store.room(running.workshop.room_id).open  # type: ignore[union-attr]


def test_the_token_never_reaches_the_log(running: Running, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="dealcraft.workshop"):
        running.client.get(f"/facilitator?token={running.token}", follow_redirects=False)
        running.client.get("/facilitator/state.json")
    assert any("/facilitator" in r.getMessage() for r in caplog.records)
    assert all(running.token not in r.getMessage() for r in caplog.records)


def test_a_participant_key_cannot_read_the_dashboard(running: Running) -> None:
    r = running.client.get("/facilitator/state.json", headers=participant(1))
    assert r.status_code == 401
