"""Storage on SQLite and PostgreSQL: rooms resume, re-sends replace, expired rooms go, the schema upgrades."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from generator.answers.imports import load_inputs
from generator.debrief import pair_code_of
from generator.questionnaire.model import Questionnaire
from generator.report.context import Branding
from generator.report.debrief import DEBRIEF_ID
from generator.report.summary import GroupTally, summary_context
from generator.scoring import score
from generator.workshop.jobs import PEERS
from generator.workshop.store import HEAD, Store, make_engine, metadata, schema_revision, upgrade
from tests.server.conftest import Running, answers_document, participant

QID = "trust-readiness"


def test_a_restart_resumes_the_open_room_and_new_room_starts_another(db_url: str) -> None:
    store = Store.open(db_url)
    room = store.open_room()
    old_token = store.new_token(room.id)
    store.submit(room.id, "k" * 20, QID, 1, "Ada", {"a": 1}, {"overall": {}})
    store.close()

    again = Store.open(db_url)  # what `dealcraft workshop` does after a crash
    resumed = again.open_room()
    assert resumed.id == room.id
    new_token = again.new_token(resumed.id)
    assert again.token_matches(room.id, new_token) and again.token_matches(room.id, old_token)
    assert again.counts(room.id) == {QID: 1}
    other = again.open_room(new=True)
    assert other.id != room.id
    assert again.open_room().id == other.id  # the newest open room is the one a restart resumes
    assert again.room(room.id) is not None  # the earlier room stays
    assert not again.token_matches(other.id, new_token)  # tokens belong to one room
    again.close()


def test_expired_rooms_are_purged_with_everything_in_them(db_url: str) -> None:
    store = Store.open(db_url)
    old = store.open_room(keep_days=30, now=datetime.now(UTC) - timedelta(days=31))
    store.new_token(old.id)
    receipt = store.submit(old.id, "k" * 20, QID, 1, "Ada", {"a": 1}, {})
    store.save_report(receipt.id, receipt.revision, "ada.pdf", b"%PDF-1.7")
    fresh = store.open_room(new=True)
    store.submit(fresh.id, "k" * 20, QID, 1, "Grace", {"a": 1}, {})
    assert store.purge_expired() == [old.id]
    assert store.room(old.id) is None
    assert store.room(fresh.id) is not None
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM submissions")).scalar() == 1
        assert conn.execute(sa.text("SELECT count(*) FROM reports")).scalar() == 0
    store.close()


def test_a_report_of_an_earlier_send_is_not_kept(db_url: str) -> None:
    store = Store.open(db_url)
    room = store.open_room()
    first = store.submit(room.id, "k" * 20, QID, 1, "Ada", {"a": 1}, {})
    second = store.submit(room.id, "k" * 20, QID, 1, "Ada", {"a": 2}, {})
    assert (first.id, first.revision, second.revision) == (second.id, 1, 2)
    assert not store.save_report(first.id, 1, "old.pdf", b"old")  # a re-send arrived while it rendered
    assert store.stale_reports(room.id) == [(second.id, 2)]
    assert store.save_report(second.id, 2, "new.pdf", b"new")
    assert store.report(second.id, 2) == ("new.pdf", b"new")
    assert store.stale_reports(room.id) == []
    store.close()


def test_a_changed_debrief_drops_the_reports_of_its_pair_and_only_theirs(db_url: str) -> None:
    store = Store.open(db_url)
    room = store.open_room()

    def send(who: str, pair: str, limit: int) -> Any:
        document = {"answers": {"pair": pair, "role": who, "walk_away": limit}}
        return store.submit(room.id, who * 20, DEBRIEF_ID, 1, who, document, {}, peers=pair_code_of)

    buyer, elsewhere = send("b", "P1", 4200), send("o", "P2", 100)
    assert buyer.stale_peers == elsewhere.stale_peers == ()
    for sent in (buyer, elsewhere):
        assert store.save_report(sent.id, 1, "x.pdf", b"%PDF")
    alone = store.peer_revisions(buyer.id, pair_code_of)
    assert alone == frozenset()
    seller = send("s", "p-1", 3600)  # the same pair, written another way
    assert seller.stale_peers == ((buyer.id, 1),)  # the buyer's page reads the seller's answers now
    assert store.report(buyer.id, 1) is None and store.report(elsewhere.id, 1) is not None
    assert store.stale_reports(room.id) == [(buyer.id, 1), (seller.id, 1)]
    # A page made before the seller's answers came is not kept; one made with them is
    assert not store.save_report(buyer.id, 1, "x.pdf", b"%PDF", peers=(pair_code_of, alone))
    paired = store.peer_revisions(buyer.id, pair_code_of)
    assert paired == {(seller.id, 1)}
    assert store.save_report(buyer.id, 1, "x.pdf", b"%PDF", peers=(pair_code_of, paired))
    assert store.save_report(seller.id, 1, "x.pdf", b"%PDF")
    same = send("s", "p-1", 3600)
    assert (same.changed, same.stale_peers) == (False, ())  # the same answers again: nothing to make again
    assert store.report(buyer.id, 1) is not None
    moved = send("s", "P2", 3600)  # the seller corrects their pair code: both pairs' pages change
    assert moved.stale_peers == tuple(sorted([(buyer.id, 1), (elsewhere.id, 1)]))
    assert store.report(buyer.id, 1) is None and store.report(elsewhere.id, 1) is None
    for sent in (buyer, elsewhere):
        assert store.save_report(sent.id, 1, "x.pdf", b"%PDF")
    assert store.delete_submission(room.id, moved.id, PEERS)  # deleted: the other side of P2 is alone again
    assert store.report(elsewhere.id, 1) is None and store.report(buyer.id, 1) is not None
    store.close()


def test_a_page_rendered_while_the_partners_other_send_counted_is_not_kept_once_that_send_is_gone(
    db_url: str,
) -> None:
    """The buyer sent P1 before the break and P2 after it, so the seller of P1 reads as alone. A render of the
    seller's page that started then, and ends after the facilitator deleted the buyer's P2 send, read the wrong
    answers: it is not kept (its worker makes it again), though nothing in pair P1 itself changed."""
    store = Store.open(db_url)
    room = store.open_room()

    def send(who: str, pair: str) -> Any:
        document = {"answers": {"pair": pair, "role": who}}
        return store.submit(room.id, who * 20, DEBRIEF_ID, 1, who, document, {}, peers=pair_code_of)

    first, seller = send("b", "P1"), send("s", "P1")
    store.set_round(room.id, "after")
    second = send("b", "P2")
    basis = store.peer_revisions(seller.id, pair_code_of)  # what the seller's page is made with, the buyer's P2 too
    assert store.save_report(seller.id, 1, "alone.pdf", b"%PDF", peers=(pair_code_of, basis))
    assert store.delete_submission(room.id, second.id, PEERS)
    assert store.report(seller.id, 1) is None and (seller.id, 1) in store.stale_reports(room.id)
    assert not store.save_report(seller.id, 1, "x.pdf", b"%PDF", peers=(pair_code_of, basis))
    now = store.peer_revisions(seller.id, pair_code_of)
    assert now == {(first.id, 1)}
    assert store.save_report(seller.id, 1, "x.pdf", b"%PDF", peers=(pair_code_of, now))
    store.close()


def test_the_schema_upgrades_from_the_first_version_with_its_data(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    assert schema_revision(engine) == "0001"
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO rooms VALUES ('r1', '2026-12-01T09:00:00.000000Z', '2099-01-01T00:00:00.000000Z', NULL)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO submissions (room_id, participant, questionnaire, version, name, document, scores,"
                " received_at, updated_at) VALUES ('r1', 'p', 'trust-readiness', 1, 'Ada', '{\"a\": 1}', '{}',"
                " '2026-12-01T09:30:00.000000Z', '2026-12-01T09:30:00.000000Z')"
            )
        )
    engine.dispose()

    store = Store.open(db_url)
    assert schema_revision(store.engine) == HEAD
    [old] = list(store.submissions("r1"))
    assert (old.name, old.document, old.revision) == ("Ada", {"a": 1}, 1)
    assert store.stale_reports("r1") == [(old.id, 1)]
    assert store.open_room().id == "r1"
    store.close()


def test_the_migrations_build_the_schema_the_store_declares(db_url: str) -> None:
    """The migrations are frozen history and store.py's tables are what the queries use: two copies of one schema,
    so a migration that forgets a column, index or constraint (or a table edited without one) shows up here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    engine.dispose()
    assert differences == []


