"""Before-and-after rounds in workshop mode, on SQLite and PostgreSQL: the facilitator opens the 'after' round, the
room (never the sender) decides a submission's round, exports pair in `dealcraft report`, and an 'after' report
shows the change since the 'before' one. Also the schema upgrade of a database that already holds a workshop."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from starlette.testclient import TestClient

from generator.answers.imports import load_inputs
from generator.questionnaire.model import Questionnaire
from generator.report import rounds
from generator.report.context import printed_score
from generator.scoring import score
from generator.workshop.store import HEAD, Receipt, Store, make_engine, pseudonym, schema_revision, upgrade
from tests.server.conftest import ROOT, Running, answers_document, participant

QID = "trust-readiness"


def post(client: TestClient, doc: dict[str, Any], who: int) -> Any:
    return client.post("/api/answers", json=doc, headers=participant(who))


def csrf_of(client: TestClient) -> str:
    return client.get("/facilitator").text.split('name="csrf-token" content="')[1].split('"')[0]


def open_after(running: Running) -> None:
    client = running.facilitator()
    r = client.post("/facilitator/round/after", headers={"X-CSRF-Token": csrf_of(client)})
    assert r.json() == {"ok": True, "round": "after"}


# ------------------------------------------------------------------ the schema upgrade


def test_a_workshop_database_of_version_0003_upgrades_with_its_data(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO rooms VALUES ('r1', '2026-12-01T09:00:00.000000Z', '2099-01-01T00:00:00.000000Z', NULL)"
            )
        )
        for n, who in enumerate(("hash-ada", "hash-grace"), start=1):
            conn.execute(
                sa.text(
                    "INSERT INTO submissions (room_id, participant, questionnaire, version, name, document, scores,"
                    " received_at, updated_at, revision) VALUES ('r1', :who, 'trust-readiness', 2, :name, :doc, '{}',"
                    " '2026-12-01T09:30:00.000000Z', '2026-12-01T09:31:00.000000Z', :rev)"
                ),
                {"who": who, "name": f"P{n}", "doc": json.dumps({"n": n}), "rev": n},
            )
        conn.execute(
            sa.text("INSERT INTO reports VALUES (2, 2, 'grace.pdf', :pdf, '2026-12-01T09:32:00.000000Z')"),
            {"pdf": b"%PDF-1.7 grace"},
        )
        conn.execute(
            sa.text("INSERT INTO deal_checks (room_id, pair, role, participant, limit_value, consent, updated_at)"
                    " VALUES ('r1', 'A7', 'buyer', 'hash-ada', 1200, true, '2026-12-01T09:40:00.000000Z')")
        )  # fmt: skip
    engine.dispose()

    store = Store.open(db_url)
    assert schema_revision(store.engine) == HEAD == "0005"
    room = store.room("r1")
    assert room is not None and room.current_round == "before"
    old = list(store.submissions("r1"))
    assert [(s.name, s.document, s.revision, s.round) for s in old] == [
        ("P1", {"n": 1}, 1, "before"),
        ("P2", {"n": 2}, 2, "before"),
    ]
    assert [s.questionnaire_hash for s in old] == [None, None]  # 0005: which text scored them is not known
    # The rebuilt table kept the rendered report that refers to it (SQLite's foreign keys were off meanwhile)
    assert store.report(old[1].id, 2) == ("grace.pdf", b"%PDF-1.7 grace")
    assert store.stale_reports("r1") == [(old[0].id, 1)]
    assert len(store.deal_checks("r1")) == 1
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # on again for the server
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    for round_ in ("before", "during"):  # one submission per participant, questionnaire and round; two rounds
        with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO submissions (room_id, participant, questionnaire, document, scores, received_at,"
                    " updated_at, round) VALUES ('r1', 'hash-ada', 'trust-readiness', '{}', '{}', 't', 't', :round)"
                ),
                {"round": round_},
            )
    # The upgraded room takes a second round from the same person next to their first
    store.set_round("r1", "after")
    receipt = store.submit("r1", "k" * 20, QID, 2, "P1", {"n": 3}, {})
    again = store.submit("r1", "k" * 20, QID, 2, "P1", {"n": 4}, {})
    assert receipt.round == again.round == "after" and (again.id, again.revision) == (receipt.id, 2)
    assert store.round_counts("r1") == {QID: {"before": 2, "after": 1}}
    store.close()


# ------------------------------------------------------------------ the room decides the round


def test_the_facilitator_opens_the_after_round_and_sends_land_in_it(
    running: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    q = questionnaires[QID]
    client = running.client
    assert client.get("/api/room").json() == {"round": "before", "open": True}
    assert "Second round" not in client.get("/join").text
    assert post(client, answers_document(q, "Ada", seed=1), who=1).json()["round"] == "before"
    assert post(client, answers_document(q, "Grace", seed=2), who=2).json()["round"] == "before"

    facilitator = running.facilitator()
    assert facilitator.get("/facilitator/state.json").json()["room"]["round"] == "before"
    refused = facilitator.post("/facilitator/round/after")  # no CSRF token: nothing changes
    assert refused.status_code == 403
    assert client.get("/api/room").json()["round"] == "before"
    assert (
        facilitator.post("/facilitator/round/during", headers={"X-CSRF-Token": csrf_of(facilitator)}).status_code == 404
    )
    open_after(running)
    assert client.get("/api/room").json() == {"round": "after", "open": True}
    assert "answer the same questionnaire again, on the same phone" in client.get("/join").text  # on the projector

    first = post(client, answers_document(q, "Ada", seed=3), who=1)
    assert (first.status_code, first.json()["round"], first.json()["revision"]) == (201, "after", 1)
    resent = post(client, answers_document(q, "Ada", seed=4), who=1)  # the same round again replaces
    assert (resent.status_code, resent.json()["round"], resent.json()["revision"]) == (200, "after", 2)
    again = post(client, answers_document(q, "Ada", seed=4), who=1)  # an identical re-send changes nothing
    assert (again.status_code, again.json()["round"], again.json()["revision"]) == (200, "after", 2)

    stored = list(running.workshop.store.submissions(running.workshop.room_id, QID))
    assert [(s.name, s.round) for s in stored] == [("Ada", "before"), ("Grace", "before"), ("Ada", "after")]
    assert stored[0].document["answers"] == answers_document(q, seed=1)["answers"]  # the first round is kept
    assert stored[2].document["answers"] == answers_document(q, seed=4)["answers"]
    assert stored[0].participant == stored[2].participant

    mine = client.get(f"/api/answers/{QID}", headers=participant(1)).json()
    assert mine["round"] == "after" and mine["revision"] == 2  # their latest round
    grace = client.get(f"/api/answers/{QID}", headers=participant(2)).json()
    assert grace["round"] == "before"

    state = facilitator.get("/facilitator/state.json").json()
    assert state["room"]["round"] == "after"
    assert state["rounds"] == {"before": 2, "after": 1}
    block = next(b for b in state["questionnaires"] if b["id"] == QID)
    assert (block["count"], block["rounds"]) == (3, {"before": 2, "after": 1})
    assert [p["round"] for p in state["participants"]] == ["before", "before", "after"]
    page = facilitator.get("/facilitator").text
    assert "The after round is open" in page

    # Back to the first round (opened by mistake): a send replaces the first round, the second stays
    r = facilitator.post("/facilitator/round/before", headers={"X-CSRF-Token": csrf_of(facilitator)})
    assert r.json()["round"] == "before"
    back = post(client, answers_document(q, "Ada", seed=5), who=1).json()
    assert (back["round"], back["revision"]) == ("before", 2)
    assert running.workshop.store.round_counts(running.workshop.room_id) == {QID: {"before": 2, "after": 1}}


def test_a_round_named_by_the_sender_is_checked_never_trusted(
    running: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    """A forged `round` or `participant` in the body changes nothing: the room's round and the sender's own key
    decide, and a round that is not the room's is refused with nothing stored."""
    q = questionnaires[QID]
    client = running.client
    store, room_id = running.workshop.store, running.workshop.room_id

    forged = post(client, {**answers_document(q, "Mallory", seed=1), "round": "after"}, who=9)
    assert forged.status_code == 409
    assert forged.json()["field"] == "round" and "'before'" in forged.json()["message"]
    assert forged.headers["X-Dealcraft-Round"] == "before"
    assert store.round_counts(room_id) == {}  # nothing stored

    ada = post(client, {**answers_document(q, "Ada", seed=2), "round": "before"}, who=1)
    assert ada.status_code == 201 and ada.json()["round"] == "before"
    ada_pseudonym = next(store.submissions(room_id)).document["participant"]

    # Mallory names Ada's pseudonym (from an export) to pass as her: the server keeps Mallory's own identity
    mallory = post(client, {**answers_document(q, "Mallory", seed=3), "participant": ada_pseudonym}, who=9)
    assert mallory.status_code == 201
    open_after(running)
    stale_page = post(client, {**answers_document(q, "Ada", seed=4), "round": "before"}, who=1)
    assert stale_page.status_code == 409 and stale_page.headers["X-Dealcraft-Round"] == "after"
    for bad in ("during", 7, ["after"], None):
        body = {**answers_document(q, "Mallory", seed=5), "round": bad}
        r = post(client, body, who=9)
        assert r.status_code == (201 if bad is None else 422), bad
    assert post(client, {**answers_document(q, "Mallory", seed=6), "participant": ada_pseudonym}, who=9).is_success

    subs = list(store.submissions(room_id))
    assert [(s.name, s.round) for s in subs] == [("Ada", "before"), ("Mallory", "before"), ("Mallory", "after")]
    assert {s.document["participant"] for s in subs if s.name == "Mallory"} == {pseudonym(room_id, subs[1].participant)}
    assert ada_pseudonym not in {s.document["participant"] for s in subs if s.name == "Mallory"}
    assert client.get(f"/api/answers/{QID}", headers=participant(1)).json()["round"] == "before"  # Ada: no after


