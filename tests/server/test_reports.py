"""Reports made while the room works: a participant's own PDF, re-rendered on re-send; every report in one zip."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from starlette.testclient import TestClient

from generator.answers.validate import parse_answers_document
from generator.cli import main
from generator.project import load_project
from generator.questionnaire.model import Questionnaire
from generator.report.batch import report_filename
from generator.report.context import branding_from_config
from generator.report.debrief import DEBRIEF_ID
from generator.workshop.app import Workshop, create_app
from generator.workshop.jobs import ReportJobs
from generator.workshop.store import Store
from tests.server.conftest import ANSWER_KEY, ROOT, Running, answers_document, participant

QID = "trust-readiness"
ROLE_PLAY = ROOT / "examples" / "debrief"


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_own_report_renders_again_after_a_resend_and_the_zip_holds_every_report(
    rendering: Running, questionnaires: dict[str, Questionnaire]
) -> None:
    q = questionnaires[QID]
    client = rendering.client
    docs = {
        "Ada Lovelace": answers_document(q, "Ada Lovelace", seed=1),
        "Grace Hopper": answers_document(q, "Grace Hopper", seed=2),
    }
    for n, doc in enumerate(docs.values()):
        assert client.post("/api/answers", json=doc, headers=participant(n)).status_code == 201

    first = client.get(f"/api/report/{QID}", headers=participant(0))
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/pdf"
    assert "Ada Lovelace" in text_of(first.content)
    assert "Grace" not in text_of(first.content)

    renamed = answers_document(q, "Ada King", seed=3)
    assert client.post("/api/answers", json=renamed, headers=participant(0)).json()["revision"] == 2
    second = client.get(f"/api/report/{QID}", headers=participant(0))
    assert "Ada King" in text_of(second.content)  # the re-send's report, not the stored first one

    assert client.get(f"/api/report/{QID}", headers=participant(7)).status_code == 404  # nothing sent: nothing to read

    archive = zipfile.ZipFile(io.BytesIO(rendering.facilitator().get("/facilitator/reports.zip").content))
    # The zip names each report as `dealcraft report` names it from the room's export (which says the round)
    exported = [json.loads(line) for line in rendering.client.get("/facilitator/export.jsonl").text.splitlines()]
    assert [d["answers"] for d in exported] == [renamed["answers"], docs["Grace Hopper"]["answers"]]
    expected = {
        report_filename(parse_answers_document(d, "t", questionnaires)): d["respondent"]["name"] for d in exported
    }
    assert all("-before-" in filename for filename in expected)
    assert set(archive.namelist()) == set(expected)
    for filename, name in expected.items():
        assert name in text_of(archive.read(filename))
    state = client.get("/facilitator/state.json").json()
    assert state["reports"] == {"ready": 2, "total": 2, "enabled": True}

    hostile = '<img src=x onerror="alert(1)"> </style> ليلى'
    assert client.post("/api/answers", json=answers_document(q, hostile, seed=4), headers=participant(5)).is_success
    assert hostile in text_of(client.get(f"/api/report/{QID}", headers=participant(5)).content)  # literal text

    summary = client.get(f"/facilitator/summary/{QID}.pdf")
    assert summary.status_code == 200
    text = text_of(summary.content)
    assert "Group summary" in text and "Ada" not in text and "ليلى" not in text  # the summary shows the group, no names


# ------------------------------------------------------------------ the role-play's debrief page


@pytest.fixture
def project_room(db_url: str, questionnaires: dict[str, Questionnaire]) -> Iterator[Running]:
    """A room set up as `dealcraft workshop` sets one up for this project: its branding, its answer key."""
    branding = branding_from_config(load_project(ROOT / "mkdocs.yml").config)
    store = Store.open(db_url)
    room = store.open_room()
    jobs = ReportJobs(store, room.id, questionnaires, branding, workers=1, exercise=ANSWER_KEY)
    ws = Workshop(
        store=store,
        room_id=room.id,
        questionnaires=questionnaires,
        branding=branding,
        min_group=2,
        jobs=jobs,
        exercise=ANSWER_KEY,
    )
    with TestClient(create_app(ws), base_url="http://127.0.0.1:8000") as client:
        yield Running(client, ws, store.new_token(room.id))
    store.close()


def pages_of(pdf: bytes) -> list[str]:
    """Each page's text, white space squashed (lines wrap differently than the words run)."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def own_report(running: Running, who: int, qid: str) -> tuple[str, bytes]:
    r = running.client.get(f"/api/report/{qid}", headers=participant(who))
    assert r.status_code == 200, r.text
    filename = re.search(r'filename="([^"]+)"', r.headers["content-disposition"])
    assert filename is not None
    return filename.group(1), r.content


