"""Workshop mode end to end, in Debian's Chromium against a real `dealcraft workshop` process.

Two browser contexts: a participant who fills in a quiz and sends it, and the facilitator whose dashboard
counts it without a reload. The participant downloads their PDF; the facilitator downloads the zip, whose PDFs
read back with the right names; a reload still says "sent". Once on SQLite and once on PostgreSQL.
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.test_forms import MOUNTED, fill_random
from tests.pgcluster import fresh_database, postgres_cluster
from tests.workshop_process import WorkshopProcess, workshop_process

QID = "trust-readiness"
HOSTILE = ['<img src=x onerror="window.pwned=1">', "</style><b>bold</b>", "ليلى ناصر"]


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def workshop(request: pytest.FixtureRequest, built_site: Path, tmp_path: Path) -> Iterator[WorkshopProcess]:
    if request.param == "sqlite":
        database = str(tmp_path / "room.db")
    else:
        database = fresh_database(request.getfixturevalue("pg_url"), f"browser{random.randrange(10**9)}")
    with workshop_process(database, built_site, extra=("--min-group", "1", "--workers", "1")) as running:
        yield running


def context(browser: Any, base: str) -> Any:
    ctx = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = ctx.new_page()
    page.console_errors = []
    page.requests = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(f"uncaught: {e}"))
    page.on("request", lambda r: page.requests.append(r.url))
    return ctx, page


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def fill_and_send(page: Any, name: str, seed: int) -> None:
    page.goto(f"quizzes/{QID}/")
    page.wait_for_selector(MOUNTED)
    page.wait_for_selector(".dc-quiz[data-dc-send-mounted=''] [data-action=\"send\"]")
    page.fill("[data-dc-respondent=name]", name)
    fill_random(page, random.Random(seed))
    page.click('[data-action="send"]')
    expect(page.locator("form[data-questionnaire]")).to_have_attribute("data-sent-at", re.compile(r"^\d{4}-"))


def test_participant_sends_and_the_facilitator_sees_it_live_then_both_download(
    browser: Any, workshop: WorkshopProcess, tmp_path: Path
) -> None:
    fac_ctx, fac = context(browser, workshop.base)
    navigations: list[str] = []
    fac.on("framenavigated", lambda f: navigations.append(f.url) if f == fac.main_frame else None)
    fac.goto(workshop.facilitator_url)
    assert fac.url.endswith("/facilitator")  # the token left the address bar
    expect(fac.locator(f'[data-count="{QID}"]')).to_have_text("0")
    loaded = len(navigations)

    part_ctx, page = context(browser, workshop.base)
    fill_and_send(page, "Ada Lovelace", seed=5)
    status = page.locator("[data-dc-send-status]")
    expect(status).to_have_text(re.compile(r"^Sent at \d\d:\d\d as your first-round answers\."))
    assert page.locator("[data-dc-scores-differ]").count() == 0  # the server's scores equal the page's

    expect(fac.locator(f'[data-count="{QID}"]')).to_have_text("1", timeout=10_000)
    expect(fac.locator("[data-participants] td.ws-name")).to_have_text(["Ada Lovelace"])
    assert len(navigations) == loaded  # no reload

    with page.expect_download(timeout=120_000) as info:
        page.click('[data-action="report"]')
    own = Path(info.value.path()).read_bytes()
    assert own.startswith(b"%PDF")
    assert "Ada Lovelace" in pdf_text(own)
    assert info.value.suggested_filename.startswith("ada-lovelace-trust-readiness-")

    fill_and_send(page, "Ada King", seed=6)  # a re-send replaces: still one participant
    _, other = context(browser, workshop.base)
    fill_and_send(other, "Grace Hopper", seed=7)
    expect(fac.locator(f'[data-count="{QID}"]')).to_have_text("2", timeout=10_000)
    expect(fac.locator("[data-participants] td.ws-name")).to_have_text(["Ada King", "Grace Hopper"])

    with fac.expect_download(timeout=180_000) as info:
        fac.click('[data-action="zip"]')
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    names = sorted(archive.namelist())
    assert [n.rsplit("-", 1)[0] for n in names] == [
        "ada-king-trust-readiness-before",
        "grace-hopper-trust-readiness-before",
    ]
    assert "Ada King" in pdf_text(archive.read(names[0]))
    assert "Grace Hopper" in pdf_text(archive.read(names[1]))

    page.reload()
    page.wait_for_selector(MOUNTED)
    expect(page.locator("form[data-questionnaire]")).to_have_attribute("data-sent-at", re.compile(r"^\d{4}-"))
    expect(status).to_have_text(re.compile(r"^Sent at \d\d:\d\d as your first-round answers\."))

    for p in (page, fac, other):
        assert {urlsplit(u).netloc for u in p.requests if u.startswith("http")} == {urlsplit(workshop.base).netloc}
        assert p.console_errors == []  # a CSP violation would show here
    fac_ctx.close()
    part_ctx.close()


def test_sending_the_very_same_answers_again_says_they_were_already_sent_and_nothing_changed(
    browser: Any, workshop: WorkshopProcess
) -> None:
    """Send pressed a second time with nothing changed: the server keeps the first send (d76c0f6) and the page
    says so in its status line (role=status, read out by a screen reader), with the first send's time."""
    fac_ctx, fac = context(browser, workshop.base)
    fac.goto(workshop.facilitator_url)
    part_ctx, page = context(browser, workshop.base)
    fill_and_send(page, "Ada Lovelace", seed=5)
    status = page.locator("[data-dc-send-status]")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text(re.compile(r"^Sent at \d\d:\d\d as your first-round answers\."))
    first = re.search(r"\d\d:\d\d", status.inner_text())
    assert first is not None
    sent_at = page.locator("form[data-questionnaire]").get_attribute("data-sent-at")

    page.click('[data-action="send"]')
    expect(status).to_have_text(
        f"Already sent at {first.group(0)} — nothing changed: the facilitator already has these very answers."
    )
    assert page.locator("form[data-questionnaire]").get_attribute("data-sent-at") == sent_at  # the first send's time
    expect(fac.locator("[data-participants] td.ws-name")).to_have_text(["Ada Lovelace"], timeout=10_000)
    expect(fac.locator("[data-participants] tr td:nth-child(4)")).not_to_contain_text("sent 2 times")

    page.fill("[data-dc-respondent=name]", "Ada King")  # a real change is sent as one, and said as one
    page.click('[data-action="send"]')
    expect(status).to_have_text(re.compile(r"^Sent at \d\d:\d\d as your first-round answers\."))
    expect(fac.locator("[data-participants] tr td:nth-child(4)")).to_contain_text("sent 2 times", timeout=10_000)
    for p in (page, fac):
        assert p.console_errors == []
    fac_ctx.close()
    part_ctx.close()


