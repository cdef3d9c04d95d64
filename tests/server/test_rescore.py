"""A questionnaire edited without a new version, and the server started again (workshop/rescore.py): the rows
scored with the earlier text are scored again and their reports made again; a row whose answers no longer fit
keeps its scores and is named; one line per questionnaire says so. On SQLite and PostgreSQL, and through a real
`dealcraft workshop` process started twice."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.questionnaire.load import load_questionnaires
from generator.questionnaire.model import Questionnaire
from generator.scoring import score, shown_score
from generator.site.assets import COMPILED_PREFIX
from generator.workshop.live import stored_result, stored_scores
from generator.workshop.rescore import questionnaire_hash, rescore_room
from generator.workshop.serve import edited_since_built
from generator.workshop.store import Store
from tests.server.conftest import ROOT, Running, answers_document, participant
from tests.small_project import small_project
from tests.workshop_process import stand_in_site, workshop_process

QID = "trust-readiness"
REVERSED = """  - id: ww_own_gain_only
    type: likert
    dimension: win_win
    reverse: true
"""
GUARDED = (
    '      - {id: guarded, label: "Stay guarded and share only what the deal cannot go ahead without", '
    "score: 50, lean: -50}\n"
)


def edit(folder: Path, *, drop_option: bool) -> Path:
    """The questionnaires of `folder` with trust-readiness edited, its version left as it was: one reverse-keyed
    item read straight (every score of that dimension moves), and with `drop_option` an option taken away."""
    text = (folder / f"{QID}.yaml").read_text(encoding="utf-8")
    assert REVERSED in text and GUARDED in text
    text = text.replace(REVERSED, REVERSED.replace("    reverse: true\n", ""))
    if drop_option:
        text = text.replace(GUARDED, "")
    (folder / f"{QID}.yaml").write_text(text, encoding="utf-8")
    return folder


def person(q: Questionnaire, seed: int, first_meeting: str) -> dict[str, Any]:
    doc = answers_document(q, f"P{seed}", seed=seed)
    doc["answers"].update(ww_own_gain_only=1, st_first_meeting=first_meeting)
    return doc


def test_rows_scored_with_an_earlier_text_are_scored_again_and_their_reports_made_again(
    running: Running, questionnaires: dict[str, Questionnaire], tmp_path: Path
) -> None:
    q = questionnaires[QID]
    for who, meeting in ((1, "little"), (2, "wait"), (3, "guarded")):
        assert running.client.post("/api/answers", json=person(q, who, meeting), headers=participant(who)).is_success
    store, room = running.workshop.store, running.workshop.room_id
    rows = {s.name: s for s in store.submissions(room, QID)}
    assert {s.questionnaire_hash for s in rows.values()} == {questionnaire_hash(q)}  # recorded with each send
    for s in rows.values():
        assert store.save_report(s.id, s.revision, f"{s.name}.pdf", b"%PDF old text")
    assert rescore_room(store, room, questionnaires) == []  # the same text: nothing to do

    shutil.copytree(ROOT / "questionnaires", tmp_path / "edited")
    edited = load_questionnaires(edit(tmp_path / "edited", drop_option=True))
    assert edited[QID].version == q.version and questionnaire_hash(edited[QID]) != questionnaire_hash(q)
    (found,) = rescore_room(store, room, edited)
    assert (found.questionnaire, found.rescored, found.moved, len(found.kept)) == (QID, 2, 2, 1)
    kept = rows["P3"]
    assert found.line() == (
        f"{QID}: 3 stored answers were scored with an earlier text of version {q.version}; 2 scored again with the "
        "current text (2 with other scores), their reports made again; 1 kept the scores it had, as its answers no "
        f'longer fit the questionnaire (submission {kept.id}: answers.st_first_meeting: "guarded" is not an '
        "option; choose from full, little, wait)"
    )
    now = {s.name: s for s in store.submissions(room, QID)}
    for name in ("P1", "P2"):
        before, after = rows[name], now[name]
        fresh = score(edited[QID], before.document["answers"])
        assert stored_result(edited[QID], after).dimensions == fresh.dimensions  # what the dashboard reads
        assert fresh.dimensions["win_win"].score != score(q, before.document["answers"]).dimensions["win_win"].score
        assert after.revision == before.revision  # the participant sent nothing new
        assert after.questionnaire_hash == questionnaire_hash(edited[QID])
        assert store.report(after.id, after.revision) is None  # made again, from the current text
    assert now["P3"].scores == kept.scores and now["P3"].questionnaire_hash == questionnaire_hash(q)
    assert store.report(kept.id, kept.revision) == ("P3.pdf", b"%PDF old text")

    (again,) = rescore_room(store, room, edited)  # the next start: only the row that does not fit, named again
    assert (again.rescored, len(again.kept)) == (0, 1)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_row_stored_before_the_hash_was_recorded_is_checked_once_and_quietly(
    db_url: str, questionnaires: dict[str, Questionnaire]
) -> None:
    q = questionnaires[QID]
    store = Store.open(db_url)
    room = store.open_room()
    doc = person(q, 1, "little")
    result = score(q, doc["answers"])
    store.submit(room.id, "k" * 20, QID, q.version, "P1", doc, stored_scores(result))  # no hash: an older server
    assert rescore_room(store, room.id, questionnaires) == []  # the same scores: only the hash is recorded
    (row,) = store.submissions(room.id, QID)
    assert row.questionnaire_hash == questionnaire_hash(q)
    store.close()


def test_a_real_server_started_again_on_an_edited_questionnaire_says_so_and_shows_the_new_scores(
    tmp_path: Path,
) -> None:
    config = small_project(tmp_path / "project")
    forms = config.parent / "forms"
    shutil.copyfile(ROOT / "questionnaires" / f"{QID}.yaml", forms / f"{QID}.yaml")
    for guide in set(re.findall(r"guide: ([\w/.-]+\.md)", (forms / f"{QID}.yaml").read_text(encoding="utf-8"))):
        page = config.parent / "pages" / guide  # the pages its advice links to, so a build of the project passes
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {page.stem}\n", encoding="utf-8")
    q = load_questionnaires(forms)[QID]
    site = stand_in_site(tmp_path / "site")
    published = site / COMPILED_PREFIX / f"{QID}.0123456789ab.json"  # the form as the build published it
    published.parent.mkdir(parents=True, exist_ok=True)
    published.write_text(json.dumps({"hash": questionnaire_hash(q)}), encoding="utf-8")
    extra = ("-f", str(config), "--workers", "0", "--min-group", "1")
    docs = [person(q, who, "little") for who in (1, 2)]
    with workshop_process(str(tmp_path / "room.db"), site, extra=extra, cwd=tmp_path) as server:
        for who, doc in enumerate(docs, start=1):
            assert httpx.post(f"{server.base}/api/answers", json=doc, headers=participant(who)).is_success
    assert not any("earlier text" in line for line in server.output)  # nor is the site built again

    edit(forms, drop_option=False)
    edited = load_questionnaires(forms)[QID]
    with workshop_process(str(tmp_path / "room.db"), site, extra=extra, cwd=tmp_path) as server:
        lines = [line for line in server.output if "earlier text" in line]
        assert lines == [
            f"The site in {site} was built from an earlier text of {QID}; rebuilding it …",  # the forms follow
            f"{QID}: 2 stored answers were scored with an earlier text of version {q.version}; 2 scored again with "
            "the current text (2 with other scores), their reports made again",
        ]
        with httpx.Client(base_url=server.base) as facilitator:
            assert facilitator.get(f"/facilitator?token={server.token}").status_code == 303  # the cookie, as a browser
            state = facilitator.get("/facilitator/state.json").json()
    block = next(b for b in state["questionnaires"] if b["id"] == QID)
    strip = next(s for s in block["aggregate"]["strips"] if s["id"] == "win_win")
    now, then = ([score(x, d["answers"]).dimensions["win_win"].score or 0 for d in docs] for x in (edited, q))
    assert shown_score(sum(now) / 2) != shown_score(sum(then) / 2)
    assert strip["mean"] == shown_score(sum(now) / 2)  # the dashboard shows the scores of the current text
    assert edited_since_built(site, {QID: edited}) == []  # the rebuilt forms score with the current text too


def test_a_site_built_from_an_earlier_text_is_told_by_the_hash_its_forms_carry(
    questionnaires: dict[str, Questionnaire], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    folder = site / COMPILED_PREFIX
    folder.mkdir(parents=True)
    q = questionnaires[QID]
    assert edited_since_built(site, questionnaires) == []  # publishes no form: not judged
    (folder / f"{QID}.aaaaaaaaaaaa.json").write_text(json.dumps({"hash": questionnaire_hash(q)}), encoding="utf-8")
    assert edited_since_built(site, questionnaires) == []
    (folder / f"{QID}.aaaaaaaaaaaa.json").write_text(json.dumps({"hash": "0" * 16}), encoding="utf-8")
    (folder / "deal-debrief.bbbbbbbbbbbb.json").write_text("{not json", encoding="utf-8")
    assert edited_since_built(site, questionnaires) == ["deal-debrief", QID]
