"""Reports made while the room works: a participant's own PDF, re-rendered on re-send; every report in one zip."""

from __future__ import annotations

import io
import json
import zipfile

from pypdf import PdfReader

from generator.answers.validate import parse_answers_document
from generator.questionnaire.model import Questionnaire
from generator.report.batch import report_filename
from tests.server.conftest import Running, answers_document, participant

QID = "trust-readiness"


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