def test_the_facilitator_opens_the_after_round_and_the_participants_second_report_compares_both(
    browser: Any, workshop: WorkshopProcess
) -> None:
    fac_ctx, fac = context(browser, workshop.base)
    fac.on("dialog", lambda d: d.accept())
    fac.goto(workshop.facilitator_url)
    expect(fac.locator("[data-round-state]")).to_contain_text("The before round is open")

    part_ctx, page = context(browser, workshop.base)
    page.on("dialog", lambda d: d.accept())
    fill_and_send(page, "Ada Lovelace", seed=31)
    note = page.locator("[data-dc-round-note]")
    expect(note).to_have_text(re.compile(r"^First round: you are answering at the start of the workshop"))
    status = page.locator("[data-dc-send-status]")
    expect(status).to_have_text(re.compile(r"^Sent at \d\d:\d\d as your first-round answers\."))
    expect(fac.locator(f'[data-round-counts="{QID}"]')).to_have_text("before 1 · after 0", timeout=10_000)

    fac.click('[data-action="round-after"]')
    expect(fac.locator("[data-round-state]")).to_contain_text("The after round is open", timeout=10_000)
    expect(fac.locator('[data-action="round-after"]')).to_be_hidden()
    expect(fac.locator('[data-action="round-before"]')).to_be_visible()

    page.reload()  # the participant comes back to the page at the end of the day
    page.wait_for_selector(MOUNTED)
    expect(note).to_have_text(re.compile(r"^Second round: you are answering again at the end of the workshop"))
    expect(status).to_contain_text("The facilitator has opened the second round")
    assert page.locator("form[data-sent-at]").count() == 0  # the first round's send is not this round's
    page.click('[data-action="reset"]')
    page.fill("[data-dc-respondent=name]", "Ada Lovelace")
    fill_random(page, random.Random(32))
    page.click('[data-action="send"]')
    expect(status).to_have_text(re.compile(r"^Sent at \d\d:\d\d as your second-round answers\."))
    expect(fac.locator(f'[data-round-counts="{QID}"]')).to_have_text("before 1 · after 1", timeout=10_000)
    expect(fac.locator("[data-participants] tr td:nth-child(3)")).to_have_text(["before", "after"])
    late_ctx, late = context(browser, workshop.base)  # a latecomer: their first send is in the after round
    fill_and_send(late, "Lee Late", seed=33)
    expect(late.locator("[data-dc-send-status]")).to_have_text(re.compile(r"as your second-round answers\."))
    expect(fac.locator(f'[data-group="{QID}"] [data-only-after]')).to_have_text(
        "1 person answered only in the after round: with no before answer to compare with, they are not in the "
        "before-and-after shift, nor in the charts of the before round.",
        timeout=10_000,
    )
    expect(fac.locator(f'[data-round-counts="{QID}"]')).to_have_text("before 1 · after 2")
    late_ctx.close()
    if shots := os.environ.get("DEALCRAFT_SCREENSHOTS"):  # for looking at the pages by eye
        fac.screenshot(path=f"{shots}/after-round-dashboard.png", full_page=True)
        note.scroll_into_view_if_needed()
        page.screenshot(path=f"{shots}/after-round-participant.png")

    with page.expect_download(timeout=180_000) as info:
        page.click('[data-action="report"]')
    assert info.value.suggested_filename.startswith("ada-lovelace-trust-readiness-after-")
    own = Path(info.value.path()).read_bytes()
    if shots:
        Path(f"{shots}/after-round-report.pdf").write_bytes(own)
    text = pdf_text(own)
    assert "Before and after" in text
    assert "You answered this questionnaire twice" in text
    assert "first round" in text and "second round" in text
    for p in (page, fac):
        assert p.console_errors == []
    fac_ctx.close()
    part_ctx.close()


