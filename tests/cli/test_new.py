"""`dealcraft new DIR` from this checkout: what it writes, and what it refuses (the wheel test is in browser/)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from generator.questionnaire.load import load_questionnaires

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}


def dealcraft(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=ENV, capture_output=True, text=True)


def test_the_project_has_the_plugin_a_questionnaire_of_every_type_and_the_title(tmp_path: Path) -> None:
    result = dealcraft("new", "course", "--title", 'Sales: "the first call"', cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((tmp_path / "course" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == 'Sales: "the first call"'  # quoted, so a colon cannot break the YAML
    assert any(isinstance(p, dict) and "dealcraft" in p for p in config["plugins"])
    (questionnaire,) = load_questionnaires(tmp_path / "course" / "questionnaires").values()
    assert {q.type for q in questionnaire.questions} == {"likert", "choice", "multi", "number", "text"}


def test_a_folder_with_files_in_it_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "notes.md").write_text("mine", encoding="utf-8")
    result = dealcraft("new", "course", cwd=tmp_path)
    assert result.returncode == 1
    assert "course: already exists and is not empty" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert [p.name for p in (tmp_path / "course").iterdir()] == ["notes.md"]
