"""`dealcraft build`: the same site as `mkdocs build`, and clear one-line failures instead of tracebacks."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
        assert "line 3" in result.stderr and "Traceback" not in result.stderr

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