def test_sqlite_runs_in_wal_mode_with_full_sync(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "w.db"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    store.close()


# Bidi controls (U+202E) are refused by the answers reader itself; right-to-left text is welcome.
# Names a spreadsheet would run as formulas are exported with a leading ' and read back without it.
HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "</style><script>alert(2)</script>",
    "ليلى &amp; ناصر <b>",
    '=HYPERLINK("http://evil.example/","Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "'=quoted already",
]


def test_exports_read_back_with_dealcraft_report_and_keep_hostile_names_literal(
    running: Running, questionnaires: dict[str, Questionnaire], tmp_path: Path
) -> None:
    q = questionnaires[QID]
    sent = []
    for n, name in enumerate(HOSTILE):
        doc = answers_document(q, name, seed=n)
        assert running.client.post("/api/answers", json=doc, headers=participant(n)).status_code == 201
        sent.append(doc)
    client = running.facilitator()
    jsonl = client.get("/facilitator/export.jsonl")
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    (tmp_path / "room.jsonl").write_bytes(jsonl.content)
    csv_text = client.get("/facilitator/export.csv", params={"questionnaire": QID})
    (tmp_path / f"{QID}.csv").write_bytes(csv_text.content)
    rows = list(csv.reader(io.StringIO(csv_text.text, newline="")))[1:]
    assert len(rows) == len(HOSTILE)
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    for path in (tmp_path / "room.jsonl", tmp_path / f"{QID}.csv"):
        loaded = list(load_inputs([path], questionnaires, None))
        assert all(item.document is not None for item in loaded), [p for item in loaded for p in item.problems]
        names = [item.document.respondent.name for item in loaded if item.document]
        assert names == HOSTILE, path
        assert [item.document.answers for item in loaded if item.document] == [d["answers"] for d in sent]
    state = client.get("/facilitator/state.json").json()
    assert [p["name"] for p in state["participants"]] == HOSTILE
    assert HOSTILE[0] in json.loads(jsonl.text.splitlines()[0])["respondent"]["name"]


