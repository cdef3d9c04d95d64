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


def mini_lint(path: str) -> list[str]:
    """The instrument lint's warnings on the mini fixture, whose two dimensions are deliberately short."""
    return [
        f'{path}:14:9: warning: dimension "plan" has 3 scored items; use at least 4 so that one odd answer cannot '
        "move it across a band",
        f'{path}:20:9: warning: dimension "talk" has 3 scored items; use at least 4 so that one odd answer cannot '
        "move it across a band",
        f'{path}:20:9: warning: dimension "talk": its 2 likert items are all keyed the same way (none reversed), so '
        "answering all of them at one end of the scale moves its score; word one the other way round (reverse: true)",
    ]


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
        assert lines[-1] == f"{count} questionnaires checked: 0 errors, 0 warnings"
        assert all(": warning: " in line for line in lines[:-1])

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
        path = (tmp_path / "mini.yaml").as_posix()
        assert lines == [
            *mini_lint(path),
            f'{path}:26:15: warning: dimension "talk" has no feedback for band "open"',
            "1 questionnaire checked: 0 errors, 4 warnings",
        ]

    def test_verbose_lists_item_counts_and_reachable_ranges(self) -> None:
        code, lines = run("-v", "tests/fixtures/questionnaires")
        assert code == 0
        assert lines == [
            *mini_lint("tests/fixtures/questionnaires/mini.yaml"),
            "mini (version 2)",
            "  plan: 3 items, scores 0..100",
            "  talk: 3 items, scores 0..100",
            "1 questionnaire checked: 0 errors, 3 warnings",
        ]

    def test_score_ranges_are_whole_numbers_as_reports_show_scores(self, tmp_path: Path) -> None:
        """A highest plan score of (100 + 100 + 2 * 33.33) / 4 = 66.665 is shown as 67, as a report shows it."""
        text = (FIXTURES / "questionnaires" / "mini.yaml").read_text(encoding="utf-8")
        text = text.replace("{id: yes, label: Yes, score: 100}", "{id: yes, label: Yes, score: 33.33}")
        (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
        code, lines = run("-v", "--simulate", "20", str(tmp_path))
        assert code == 0
        assert "  plan: 3 items, scores 0..67" in lines
        assert any(line.endswith("(its scores run 0..67)") for line in lines), lines
        assert not [line for line in lines if "66.6" in line or "e+" in line]

    def test_simulate_adds_what_answer_sets_show_with_an_example(self) -> None:
        path = "tests/fixtures/instrument/broken.yaml"
        code, lines = run("--simulate", "1", path)
        assert code == 0
        simulated = lines[5:-1]
        assert simulated == [
            f'{path}:12:9: warning: dimension "guess" reached band "low" in none of 1 simulated answer set; the '
            "closest was 100",
            '  for example: {"g1": "b", "g2": "b", "g3": "b", "g4": "b", "a1": 5, "a2": 5, "a3": 5}',
            f'{path}:15:9: warning: dimension "agree" reached band "low" in none of 1 simulated answer set; the '
            "closest was 100",
            '  for example: {"g1": "b", "g2": "b", "g3": "b", "g4": "b", "a1": 5, "a2": 5, "a3": 5}',
            f'{path}:8:10: warning: the overall score reached band "low" in none of 1 simulated answer set; the '
            "closest was 100",
            '  for example: {"g1": "b", "g2": "b", "g3": "b", "g4": "b", "a1": 5, "a2": 5, "a3": 5}',
            f'{path}:9:10: warning: the overall score reached band "mid" in none of 1 simulated answer set; the '
            "closest was 100",
            '  for example: {"g1": "b", "g2": "b", "g3": "b", "g4": "b", "a1": 5, "a2": 5, "a3": 5}',
            f'{path}:58:34: warning: recommendation "beyond-the-scale" fired for none of 1 simulated answer set; '
            "check its when",
            f'{path}:60:28: warning: recommendation "guess-more" fired for none of 1 simulated answer set; '
            "check its when",
        ]
        assert lines[-1] == "1 questionnaire checked: 0 errors, 11 warnings"

    def test_simulate_with_enough_answer_sets_finds_the_recommendations_at_fault(self) -> None:
        code, lines = run("--simulate", "200", "--seed", "7", "tests/fixtures/instrument/broken.yaml")
        assert code == 0
        assert lines[5:] == [
            'tests/fixtures/instrument/broken.yaml:58:34: warning: recommendation "beyond-the-scale" fired for none '
            "of 200 simulated answer sets; check its when",
            'tests/fixtures/instrument/broken.yaml:60:59: warning: recommendations "guess-more" and "first-right" '
            'fired together although "guess-more" excludes "first-right": the report shows only the earlier one; '
            "make their whens exclude each other",
            '  for example: {"g1": "b", "g2": "a", "g3": "c", "g4": "c", "a1": 2, "a2": 3, "a3": 5}',
            "1 questionnaire checked: 0 errors, 7 warnings",
        ]

    def test_simulate_cannot_be_negative(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _ = run("--simulate", "-1")
        assert code == 1
        assert capsys.readouterr().err.strip() == "--simulate: must be 0 or more answer sets"

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
            *mini_lint((tmp_path / "a.yaml").as_posix()),
            f'{(tmp_path / "b.yaml").as_posix()}:3:5: questionnaire id "mini" is already used by '
            f"{(tmp_path / 'a.yaml').as_posix()}",
            *mini_lint((tmp_path / "b.yaml").as_posix()),
            "2 questionnaires checked: 1 error, 6 warnings",
        ]

    @pytest.mark.parametrize(
        ("required", "code", "severity", "consequence", "summary"),
        [
            ("true", 1, "", "; it is required, so the form cannot be sent while it is shown", "1 error, 0 warnings"),
            ("false", 0, "warning: ", ", so it can only be left blank", "0 errors, 4 warnings"),
        ],
    )
    def test_a_number_question_that_takes_no_answer_is_named_at_its_line(
        self, tmp_path: Path, required: str, code: int, severity: str, consequence: str, summary: str
    ) -> None:
        """min 0.5, max 0.9 with whole numbers only: nothing can be typed. An error when the question is required,
        since the form cannot then be sent, a warning when it may be left blank; at the decimals that rule it out.
        (The instrument lint needs a questionnaire without errors, so it speaks only in the second case.)"""
        text = (FIXTURES / "questionnaires" / "mini.yaml").read_text(encoding="utf-8")
        old = '    min: 0\n    unit: "$"\n'
        assert text.count(old) == 1
        new = f'    min: 0.5\n    max: 0.9\n    decimals: 0\n    required: {required}\n    unit: "$"\n'
        file = tmp_path / "mini.yaml"
        file.write_text(text.replace(old, new), encoding="utf-8")
        line = file.read_text(encoding="utf-8").splitlines().index("    decimals: 0") + 1
        found, lines = run(str(file))
        assert found == code
        path = file.as_posix()
        assert lines == [
            *(mini_lint(path) if code == 0 else []),
            f'{path}:{line}:15: {severity}number question "my_limit" takes no answer: no whole number lies from 0.5 '
            f"to 0.9{consequence}",
            f"1 questionnaire checked: {summary}",
        ]

    def test_missing_path(self) -> None:
        code, lines = run("no/such/place.yaml")
        assert code == 1
        assert lines == ["no/such/place.yaml: no such file or folder", "0 questionnaires checked: 1 error, 0 warnings"]