def test_a_debrief_report_from_the_room_has_the_page_dealcraft_report_gives_it(
    project_room: Running, questionnaires: dict[str, Questionnaire], tmp_path: Path
) -> None:
    client = project_room.client
    buyer, seller = (
        json.loads((ROLE_PLAY / n).read_text(encoding="utf-8")) for n in ("p02-buyer.json", "p02-seller.json")
    )
    for who, debrief in ((1, buyer), (2, seller)):
        readiness = answers_document(questionnaires[QID], debrief["respondent"]["name"], seed=who)
        assert client.post("/api/answers", json=readiness, headers=participant(who)).status_code == 201
    assert client.post("/api/answers", json=buyer, headers=participant(1)).status_code == 201

    # The buyer alone: their page says why it cannot show the zone yet
    _, alone = own_report(project_room, 1, DEBRIEF_ID)
    page = next(p for p in pages_of(alone) if "Your role-play debrief" in p)
    assert "Pair P02, playing the buyer." in page
    assert "only one side answered; the seller's debrief is missing" in page.replace("’", "'")

    # The seller's send drops the buyer's PDF (their page reads the seller's answers) and it is made again
    sent = client.post("/api/answers", json=seller, headers=participant(2)).json()
    assert (sent["ok"], sent["changed"]) == (True, True)
    name, paired = own_report(project_room, 1, DEBRIEF_ID)
    page = next(p for p in pages_of(paired) if "Your role-play debrief" in p)
    assert "The real zone $3,600 to $4,200, $600 wide" in page
    assert "Your side’s share of the zone 17%" in page and "81 of a possible 110 (yours: 40)" in page
    assert "Ask why each term matters" in page and "steps/motivations/" in page
    (tmp_path / "buyer-debrief.pdf").write_bytes(paired)

    # `dealcraft report` on the room's export makes the same reports, page for page
    export = tmp_path / "answers.jsonl"
    export.write_text(project_room.facilitator().get("/facilitator/export.jsonl").text, encoding="utf-8")
    out = tmp_path / "reports"
    assert main(["report", str(export), "-o", str(out), "-j", "1", "-f", str(ROOT / "mkdocs.yml")]) == 0
    made = sorted(p.name for p in out.glob("*.pdf"))
    assert len(made) == 4
    room = {own_report(project_room, who, qid) for who in (1, 2) for qid in (QID, DEBRIEF_ID)}
    assert sorted(n for n, _ in room) == made
    for filename, pdf in room:
        assert pages_of(pdf) == pages_of((out / filename).read_bytes()), filename
    assert name in made


