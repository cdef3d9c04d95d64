"""Fault injection (issue 16): one bad input is one named failure, never a stopped batch.

One test class per class of the issue's findings, each example a regression test; then the mixed batch (40 good
documents, 10 bad ones of different kinds) and a worker killed in the middle of a batch.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.answers.imports import ColumnMap, read_csv
from generator.errors import DealcraftError, Problem
from generator.limits import MAX_SCALE_END, MAX_SCALE_POINTS
from generator.questionnaire.model import Questionnaire, json_schema
from generator.report import batch, render_reports
from generator.report.context import Branding, ReportInput, report_context
from generator.scoring import score
from tests.reports.conftest import ROOT, WORKSHOP, read_pdf

TRUST = sorted((WORKSHOP / "trust-readiness").glob("*.json"))
DEAL = sorted((WORKSHOP / "deal-readiness").glob("*.json"))
ESCAPES = "\u001b]0;pwned\u0007\u001b[2J"


def example(path: Path, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {**data, **changes}


def named(path: Path, name: str) -> dict[str, Any]:
    data = example(path)
    return {**data, "respondent": {**data["respondent"], "name": name}}


def write(folder: Path, name: str, data: dict[str, Any] | str) -> Path:
    path = folder / name
    # ensure_ascii keeps a lone surrogate as the \ud800 escape, as a hostile file would hold it
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def dealcraft(*args: str | Path, timeout: float = 600, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run the real command, as a facilitator would."""
    argv = [sys.executable, "-m", "generator", *map(str, args)]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False, **kwargs)


def report_args(*inputs: str | Path, out: Path, jobs: int = 1) -> list[str | Path]:
    return ["report", *inputs, "-o", out, "--questionnaires", "questionnaires", "-j", str(jobs)]


def raw_controls(text: str) -> list[str]:
    """Characters a terminal could act on: controls other than a line break, and bidi controls."""
    return [repr(c) for c in text if (unicodedata.category(c) == "Cc" and c != "\n") or c in "\u202a\u202b\u202d\u202e"]


