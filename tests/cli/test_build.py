"""`dealcraft build`: the same site as `mkdocs build`, and clear one-line failures instead of tracebacks."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import _free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, env=ENV, capture_output=True, text=True)


def tiny_project(tmp_path: Path, page: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Tiny\nplugins: [search]\n", encoding="utf-8")
    return tmp_path


class TestCommand:
    """The command introduces itself."""

    def test_version(self) -> None:
        result = run("dealcraft", "--version")
        assert result.returncode == 0
        assert result.stdout.startswith("dealcraft ")

    def test_help_lists_the_subcommands(self) -> None:
        result = run("dealcraft", "--help")
        assert result.returncode == 0
        for sub in ("build", "serve", "validate", "score", "schema", "report"):
            assert sub in result.stdout


class TestBuild:
    """`dealcraft build` and `mkdocs build` give the same site."""

    @pytest.mark.slow
    def test_same_site_as_mkdocs_build(self, tmp_path: Path) -> None:
        ours, theirs = tmp_path / "ours", tmp_path / "theirs"
        assert run("dealcraft", "build", "--strict", "--site-dir", str(ours)).returncode == 0
        assert run("mkdocs", "build", "--strict", "--site-dir", str(theirs)).returncode == 0
        ours_files = sorted(p.relative_to(ours) for p in ours.rglob("*") if p.is_file())
        theirs_files = sorted(p.relative_to(theirs) for p in theirs.rglob("*") if p.is_file())
        assert ours_files == theirs_files
        compared = [str(p) for p in ours_files if p.name != "sitemap.xml.gz"]  # gzip stamps the time
        _, mismatch, errors = filecmp.cmpfiles(ours, theirs, compared, shallow=False)
        assert (mismatch, errors) == ([], [])

    def test_missing_config_is_a_clear_error(self, tmp_path: Path) -> None:
        result = run("dealcraft", "build", cwd=tmp_path)
        assert result.returncode == 1
        assert "mkdocs.yml" in result.stderr and "Traceback" not in result.stderr

    def test_broken_config_names_the_line(self, tmp_path: Path) -> None:
        (tmp_path / "mkdocs.yml").write_text("site_name: x\nnav:\n  - a: b: c\n", encoding="utf-8")
        result = run("dealcraft", "build", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr == "mkdocs.yml:3:9: not valid YAML: mapping values are not allowed here\n"

    @pytest.mark.parametrize(
        ("config", "expected"),
        [
            (
                "site_name: x\ntheme:\n  name: nowhere\n",
                "mkdocs.yml:2:1: theme: Unrecognised theme name: 'nowhere'.",
            ),
            (
                "site_name: x\nplugins:\n  - search\n  - dealcraft:\n      questionnaires: [a, b]\n",
                "mkdocs.yml:5:7: plugins: Plugin 'dealcraft' option 'questionnaires': Expected type:",
            ),
            (
                "site_name: x\nplugins:\n  - search\n  - no-such-plugin\n",
                'mkdocs.yml:4:5: plugins: The "no-such-plugin" plugin is not installed',
            ),
        ],
        ids=["theme", "plugin-option", "plugin"],
    )
    def test_an_invalid_config_value_is_said_once_at_its_key(self, tmp_path: Path, config: str, expected: str) -> None:
        (tmp_path / "docs").mkdir()
        (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
        for command in (["build"], ["serve", "-a", "127.0.0.1:0"]):  # serve stops at the same check, first
            result = subprocess.run(
                [str(BIN / "dealcraft"), *command], cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120
            )
            assert result.returncode == 1
            assert result.stderr.startswith(expected), result.stderr
            assert result.stderr.count("\n") == 1, result.stderr  # one line, not MkDocs' and then ours
            assert "Traceback" not in result.stderr

    def test_a_broken_questionnaire_is_said_once(self, tmp_path: Path) -> None:
        project = tiny_project(tmp_path, "# Home\n")
        (project / "mkdocs.yml").write_text("site_name: Tiny\nplugins: [dealcraft]\n", encoding="utf-8")
        (project / "questionnaires").mkdir()
        (project / "questionnaires" / "q.yaml").write_text("id: q\ntitle: 3\n", encoding="utf-8")
        result = run("dealcraft", "build", cwd=project)
        assert result.returncode == 1
        located = 'questionnaires/q.yaml:2:8: "title" must be text, not the number 3; put it in quotes: "3"'
        assert result.stderr.count(located) == 1, result.stderr
        assert result.stderr.splitlines()[-1] == "mkdocs.yml: the build failed (see above)"
        assert "Aborted" not in result.stderr and "Traceback" not in result.stderr

    def test_strict_fails_on_a_broken_link_without_a_traceback(self, tmp_path: Path) -> None:
        project = tiny_project(tmp_path, "# Home\n\nSee [the missing page](missing.md).\n")
        assert run("dealcraft", "build", cwd=project).returncode == 0
        result = run("dealcraft", "build", "--strict", cwd=project)
        assert result.returncode == 1
        assert "missing.md" in result.stderr and "strict" in result.stderr
        assert "Traceback" not in result.stderr

    def test_site_dir_option_is_honoured(self, tmp_path: Path) -> None:
        project = tiny_project(tmp_path, "# Home\n")
        result = run("dealcraft", "build", "--site-dir", "elsewhere", cwd=project)
        assert result.returncode == 0, result.stderr
        assert (project / "elsewhere" / "index.html").is_file()
        assert not (project / "site").exists()


class TestServe:
    """`dealcraft serve` reads mkdocs.yml again on each change: a config broken meanwhile is one located line."""

    def test_a_config_broken_while_serving_is_located_and_the_preview_recovers(self, tmp_path: Path) -> None:
        project = tiny_project(tmp_path, "# Home\n")
        config = project / "mkdocs.yml"
        port = _free_port()
        log = tmp_path / "serve.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [str(BIN / "dealcraft"), "serve", "-a", f"127.0.0.1:{port}"],
                cwd=project,
                env=ENV,
                stdout=out,
                stderr=out,
            )
        try:
            wait_for(log, "Serving on")
            config.write_text("site_name: Tiny\nplugins: [search\n", encoding="utf-8")
            wait_for(log, "An error happened during the rebuild")
            config.write_text("site_name: Tiny again\nplugins: [search]\n", encoding="utf-8")
            wait_for(log, "Reloading browsers")
        finally:
            server.terminate()
            server.wait(timeout=30)
        text = log.read_text(encoding="utf-8")
        assert "mkdocs.yml:3:1: not valid YAML: expected ',' or ']', but got '<stream end>'" in text, text
        assert "Traceback" not in text and "MkDocs encountered an error" not in text


class TestMkdocsServe:
    """Plain `mkdocs serve` of a dealcraft site: a mkdocs.yml broken while serving is one located line too (the
    plugin's on_serve wraps the rebuild; MkDocs' own loop prints a traceback for a config that does not parse)."""

    def test_a_config_broken_while_serving_is_located_without_a_traceback(self, tmp_path: Path) -> None:
        assert run("dealcraft", "new", "site", cwd=tmp_path).returncode == 0
        project = tmp_path / "site"
        config = project / "mkdocs.yml"
        good = config.read_text(encoding="utf-8")
        port = _free_port()
        log = tmp_path / "serve.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=ENV, stdout=out, stderr=out
            )
        try:
            wait_for(log, "Serving on")
            config.write_text(good.replace("docs_dir: content\n", "docs_dir: content: x\n"), encoding="utf-8")
            wait_for(log, "An error happened during the rebuild")
            config.write_text(good, encoding="utf-8")
            wait_for(log, "Reloading browsers")
            bad_option = good.replace("questionnaires: questionnaires", "questionnaires: [a, b]")
            config.write_text(bad_option, encoding="utf-8")
            wait_for(log, "Aborted with a configuration error")
        finally:
            server.terminate()
            server.wait(timeout=30)
        text = log.read_text(encoding="utf-8")
        assert "\nmkdocs.yml:3:18: not valid YAML: mapping values are not allowed here\n" in text, text
        assert "Plugin 'dealcraft' option 'questionnaires': Expected type:" in text, text
        assert "Traceback" not in text and "MkDocs encountered an error" not in text, text


def wait_for(log: Path, text: str, seconds: float = 90) -> None:
    """Wait until the server's log says `text` (bounded)."""
    deadline = time.monotonic() + seconds
    while text not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, f"{text!r} not seen in:\n{log.read_text(encoding='utf-8')}"
        time.sleep(0.2)
