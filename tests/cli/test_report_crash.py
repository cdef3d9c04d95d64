"""`dealcraft report`: a native crash while rendering one report (a segfault in WeasyPrint or a library under it)
is that report listed as failed, and the batch goes on, with one job as with several."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRUST = sorted((ROOT / "examples" / "workshop" / "trust-readiness").glob("*.json"))

# The command, with one respondent's render crashing natively: a read at address 0 (SIGSEGV), no Python exception.
CRASHING = """
import ctypes, sys
from generator.cli import main
from generator.report import batch

original = batch._Worker.report

def report(self, task):
    if task.item.document.respondent.name == "Crash":
        ctypes.string_at(0)
    return original(self, task)

batch._Worker.report = report
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_segfault_in_one_report_is_listed_and_the_others_are_written(tmp_path: Path, jobs: str) -> None:
    inputs = []
    for i, name in enumerate(["Ada Crash-free", "Crash", "Bo Crash-free"]):
        data = json.loads(TRUST[i].read_text(encoding="utf-8"))
        data["respondent"]["name"] = name
        path = tmp_path / f"p{i}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        inputs.append(path)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONFAULTHANDLER", None)
    run = subprocess.run(
        [sys.executable, "-c", CRASHING, "report", *map(str, inputs), "-o", str(out), "-j", jobs],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 1, run.stderr  # not -11: the run itself did not crash
    assert "Traceback" not in run.stderr
    assert sorted(p.name.split("-")[0] for p in out.glob("*.pdf")) == ["ada", "bo"]
    assert f"{inputs[1]}: a worker process died while rendering this report" in run.stderr
    assert run.stdout.splitlines()[-1] == "2 written, 1 failed"