def children(pid: int) -> list[int]:
    """The live child processes of `pid` (zombies excluded), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_for(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


# --- class 1: values that pass validation and fail later --------------------------------------------------


@dataclass(frozen=True)
class Batch:
    result: batch.BatchResult
    inputs: dict[str, Path]


@pytest.fixture(scope="module")
def late_failures(tmp_path_factory: pytest.TempPathFactory, questionnaires: dict[str, Questionnaire]) -> Batch:
    """A good document, one with a 200-character name, and the three values that used to fail after validation."""
    folder = tmp_path_factory.mktemp("late")
    inputs = {
        "good": write(folder, "good.json", example(TRUST[0])),
        "long": write(folder, "long-name.json", named(TRUST[1], "W" * 200)),
        "surrogate": write(folder, "surrogate.json", named(TRUST[2], "Ada \ud800")),
        "future": write(folder, "future.json", example(TRUST[3], submitted_at="9999-12-31T23:59:59-23:59")),
        "huge": write(
            folder, "huge.json", {**example(DEAL[0]), "answers": {**example(DEAL[0])["answers"], "my_limit": 1e308}}
        ),
    }
    out = tmp_path_factory.mktemp("late-out")
    result = render_reports(list(inputs.values()), out, questionnaires, jobs=1, summary=True)
    return Batch(result, inputs)


class TestValuesThatFailLater:
    """Class 1: a lone surrogate, a date no zone can show, a number past the zone maths are refused up front."""

    def test_only_the_bad_files_fail_each_named_by_field(self, late_failures: Batch) -> None:
        failures = sorted(str(p) for p in late_failures.result.failures)
        inputs = late_failures.inputs
        assert failures == [
            f'{inputs["future"]}: submitted_at: "9999-12-31T23:59:59-23:59" is out of range: dates from 1000 to '
            "9999 are accepted",
            f"{inputs['huge']}: answers.my_limit: the number is too large (at most 1,000,000,000,000 either side of 0)",
            f"{inputs['surrogate']}: respondent.name: holds a lone surrogate (U+D800) at character 5, which is not "
            "text; names are one line of plain text",
        ]
        assert len(late_failures.result.written) == 2

    def test_the_summary_counts_only_the_people_it_reports(self, late_failures: Batch) -> None:
        (summary,) = late_failures.result.summaries
        assert "2 respondents" in read_pdf(summary).pages[0]

    def test_score_refuses_what_report_refuses(self, late_failures: Batch) -> None:
        proc = dealcraft("score", late_failures.inputs["surrogate"], "--questionnaires", "questionnaires")
        assert proc.returncode == 1
        assert "respondent.name: holds a lone surrogate" in proc.stderr and "Traceback" not in proc.stderr

    def test_a_document_the_scorer_refuses_is_one_named_failure(
        self, tmp_path: Path, questionnaires: dict[str, Questionnaire], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`dealcraft analyze` treats it alike (tests/cli/test_analyze.py). The scorer refuses nothing a valid
        document can hold today, so the refusal is injected for one document's answers."""
        import generator.answers.imports as imports

        good, refused = write(tmp_path, "good.json", example(TRUST[0])), write(tmp_path, "bad.json", example(TRUST[1]))
        refused_answers = example(TRUST[1])["answers"]

        def refusing(questionnaire: Questionnaire, answers: Any) -> Any:
            if dict(answers) == refused_answers:
                raise DealcraftError(Problem("questionnaires/trust-readiness.yaml", 12, 5, message="cannot evaluate"))
            return score(questionnaire, answers)

        monkeypatch.setattr(imports, "score", refusing)
        out = tmp_path / "out"
        result = render_reports([good, refused], out, questionnaires, jobs=1, summary_only=True)
        assert [str(p) for p in result.failures] == [
            f"{refused}: cannot be scored: questionnaires/trust-readiness.yaml:12:5: cannot evaluate"
        ]
        (summary,) = result.summaries
        assert "1 respondent" in read_pdf(summary).pages[0]

    def test_a_200_character_name_stays_on_the_cover(self, late_failures: Batch) -> None:
        """Class 7: the unbroken name wraps; the group and the date are still on page 1."""
        long_pdf = next(p for p in late_failures.result.written if p.name.startswith("w" * 10))
        cover = re.sub(r"\s+", "", read_pdf(long_pdf).pages[0])
        assert "W" * 200 in cover and "Answerssubmittedon" in cover


# --- class 2: two readers with different rules ------------------------------------------------------------


class TestOneReader:
    """Class 2: JSON Lines follow the .json rules; a hostile line is one named failure, the others are read."""

    def test_a_jsonl_with_hostile_lines(self, tmp_path: Path) -> None:
        good = json.dumps(example(TRUST[0]))
        lines = [
            "\ufeff" + good,  # a BOM on the first line: accepted, as in a .json file
            "[" * 100_000 + "]" * 100_000,
            '{"questionnaire": "trust-readiness", "answers": {"ww_ask_again": ' + "9" * 5000 + "}}",
            '{"questionnaire": "trust-readiness", "questionnaire": "x", "answers": {}}',
        ]
        path = tmp_path / "room.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        proc = dealcraft(*report_args(path, out=tmp_path / "out"))
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert f"{path}:2: nested more than 16 levels deep; refused" in proc.stderr
        assert f"{path}:3: not valid JSON: a number has more than 16 digits" in proc.stderr
        assert f'{path}:4: not valid JSON: the key "questionnaire" appears twice' in proc.stderr
        assert "1 written, 3 failed" in proc.stdout


# --- class 3: a dead worker -------------------------------------------------------------------------------


