"""`dealcraft workshop -f other/mkdocs.yml` started from another folder: it builds and serves that project's site
and debriefs the role-play with that project's answer key; a missing key is named, a broken one stops the start.

Each server runs on 127.0.0.1 and is stopped by its PID (tests/workshop_process.py).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader

from tests.small_project import KEY_TITLE, KEY_UNIT, ROOM, add_deal_readiness, small_project
from tests.workshop_process import ROOT, stand_in_site, workshop_process

PAIR = ("p01-buyer.json", "p01-seller.json")


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def key_of(n: int) -> dict[str, str]:
    return {"X-Dealcraft-Participant": f"pair-key-{n:08d}-x"}


def send_pair(base: str) -> None:
    for n, name in enumerate(PAIR, start=1):
        doc = json.loads((ROOM / name).read_text(encoding="utf-8"))
        r = httpx.post(f"{base}/api/answers", json=doc, headers=key_of(n))
        assert r.status_code == 201, r.text


def buyers_report(base: str) -> str:
    """The text of the P01 buyer's own report, as they download it."""
    r = httpx.get(f"{base}/api/report/deal-debrief", headers=key_of(1), timeout=180)
    assert r.status_code == 200, r.text
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(r.content)).pages).split())


def test_the_server_builds_the_projects_site_and_debriefs_with_its_key(tmp_path: Path, elsewhere: Path) -> None:
    config = small_project(tmp_path / "project")
    extra = ("-f", str(config), "--workers", "1", "--min-group", "1")
    with workshop_process("room.db", None, extra=extra, cwd=elsewhere) as server:
        home = httpx.get(server.join_url, timeout=30)
        assert home.status_code == 200 and "BATNA</abbr>" in home.text  # the project's page, snippet included
        assert (config.parent / "public" / "index.html").is_file()  # built into the config's site_dir
        send_pair(server.base)
        bearer = {"Authorization": f"Bearer {server.token}"}
        data = httpx.get(f"{server.base}/facilitator/debrief.json", headers=bearer, timeout=30).json()
        assert [p["pair"] for p in data["pairs"]] == ["P01"]
        pdf = httpx.get(f"{server.base}/facilitator/debrief.pdf", headers=bearer, timeout=120)
        assert pdf.status_code == 200, pdf.text
        text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
        assert f"Group debrief: {KEY_TITLE}" in text
        mine = buyers_report(server.base)  # their own report has the personal page, from the project's key
        assert "Your role-play debrief Pair P01, playing the buyer." in mine and "The real zone" in mine
        # The debrief form and the answers in that report name the key's unit, as the debrief does (money_unit)
        page = httpx.get(f"{server.base}/quizzes/deal-debrief/", timeout=30).text
        form = page[page.index('<form class="dc-form"') :]
        form = form[: form.index("</form>")]
        assert form.count(f'<span class="dc-unit" aria-hidden="true">{KEY_UNIT}</span>') == 4 and "$" not in form
        assert f"{KEY_UNIT}4,200" in mine and "$" not in mine
    assert (elsewhere / "room.db").is_file()  # --database is a command-line path: from the working folder
    assert "answer key" not in "\n".join(server.output)


def test_a_missing_answer_key_is_named_at_start_up(tmp_path: Path, elsewhere: Path) -> None:
    config = small_project(tmp_path / "project", answer_key=False)
    stand_in_site(elsewhere / "site", "<!doctype html><title>site</title>")
    extra = ("-f", str(config), "--workers", "1")
    with workshop_process("room.db", elsewhere / "site", extra=extra, cwd=elsewhere) as server:
        key = config.parent / "pages" / "exercises" / "espresso-deal.yaml"
        assert f"{key}: no role-play answer key here" in "\n".join(server.output)
        send_pair(server.base)
        r = httpx.get(f"{server.base}/facilitator/debrief.pdf", headers={"Authorization": f"Bearer {server.token}"})
        assert r.status_code == 404 and r.json()["field"] == "exercise"
        assert "no role-play answer key" in r.json()["message"]
        assert "the debrief reports have no personal debrief page" in "\n".join(server.output)
        mine = buyers_report(server.base)
        assert "Deal Debrief" in mine and "Your role-play debrief" not in mine  # the report, without that page


