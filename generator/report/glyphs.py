"""Glyph coverage: will every character of a name, group or free-text answer print, or come out as an empty box?

WeasyPrint lays text out with Pango, which draws each character with the first font of the CSS stack that has a
glyph for it and otherwise falls back to any installed font fontconfig lists (OpenType or TrueType only: Pango
skips Type 1 and bitmap fonts). So a character prints when some such font covers it, and only then. The
coverage comes from fontconfig itself (`fc-list`, the same configuration WeasyPrint loads), read once per batch.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from generator.answers.document import AnswersDocument
from generator.errors import Problem, Severity
from generator.questionnaire.model import Questionnaire

__all__ = ["FontCoverage", "coverage_note", "glyph_problems", "installed_coverage", "missing_glyphs", "package_for"]

PANGO_FORMATS = frozenset({"TrueType", "CFF"})  # what Pango (HarfBuzz) can draw; fontconfig's %{fontformat}
SHOWN_MAX = 8  # characters named in one message; the rest are counted

# Debian font packages that cover a block of code points, checked against the installed packages by
# tests/reports/test_glyphs.py. Inclusive ranges; the first match wins.
PACKAGES: tuple[tuple[int, int, str], ...] = (
    (0x0000, 0x052F, "fonts-noto-core"),  # Latin, Greek, Cyrillic
    (0x0530, 0x058F, "fonts-noto-core"),  # Armenian
    (0x0590, 0x05FF, "fonts-noto-core"),  # Hebrew
    (0x0600, 0x06FF, "fonts-noto-core"),  # Arabic
    (0x0700, 0x074F, "fonts-noto-core"),  # Syriac
    (0x0750, 0x077F, "fonts-noto-core"),  # Arabic Supplement
    (0x0780, 0x07BF, "fonts-noto-core"),  # Thaana
    (0x08A0, 0x08FF, "fonts-noto-core"),  # Arabic Extended-A
    (0x0900, 0x0DFF, "fonts-noto-core"),  # Devanagari to Sinhala
    (0x0E00, 0x0EFF, "fonts-noto-core"),  # Thai, Lao
    (0x0F00, 0x0FFF, "fonts-noto-core"),  # Tibetan
    (0x1000, 0x109F, "fonts-noto-core"),  # Myanmar
    (0x10A0, 0x10FF, "fonts-noto-core"),  # Georgian
    (0x1100, 0x11FF, "fonts-noto-cjk"),  # Hangul Jamo
    (0x1200, 0x139F, "fonts-noto-core"),  # Ethiopic
    (0x13A0, 0x13FF, "fonts-noto-core"),  # Cherokee
    (0x1400, 0x167F, "fonts-noto-core"),  # Unified Canadian Aboriginal Syllabics
    (0x1780, 0x17FF, "fonts-noto-core"),  # Khmer
    (0x1E00, 0x1FFF, "fonts-noto-core"),  # Latin Extended Additional, Greek Extended
    (0x2E80, 0x2FDF, "fonts-noto-cjk"),  # CJK radicals
    (0x3000, 0x30FF, "fonts-noto-cjk"),  # CJK punctuation, Hiragana, Katakana
    (0x3100, 0x312F, "fonts-noto-cjk"),  # Bopomofo
    (0x3130, 0x318F, "fonts-noto-cjk"),  # Hangul Compatibility Jamo
    (0x3400, 0x4DBF, "fonts-noto-cjk"),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF, "fonts-noto-cjk"),  # CJK Unified Ideographs (simplified and traditional)
    (0xA640, 0xA69F, "fonts-noto-core"),  # Cyrillic Extended-B
    (0xAC00, 0xD7AF, "fonts-noto-cjk"),  # Hangul syllables
    (0xF900, 0xFAFF, "fonts-noto-cjk"),  # CJK Compatibility Ideographs
    (0xFB1D, 0xFB4F, "fonts-noto-core"),  # Hebrew presentation forms
    (0xFB50, 0xFDFF, "fonts-noto-core"),  # Arabic presentation forms A
    (0xFE70, 0xFEFF, "fonts-noto-core"),  # Arabic presentation forms B
    (0xFF00, 0xFFEF, "fonts-noto-cjk"),  # Halfwidth and fullwidth forms
    (0x12000, 0x123FF, "fonts-noto-core"),  # Cuneiform
)


@dataclass(frozen=True)
class FontCoverage:
    """The code points some installed font can draw, as sorted, merged, inclusive ranges."""

    ranges: tuple[tuple[int, int], ...]

    @classmethod
    def from_ranges(cls, ranges: Iterable[tuple[int, int]]) -> FontCoverage:
        merged: list[tuple[int, int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        return cls(tuple(merged))

    @classmethod
    def from_fc_list(cls, text: str) -> FontCoverage:
        """Parse lines of `fc-list --format '%{fontformat}|%{charset}\\n'` (charset: hex ranges like `20-7e a0`)."""
        parts: set[str] = set()  # fonts share most of their ranges: parse each distinct one once (700 -> 30 ms)
        for line in text.splitlines():
            fmt, _, charset = line.partition("|")
            if fmt in PANGO_FORMATS:
                parts.update(charset.split())
        ranges: list[tuple[int, int]] = []
        for part in parts:
            lo, _, hi = part.partition("-")
            try:
                ranges.append((int(lo, 16), int(hi or lo, 16)))
            except ValueError:
                continue
        return cls.from_ranges(ranges)

    def has(self, char: str) -> bool:
        """Whether some installed font has a glyph for this character."""
        cp = ord(char)
        i = bisect.bisect_right(self.ranges, (cp, 0x10FFFF + 1)) - 1
        return i >= 0 and self.ranges[i][0] <= cp <= self.ranges[i][1]


def installed_coverage() -> FontCoverage | None:
    """What the fonts fontconfig lists can draw (the fonts WeasyPrint falls back to); None without `fc-list`."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{fontformat}|%{charset}\n"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return FontCoverage.from_fc_list(out)


