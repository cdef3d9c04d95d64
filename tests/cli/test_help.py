"""`dealcraft COMMAND --help`: an option several commands share reads the same in each of them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "COLUMNS": "100", "NO_MKDOCS_2_WARNING": "1"}
READS_QUESTIONNAIRES = ("score", "analyze", "paper", "report", "workshop", "debrief")
QUESTIONNAIRES_LINE = (
    "--questionnaires QUESTIONNAIRES folder of questionnaires (default: $DEALCRAFT_QUESTIONNAIRES, else the project's)"
)


def help_of(*command: str) -> str:
    """The help text as a user reads it, with argparse's line wrapping undone."""
    run = subprocess.run(
        [sys.executable, "-m", "generator", *command, "--help"], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return re.sub(r"\s+", " ", run.stdout)


@pytest.mark.parametrize("command", READS_QUESTIONNAIRES)
def test_every_command_that_reads_questionnaires_says_where_they_come_from(command: str) -> None:
    """The flag, then $DEALCRAFT_QUESTIONNAIRES, then the project's folder, as `_questionnaires_dir` looks."""
    assert QUESTIONNAIRES_LINE in help_of(command)


def test_the_commands_that_do_not_read_a_folder_of_questionnaires_do_not_offer_it() -> None:
    listed = help_of().split("positional arguments:", 1)[1]
    commands = [
        c for c in ("build", "new", "serve", "demo", "validate", "schema", *READS_QUESTIONNAIRES) if c in listed
    ]
    offered = [c for c in commands if "--questionnaires" in help_of(c)]
    assert sorted(offered) == sorted(READS_QUESTIONNAIRES)
