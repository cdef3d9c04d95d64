"""`dealcraft new`, as a trainer with another course meets it: from the built wheel, in a fresh venv.

The wheel is built with `python -m build` (sdist, then the wheel from the sdist) from a copy of the package, and
installed with its dependencies into a new venv outside the repository, so a file missing from the package data
or a dependency missing from pyproject.toml fails here. The scaffold must build with --strict and serve a quiz
that scores in Chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

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


@pytest.mark.slow
def test_a_new_project_builds_strict_and_serves_a_quiz_that_scores(venv: Path, tmp_path: Path, browser: Any) -> None:
    project = tmp_path / "my-course"
    run(venv / "bin" / "dealcraft", "new", project, "--title", "Public speaking: the basics", cwd=tmp_path)
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == [
        "README.md",
        "content/index.md",
        "content/quizzes/index.md",
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