# ------------------------------------------------------------------ exports pair in `dealcraft report`


def test_exports_carry_round_and_participant_and_pair_in_dealcraft_report(
    running: Running, questionnaires: dict[str, Questionnaire], tmp_path: Path
) -> None:
    q = questionnaires[QID]
    client = running.client
    for who in range(3):
        post(client, answers_document(q, f"P{who}", seed=who), who=who)
    open_after(running)
    for who in range(2):  # P2 leaves before the end
        post(client, answers_document(q, f"P{who}", seed=10 + who), who=who)

    facilitator = running.facilitator()
    (tmp_path / "room.jsonl").write_bytes(facilitator.get("/facilitator/export.jsonl").content)
    (tmp_path / "room.csv").write_bytes(facilitator.get("/facilitator/export.csv").content)
    for path in (tmp_path / "room.jsonl", tmp_path / "room.csv"):
        loaded = list(load_inputs([path], questionnaires, None))
        documents = [item.document for item in loaded]
        assert all(d is not None for d in documents), [p for item in loaded for p in item.problems]
        assert [(d.respondent.name, d.round) for d in documents if d] == [
            ("P0", "before"),
            ("P1", "before"),
            ("P2", "before"),
            ("P0", "after"),
            ("P1", "after"),
        ]
        assert all(d.participant and d.participant.startswith("p-") for d in documents if d)
        submissions = [
            rounds.submission(item.source, d, q, rounds.compact(score(q, d.answers).to_json()), n)
            for n, (item, d) in enumerate(zip(loaded, documents, strict=True))
            if d is not None
        ]
        pairs, problems = rounds.pair_rounds(submissions)  # what `dealcraft report` does with these files
        assert problems == []
        assert [(p.before.order, p.after.order) for p in pairs] == [(0, 3), (1, 4)]
    header = (tmp_path / "room.csv").read_text().splitlines()[0].split(",")
    assert header[6:8] == ["round", "participant"]