def test_a_debrief_sent_in_both_rounds_is_one_debrief_its_latest_send(project_room: Running, tmp_path: Path) -> None:
    """The debrief is about the one role-play: a buyer who sends it again once the after round is open is one
    buyer in their pair (not two), both their reports show the paired page, the facilitator's debrief notes the
    earlier send, and `dealcraft report` on the export agrees page for page."""
    client = project_room.client
    buyer, seller = (
        json.loads((ROLE_PLAY / n).read_text(encoding="utf-8")) for n in ("p02-buyer.json", "p02-seller.json")
    )
    assert client.post("/api/answers", json=buyer, headers=participant(1)).status_code == 201
    assert client.post("/api/answers", json=seller, headers=participant(2)).status_code == 201
    facilitator = project_room.facilitator()
    csrf = facilitator.get("/facilitator").text.split('name="csrf-token" content="')[1].split('"')[0]
    assert facilitator.post("/facilitator/round/after", headers={"X-CSRF-Token": csrf}).is_success
    again = {**buyer, "submitted_at": "2026-11-26T16:05:00Z", "answers": {**buyer["answers"], "so_proud": 5}}
    sent = client.post("/api/answers", json=again, headers=participant(1)).json()
    assert (sent["round"], sent["changed"]) == ("after", True)

    debrief = facilitator.get("/facilitator/debrief.json").json()
    assert [p["pair"] for p in debrief["pairs"]] == ["P02"]  # one buyer, one seller: analysed, not "2 buyers"
    assert [(p["kind"], p["severity"]) for p in debrief["problems"]] == [("resent", "note")]

    _, latest = own_report(project_room, 1, DEBRIEF_ID)
    page = next(p for p in pages_of(latest) if "Your role-play debrief" in p)
    assert "The real zone $3,600 to $4,200, $600 wide" in page and "Your side’s share of the zone 17%" in page
    assert not any("first and the second round" in p for p in pages_of(latest))  # no before-and-after page
    _, seller_pdf = own_report(project_room, 2, DEBRIEF_ID)
    assert any("Your side’s share of the zone 83%" in p for p in pages_of(seller_pdf))

    export = tmp_path / "answers.jsonl"
    export.write_text(facilitator.get("/facilitator/export.jsonl").text, encoding="utf-8")
    out = tmp_path / "reports"
    assert main(["report", str(export), "-o", str(out), "-j", "1", "-f", str(ROOT / "mkdocs.yml")]) == 0
    archive = zipfile.ZipFile(io.BytesIO(facilitator.get("/facilitator/reports.zip").content))
    assert sorted(archive.namelist()) == sorted(p.name for p in out.glob("*.pdf"))
    assert len(archive.namelist()) == 3  # the buyer's two sends and the seller's
    for filename in archive.namelist():
        pages = pages_of(archive.read(filename))
        assert pages == pages_of((out / filename).read_bytes()), filename
        assert any("The real zone $3,600 to $4,200" in p for p in pages), filename  # paired in every report


def test_a_report_currency_configured_for_the_project_is_the_workshops_too(
    questionnaires: dict[str, Questionnaire], tmp_path: Path
) -> None:
    from generator.report.batch import render_reports
    from generator.report.context import Branding, ReportInput
    from generator.scoring import score
    from generator.workshop.jobs import render_report

    q = questionnaires["deal-readiness"]
    raw = answers_document(q, "Ada Lovelace", seed=2)
    (tmp_path / "ada.json").write_text(json.dumps(raw), encoding="utf-8")
    branding = Branding(currency="CHF")
    batch = render_reports([tmp_path / "ada.json"], tmp_path / "out", questionnaires, branding=branding, jobs=1)
    (written,) = batch.written
    jobs = ReportJobs(None, "room", questionnaires, branding)  # type: ignore[arg-type]  # only its set-up is used
    document = parse_answers_document(raw, "ada", questionnaires)
    _, pdf = render_report(ReportInput("workshop", document, score(q, document.answers)), jobs.setup)
    pages = pages_of(pdf)
    assert any("CHF" in page for page in pages)
    assert pages == pages_of(written.read_bytes())


# ------------------------------------------------------------------ a deleted debrief, on a real server