def test_no_aggregate_below_the_minimum_group(running: Running, questionnaires: dict[str, Questionnaire]) -> None:
    q = questionnaires[QID]
    client = running.facilitator()
    tally = GroupTally(q)  # what `dealcraft report --summary` would count for the same people
    for n in range(3):
        block = next(b for b in client.get("/facilitator/state.json").json()["questionnaires"] if b["id"] == QID)
        assert block["count"] == n
        assert block["aggregate"] is None  # min_group is 3 in these tests
        doc = answers_document(q, f"P{n}", seed=n)
        running.client.post("/api/answers", json=doc, headers=participant(n))
        tally.add(f"P{n}", doc["submitted_at"], score(q, doc["answers"]))
    block = next(b for b in client.get("/facilitator/state.json").json()["questionnaires"] if b["id"] == QID)
    strips = block["aggregate"]["strips"]
    assert [s["title"] for s in strips] == ["Overall", *[d.title for d in q.dimensions]]
    summary = summary_context(tally, Branding())
    drawn = [summary.overall, *summary.dimensions]
    assert [s["svg"] for s in strips] == [str(b.plot) for b in drawn]  # the summary PDF's own dot strips
    assert all(s["answered"] == 3 for s in strips)
    assert len(block["aggregate"]["lowest"]) == 3
    assert all("P0" not in json.dumps(b) for b in block["aggregate"].values())


def test_a_strip_whose_dots_stand_for_more_than_one_person_says_how_many(
    running: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    q = questionnaires[QID]
    client = running.facilitator()

    def strips() -> list[dict[str, object]]:
        block = next(b for b in client.get("/facilitator/state.json").json()["questionnaires"] if b["id"] == QID)
        return list(block["aggregate"]["strips"])

    for n in range(15):  # fifteen people with the same answers: one stack of 15 dots, one person each
        running.client.post("/api/answers", json=answers_document(q, f"P{n}", seed=7), headers=participant(n))
    assert {(s["per_dot"], s["scale"]) for s in strips()} == {(1, None)}
    running.client.post("/api/answers", json=answers_document(q, "P15", seed=7), headers=participant(15))
    assert {s["per_dot"] for s in strips()} == {2}  # sixteen do not fit: each dot is two people
    assert {s["scale"] for s in strips()} == {
        "Each dot stands for 2 people with that whole-number score; a hollow dot, for fewer."
    }
    assert all("each dot stands for 2 people" in str(s["svg"]) for s in strips())  # the chart's own title agrees


def test_delete_one_participant_and_purge_the_room(running: Running, questionnaires: dict[str, Questionnaire]) -> None:
    q = questionnaires[QID]
    for n in range(3):
        running.client.post("/api/answers", json=answers_document(q, f"P{n}", seed=n), headers=participant(n))
    client = running.facilitator()
    csrf = client.get("/facilitator").text.split('name="csrf-token" content="')[1].split('"')[0]
    people = client.get("/facilitator/state.json").json()["participants"]
    r = client.post(f"/facilitator/participants/{people[1]['id']}/delete", headers={"X-CSRF-Token": csrf})
    assert r.json() == {"ok": True}
    assert [p["name"] for p in client.get("/facilitator/state.json").json()["participants"]] == ["P0", "P2"]
    assert client.post("/facilitator/purge", headers={"X-CSRF-Token": csrf}).json()["deleted"] == 2
    assert client.get("/facilitator/state.json").json()["total"] == 0