def test_the_live_room_shows_the_paired_shift_from_the_minimum_group(
    running: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    q = questionnaires[QID]
    client = running.client
    for who in range(4):
        post(client, answers_document(q, f"P{who}", seed=who), who=who)
    open_after(running)
    facilitator = running.facilitator()

    def block() -> dict[str, Any]:
        state = facilitator.get("/facilitator/state.json").json()
        return next(b for b in state["questionnaires"] if b["id"] == QID)

    for who in range(3):
        assert block()["shift"] is None  # min_group is 3 in these tests: no shift of one or two people
        post(client, answers_document(q, f"P{who}", seed=20 + who), who=who)
    live = block()
    assert live["rounds"] == {"before": 4, "after": 3}
    assert live["aggregate"]["strips"][0]["answered"] == 4  # the strips show the first round, as the summary does
    assert live["shift"]["pairs"] == 3
    overall = live["shift"]["rows"][-1]

    def shown_overall(seed: int) -> int:
        value = printed_score(score(q, answers_document(q, seed=seed)["answers"]).overall.score)
        assert value is not None
        return value

    # The shift averages the scores people see, as the summary PDF's table does
    mean = [printed_score(sum(shown_overall(s + offset) for s in range(3)) / 3) for offset in (0, 20)]
    assert (overall["title"], overall["people"], overall["before"], overall["after"]) == ("Overall", 3, *mean)


# ------------------------------------------------------------------ the paired report, rendered


def flat_text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))