def debrief_pages(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each zipped report's personal debrief page by who it is for ("P02 seller"), the buyer's two sends by round."""
    found: dict[str, str] = {}
    for filename in archive.namelist():
        page = next((p for p in pages_of(archive.read(filename)) if "Your role-play debrief" in p), "")
        who = re.search(r"Pair (P\d+), playing the (buyer|seller)\.", page)
        key = f"{who.group(1)} {who.group(2)}" if who else "no page"
        if "-deal-debrief-" in filename:
            key += " (after)" if "-after-" in filename else ""
        found[key if key not in found else f"{key} {filename}"] = page.replace("’", "'")
    return found


def test_deleting_the_later_of_two_debriefs_with_different_pair_codes_remakes_both_pairs_pdfs(
    tmp_path: Path,
) -> None:
    """A buyer sent the debrief with pair code P02 before the break and P05 after it; the latest send counts, so
    P02's seller reads as alone. The facilitator deletes the P05 send: the P02 send counts again, so the seller of
    P02 and the buyer's own P02 report are made again (paired), and P05's seller is alone. On a real server."""
    import httpx

    from tests.workshop_process import stand_in_site, workshop_process

    p02_buyer, p02_seller = (
        json.loads((ROLE_PLAY / f"{n}.json").read_text(encoding="utf-8")) for n in ("p02-buyer", "p02-seller")
    )
    # The same role-play told again under code P05, by the buyer after the break and by another seller
    second = {**p02_buyer, "submitted_at": "2026-11-26T16:05:00Z", "answers": {**p02_buyer["answers"], "pair": "P05"}}
    p05_seller = {
        **p02_seller,
        "respondent": {"name": "Aisha Bello", "group": "Afternoon room"},
        "answers": {**p02_seller["answers"], "pair": "P05"},
    }
    site = stand_in_site(tmp_path / "site")
    extra = ("--workers", "1", "--min-group", "2")
    with (
        workshop_process(str(tmp_path / "room.db"), site, extra=extra) as server,
        httpx.Client(base_url=server.base, timeout=300) as http,
    ):
        for who, doc in ((1, p02_buyer), (2, p02_seller), (3, p05_seller)):
            assert http.post("/api/answers", json=doc, headers=participant(who)).status_code == 201
        assert http.get(f"/facilitator?token={server.token}").status_code == 303  # the cookie, as a browser
        csrf = http.get("/facilitator").text.split('name="csrf-token" content="')[1].split('"')[0]
        assert http.post("/facilitator/round/after", headers={"X-CSRF-Token": csrf}).is_success
        sent = http.post("/api/answers", json=second, headers=participant(1)).json()
        assert (sent["round"], sent["changed"]) == ("after", True)

        pages = debrief_pages(zipfile.ZipFile(io.BytesIO(http.get("/facilitator/reports.zip").content)))
        assert "only one side answered; the buyer's debrief is missing" in pages["P02 seller"]
        for who in ("P05 buyer (after)", "P05 seller"):  # the buyer's later send is the one that counts
            assert "The real zone $3,600 to $4,200, $600 wide" in pages[who], who

        listed = http.get("/facilitator/state.json").json()["participants"]  # as the dashboard lists them
        (later,) = [p["id"] for p in listed if p["round"] == "after"]
        deleted = http.post(f"/facilitator/participants/{later}/delete", headers={"X-CSRF-Token": csrf})
        assert deleted.json() == {"ok": True}
        pages = debrief_pages(zipfile.ZipFile(io.BytesIO(http.get("/facilitator/reports.zip").content)))
        assert sorted(pages) == ["P02 buyer", "P02 seller", "P05 seller"]
        for who in ("P02 buyer", "P02 seller"):  # the buyer's first send counts again: this pair is whole
            assert "The real zone $3,600 to $4,200, $600 wide" in pages[who], who
        assert "only one side answered; the buyer's debrief is missing" in pages["P05 seller"]
        state = http.get("/facilitator/state.json").json()
        assert state["reports"] == {"ready": 3, "total": 3, "enabled": True}
