"""`dealcraft validate`: every problem as path:line:col, a summary line, exit 1 only on errors."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def run(*argv: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = main(["validate", *argv], stdout=out)
    return code, out.getvalue().splitlines()


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


class TestValidate:
    """What a facilitator sees when checking questionnaires."""

    def test_the_real_questionnaires_pass(self) -> None:
        code, lines = run()
        assert code == 0
        count = len(list((ROOT / "questionnaires").glob("*.yaml")))
        assert count >= 4
        assert lines == [f"{count} questionnaires checked: 0 errors, 0 warnings"]

    def test_ten_ways_broken_gives_ten_located_lines_and_exit_1(self) -> None:
        code, lines = run("tests/fixtures/broken/ten-ways.yaml")
        assert code == 1
        assert len(lines) == 11
        assert all(line.startswith("tests/fixtures/broken/ten-ways.yaml:") for line in lines[:10])
        assert lines[0] == "tests/fixtures/broken/ten-ways.yaml:6:22: the scale's min (5) must be below its max (5)"
        assert lines[-1] == "1 questionnaire checked: 10 errors, 0 warnings"

    def test_warnings_alone_exit_0(self, tmp_path: Path) -> None:
        text = (FIXTURES / "questionnaires" / "mini.yaml").read_text(encoding="utf-8")
        (tmp_path / "mini.yaml").write_text(text.replace('{quiet: "Say more.", open: "Good."}', "{quiet: Say more.}"))
        code, lines = run(str(tmp_path))
        assert code == 0
        assert lines == [
            f'{(tmp_path / "mini.yaml").as_posix()}:26:15: warning: dimension "talk" has no feedback for band "open"',
            "1 questionnaire checked: 0 errors, 1 warning",
        ]

    def test_verbose_lists_item_counts_and_reachable_ranges(self) -> None:
        code, lines = run("-v", "tests/fixtures/questionnaires")
        assert code == 0
        assert lines == [
            "mini (version 2)",
            "  plan: 3 items, scores 0..100",
            "  talk: 3 items, scores 0..100",
            "1 questionnaire checked: 0 errors, 0 warnings",
        ]

    def test_yaml_syntax_error_is_one_line_without_traceback(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        (tmp_path / "bad.yaml").write_text("id: bad\ntitle: [oops\n", encoding="utf-8")
        code, lines = run(str(tmp_path / "bad.yaml"))
        assert code == 1
        assert lines[0].startswith(f"{(tmp_path / 'bad.yaml').as_posix()}:3:1: YAML syntax error: ")
        assert "Traceback" not in capsys.readouterr().err

    def test_ids_must_be_unique_across_the_folder(self, tmp_path: Path) -> None:
        shutil.copy(FIXTURES / "questionnaires" / "mini.yaml", tmp_path / "a.yaml")
        shutil.copy(FIXTURES / "questionnaires" / "mini.yaml", tmp_path / "b.yaml")
        (tmp_path / "schema.json").write_text("{}", encoding="utf-8")
        code, lines = run(str(tmp_path))
        assert code == 1
        assert lines == [
            f'{(tmp_path / "b.yaml").as_posix()}:3:5: questionnaire id "mini" is already used by '
            f"{(tmp_path / 'a.yaml').as_posix()}",
            "2 questionnaires checked: 1 error, 0 warnings",
        ]

    def test_missing_path(self) -> None:
        code, lines = run("no/such/place.yaml")
        assert code == 1
        assert lines == ["no/such/place.yaml: no such file or folder", "0 questionnaires checked: 1 error, 0 warnings"]
