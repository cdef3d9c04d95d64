"""The site as a workshop serves it: every page taught to send (one module, loaded from beside the site's own
modules), and the workshop's browser modules served from the package, without shadowing the site's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from generator.questionnaire.model import Questionnaire
from generator.site.assets import ASSETS_SOURCE, WORKSHOP_MODULES
from generator.workshop.app import Workshop, create_app
from generator.workshop.store import Store

JS = "/assets/dealcraft/javascripts"


@pytest.fixture
def served(tmp_path: Path, questionnaires: dict[str, Questionnaire]) -> Iterator[TestClient]:
    site = tmp_path / "site"
    (site / "assets/dealcraft/javascripts/page").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><html><head><title>Guide</title></head><body>guide</body></html>")
    (site / "assets/dealcraft/javascripts/page/mount.mjs").write_text("export const built = 1;\n")
    store = Store.open(str(tmp_path / "room.db"))
    ws = Workshop(store=store, room_id=store.open_room().id, questionnaires=questionnaires, site_dir=site)
    yield TestClient(create_app(ws), base_url="http://127.0.0.1:8000")
    store.close()


def test_each_page_loads_the_send_module_which_the_server_answers_from_the_package(served: TestClient) -> None:
    page = served.get("/")
    [src] = re.findall(r'<script type="module" src="([^"]+)"></script></head>', page.text)
    assert src == f"{JS}/workshop/send.mjs"
    module = served.get(src)
    assert module.status_code == 200
    assert module.headers["content-type"].startswith("text/javascript")
    assert module.text == (ASSETS_SOURCE / "javascripts/workshop/send.mjs").read_text(encoding="utf-8")
    assert 'from "../page/mount.mjs"' in module.text  # resolved against its URL: the site's own mount helper


def test_every_workshop_module_is_served_and_the_sites_modules_still_come_from_the_site(served: TestClient) -> None:
    for module in WORKSHOP_MODULES:
        assert served.get(f"{JS}/{module}.mjs").status_code == 200, module
    assert served.get(f"{JS}/page/mount.mjs").text == "export const built = 1;\n"  # the built site's, not shadowed
    assert served.get(f"{JS}/workshop/other.mjs").status_code == 404
    assert served.get(f"{JS}/workshop/../../../../pyproject.toml").status_code == 404
    dealcheck = served.get("/dealcheck").text
    assert f'<script type="module" src="{JS}/workshop/dealcheck.mjs">' in dealcheck


@pytest.mark.parametrize(("min_group", "words"), [(1, "until 1 person has answered it"), (3, "until 3 people have")])
def test_the_dashboard_says_how_many_people_a_strip_waits_for(
    tmp_path: Path, questionnaires: dict[str, Questionnaire], min_group: int, words: str
) -> None:
    store = Store.open(str(tmp_path / "room.db"))
    room = store.open_room()
    token = store.new_token(room.id)
    ws = Workshop(store=store, room_id=room.id, questionnaires=questionnaires, min_group=min_group)
    with TestClient(create_app(ws), base_url="http://127.0.0.1:8000") as client:
        assert client.get(f"/facilitator?token={token}", follow_redirects=False).status_code == 303
        page = client.get("/facilitator", headers={"Accept": "text/html"})
    store.close()
    assert page.status_code == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
    assert words in text
    assert "1 people" not in text and "1 respondents" not in text