def test_the_own_report_of_the_after_round_shows_the_change_since_the_before_round(
    rendering: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    q = questionnaires[QID]
    client = rendering.client
    before = answers_document(q, "Ada Lovelace", seed=1)
    after = answers_document(q, "Ada Lovelace", seed=2)
    post(client, before, who=1)
    post(client, answers_document(q, "Grace Hopper", seed=3), who=2)
    first = flat_text(client.get(f"/api/report/{QID}", headers=participant(1)).content)
    assert "AdaLovelace" in first and "Beforeandafter" not in first
    open_after(rendering)
    post(client, after, who=1)

    report = client.get(f"/api/report/{QID}", headers=participant(1))
    assert report.status_code == 200
    assert "-after-" in report.headers["content-disposition"]
    text = flat_text(report.content)
    assert "Beforeandafter" in text
    b, a = score(q, before["answers"]).overall.score, score(q, after["answers"]).overall.score
    sb, sa_ = printed_score(b), printed_score(a)
    assert sb is not None and sa_ is not None
    change = sa_ - sb
    signed = f"+{change}" if change > 0 else ("±0" if change == 0 else f"−{-change}")
    assert re.sub(r"\s+", "", f"Overall{sb}{sa_}{signed}{rounds.verdict(change)}") in text

    # The zip holds both of Ada's reports and Grace's; the group summary has the paired shift of one person
    facilitator = rendering.facilitator()
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(facilitator.get("/facilitator/reports.zip").content))
    names = sorted(archive.namelist())
    assert len(names) == 3 and sum("-after-" in n for n in names) == 1
    (after_name,) = [n for n in names if "-after-" in n]
    assert "Beforeandafter" in flat_text(archive.read(after_name))
    summary = flat_text(facilitator.get(f"/facilitator/summary/{QID}.pdf").content)
    assert "2respondents" in summary  # the first round: no one counted twice
    assert "answeredbothrounds.Onlythey" not in summary  # one pair is below the room's minimum group of two
    assert "1personansweredbothrounds.Thechangebetweentheroundsisshownfrom2peopleon" in summary  # says so
    post(client, answers_document(q, "Grace Hopper", seed=4), who=2)
    summary = flat_text(facilitator.get(f"/facilitator/summary/{QID}.pdf").content)
    assert "2peopleansweredbothrounds" in summary

    # Back to the first round by mistake: Ada's new first answers make her second report compare with them
    facilitator.post("/facilitator/round/before", headers={"X-CSRF-Token": csrf_of(facilitator)})
    again = answers_document(q, "Ada Lovelace", seed=5)
    assert post(client, again, who=1).json()["round"] == "before"
    text = flat_text(client.get(f"/api/report/{QID}", headers=participant(1)).content)  # still her latest round
    sb = printed_score(score(q, again["answers"]).overall.score)
    assert sb is not None
    change = sa_ - sb
    signed = f"+{change}" if change > 0 else ("±0" if change == 0 else f"−{-change}")
    assert re.sub(r"\s+", "", f"Overall{sb}{sa_}{signed}{rounds.verdict(change)}") in text