def test_offline_answers_stay_in_the_browser_and_are_sent_when_the_server_is_back(
    browser: Any, built_site: Path, tmp_path: Path
) -> None:
    with workshop_process(str(tmp_path / "room.db"), built_site, extra=("--workers", "0")) as running:
        ctx, page = context(browser, running.base)
        page.goto(f"quizzes/{QID}/")
        page.wait_for_selector('[data-action="send"]')
        page.fill("[data-dc-respondent=name]", "Offline Olu")
        fill_random(page, random.Random(9))
        ctx.set_offline(True)
        page.click('[data-action="send"]')
        status = page.locator("[data-dc-send-status]")
        expect(status).to_contain_text("Not sent yet")
        expect(status).to_contain_text("kept in this browser")
        assert page.locator("form[data-sent-at]").count() == 0
        ctx.set_offline(False)
        expect(page.locator("form[data-questionnaire]")).to_have_attribute("data-sent-at", re.compile(r"^\d{4}-"))
        expect(status).to_have_text(re.compile(r"^Sent at"))
        import httpx

        exported = httpx.get(
            f"{running.base}/facilitator/export.jsonl", headers={"Authorization": f"Bearer {running.token}"}
        )
        assert exported.text.count("Offline Olu") == 1
        ctx.close()


def test_hostile_names_appear_as_literal_text_on_the_dashboard(browser: Any, built_site: Path, tmp_path: Path) -> None:
    with workshop_process(str(tmp_path / "room.db"), built_site, extra=("--workers", "0")) as running:
        for n, name in enumerate(HOSTILE):
            ctx, page = context(browser, running.base)
            fill_and_send(page, name, seed=20 + n)
            ctx.close()
        fac_ctx, fac = context(browser, running.base)
        fac.goto(running.facilitator_url)
        cells = fac.locator("[data-participants] td.ws-name")
        expect(cells).to_have_text(HOSTILE)
        assert fac.locator("[data-participants] img, [data-participants] b").count() == 0
        assert fac.evaluate("window.pwned") is None
        assert fac.console_errors == []
        fac_ctx.close()