def test_a_broken_answer_key_stops_the_start_with_its_line(tmp_path: Path, elsewhere: Path) -> None:
    config = small_project(tmp_path / "project")
    key = config.parent / "pages" / "exercises" / "espresso-deal.yaml"
    key.write_text(key.read_text(encoding="utf-8").replace("seller: 3600", "seller: -5"), encoding="utf-8")
    line = next(n for n, text in enumerate(key.read_text(encoding="utf-8").splitlines(), 1) if "seller: -5" in text)
    stand_in_site(elsewhere / "site", "<!doctype html><title>site</title>")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "workshop", "-f", str(config), "--port", "0", "--site-dir", "site"],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=120,  # it stops before serving; a server that started anyway is killed by its PID here
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert f"{key}:{line}:" in run.stderr and "limits.seller" in run.stderr
    assert "Participants:" not in run.stdout


@pytest.mark.parametrize(
    ("database", "shown"),
    [
        ("postgresql+psycopg://someone:hunter2@127.0.0.1:1/room", "postgresql+psycopg://someone:***@127.0.0.1:1/room"),
        ("taken/room.db", "taken/room.db"),  # `taken` is a file
    ],
)
def test_a_database_that_cannot_be_opened_is_named_without_its_password(
    database: str, shown: str, tmp_path: Path, elsewhere: Path
) -> None:
    config = small_project(tmp_path / "project")
    (elsewhere / "taken").write_text("a file where a folder would be", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "workshop", "-f", str(config), "--port", "0", "--database", database],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and "hunter2" not in run.stderr + run.stdout
    assert run.stderr.startswith(f"--database: cannot open {shown}: ")


def test_the_workshop_serves_and_reports_the_zone_in_the_report_currency(tmp_path: Path, elsewhere: Path) -> None:
    """With `report: currency: "€"` the workshop's form and a participant's own report price the zone in euros,
    and the site it built hashes the questionnaire as the server does: the next start does not rebuild it."""
    config = small_project(tmp_path / "project")
    add_deal_readiness(config, report_currency="€")
    doc = json.loads((ROOT / "examples" / "workshop" / "deal-readiness" / "ada-okafor.json").read_text("utf-8"))
    extra = ("-f", str(config), "--workers", "1", "--min-group", "1")
    with workshop_process("room.db", None, extra=extra, cwd=elsewhere) as server:
        page = httpx.get(f"{server.base}/quizzes/deal-readiness/", timeout=30).text
        form = page[page.index('<form class="dc-form"') :]
        form = form[: form.index("</form>")]
        assert form.count('<span class="dc-unit" aria-hidden="true">€</span>') == 4 and "$" not in form
        r = httpx.post(f"{server.base}/api/answers", json=doc, headers=key_of(1))
        assert r.status_code == 201, r.text
        r = httpx.get(f"{server.base}/api/report/deal-readiness", headers=key_of(1), timeout=180)
        assert r.status_code == 200, r.text
        text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(r.content)).pages).split())
        assert "€650" in text and "€760" in text and "$" not in text
    assert any("Building the site" in line for line in server.output)  # the first start built it
    with workshop_process("room.db", None, extra=extra, cwd=elsewhere) as again:
        output = "\n".join(again.output)
        assert "ebuilding" not in output and "Building the site" not in output, output


def test_a_site_built_by_another_dealcraft_is_rebuilt_before_it_is_served(tmp_path: Path, elsewhere: Path) -> None:
    config = small_project(tmp_path / "project")
    site = stand_in_site(elsewhere / "site", "<!doctype html><title>old site</title>")
    mount = "assets/dealcraft/javascripts/page/mount.mjs"
    (site / mount).unlink()  # as a dealcraft from before the mount helper built it: the send button imports it
    extra = ("-f", str(config), "--workers", "0")
    with workshop_process("room.db", site, extra=extra, cwd=elsewhere) as server:
        said = [line for line in server.output if "another version of dealcraft" in line]
        assert said == [
            f"The site in {site} was built by another version of dealcraft ({mount} missing or changed); "
            "rebuilding it …"
        ]
        assert "Traceback" not in "\n".join(server.output)
        served = httpx.get(f"{server.base}/{mount}", timeout=30)
        assert served.status_code == 200 and "export function mount" in served.text
        assert "old site" not in httpx.get(server.join_url, timeout=30).text
    # Now it is this dealcraft's site: the next start serves it as it is.
    with workshop_process("room.db", site, extra=extra, cwd=elsewhere) as again:
        assert not [line for line in again.output if "ebuilding" in line or "Building the site" in line]