def test_people_who_answered_only_in_the_after_round_are_said_everywhere_the_shift_leaves_them_out(
    rendering: Running, questionnaires: dict[str, Questionnaire], tmp_path: Path
) -> None:
    """Latecomers (their first send arrives once the after round is open) are stored in the after round, as
    intended; the dashboard, the group summary and their own report say so, and `dealcraft report --summary` on
    the room's export says it in the same words."""
    from generator.cli import main

    q = questionnaires[QID]
    client = rendering.client
    for who in range(3):
        post(client, answers_document(q, f"Early {who}", seed=who), who=who)
    facilitator = rendering.facilitator()

    def block() -> dict[str, Any]:
        state = facilitator.get("/facilitator/state.json").json()
        return next(b for b in state["questionnaires"] if b["id"] == QID)

    open_after(rendering)
    assert block()["only_after"] is None  # the after round is open, but no one came late yet
    for who in range(2):
        post(client, answers_document(q, f"Early {who}", seed=10 + who), who=who)
    post(client, answers_document(q, "Late Comer", seed=7), who=7)
    assert block()["only_after"] == rounds.only_after_note(1)
    post(client, answers_document(q, "Later Still", seed=8), who=8)
    post(client, answers_document(q, "Later Still", seed=9), who=8)  # a re-send is still one person
    live = block()
    said = "2 people answered only in the after round: with no before answer to compare with, they are not in the "
    said += "before-and-after shift, nor in the charts of the before round."
    assert live["only_after"] == said
    assert live["rounds"] == {"before": 3, "after": 4} and live["shift"]["pairs"] == 2

    summary = flat_text(facilitator.get(f"/facilitator/summary/{QID}.pdf").content)
    assert re.sub(r"\s+", "", said) in summary and "2peopleansweredbothrounds" in summary
    own = client.get(f"/api/report/{QID}", headers=participant(7))
    assert own.status_code == 200 and "-after-" in own.headers["content-disposition"]
    line = "You answered this questionnaire only in the second round, so there is no first answer of yours to "
    line += "compare with: this report shows where you stand now, not a change."
    assert re.sub(r"\s+", "", line) in flat_text(own.content)
    paired = flat_text(client.get(f"/api/report/{QID}", headers=participant(0)).content)
    assert "Beforeandafter" in paired and "onlyinthesecondround" not in paired

    # The export, read back by `dealcraft report --summary`: the same sentence, the same line in the report
    export = tmp_path / "answers.jsonl"
    export.write_text(facilitator.get("/facilitator/export.jsonl").text, encoding="utf-8")
    out = tmp_path / "reports"
    config = str(ROOT / "mkdocs.yml")
    assert (
        main(["report", str(export), "-o", str(out), "-j", "1", "--summary", "-f", config], stdout=io.StringIO()) == 0
    )
    (cli_summary,) = out.glob("summary-*.pdf")
    assert re.sub(r"\s+", "", said) in flat_text(cli_summary.read_bytes())
    (late,) = out.glob("late-comer-*.pdf")
    assert re.sub(r"\s+", "", line) in flat_text(late.read_bytes())


