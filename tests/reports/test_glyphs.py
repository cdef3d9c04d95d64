"""Names and answers in any script: a character no installed font draws is named on stderr before rendering.

The check follows WeasyPrint's fallback (any installed OpenType/TrueType font that fontconfig lists), so these tests
hold it to `fc-list ':charset=HEX'` and to what WeasyPrint really embeds.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from generator.answers.validate import read_answers_file
from generator.cli import main
from generator.errors import Severity
from generator.questionnaire.load import load_questionnaires
from generator.report.glyphs import (
    PACKAGES,
    FontCoverage,
    glyph_problems,
    installed_coverage,
    missing_glyphs,
    package_for,
)
from tests.reports.conftest import ROOT, WORKSHOP, read_pdf, tool

VITHKUQI = "\U00010570"  # no font in our set draws these two
TOTO = "\U0001e290"
CUNEIFORM = "\U00012000"  # Noto Sans Cuneiform draws it, though it is not in the report's font stack
LEE = "李小龍"  # traditional 龍: Droid Sans Fallback and Noto Sans CJK TC

pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None, reason="needs fontconfig's fc-list")


@cache
def coverage() -> FontCoverage:
    found = installed_coverage()
    assert found is not None
    return found


def fc_list_draws(char: str) -> bool:
    """fontconfig's own answer: some OpenType/TrueType font lists this character in its charset."""
    out = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "--format", "%{fontformat}\n"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return any(fmt in ("TrueType", "CFF") for fmt in out.split())


def answers_with(tmp_path: Path, stem: str, *, name: str, group: str = "", first_step: str = "") -> Path:
    """Wang Fang's trust-readiness answers with another name, group and free-text answer."""
    data = json.loads((WORKSHOP / "trust-readiness" / "wang-fang.json").read_text(encoding="utf-8"))
    data["respondent"] = {"name": name, "email": f"{stem}@example.org", **({"group": group} if group else {})}
    if first_step:
        data["answers"]["first_step"] = first_step
    path = tmp_path / f"{stem}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def report(*args: str | Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run `dealcraft report` in this process; return the exit code and what it printed on stderr."""
    argv = ["report", *map(str, args), "--questionnaires", str(ROOT / "questionnaires"), "-j", "1"]
    argv += ["-f", str(ROOT / "mkdocs.yml")]
    code = main(argv, stdout=io.StringIO())
    return code, capsys.readouterr().err


class TestCoverage:
    """The coverage is fontconfig's: what `fc-list :charset=` finds, and nothing else."""

    @pytest.mark.parametrize(
        "char", ["A", "é", "α", "Ж", "ع", "א", "क", "李", "龍", "龙", CUNEIFORM, VITHKUQI, TOTO, "\U0001e291"]
    )
    def test_agrees_with_fc_list(self, char: str) -> None:
        assert coverage().has(char) == fc_list_draws(char), f"U+{ord(char):04X}"

    def test_scripts_without_a_font_here_are_missing_and_installed_ones_are_not(self) -> None:
        assert missing_glyphs(f"Ada {VITHKUQI} {TOTO} {CUNEIFORM} {LEE}", coverage()) == [VITHKUQI, TOTO]

    def test_line_breaks_joiners_and_variation_selectors_need_no_glyph(self) -> None:
        text = "a\nb\tc\u200d\u200fd\ufe0f"
        assert missing_glyphs(text, FontCoverage.from_ranges([(0x61, 0x64), (0x20, 0x20)])) == []

    def test_parses_fc_list_charsets_and_skips_fonts_pango_cannot_draw(self) -> None:
        text = "TrueType|20-7e a0\nType 1|4e00-9fff\nCFF|3b1-3c9 10570\n"
        cov = FontCoverage.from_fc_list(text)
        assert cov.has("~") and cov.has("\xa0") and cov.has("ω") and cov.has(VITHKUQI)
        assert not cov.has("李") and not cov.has("\x7f")

    def test_ci_setup_fonts_cover_the_scripts_of_the_issue(self) -> None:
        """Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, CJK simplified and traditional, from the
        packages .ci/setup installs."""
        setup = (ROOT / ".ci" / "setup").read_text(encoding="utf-8")
        debs = re.search(r"DEBS=\(([^)]*)\)", setup)
        assert debs is not None
        fonts = [p for p in debs.group(1).split() if p.startswith("fonts-")]
        files = set()
        for package in fonts:
            listing = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, timeout=60).stdout
            files |= {line for line in listing.splitlines() if line.endswith((".ttf", ".otf", ".ttc"))}
        assert files, "none of the .ci/setup font packages is installed"
        for sample in ["é", "α", "Ж", "ع", "א", "क", "龙", "龍", "李小龍"]:
            for char in sample:
                out = subprocess.run(
                    ["fc-list", f":charset={ord(char):x}", "file"], capture_output=True, text=True, timeout=60
                ).stdout
                owners = {line.rstrip(":") for line in out.split()}
                assert owners & files, f"{char} U+{ord(char):04X}: no font from {fonts}"

    def test_package_hints_name_a_package_whose_fonts_draw_the_block(self) -> None:
        """Each block → package line holds: a font file of that package draws the block's first letter or symbol."""
        listings: dict[str, set[str]] = {}
        checked = 0
        for lo, hi, package in PACKAGES:
            if package not in listings:
                out = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, timeout=60).stdout
                listings[package] = set(out.splitlines())
            if not listings[package]:
                continue  # not installed here
            char = next(chr(cp) for cp in range(max(lo, 0x41), hi + 1) if unicodedata.category(chr(cp))[0] in "LS")
            out = subprocess.run(
                ["fc-list", f":charset={ord(char):x}", "file"], capture_output=True, text=True, timeout=60
            ).stdout
            owners = {line.rstrip(":") for line in out.split()}
            assert owners & listings[package], f"{package} does not draw {char} (U+{ord(char):04X})"
            assert package_for(char) == package
            checked += 1
        assert checked >= 20


