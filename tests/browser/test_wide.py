"""A questionnaire with more dimensions than a radar draws, as a participant meets it in the browser: the results
show a bar per dimension and no radar, as the PDF report does (limits.MAX_RADAR_AXES, shipped in the compiled
JSON), with the same scores as `dealcraft score`."""

from __future__ import annotations

import functools
import http.server
import io
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.build import build_site
from generator.cli import main
from tests.conftest import _free_port

WIDE = Path(__file__).resolve().parents[1] / "fixtures" / "wide"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A new project (`dealcraft new`) with the thirteen-dimension questionnaire added, built and served."""
    project = tmp_path_factory.mktemp("wide") / "project"
    assert main(["new", str(project), "--title", "Thirteen habits"], stdout=io.StringIO()) == 0
    shutil.copyfile(WIDE / "wide.yaml", project / "questionnaires" / "wide.yaml")
    port = _free_port()
    site = build_site(project / "mkdocs.yml", site_dir=project / "site", site_url=f"http://127.0.0.1:{port}/")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/"
    httpd.shutdown()
    httpd.server_close()


def test_thirteen_dimensions_show_as_bars_without_a_radar(browser: Any, wide_site: str) -> None:
    out = io.StringIO()
    assert main(["score", str(WIDE / "grace.json"), "--json", "--questionnaires", str(WIDE)], stdout=out) == 0
    expected = json.loads(out.getvalue())
    context = browser.new_context(base_url=wide_site, viewport={"width": 412, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto("quizzes/wide/")
        page.wait_for_selector('.dc-quiz[data-dc-mounted=""]')
        with page.expect_file_chooser() as chooser:
            page.click("[data-action=import]")
        chooser.value.set_files(str(WIDE / "grace.json"))
        page.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
        shown = page.eval_on_selector_all(
            "[data-results] li[data-dimension]", "els => els.map(e => [e.dataset.dimension, e.dataset.score])"
        )
        assert [d for d, _ in shown] == list(expected["dimensions"])
        for dim, score in shown:
            assert float(score) == pytest.approx(expected["dimensions"][dim]["score"]), dim
        assert page.locator("[data-results] .dc-radar").count() == 0
        assert page.locator("[data-results] li[data-dimension] .dc-bar").count() == 13
        assert errors == []
    finally:
        context.close()