def test_a_new_first_round_drops_the_pdf_of_the_second_and_says_which(db_url: str) -> None:
    store = Store.open(db_url)
    room = store.open_room()
    store.submit(room.id, "k" * 20, QID, 2, "Ada", {"a": 1}, {})
    store.set_round(room.id, "after")
    after = store.submit(room.id, "k" * 20, QID, 2, "Ada", {"a": 2}, {})
    assert after.stale_after is None  # a second round changes no other report
    assert store.save_report(after.id, after.revision, "ada-after.pdf", b"%PDF after")
    store.set_round(room.id, "before")
    other = store.submit(room.id, "o" * 20, QID, 2, "Grace", {"a": 3}, {})
    assert other.stale_after is None and store.report(after.id, after.revision) is not None  # not Ada's
    again = store.submit(room.id, "k" * 20, QID, 2, "Ada", {"a": 4}, {})
    assert again.stale_after == (after.id, after.revision)
    assert store.report(after.id, after.revision) is None
    assert (after.id, after.revision) in store.stale_reports(room.id)
    first = store.first_round(room.id, after.id)
    assert first is not None and first.id == again.id and first.document["a"] == 4
    assert store.first_round(room.id, again.id) is None  # a first round has no first round
    # A second report rendered with a first round that changed meanwhile is not kept (the change re-queued it)
    assert not store.save_report(after.id, after.revision, "old.pdf", b"%PDF", first_round=(first.id, 1))
    assert not store.save_report(after.id, after.revision, "old.pdf", b"%PDF", first_round=None)
    assert store.report(after.id, after.revision) is None
    assert store.save_report(after.id, after.revision, "ada-after.pdf", b"%PDF after", first_round=(first.id, 2))
    same = store.submit(room.id, "k" * 20, QID, 2, "Ada", {"a": 4}, {})  # the same first round again
    assert isinstance(same, Receipt) and (same.changed, same.revision, same.stale_after) == (False, 2, None)
    assert store.report(after.id, after.revision) is not None  # nothing changed, so nothing to compare again
    assert store.delete_submission(room.id, again.id)
    assert store.report(after.id, after.revision) is None  # nothing left to compare with: made again
    assert store.first_round(room.id, after.id) is None
    assert not store.save_report(after.id, after.revision, "old.pdf", b"%PDF", first_round=(first.id, 2))
    assert store.save_report(after.id, after.revision, "ada-after.pdf", b"%PDF after", first_round=None)
    assert store.delete_submission(room.id, again.id) is False  # already gone
    fifth = store.submit(room.id, "k" * 20, QID, 2, "Ada", {"a": 5}, {})  # a first round after all
    elsewhere = store.submit(store.open_room(new=True).id, "k" * 20, QID, 2, "Ada", {"a": 6}, {})
    assert elsewhere.participant != fifth.participant  # the same browser at another workshop: not linked
    assert fifth.stale_after == (after.id, after.revision)
    assert store.report(after.id, after.revision) is None
    assert not store.save_report(after.id, after.revision, "old.pdf", b"%PDF", first_round=None)
    store.close()


