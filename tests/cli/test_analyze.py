"""`dealcraft analyze`: item analysis of collected answers, as text or JSON, going on past a bad input."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.analysis import figure
from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
WORKSHOP = ROOT / "examples" / "workshop"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["analyze", *argv], stdout=out)
    return code, out.getvalue()


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_demo_workshop_figures_are_plausible() -> None:
    code, out = run("examples/workshop", "--json")
    assert code == 0
    data = json.loads(out)
    found = [(q["questionnaire"], q["round"], q["respondents"]) for q in data["questionnaires"]]
    # The second round of the before-and-after example is analysed apart: six of the same people again.
    assert found == [("deal-readiness", None, 12), ("trust-readiness", None, 12), ("trust-readiness", "after", 6)]
    for q in data["questionnaires"][:2]:
        assert q["respondents"] == 12 and q["few"] is False and q["note"] is None
        for dim in q["dimensions"]:
            # The demo's people answer each dimension consistently, so its items hang together well.
            assert 0.7 < dim["alpha"] <= 1, dim["id"]
            assert dim["complete"] == 12
            for item in dim["items"]:
                assert item["item_total"] is not None and 0 < item["item_total"] <= 1, item["id"]
                assert 0 <= item["floor"] <= 1 and 0 <= item["ceiling"] <= 1
                assert 0 <= item["mean"] <= 100


def test_text_names_every_dimension_and_item(tmp_path: Path) -> None:
    code, out = run("examples/workshop/trust-readiness", "examples/workshop/trust-readiness-after")
    assert code == 0
    assert "(trust-readiness, version 2, round after): 6 respondents" in out
    out = out.split("round after")[0]
    lines = out.splitlines()
    assert lines[0].endswith("(trust-readiness, version 2): 12 respondents")
    assert "Note:" not in out
    alpha_lines = [line for line in lines if line.startswith("  alpha ")]
    assert len(alpha_lines) == 7
    _, raw = run("examples/workshop/trust-readiness", "--json")
    for dim in json.loads(raw)["questionnaires"][0]["dimensions"]:
        assert f"  alpha {figure(dim['alpha'])} over {len(dim['alpha_items'])} items and 12 complete" in out
        for item in dim["items"]:
            row = next(line.split() for line in lines if line.split()[:1] == [item["id"]])
            assert row[1:4] == [figure(item["item_total"]), "12", figure(item["mean"], 0)]


def test_below_ten_respondents_it_says_the_numbers_mean_little(tmp_path: Path) -> None:
    for name in ("ada-okafor", "ben-carter", "wang-fang"):
        shutil.copy(WORKSHOP / "trust-readiness" / f"{name}.json", tmp_path)
    code, out = run(str(tmp_path))
    assert code == 0
    assert "Note: Only 3 respondents: below 10 these figures mean little" in out
    code, out = run(str(tmp_path), "--json")
    assert json.loads(out)["questionnaires"][0]["few"] is True


def test_a_bad_input_is_named_and_the_rest_analysed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in (WORKSHOP / "trust-readiness").glob("*.json"):
        shutil.copy(path, tmp_path)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    code, out = run(str(tmp_path))
    assert code == 1
    assert "12 respondents" in out
    err = capsys.readouterr().err
    assert "1 input(s) failed:" in err and "broken.json" in err
    assert "Traceback" not in err


def test_no_answers_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    code, _ = run(str(tmp_path / "empty.jsonl"))
    assert code == 1
    assert "no answers found in the inputs" in capsys.readouterr().err


def test_an_input_that_cannot_be_scored_is_named_and_the_rest_analysed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in `dealcraft report`: a document the scorer refuses is a failure of that input, not of the run. The
    scorer refuses nothing a valid document can hold today, so the refusal is injected for one person's answers."""
    import generator.answers.imports as imports
    from generator.errors import DealcraftError, Problem

    for path in (WORKSHOP / "trust-readiness").glob("*.json"):
        shutil.copy(path, tmp_path)
    refused = json.loads((tmp_path / "wang-fang.json").read_text(encoding="utf-8"))["answers"]
    real_score = imports.score

    def refusing(questionnaire: Any, answers: Any) -> Any:
        if dict(answers) == refused:
            raise DealcraftError(Problem("questionnaires/trust-readiness.yaml", 12, 5, "cannot evaluate this"))
        return real_score(questionnaire, answers)

    monkeypatch.setattr(imports, "score", refusing)
    code, out = run(str(tmp_path))
    assert code == 1
    assert "11 respondents" in out  # the other eleven are analysed
    err = capsys.readouterr().err
    assert "1 input(s) failed:" in err
    located = "questionnaires/trust-readiness.yaml:12:5: cannot evaluate this"
    assert f"{tmp_path / 'wang-fang.json'}: cannot be scored: {located}" in err
    assert "Traceback" not in err