class TestDeadWorkers:
    """Class 3: a worker that dies is replaced; its report is tried once more, then listed; orphans exit."""

    def test_a_dead_worker_is_replaced_and_its_report_retried_then_listed(
        self, tmp_path: Path, questionnaires: dict[str, Questionnaire], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        marker = tmp_path / "flaky-died-once"
        original = batch._Worker.report

        def dying(self: batch._Worker, task: batch.ReportTask) -> batch.RenderStat:
            name = task.item.document.respondent.name
            if name == "Poison" or (name == "Flaky" and not marker.exists()):
                marker.touch()
                os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
            return original(self, task)

        monkeypatch.setattr(batch._Worker, "report", dying)  # forked workers inherit the patch
        inputs = [
            write(tmp_path, "good.json", example(TRUST[0])),
            write(tmp_path, "flaky.json", named(TRUST[1], "Flaky")),
            write(tmp_path, "poison.json", named(TRUST[2], "Poison")),
        ]
        result = render_reports(inputs, tmp_path / "out", questionnaires, jobs=2)
        assert sorted(p.name.split("-")[0] for p in result.written) == ["ada", "flaky"]
        assert result.failures == (Problem(str(inputs[2]), message=batch.DIED),)

    def test_kill_a_worker_during_a_batch(self, tmp_path: Path) -> None:
        """kill -9 one worker mid-batch: every report is still either written or listed."""
        inputs = [write(tmp_path, f"p{i}.json", named(TRUST[i], f"Person {i}")) for i in range(8)]
        out = tmp_path / "out"
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", *map(str, report_args(*inputs, out=out, jobs=2))],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert wait_for(lambda: len(children(proc.pid)) == 2, 120), "the workers never started"
            time.sleep(1.5)  # both are rendering now
            victim = children(proc.pid)[0]
            os.kill(victim, signal.SIGKILL)
            stdout, stderr = proc.communicate(timeout=600)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert "Traceback" not in stderr
        written = sorted(out.glob("*.pdf"))
        match = re.search(r"(\d+) written, (\d+) failed", stdout)
        assert match, stdout
        assert int(match[1]) == len(written)
        assert int(match[1]) + int(match[2]) == len(inputs)  # nothing lost: written or listed
        assert len(written) == len(inputs), stderr  # and here, the retry rendered the killed worker's report
        assert proc.returncode == 0

    def test_workers_exit_when_the_parent_dies(self, tmp_path: Path) -> None:
        inputs = [write(tmp_path, f"p{i}.json", named(TRUST[i], f"Person {i}")) for i in range(8)]
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", *map(str, report_args(*inputs, out=tmp_path / "out", jobs=2))],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        workers: list[int] = []
        try:
            assert wait_for(lambda: len(children(proc.pid)) == 2, 120), "the workers never started"
            workers = children(proc.pid)
            proc.kill()
            proc.wait()
            assert wait_for(lambda: not any(alive(w) for w in workers), 10), "orphaned workers stayed alive"
        finally:
            for pid in workers:
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)


# --- class 4: silent losses -------------------------------------------------------------------------------