def test_the_published_site_has_no_send_button_and_sends_nothing(page: Any) -> None:
    page.goto(f"quizzes/{QID}/")
    page.wait_for_selector(MOUNTED)
    assert page.locator('[data-action="send"]').count() == 0
    assert not any("/api/" in u or "_workshop" in u for u in page.requests)


def test_after_a_kill_9_the_browser_sends_again_once_the_restarted_server_answers(
    browser: Any, built_site: Path, tmp_path: Path
) -> None:
    import signal

    import httpx

    from tests.workshop_process import kill_tree, start_workshop

    database = str(tmp_path / "room.db")
    first = start_workshop(database, built_site, extra=("--workers", "0"))
    port = int(urlsplit(first.base).port or 0)
    try:
        ctx, page = context(browser, first.base)
        page.goto(f"quizzes/{QID}/")
        page.wait_for_selector('[data-action="send"]')
        page.fill("[data-dc-respondent=name]", "Kim Crash")
        fill_random(page, random.Random(11))
        kill_tree(first.proc, signal.SIGKILL)  # the laptop's server dies
        page.click('[data-action="send"]')
        expect(page.locator("[data-dc-send-status]")).to_contain_text("Not sent yet")
    finally:
        kill_tree(first.proc, signal.SIGKILL)
    again = start_workshop(database, built_site, port=port, extra=("--workers", "0"))  # restarted, same address
    try:
        form = page.locator("form[data-questionnaire]")
        expect(form).to_have_attribute("data-sent-at", re.compile(r"^\d{4}-"), timeout=60_000)  # retried by itself
        stored = httpx.get(
            f"{again.base}/facilitator/export.jsonl", headers={"Authorization": f"Bearer {again.token}"}
        ).text
        assert stored.count('"Kim Crash"') == 1
        ctx.close()
    finally:
        kill_tree(again.proc)


def test_the_join_page_and_the_dashboard_pass_axe(
    browser: Any, built_site: Path, tmp_path: Path, axe_violations: Any
) -> None:
    import httpx

    from generator.questionnaire.load import load_questionnaires
    from tests.server.conftest import answers_document

    questionnaire = load_questionnaires(Path(__file__).resolve().parents[2] / "questionnaires")[QID]
    with workshop_process(str(tmp_path / "room.db"), built_site, extra=("--workers", "0", "--min-group", "1")) as s:
        doc = answers_document(questionnaire, "Ada")
        httpx.post(f"{s.base}/api/answers", json=doc, headers={"X-Dealcraft-Participant": "axe-participant-0001"})
        ctx, page = context(browser, s.base)
        page.goto("/join")
        assert axe_violations(page) == []
        page.goto(s.facilitator_url)
        page.wait_for_selector("[data-strip]")
        assert axe_violations(page) == []
        ctx.close()


def test_a_strip_of_a_large_room_says_what_one_dot_stands_for_on_screen_and_on_paper(
    browser: Any, built_site: Path, tmp_path: Path, axe_violations: Any
) -> None:
    import httpx

    from generator.questionnaire.load import load_questionnaires
    from tests.server.conftest import answers_document

    questionnaire = load_questionnaires(Path(__file__).resolve().parents[2] / "questionnaires")[QID]
    with workshop_process(str(tmp_path / "room.db"), built_site, extra=("--workers", "0", "--min-group", "1")) as s:
        for n in range(16):  # the same answers sixteen times: a stack too tall for one dot per person
            doc = answers_document(questionnaire, f"P{n}", seed=7)
            key = {"X-Dealcraft-Participant": f"large-room-participant-{n:04d}"}
            assert httpx.post(f"{s.base}/api/answers", json=doc, headers=key).is_success
        ctx, fac = context(browser, s.base)
        fac.goto(s.facilitator_url)
        captions = fac.locator(f'[data-group="{QID}"] [data-strip] figcaption')
        expect(captions).to_have_count(1 + len(questionnaire.dimensions))
        expect(captions.first).to_have_text(
            "Each dot stands for 2 people with that whole-number score; a hollow dot, for fewer."
        )
        assert axe_violations(fac) == []
        fac.emulate_media(media="print")
        expect(captions.first).to_be_visible()
        printed = fac.pdf(format="A4")
        (tmp_path / "dashboard.pdf").write_bytes(printed)
        assert "Each dot stands for 2 people" in pdf_text(printed)
        assert fac.console_errors == []
        ctx.close()
