"""`dealcraft workshop` as a facilitator runs it: the two address lines, a restart that resumes, purge."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from generator.workshop.store import Store
from tests.workshop_process import ROOT, stand_in_site, workshop_process


def test_start_prints_both_addresses_and_a_restart_resumes_the_room(tmp_path: Path) -> None:
    site = stand_in_site(tmp_path / "site")
    database = str(tmp_path / "room.db")
    with workshop_process(database, site, extra=("--workers", "0")) as first:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", first.join_url)
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/facilitator\?token=[A-Za-z0-9_-]{40,}", first.facilitator_url)
        assert first.output[:2] == [f"Participants: {first.join_url}", f"Facilitator: {first.facilitator_url}"]
        page = httpx.get(first.join_url)
        assert '<meta name="dealcraft-workshop"' in page.text  # the site is served, taught to send
        room = httpx.get(f"{first.base}/facilitator/state.json", cookies={"dealcraft_facilitator": first.token})
        room_id = room.json()["room"]["id"]
    with workshop_process(database, site, extra=("--workers", "0")) as second:
        assert second.token != first.token  # a new token is fine
        state = httpx.get(f"{second.base}/facilitator/state.json", cookies={"dealcraft_facilitator": second.token})
        assert state.json()["room"]["id"] == room_id
    with workshop_process(database, site, extra=("--workers", "0", "--new-room")) as third:
        state = httpx.get(f"{third.base}/facilitator/state.json", cookies={"dealcraft_facilitator": third.token})
        assert state.json()["room"]["id"] != room_id


def test_purge_deletes_expired_rooms_only(tmp_path: Path) -> None:
    database = str(tmp_path / "room.db")
    store = Store.open(database)
    old = store.open_room(keep_days=30, now=datetime.now(UTC) - timedelta(days=40))
    fresh = store.open_room(new=True)
    store.close()
    run = subprocess.run(
        [sys.executable, "-m", "generator", "workshop", "purge", "--database", database],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "Deleted 1 expired room(s)."
    store = Store.open(database)
    assert store.room(old.id) is None and store.room(fresh.id) is not None
    store.close()