class TestNoSilentLoss:
    """Class 4: a second run keeps the first run's summary; empty or unmatched inputs and bad logos are errors."""

    def test_two_runs_into_one_folder_keep_both_summaries(
        self, tmp_path: Path, questionnaires: dict[str, Questionnaire]
    ) -> None:
        out = tmp_path / "out"
        first = render_reports([TRUST[0]], out, questionnaires, jobs=1, summary=True)
        before = first.summaries[0].read_bytes()
        second = render_reports([TRUST[1]], out, questionnaires, jobs=1, summary=True)
        assert first.summaries[0].name == "summary-trust-readiness.pdf"
        assert first.summaries[0].read_bytes() == before  # not replaced
        (other,) = second.summaries
        assert re.fullmatch(r"summary-trust-readiness-[0-9a-f]{8}\.pdf", other.name)
        assert [str(w) for w in second.warnings if "summary" in str(w)] == [
            f"{out}/summary-trust-readiness.pdf: warning: already exists (another run?); kept it, and wrote this "
            f"run's summary as {other.name}"
        ]

    def test_a_map_that_matches_no_column(self, tmp_path: Path, questionnaires: dict[str, Questionnaire]) -> None:
        csv = tmp_path / "export.csv"
        csv.write_text("Timestamp,Your name,Q1\n2026-11-24,Ada,Agree\n", encoding="utf-8")
        mapping = tmp_path / "map.yaml"
        mapping.write_text("questionnaire: trust-readiness\ncolumns: {Name: name, Question 1: ww_ask_again}\n")
        proc = dealcraft(*report_args(csv, "--map", mapping, out=tmp_path / "out"))
        assert proc.returncode == 1
        assert (
            f"""{csv}:1: none of the map's columns ("Name", "Question 1", ...) is in this CSV's header """
            """("Timestamp", "Your name", "Q1"); copy the headers from the export into the map exactly"""
        ) in proc.stderr
        assert "0 written, 1 failed" in proc.stdout
        (item,) = read_csv(csv, questionnaires, ColumnMap(columns={"Name": "name"}))
        assert item.document is None

    def test_a_header_only_csv(self, tmp_path: Path) -> None:
        csv = tmp_path / "trust-readiness.csv"
        csv.write_text("name,ww_ask_again\n", encoding="utf-8")
        proc = dealcraft(*report_args(csv, out=tmp_path / "out"))
        assert proc.returncode == 1
        assert f"{csv}: the CSV has a header but no answers below it" in proc.stderr

    @pytest.mark.parametrize(
        ("name", "content", "expected"),
        [
            (
                "big.png",
                b"\x89PNG\r\n\x1a\n" + b"\0" * 2_100_000,
                "the logo is 2.1 MB; at most 2 MB: export it smaller",
            ),
            ("broken.png", b"\x89PNG\r\n\x1a\nnot really", "the image cannot be read"),
            ("fake.jpg", None, "the file is a PNG image, not what its name says (.jpg)"),
            (
                "remote.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/x.png"/></svg>',
                "the SVG loads other files or addresses",
            ),
            ("link.png", "symlink", "is a symbolic link; give the path of the image file itself"),
        ],
    )
    def test_an_unusable_logo_is_an_error_not_a_missing_picture(
        self, tmp_path: Path, name: str, content: bytes | str | None, expected: str
    ) -> None:
        from PIL import Image

        logo = tmp_path / name
        if content == "symlink":
            real = tmp_path / "real.png"
            Image.new("RGB", (4, 4)).save(real)
            logo.symlink_to(real)
        elif content is None:
            Image.new("RGB", (4, 4)).save(logo, format="PNG")
        else:
            assert isinstance(content, bytes)
            logo.write_bytes(content)
        proc = dealcraft(*report_args(TRUST[0], "--logo", logo, out=tmp_path / "out"))
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert f"{logo}: logo: {expected}" in proc.stderr
        assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))

    def test_a_full_disk_leaves_no_temporary_files(self, tmp_path: Path) -> None:
        """Writes fail past 20 kB (RLIMIT_FSIZE), as on a full disk: each report is a named failure, no leftovers."""

        def small_disk() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write with EFBIG instead of killing us
            resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

        out = tmp_path / "out"
        proc = dealcraft(*report_args(TRUST[0], TRUST[1], out=out), preexec_fn=small_disk)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert proc.stderr.count("could not write ") == 2 and "File too large" in proc.stderr
        assert "0 written, 2 failed" in proc.stdout
        assert list(out.iterdir()) == []


# --- class 5: unbounded inputs ----------------------------------------------------------------------------


