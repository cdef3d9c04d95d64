"""What a value means, decided once: "not answered", a timestamp, text that can be printed and written to a PDF.

The validator, the scorer, the importers and the reports all ask these functions, so a rule cannot drift.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from generator.limits import MAX_ECHO, MAX_NUMBER

__all__ = [
    "EARLIEST",
    "LATEST",
    "bad_text",
    "check_accent",
    "echo",
    "is_answered",
    "number_units",
    "parse_timestamp",
    "printable",
]

EARLIEST = datetime(1000, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)
"""Submission times outside these are refused: a day's margin keeps every time zone's view of them a valid date."""

_ACCENT = re.compile(r"#[0-9a-fA-F]{6}")
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\t\n\r")


def is_answered(value: object) -> bool:
    """An answer counts unless it is null, an empty string or an empty list."""
    if value is None:
        return False
    if isinstance(value, str | list | tuple):
        return len(value) > 0
    return True


def _unsafe(char: str, *, allow_breaks: bool) -> bool:
    if allow_breaks and char in _LINE_BREAKS:
        return False
    return char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs")


def bad_text(text: str, *, allow_breaks: bool = False) -> str | None:
    """Why `text` cannot go into a report (None when it can): a lone surrogate, a control character, a bidi override.

    Tabs and line breaks are allowed in free-text answers (`allow_breaks`), never in names.
    """
    for index, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            return f"a lone surrogate (U+{ord(char):04X}) at character {index + 1}, which is not text"
        if _unsafe(char, allow_breaks=allow_breaks):
            kind = "a bidi control" if char in _BIDI_CONTROLS else "a control character"
            return f"{kind} (U+{ord(char):04X}) at character {index + 1}"
    return None


def printable(text: str) -> str:
    """`text` without control characters, bidi controls and lone surrogates: safe for a terminal or PDF metadata."""
    if text.isprintable() and not _BIDI_CONTROLS.intersection(text):
        return text
    return "".join(c for c in text if not _unsafe(c, allow_breaks=False) and c != "\u2028" and c != "\u2029")


def echo(value: object, limit: int = MAX_ECHO) -> str:
    """An untrusted value as a message may quote it: printable and at most `limit` characters."""
    text = printable(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _units(bound: float, places: int, side: Callable[[Decimal], int]) -> int:
    """A bound in units of the last decimal a question takes, rounded inwards (`side` is ceil for a min, floor for
    a max), exactly: the bound as written (its shortest repr), not its binary value, so a min of 0.1 gives 10."""
    return side(Decimal(repr(bound)).scaleb(places))


def number_units(low: float | None, high: float | None, places: int) -> tuple[int, int] | None:
    """The lowest and highest number answer the answers reader (generator/answers/validate.py) takes for bounds
    low..high (None: unbounded) and at most `places` decimals, in units of the last decimal (hundredths for two):
    within ±MAX_NUMBER too. None when no number fits (min 0.5, max 0.9, decimals 0).

    One rule for the questionnaire checks (a question nobody can answer) and the simulator (answers that fit)."""
    lo = _units(-MAX_NUMBER if low is None else max(low, -MAX_NUMBER), places, math.ceil)
    hi = _units(MAX_NUMBER if high is None else min(high, MAX_NUMBER), places, math.floor)
    return (lo, hi) if lo <= hi else None


_ISO_ZULU = re.compile(r"[Zz]$")


def parse_timestamp(text: object) -> datetime:
    """An ISO 8601 date and time (UTC when it names no zone), within EARLIEST..LATEST; ValueError otherwise."""
    if not isinstance(text, str) or not 0 < len(text) <= 64:
        raise ValueError("not an ISO 8601 date and time")
    moment = datetime.fromisoformat(_ISO_ZULU.sub("+00:00", text))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    offset = moment.utcoffset() or timedelta(0)
    # Compare the wall time minus its offset by hand: astimezone() itself overflows at the edges.
    naive = moment.replace(tzinfo=None)
    if not (EARLIEST.replace(tzinfo=None) + offset <= naive <= LATEST.replace(tzinfo=None) + offset):
        raise ValueError(f"out of range: dates from {EARLIEST:%Y} to {LATEST:%Y} are accepted")
    return moment


def check_accent(value: object) -> str:
    """An accent colour, only as #rrggbb (lower-cased): it is written into CSS and SVG, where escaping does not
    protect. ValueError otherwise."""
    if not isinstance(value, str) or not _ACCENT.fullmatch(value):
        raise ValueError(f"accent colour must look like #3949ab, not {value!r}")
    return value.lower()