def test_rounds_on_two_versions_of_the_questionnaire_are_not_compared(
    questionnaires: dict[str, Questionnaire],
) -> None:
    """A room whose questionnaire was updated between the rounds: the second report shows no change."""
    from generator.answers.validate import parse_answers_document
    from generator.report.context import ReportInput
    from generator.workshop.jobs import with_first_round

    q = questionnaires[QID]

    def item(version: int, round_: str, seed: int) -> ReportInput:
        doc = {**answers_document(q, "Ada", seed=seed), "version": version, "round": round_, "participant": "p-ada"}
        parsed = parse_answers_document(doc, "t", questionnaires)
        return ReportInput("t", parsed, score(q, parsed.answers))

    after = item(q.version, "after", 2)
    paired = with_first_round(after, item(q.version, "before", 1), questionnaires)
    assert paired.first_round is not None
    assert paired.first_round.result == rounds.compact(score(q, answers_document(q, seed=1)["answers"]).to_json())
    assert with_first_round(after, item(q.version - 1, "before", 1), questionnaires).first_round is None
    other = item(q.version, "before", 1)
    stranger = ReportInput("t", other.document.model_copy(update={"participant": "p-grace"}), other.result)
    assert with_first_round(after, stranger, questionnaires).first_round is None  # not the same person


# ------------------------------------------------------------------ a summary when too few answered the before round


def mean_shown(q: Questionnaire, docs: list[dict[str, Any]]) -> int:
    """The group's average overall score as the summary prints it, from the scorer."""
    scores = [score(q, d["answers"]).overall.score for d in docs]
    found = printed_score(sum(s or 0.0 for s in scores) / len(scores))
    assert found is not None
    return found


def test_a_room_with_too_few_before_answers_gets_a_summary_of_its_after_round(
    rendering: Running, questionnaires: dict[str, Questionnaire], tmp_path: Path
) -> None:
    """One person answered before the workshop (the room's minimum group is two), four after it: three of them
    latecomers. The facilitator gets a summary: the after round's figures, and for the before round and the
    shift only how many answered, so the one early person's scores cannot be read off."""
    q = questionnaires[QID]
    client = rendering.client
    facilitator = rendering.facilitator()
    early = answers_document(q, "Early Bird", seed=1)
    post(client, early, who=1)
    refused = facilitator.get(f"/facilitator/summary/{QID}.pdf")
    assert refused.status_code == 409  # one person in all: nothing to show yet, and the reply says why
    assert refused.json()["message"] == (
        "questionnaire: fewer than 2 respondents in each round (1 in the before round, 0 in the after round)"
    )

    open_after(rendering)
    afters = [answers_document(q, "Early Bird", seed=2)]
    afters += [answers_document(q, f"Late {n}", seed=20 + n) for n in range(3)]
    for who, doc in zip((1, 20, 21, 22), afters, strict=True):
        assert post(client, doc, who=who).status_code == 201

    summary = facilitator.get(f"/facilitator/summary/{QID}.pdf")
    assert summary.status_code == 200 and summary.headers["content-type"] == "application/pdf"
    (tmp_path / "summary.pdf").write_bytes(summary.content)
    text = flat_text(summary.content)
    flat = lambda words: re.sub(r"\s+", "", words)  # noqa: E731
    assert flat("1 respondent before, 4 after the workshop") in text  # the cover
    assert flat("1 person answered the before round. Its figures are shown from 2 people on") in text
    assert flat("1 person answered both rounds. The change between the rounds is shown from 2 people on") in text
    assert flat(rounds.only_after_note(3) or "") in text
    assert "Aftertheworkshop" in text and "4respondents" in text
    assert text.count("Averageoverallscore") == 1  # the after round's; the before round has none
    assert flat(f"Average overall score: {mean_shown(q, afters)} / 100") in text
    assert "Beforeandafter" in text and "answeredbothrounds.Onlythey" not in text  # no shift of one person
    assert all(flat(f"{d.title} average") in text for d in q.dimensions)  # the after round's dimensions
    assert text.count("scored") == len(q.dimensions)
    assert flat("Those of the after round: the before round has too few people for its figures.") in text
    got = [set(score(q, d["answers"]).recommendations) for d in afters]
    for rid in set().union(*got):  # each recommendation the after round triggered, counted over its four people
        assert flat(f"{sum(rid in g for g in got)} of 4") in text
    assert "EarlyBird" not in text and not any(f"Late{n}" in text for n in range(3))  # no names