class TestCapsInTheFormat:
    """Class 5: at most 11 scale points and finite number bounds, in the validator, the schema and the browser."""

    def test_the_validator_refuses_huge_scales_and_bounds(self, tmp_path: Path) -> None:
        path = tmp_path / "big.yaml"
        path.write_text(
            "id: big\ntitle: Big\nversion: 1\nscale: {min: -1000000000, max: 1000000000}\nquestions:\n"
            "  - {id: a, type: likert, text: A}\n"
            "  - {id: b, type: likert, text: B, scale: {min: 1, max: 200000}}\n"
            "  - {id: c, type: likert, text: C, scale: {min: -5, max: 6}}\n"
            "  - {id: n, type: number, text: N, min: -1.0e+300, max: .inf}\n",
            encoding="utf-8",
        )
        proc = dealcraft("validate", path, "--content-dir", "content", timeout=60)
        assert proc.returncode == 1
        assert proc.stdout.splitlines() == [
            f'{path}:4:14: "min" must be at least -10, not -1000000000',
            f'{path}:4:32: "max" must be at most 10, not 1000000000',
            f'{path}:7:57: "max" must be at most 10, not 200000',
            f"{path}:8:43: the scale -5..6 has 12 points; at most 11",
            f'{path}:9:41: "min" must be at least -1e+12, not -1e+300',
            f'{path}:9:57: "max" must be a finite number',
            "1 questionnaire checked: 6 errors, 0 warnings",
        ]

    @staticmethod
    def schema_allows(scale_schema: dict[str, Any], scale: dict[str, int]) -> bool:
        """Evaluate the scale's JSON Schema bounds and its if/then clauses (the only keywords it uses)."""
        props = scale_schema["properties"]
        for key in ("min", "max"):
            if key in scale and not props[key]["minimum"] <= scale[key] <= props[key]["maximum"]:
                return False
        for clause in scale_schema["allOf"]:
            cond = clause["if"]
            applies = "min" in scale and scale["min"] == cond["properties"]["min"]["const"]
            if applies and scale.get("max", 5) > clause["then"]["properties"]["max"]["maximum"]:
                return False
        return True

    def test_the_json_schema_states_the_same_cap(self) -> None:
        scale_schema = json_schema()["$defs"]["Scale"]
        for lo in range(-MAX_SCALE_END - 2, MAX_SCALE_END + 3):
            for hi in range(lo + 1, MAX_SCALE_END + 3):
                in_range = lo >= -MAX_SCALE_END and hi <= MAX_SCALE_END
                expected = in_range and hi - lo + 1 <= MAX_SCALE_POINTS
                assert self.schema_allows(scale_schema, {"min": lo, "max": hi}) == expected, (lo, hi)
        assert self.schema_allows(scale_schema, {"max": 10}) and not self.schema_allows(scale_schema, {"max": 11})
        number = json_schema()["$defs"]["Question"]["properties"]["max"]["anyOf"][0]
        assert (number["minimum"], number["maximum"]) == (-1e12, 1e12)

    def test_the_browser_reads_the_caps_from_the_compiled_json(self) -> None:
        script = (
            "import { sanitizeAnswers } from './generator/assets/javascripts/core/answers.mjs';"
            "const q = { questions: [{ id: 't', type: 'text' }, { id: 'n', type: 'number' }] };"
            "const limits = JSON.parse(process.argv[1]);"
            "const ok = sanitizeAnswers(q, { t: 'x'.repeat(limits.text), n: limits.number }, limits);"
            "const over = sanitizeAnswers(q, { t: 'x'.repeat(limits.text + 1), n: limits.number * 10 }, limits);"
            "console.log(JSON.stringify([Object.keys(ok.answers), over.dropped]));"
        )
        from generator.limits import CLIENT_LIMITS

        proc = subprocess.run(
            ["node", "--input-type=module", "-e", script, json.dumps(CLIENT_LIMITS)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert json.loads(proc.stdout) == [["t", "n"], ["t", "n"]]
        assert CLIENT_LIMITS["text"] == 10_000  # Python's cap; the browser had 5,000


# --- class 6: the terminal and PDF metadata ---------------------------------------------------------------


class TestSafeOutput:
    """Class 6: nothing from input can drive the terminal, become markup or emoji, or flood the screen."""

    def test_escape_sequences_in_a_key_are_not_printed(self, tmp_path: Path) -> None:
        data = example(TRUST[0])
        path = write(tmp_path, "evil.json", {**data, "answers": {**data["answers"], ESCAPES: 1, ":smile:": 2}})
        proc = dealcraft("score", path, "--questionnaires", "questionnaires")
        assert proc.returncode == 1
        assert raw_controls(proc.stdout + proc.stderr) == []
        assert "answers.]0;pwned[2J: not a question of trust-readiness" in proc.stderr
        assert "answers.:smile:: not a question" in proc.stderr and "\U0001f604" not in proc.stderr

    def test_the_pdf_title_holds_no_control_or_bidi_characters(self, questionnaires: dict[str, Questionnaire]) -> None:
        from generator.answers.validate import read_answers_file

        document = read_answers_file(TRUST[0], questionnaires)
        questionnaire = questionnaires[document.questionnaire]
        item = ReportInput("a.json", document, score(questionnaire, document.answers))
        branding = Branding(title="Report\u001b[31m \u202eevil", facilitator="Dana\u0007")
        context = report_context(item, questionnaire, branding)
        for key in ("doc_title", "author", "subject"):
            assert raw_controls(context.template_vars()[key]) == [], key

    def test_the_summary_pdf_metadata_holds_no_control_or_bidi_characters(
        self, questionnaires: dict[str, Questionnaire]
    ) -> None:
        from generator.answers.validate import read_answers_file
        from generator.report.summary import GroupTally, summary_context

        document = read_answers_file(TRUST[0], questionnaires)
        questionnaire = questionnaires[document.questionnaire]
        tally = GroupTally(questionnaire)
        tally.add("Ada", "2026-11-25T09:00:00Z", score(questionnaire, document.answers))
        context = summary_context(tally, Branding(facilitator="Dana\u0007 \u202eevil"))
        for key in ("doc_title", "author", "subject"):
            assert raw_controls(context.template_vars()[key]) == [], key

    def test_flags_with_control_characters_are_refused(self, tmp_path: Path) -> None:
        proc = dealcraft(*report_args(TRUST[0], "--title", "A\u202eB", out=tmp_path / "out"))
        assert proc.returncode == 1
        assert "--title: holds a bidi control (U+202E) at character 2; use plain text" in proc.stderr

    def test_echoed_input_is_capped(self) -> None:
        proc = dealcraft("validate", "/etc/passwd", "--content-dir", "content")
        (line, _) = proc.stdout.splitlines()
        quoted = re.search(r'"(.*)"', line)
        assert quoted and len(quoted[1]) <= 80 and quoted[1].endswith("…")
        assert "❌" not in line and ":x:" in line  # rich emoji codes are off

    def test_failures_are_listed_in_numeric_order(self) -> None:
        problems = [Problem(f"room.csv:{n}", message="bad") for n in (10, 2, 33, 1)]
        assert [p.path for p in sorted(problems)] == ["room.csv:1", "room.csv:2", "room.csv:10", "room.csv:33"]


# --- class 7: small things --------------------------------------------------------------------------------


class TestSmallThings:
    """Class 7: a FIFO does not hang, an unwritable -o is found before rendering (the long name: class 1)."""

    def test_a_fifo_as_input_does_not_hang(self, tmp_path: Path) -> None:
        fifo = tmp_path / "answers.json"
        os.mkfifo(fifo)
        proc = dealcraft("score", fifo, "--questionnaires", "questionnaires", timeout=60)
        assert proc.returncode == 1
        assert f"{fifo}: is not a regular file, not an answers file" in proc.stderr

    def test_an_unwritable_output_folder_is_found_before_rendering(self, tmp_path: Path) -> None:
        started = time.monotonic()
        # /proc/self is a folder nobody, not even root, can create files in.
        proc = dealcraft(*report_args(*TRUST[:6], out=Path("/proc/self"), jobs=2), timeout=120)
        assert proc.returncode == 1
        assert proc.stderr.strip().endswith("/proc/self: cannot write to the output folder: No such file or directory")
        assert "written" not in proc.stdout and time.monotonic() - started < 60


# --- the mixed batch --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mixed:
    proc: subprocess.CompletedProcess[str]
    out: Path
    folder: Path


def mixed_inputs(folder: Path) -> Iterator[Path]:
    """40 good documents (32 files and 8 JSON Lines) and 10 bad ones of different kinds."""
    people = [*TRUST, *DEAL]
    for i in range(32):
        yield write(folder, f"good-{i:02d}.json", named(people[i % len(people)], f"Good Person {i:02d}"))
    lines = [json.dumps(named(TRUST[i], f"Line Person {i}")) for i in range(10)]
    lines[1] = "[" * 100_000 + "]" * 100_000  # line 2: nesting bomb
    lines[9] = '{"questionnaire": "trust-readiness", "answers": {"ww_ask_again": ' + "9" * 5000 + "}}"  # line 10
    room = folder / "room.jsonl"
    room.write_text("\n".join(lines) + "\n", encoding="utf-8")
    yield room
    deal = example(DEAL[1])
    yield write(folder, "bad-surrogate.json", named(TRUST[0], "Ada \ud800"))
    yield write(folder, "bad-future.json", example(TRUST[1], submitted_at="9999-12-31T23:59:59-23:59"))
    yield write(folder, "bad-huge.json", {**deal, "answers": {**deal["answers"], "their_low": 1e308}})
    yield write(folder, "bad-duplicate.json", '{"questionnaire": "trust-readiness", "answers": {}, "answers": {}}')
    yield write(folder, "bad-escapes.json", {**example(TRUST[2]), "answers": {ESCAPES: 3}})
    yield write(folder, "bad-bidi.json", named(TRUST[3], "\u202eevil"))
    yield write(folder, "bad-not-json.json", "{this is not json")
    yield write(folder, "bad-unknown.json", example(TRUST[4], questionnaire="nope"))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Mixed:
    folder = tmp_path_factory.mktemp("mixed")
    list(mixed_inputs(folder))
    out = tmp_path_factory.mktemp("mixed-out")
    proc = dealcraft(*report_args(folder, "--summary", out=out, jobs=2), timeout=1800)
    return Mixed(proc, out, folder)


class TestMixedBatch:
    """40 good documents and 10 bad ones: 40 reports, 10 named failures, exit 1, no traceback, a clean terminal."""

    def test_forty_reports_and_ten_named_failures(self, mixed: Mixed) -> None:
        assert mixed.proc.returncode == 1
        reports = [p for p in mixed.out.glob("*.pdf") if not p.name.startswith("summary-")]
        assert len(reports) == 40
        assert "40 written, 10 failed" in mixed.proc.stdout
        assert "10 input(s) failed:" in mixed.proc.stderr

    def test_each_failure_is_one_line_naming_file_line_and_field(self, mixed: Mixed) -> None:
        f = mixed.folder
        lines = [line for line in mixed.proc.stderr.splitlines() if "warning:" not in line]
        expected_starts = [
            f"{f}/bad-bidi.json: respondent.name: holds a bidi control (U+202E)",
            f'{f}/bad-duplicate.json: not valid JSON: the key "answers" appears twice',
            f"{f}/bad-escapes.json: answers.]0;pwned[2J: not a question of trust-readiness",
            f'{f}/bad-future.json: submitted_at: "9999-12-31T23:59:59-23:59" is out of range',
            f"{f}/bad-huge.json: answers.their_low: the number is too large",
            f"{f}/bad-not-json.json:1:2: not valid JSON",
            f"{f}/bad-surrogate.json: respondent.name: holds a lone surrogate (U+D800)",
            f'{f}/bad-unknown.json: questionnaire: unknown questionnaire "nope"',
            f"{f}/room.jsonl:2: nested more than 16 levels deep",
            f"{f}/room.jsonl:10: not valid JSON: a number has more than 16 digits",  # after line 2, not before
        ]
        failures = lines[lines.index("10 input(s) failed:") + 1 :]
        assert len(failures) == 10
        for line, start in zip(failures, expected_starts, strict=True):
            assert line.startswith(start), (line, start)

    def test_no_traceback_and_no_raw_control_character(self, mixed: Mixed) -> None:
        assert "Traceback" not in mixed.proc.stderr
        assert raw_controls(mixed.proc.stdout) == [] and raw_controls(mixed.proc.stderr) == []

    def test_the_summaries_count_the_good_documents_only(self, mixed: Mixed) -> None:
        counts = {p.stem.removeprefix("summary-"): read_pdf(p).pages[0] for p in mixed.out.glob("summary-*.pdf")}
        # good-00..31 alternate over 12 trust and 12 deal people in turn: 20 trust (+8 lines), 12 deal
        assert "28 respondents" in counts["trust-readiness"] and "12 respondents" in counts["deal-readiness"]
