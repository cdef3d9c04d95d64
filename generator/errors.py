"""Errors as values: every user-facing problem carries where it happened, so all can be shown at once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from generator.values import printable


class Severity(StrEnum):
    """How bad a problem is: errors stop a build or a score, warnings are reported and let it go on."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One located message. `line` and `col` are 1-based; 0 means unknown. `field` names an answers field."""

    path: str
    line: int = 0
    col: int = 0
    message: str = ""
    severity: Severity = Severity.ERROR
    field: str = ""

    def _key(self) -> tuple[tuple[tuple[int, str], ...], int, int, str, str]:
        return (_natural(self.path), self.line, self.col, self.field, self.message)

    def __lt__(self, other: Problem) -> bool:
        """Problems sort as a reader scans them: by file (numbers as numbers: row 2 before row 10), then
        position, then answers field."""
        return self._key() < other._key()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        """`path:line:col: field: message`, without control or bidi characters (safe to print to a terminal)."""
        return printable(self._text())

    def _text(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        if self.field:
            where += f": {self.field}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}: {prefix}{self.message}"


class DealcraftError(Exception):
    """A user error: one or more located problems. The CLI prints them and exits 1, never a traceback."""

    def __init__(self, problems: Iterable[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(path="dealcraft", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key that orders the digit runs of `text` by value: a.csv:2 < a.csv:10, ada-9.json < ada-10.json."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text) if part)


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop the work (not warnings)."""
    return [p for p in problems if p.is_error]