class TestReportWarnings:
    """`dealcraft report` names the file, the field and each character, and still writes the report."""

    def test_warns_on_stderr_and_still_writes_the_report(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        source = answers_with(
            tmp_path, "ada", name=f"Ada {VITHKUQI}", group=f"Team {TOTO}", first_step=f"Listen {TOTO}{VITHKUQI}"
        )
        out = tmp_path / "out"
        code, err = report(source, "-o", out, capsys=capsys)
        assert code == 0, err
        lines = [line for line in err.splitlines() if "glyph" in line]
        assert len(lines) == 3, err
        by_field = {re.search(r": (respondent\.\w+|answers\.\w+): ", line).group(1): line for line in lines}  # type: ignore[union-attr]
        assert set(by_field) == {"respondent.name", "respondent.group", "answers.first_step"}
        for line in lines:
            assert line.startswith(f"{source}: "), line
            assert "warning:" in line
        assert "U+10570 VITHKUQI CAPITAL LETTER A" in by_field["respondent.name"]
        assert "U+1E290 TOTO LETTER PA" in by_field["respondent.group"]
        assert "U+1E290" in by_field["answers.first_step"] and "U+10570" in by_field["answers.first_step"]
        assert "no Debian font package we know of" in by_field["respondent.name"]
        pdfs = list(out.glob("*.pdf"))
        assert len(pdfs) == 1
        # The text layer keeps the characters even where the page draws empty boxes.
        assert f"Ada {VITHKUQI}" in tool("pdftotext", "-f", "1", "-l", "1", pdfs[0], "-")

    def test_strict_fonts_fails_that_input_and_renders_the_others(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad = answers_with(tmp_path, "bad", name=f"Toto {TOTO}")
        good = answers_with(tmp_path, "lee", name=LEE)
        out = tmp_path / "out"
        code, err = report(bad, good, "-o", out, "--strict-fonts", capsys=capsys)
        assert code == 1
        assert "1 input(s) failed" in err
        assert f"{bad}: respondent.name: no installed font has a glyph for 1 character: {TOTO} (U+1E290" in err
        assert str(good) not in err
        pdfs = list(out.glob("*.pdf"))
        assert [p.name.split("-trust")[0] for p in pdfs] == ["lee"]

    def test_chinese_name_prints_with_a_cjk_font_and_no_warning(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        source = answers_with(tmp_path, "lee", name=LEE, group="功夫", first_step="先听，再说。")
        out = tmp_path / "out"
        code, err = report(source, "-o", out, "--strict-fonts", capsys=capsys)
        assert code == 0, err
        assert "glyph" not in err
        (pdf,) = out.glob("*.pdf")
        assert LEE in read_pdf(pdf).text
        fonts = tool("pdffonts", pdf)
        # The glyphs, not only the text: a CJK font is embedded, so 李小龍 is drawn, not boxes.
        assert re.search(r"Droid-Sans-Fallback|NotoSansCJK|Noto-Sans-CJK", fonts), fonts

    def test_hint_names_the_debian_package_that_would_help(self, tmp_path: Path) -> None:
        """With only Latin fonts (a bare machine), a Chinese name asks for fonts-noto-cjk by name."""
        questionnaires = load_questionnaires(ROOT / "questionnaires")
        source = answers_with(tmp_path, "lee", name=LEE, first_step="Listen first.")
        document = read_answers_file(source, questionnaires)
        latin = FontCoverage.from_ranges([(0x20, 0x24F)])
        trust = questionnaires["trust-readiness"]
        (problem,) = glyph_problems(document, trust, str(source), latin, installed=lambda package: False)
        assert problem.severity is Severity.WARNING and problem.field == "respondent.name"
        assert "3 characters: 李 (U+674E CJK UNIFIED IDEOGRAPH-674E), 小 (U+5C0F" in problem.message
        assert "龍 (U+9F8D" in problem.message
        assert "install the Debian package fonts-noto-cjk to cover them" in problem.message
        (problem,) = glyph_problems(document, trust, str(source), latin, installed=lambda package: True, strict=True)
        assert problem.severity is Severity.ERROR
        assert "fonts-noto-cjk should cover them and is installed" in problem.message


def test_without_fontconfig_tools_the_check_says_it_could_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.report.glyphs as glyphs

    monkeypatch.setattr(glyphs.shutil, "which", lambda name: None)
    assert glyphs.installed_coverage() is None
    note = glyphs.coverage_note(None)
    assert note is not None and not note.is_error
    assert str(note) == (
        "fc-list: warning: cannot check that names and answers have glyphs: fontconfig's fc-list was not found "
        "(Debian package fontconfig)"
    )