def _needs_glyph(char: str) -> bool:
    """Control and format characters (newlines, joiners, direction marks) and variation selectors draw nothing."""
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        return False
    cp = ord(char)
    return not (0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF)


def missing_glyphs(text: str, coverage: FontCoverage) -> list[str]:
    """The distinct characters of `text` that no installed font draws, in order of first appearance."""
    seen: dict[str, None] = {}
    for char in text:
        if char not in seen and _needs_glyph(char) and not coverage.has(char):
            seen[char] = None
    return list(seen)


def package_for(char: str) -> str | None:
    """The Debian font package that covers this character, where we know one."""
    cp = ord(char)
    for lo, hi, package in PACKAGES:
        if lo <= cp <= hi:
            return package
    return None


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"{char} (U+{ord(char):04X}{' ' + name if name else ''})"


def debian_package_installed(package: str) -> bool:
    """Whether a Debian package is installed (False off Debian): installing it again would not help."""
    dpkg = shutil.which("dpkg-query")
    if dpkg is None:
        return False
    try:
        out = subprocess.run(
            [dpkg, "-W", "-f", "${Status}", package], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "install ok installed" in out


def _message(chars: Sequence[str], installed: Callable[[str], bool]) -> str:
    shown = ", ".join(_describe(c) for c in chars[:SHOWN_MAX])
    more = f" and {len(chars) - SHOWN_MAX} more" if len(chars) > SHOWN_MAX else ""
    noun = "character" if len(chars) == 1 else "characters"
    known = sorted({p for c in chars if (p := package_for(c))})
    missing = [p for p in known if not installed(p)]
    if missing:
        hint = f"install the Debian package{'s' if len(missing) > 1 else ''} {', '.join(missing)} to cover them"
    elif known:
        hint = f"{', '.join(known)} should cover them and is installed: check that fontconfig lists it (fc-cache -f)"
    else:
        hint = "no Debian font package we know of covers them"
    return f"no installed font has a glyph for {len(chars)} {noun}: {shown}{more}; they print as empty boxes ({hint})"


def printed_fields(document: AnswersDocument, questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """The respondent's own text that a report prints, as (field, text): name, group and free-text answers."""
    fields: list[tuple[str, str]] = []
    respondent = document.respondent
    for key in ("name", "group"):
        value = getattr(respondent, key, None)
        if isinstance(value, str) and value:
            fields.append((f"respondent.{key}", value))
    for question in questionnaire.questions:
        value = document.answers.get(question.id)
        if question.type == "text" and isinstance(value, str) and value:
            fields.append((f"answers.{question.id}", value))
    return fields


def glyph_problems(
    document: AnswersDocument,
    questionnaire: Questionnaire,
    source: str,
    coverage: FontCoverage,
    *,
    strict: bool = False,
    installed: Callable[[str], bool] = debian_package_installed,
) -> list[Problem]:
    """One problem per printed field with characters no installed font draws: warnings, or errors when strict.

    `installed` tells whether a Debian package is installed, so the hint offers only packages that would help."""
    severity = Severity.ERROR if strict else Severity.WARNING
    problems = []
    for name, text in printed_fields(document, questionnaire):
        chars = missing_glyphs(text, coverage)
        if chars:
            problems.append(Problem(source, field=name, message=_message(chars, installed), severity=severity))
    return problems


def coverage_note(coverage: FontCoverage | None) -> Problem | None:
    """A warning when the glyphs cannot be checked at all (no fontconfig tools)."""
    if coverage is not None:
        return None
    return Problem(
        "fc-list",
        message="cannot check that names and answers have glyphs: fontconfig's fc-list was not found "
        "(Debian package fontconfig)",
        severity=Severity.WARNING,
    )
