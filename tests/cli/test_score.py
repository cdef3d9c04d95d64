"""`dealcraft score`: the issue-3 JSON, a rounded table for people, warnings on stderr, no tracebacks."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
QDIR = str(FIXTURES / "questionnaires")
ADA = str(FIXTURES / "answers" / "mini-ada.json")

# Worked by hand for mini-ada.json against tests/fixtures/questionnaires/mini.yaml:
#   plan: p1 4 -> 75; p2 2 reversed -> 1+5-2 = 4 -> 75; p3 "no" -> 0 (weight 2): (75 + 75 + 0) / 4 = 37.5 -> low
#   talk: t1 5 on 0..10 -> 50; t2 shown (seller), [100, 50] -> 75; t3 unanswered: (50 + 75) / 2 = 62.5 -> open
#   overall: (2 * 37.5 + 1 * 62.5) / 3 = 137.5 / 3 = 45.833... -> mid
#   spread = 8500 - 7000 = 1500; wide = true; plan-more (37.5 < 40) and wide-range apply
EXPECTED = {
    "questionnaire": "mini",
    "version": 2,
    "dimensions": {"plan": {"score": 37.5, "band": "low"}, "talk": {"score": 62.5, "band": "open"}},
    "overall": {"score": 137.5 / 3, "band": "mid"},
    "computed": {"spread": 1500, "wide": True},
    "recommendations": ["plan-more", "wide-range"],
}


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["score", *argv], stdout=out)
    return code, out.getvalue()


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


class TestScore:
    """Scoring one answers document from the command line."""

    def test_json_matches_the_hand_worked_result(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out = run(ADA, "--questionnaires", QDIR, "--json")
        assert code == 0
        assert json.loads(out) == EXPECTED
        assert capsys.readouterr().err == ""

    def test_table_shows_whole_numbers_band_labels_and_recommendations(self) -> None:
        code, out = run(ADA, "--questionnaires", QDIR)
        assert code == 0
        rows = [" ".join(line.replace("│", " ").split()) for line in out.splitlines()]
        assert "Planning 38 Low" in rows  # 37.5 rounds half away from zero
        assert "Talking 63 Open" in rows
        assert "Overall: 46 (Middle)" in rows
        assert rows[-2:] == ["- Plan more. (see steps/motivations.md)", "- Narrow your estimate."]

    def test_environment_variable_names_the_folder(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DEALCRAFT_QUESTIONNAIRES", QDIR)
        code, out = run(ADA, "--json")
        assert code == 0 and json.loads(out)["questionnaire"] == "mini"

    def test_missing_required_and_version_mismatch_warn_on_stderr(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, {"questionnaire": "mini", "version": 1, "answers": {"p1": 5}})
        code, out = run(path, "--questionnaires", QDIR, "--json")
        assert code == 0
        assert json.loads(out)["dimensions"]["plan"] == {"score": 100.0, "band": "high"}
        assert capsys.readouterr().err.splitlines() == [
            f"{Path(path).as_posix()}: warning: missing required answers: role, p2, p3, t1",
            f"{Path(path).as_posix()}: version: warning: answers are for version 1 of mini, which is now version 2; "
            "scored anyway",
        ]

    def test_bad_answers_exit_1_with_one_message_per_problem(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, {"questionnaire": "mini", "answers": {"p1": 7, "role": "boss"}})
        code, out = run(path, "--questionnaires", QDIR)
        assert code == 1 and out == ""
        assert sorted(capsys.readouterr().err.splitlines()) == [
            f"{Path(path).as_posix()}: answers.p1: 7 is off the scale 1..5",
            f'{Path(path).as_posix()}: answers.role: "boss" is not an option; choose from buyer, seller',
        ]

    def test_broken_questionnaire_folder_is_reported_with_locations(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        (tmp_path / "q.yaml").write_text("id: q\ntitle: Q\nversion: x\nquestions: []\n", encoding="utf-8")
        code, _ = run(ADA, "--questionnaires", str(tmp_path))
        assert code == 1
        err = capsys.readouterr().err
        assert f"{(tmp_path / 'q.yaml').as_posix()}:3:10: " in err

    def test_no_traceback_for_user_errors(self, tmp_path: Path) -> None:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        binary = str(Path(sys.executable).parent / "dealcraft")
        (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
        for args in (
            [str(tmp_path / "missing.json"), "--questionnaires", QDIR],
            [str(tmp_path / "bad.json"), "--questionnaires", QDIR],
            [ADA, "--questionnaires", str(tmp_path / "nowhere")],
        ):
            result = subprocess.run([binary, "score", *args], capture_output=True, text=True, env=env, check=False)
            assert result.returncode == 1, args
            assert "Traceback" not in result.stderr
            assert result.stderr.strip(), args
