"""`dealcraft new`, as a trainer with another course meets it: from the built wheel, in a fresh venv.

The colour test builds the scaffold from this checkout (quick, no wheel) and measures its links in Chromium.

The wheel is built with `python -m build` (sdist, then the wheel from the sdist) from a copy of the package, and
installed with its dependencies into a new venv outside the repository, so a file missing from the package data
or a dependency missing from pyproject.toml fails here. The scaffold must build with --strict and serve a quiz
that scores in Chromium.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.build import build_site
from generator.scaffold import scaffold
from tests.browser.linkcolours import check_hover_and_focus, contrast, rgb
from tests.conftest import _free_port

ROOT = Path(__file__).resolve().parents[2]
# The venv's own code only: no PYTHONPATH pointing back into this checkout.
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
CLEAN_ENV["NO_MKDOCS_2_WARNING"] = "1"


def run(*args: str | Path, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=CLEAN_ENV, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with dealcraft installed from the wheel `python -m build` makes of this checkout."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "build", "--outdir", work / "dist", source, cwd=work)
    (wheel,) = (work / "dist").glob("dealcraft-*.whl")
    env = work / "venv"
    run(sys.executable, "-m", "venv", env, cwd=work)
    run(env / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=work, timeout=900)
    return env


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def scaffold_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A new project from this checkout's scaffold, built --strict and served on 127.0.0.1 (stopped after)."""
    project = tmp_path_factory.mktemp("scaffold") / "course"
    scaffold(project, title="Public speaking: the basics")
    build_site(project / "mkdocs.yml", site_dir=project / "site", strict=True)
    handler = functools.partial(_Quiet, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_new_projects_hovered_or_focused_link_reads(
    scaffold_url: str, browser: Any, set_scheme: Any, scheme: str
) -> None:
    """Material's default accent (indigo, 4.26:1 on white) coloured a hovered link in a new project; the scaffold's
    stylesheet gives the light scheme our darker teal, and the dark scheme, which it now has, keeps Material's."""
    context = browser.new_context(base_url=scaffold_url)
    try:
        page = context.new_page()
        page.goto("", wait_until="networkidle")
        set_scheme(page, scheme)
        link = page.locator('.md-content__inner a[href*="getting-started"]').first
        rest, behind = check_hover_and_focus(page, link, scheme)
        assert contrast(rgb(rest)[:3], rgb(behind)[:3]) >= 4.5, (scheme, rest, behind)
        if scheme == "dark":  # the dark scheme is really dark, not the light one with another accent
            assert sum(rgb(behind)[:3]) < 3 * 80, behind
    finally:
        context.close()


@pytest.mark.slow
def test_a_new_project_builds_strict_and_serves_a_quiz_that_scores(venv: Path, tmp_path: Path, browser: Any) -> None:
    project = tmp_path / "my-course"
    run(venv / "bin" / "dealcraft", "new", project, "--title", "Public speaking: the basics", cwd=tmp_path)
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == [
        "README.md",
        "content/index.md",
        "content/quizzes/index.md",
        "content/stylesheets/site.css",
        "mkdocs.yml",
        "questionnaires/getting-started.yaml",
    ]
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "dealcraft serve" in readme and "dealcraft build --strict" in readme
    checked = run(venv / "bin" / "dealcraft", "validate", cwd=project)
    assert "0 errors, 0 warnings" in checked.stdout
    run(venv / "bin" / "mkdocs", "build", "--strict", cwd=project)
    page = (project / "site" / "quizzes" / "getting-started" / "index.html").read_text(encoding="utf-8")
    for qtype in ("likert", "choice", "multi", "number", "text"):
        assert f"dc-type-{qtype}" in page, qtype
    assert "<title>Getting-started check - Public speaking: the basics</title>" in page

    answers = {
        "questionnaire": "getting-started",
        "answers": {"confident": 4, "unsure": 2, "practice": "sometimes", "formats": ["reading"], "hours": 0.5},
    }
    (tmp_path / "answers.json").write_text(json.dumps(answers), encoding="utf-8")
    scored = run(venv / "bin" / "dealcraft", "score", tmp_path / "answers.json", "--json", cwd=project)
    expected = json.loads(scored.stdout)
    assert expected["recommendations"] == ["make_time"]

    port = _free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "dealcraft"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=CLEAN_ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/quizzes/getting-started/"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert b"data-dc-compiled-src=" in response.read()
                break
            except OSError:
                assert time.monotonic() < deadline, "dealcraft serve did not answer within 60 s"
                time.sleep(0.5)
        context = browser.new_context(viewport={"width": 412, "height": 900})
        try:
            tab = context.new_page()
            errors: list[str] = []
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            tab.goto(url)
            tab.wait_for_selector('.dc-quiz[data-dc-mounted=""]')
            tab.check("input[name=confident][value='4']")
            tab.check("input[name=unsure][value='2']")
            tab.check("input[name=practice][value=sometimes]")
            tab.check("input[name=formats][value=reading]")
            tab.fill("input[name=hours]", "0.5")
            tab.click("form[data-questionnaire] button[type=submit]")
            overall = tab.wait_for_selector("[data-results]:not([hidden]) [data-overall]")
            # The same answers scored by the installed command line give the same figures.
            assert float(overall.get_attribute("data-score")) == expected["overall"]["score"]
            assert overall.get_attribute("data-band") == expected["overall"]["band"]
            assert tab.query_selector('[data-recommendation="make_time"]') is not None
            assert errors == []
        finally:
            context.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
