"""Untrusted answers cannot make a report fetch, read or attach anything, and every styled number is checked."""

from __future__ import annotations

import http.server
import io
import json
import math
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
from rich.console import Console

from generator.errors import DealcraftError
from generator.questionnaire.model import Questionnaire
from generator.report import charts, render_reports
from generator.report.batch import _progress, _unique, report_filename, slugify
from generator.report.context import Branding, guide_url, load_branding, printed_score, text_dir
from generator.report.render import TEMPLATES_DIR, AllowListFetcher, FetchRefused, RenderOptions
from generator.scoring import shown_score
from generator.values import check_accent
from tests.reports.conftest import ROOT, WORKSHOP, Pdf, flat, read_pdf


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[int, list[str]]]:
    """A local HTTP server that counts every request it sees."""
    handler = type("Handler", (_Counter,), {"hits": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], handler.hits
    server.shutdown()
    server.server_close()


def hostile_strings(port: int) -> dict[str, str]:
    base = f"http://127.0.0.1:{port}"
    return {
        "name": f"<img src={base}/name.png> Mallory",
        "group": '<link rel=attachment href="file:///etc/hostname">',
        "email": f"<style>@import url({base}/style.css);</style>x@example.org",
        "text": (
            f"@import url({base}/x); <link rel=stylesheet href={base}/css> "
            f'<object data="{base}/obj"></object> <svg><image href="{base}/svg.png"/></svg> '
            f'<div style="background: url({base}/bg.png)">styled</div> ' + "W" * 3000
        ),
    }


@dataclass(frozen=True)
class Run:
    """The outcome of one `dealcraft report` run over good, hostile and bad inputs."""

    code: int
    stdout: str
    stderr: str
    out: Path
    hits: list[str]
    port: int


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory, listener: tuple[int, list[str]]) -> Run:
    """Run the real command on a folder with a hostile document, good ones and bad ones of every kind."""
    port, hits = listener
    inputs = tmp_path_factory.mktemp("inputs")
    strings = hostile_strings(port)
    good = json.loads((WORKSHOP / "trust-readiness" / "ben-carter.json").read_text(encoding="utf-8"))
    hostile = {
        **good,
        "respondent": {"name": strings["name"], "email": strings["email"], "group": strings["group"]},
        "answers": {**good["answers"], "first_step": strings["text"]},
    }
    (inputs / "hostile.json").write_text(json.dumps(hostile), encoding="utf-8")
    (inputs / "good.json").write_text(json.dumps(good), encoding="utf-8")
    old = {**good, "version": 99, "respondent": {"name": "Old Version"}}
    (inputs / "old-version.json").write_text(json.dumps(old), encoding="utf-8")
    (inputs / "not-json.json").write_text("{this is not json", encoding="utf-8")
    (inputs / "unknown-questionnaire.json").write_text(json.dumps({**good, "questionnaire": "nope"}), encoding="utf-8")
    bad_answers = {**good, "answers": {**good["answers"], "ww_rush": 3, "ti_straight_to_terms": 9}}
    (inputs / "invalid-answers.json").write_text(json.dumps(bad_answers), encoding="utf-8")
    (inputs / "huge.json").write_text(json.dumps({**good, "pad": "x" * (1024 * 1024)}), encoding="utf-8")
    (inputs / "trust-readiness.csv").write_text(
        "name,group,ww_ask_again,st_first_meeting\nCsv Good,A,4,little\nCsv Bad,A,4,sometimes\n", encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "generator", "report", str(inputs), "-o", str(out), "--summary", "--named"),
            *("--questionnaires", "questionnaires", "--jobs", "2", "--facilitator", "Dana"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr, out, hits, port)


def _pdfs(run: Run) -> list[Pdf]:
    return [read_pdf(p) for p in sorted(run.out.glob("*.pdf"))]


class TestHostileInputs:
    """Markup in names and answers is printed as text: no request, no attachment, no file read."""

    def test_the_listener_sees_nothing(self, mixed_run: Run) -> None:
        assert len(_pdfs(mixed_run)) >= 4
        assert mixed_run.hits == []

    def test_nothing_is_attached(self, mixed_run: Run) -> None:
        for pdf in _pdfs(mixed_run):
            root = pdf.reader.trailer["/Root"]
            names = root.get("/Names")
            assert names is None or "/EmbeddedFiles" not in names.get_object(), pdf.path
            assert b"/EmbeddedFile" not in pdf.path.read_bytes()
            for page in pdf.reader.pages:
                for annot in page.get("/Annots") or []:
                    assert annot.get_object().get("/Subtype") != "/FileAttachment"

    def test_the_text_appears_literally(self, mixed_run: Run) -> None:
        strings = hostile_strings(mixed_run.port)
        (report,) = [p for p in _pdfs(mixed_run) if p.path.name.startswith("img-src-http")]
        for key in ("name", "group"):
            assert flat(strings[key]) in report.flat, key
        markup, _ = strings["text"].split("W" * 3000)
        assert flat(markup) in report.flat
        assert report.flat.count("W") >= 3000  # the long word wraps across lines and pages, all of it printed
        summary = next(p for p in _pdfs(mixed_run) if p.path.name == "summary-trust-readiness.pdf")
        assert flat(strings["name"]) in summary.flat  # --named

    def test_the_hostile_report_still_has_its_sections(self, mixed_run: Run) -> None:
        (report,) = [p for p in _pdfs(mixed_run) if p.path.name.startswith("img-src-http")]
        assert "Your action plan" in report.text and "Appendix: your answers" in report.text


class TestBatchWithBadFiles:
    """Bad inputs are listed at the end with file (or file:row) and field; the good ones are all written."""

    def test_exit_code_and_good_reports_written(self, mixed_run: Run) -> None:
        assert mixed_run.code == 1
        names = sorted(p.name for p in mixed_run.out.glob("*.pdf"))
        assert any(n.startswith("ben-carter-") for n in names)
        assert any(n.startswith("csv-good-") for n in names)
        assert any(n.startswith("img-src-http-") for n in names)
        assert any(n.startswith("old-version-") for n in names)  # another version: a warning, still rendered
        assert "summary-trust-readiness.pdf" in names
        assert not any(n.startswith(("csv-bad", "nope")) for n in names)
        assert not list(mixed_run.out.glob(".*.tmp"))

    def test_each_failure_is_named(self, mixed_run: Run) -> None:
        err = mixed_run.stderr
        assert "Traceback" not in err
        assert "not-json.json:1:2: not valid JSON" in err
        assert "unknown-questionnaire.json: questionnaire:" in err
        assert "invalid-answers.json: answers." in err
        assert "huge.json: " in err and "1 MB" in err
        assert "trust-readiness.csv:3: answers.st_first_meeting:" in err
        assert "Wrote 4 report(s) and 1 group summary(ies)" in mixed_run.stdout
        assert "old-version.json: version: warning: answers are for version 99" in err

    def test_no_progress_bar_when_not_a_terminal(self, mixed_run: Run) -> None:
        assert "\x1b[" not in mixed_run.stdout and "Rendering" not in mixed_run.stdout


class TestFetcher:
    """The URL fetcher is the second wall: only our own assets and the configured logo."""

    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1:9/x.png",
            "https://example.org/x.css",
            "ftp://example.org/x",
            "data:text/css,body{}",
            "data:image/svg+xml;base64,PHN2Zy8+",
            "data:image/png;base64,PHN2Zy8+",  # says PNG, holds <svg/>
            "data:image/png;base64,not base64!",
            "file:///etc/hostname",
            "file://remote-host/etc/hostname",
            (TEMPLATES_DIR / ".." / ".." / ".." / "pyproject.toml").as_uri(),
        ],
    )
    def test_refuses(self, url: str) -> None:
        fetcher = AllowListFetcher(folders=(TEMPLATES_DIR,))
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
        assert fetcher.refused

    def test_allows_own_assets_and_the_logo(self, tmp_path: Path) -> None:
        logo = tmp_path / "logo.svg"
        logo.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
        fetcher = AllowListFetcher(folders=(TEMPLATES_DIR,), files=(logo,))
        assert fetcher.fetch((TEMPLATES_DIR / "report.css").as_uri()).read()
        assert fetcher.fetch(logo.as_uri()).read().startswith(b"<svg")
        png = charts.qr_code("https://guide.example.org/", title="QR").split('src="')[1].split('"')[0]
        assert fetcher.fetch(png).read().startswith(b"\x89PNG")
        other = tmp_path / "other.svg"
        other.write_text("<svg/>", encoding="utf-8")
        with pytest.raises(FetchRefused):
            fetcher.fetch(other.as_uri())


class TestValidatedValues:
    """Numbers and enums are checked before they reach SVG attributes or CSS."""

    @pytest.mark.parametrize("accent", ["red", "#fff", "#12345g", "#123456; background: url(x)", "", "#1234567"])
    def test_accent_must_be_hex(self, accent: str) -> None:
        with pytest.raises(ValueError):
            check_accent(accent)
        with pytest.raises(ValueError):
            RenderOptions(accent=accent)

    @pytest.mark.parametrize("score", [math.nan, math.inf, -0.1, 100.5, "50", True])
    def test_scores_must_be_numbers_in_range(self, score: object) -> None:
        with pytest.raises(ValueError):
            printed_score(score)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            charts.bars([charts.Bar("x", score, "b", 0)], thresholds=[], title="t")  # type: ignore[arg-type]

    def test_labels_are_escaped(self) -> None:
        svg = charts.radar(
            [charts.Axis("<script>x</script>", 50), charts.Axis("a&b", 10), charts.Axis('"q"', None)],
            accent="#000000",
            title="<t>",
        )
        assert "<script>" not in svg and "&lt;script&gt;" in svg and "a&amp;b" in svg

    def test_paper_and_rounding(self) -> None:
        with pytest.raises(ValueError):
            RenderOptions(paper="a3; @import")
        assert printed_score(62.5) == 63 and printed_score(62.4999) == 62 and printed_score(0.5) == 1

    @pytest.mark.parametrize("score", [62.496, 62.5, 39.4951, 0.004, 99.5, 100.0])
    def test_printed_score_and_chart_labels_are_the_scorers_shown_score(self, score: float) -> None:
        """One rule, one home: the report's number, the bar's label and the radar's label are `shown_score`
        (the charts once rounded their two-decimal text again, labelling 62.496 as 63 beside a printed 62)."""
        shown = int(shown_score(score))
        assert printed_score(score) == shown
        bar = charts.bars([charts.Bar("Listening", score, "Band", 0)], thresholds=[], title="t")
        assert f'<span class="dc-bar-value">{shown} · Band</span>' in bar
        radar = charts.radar([charts.Axis(a, score) for a in "abc"], accent="#000000", title="t")
        assert f"<b>{shown}</b>" in radar and f"<b>{shown + 1}</b>" not in radar

    def test_guide_urls_and_direction(self) -> None:
        site = "https://x.org/guide/"
        assert guide_url(site, "steps/motivations.md") == "https://x.org/guide/steps/motivations/"
        assert guide_url(site, "index.md") == site
        assert guide_url(site, "quizzes/index.md") == "https://x.org/guide/quizzes/"
        assert text_dir("ليلى") == "rtl" and text_dir("王芳") == "ltr" and text_dir("123 ليلى") == "rtl"


class TestBranding:
    """Branding comes from the plugin's section of mkdocs.yml; flags override; bad values are user errors."""

    def test_reads_the_plugin_section_among_others(self, tmp_path: Path) -> None:
        from PIL import Image

        logo = tmp_path / "logo.png"
        Image.new("RGB", (4, 4), "white").save(logo)
        config = tmp_path / "mkdocs.yml"
        (tmp_path / "docs").mkdir()
        config.write_text(
            "site_name: Guide\nsite_url: https://guide.example.org/x\n"
            "markdown_extensions:\n  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
            "plugins:\n  - search\n  - dealcraft:\n      questionnaires: q\n      report:\n"
            "        title: T\n        event: E\n        facilitator: F\n"
            "        logo: logo.png\n        accent: '#112233'\n",
            encoding="utf-8",
        )
        b = load_branding(config)
        assert (b.title, b.event, b.facilitator, b.accent) == ("T", "E", "F", "#112233")
        assert b.site_url == "https://guide.example.org/x/"
        assert b.logo == logo.resolve()
        b2 = load_branding(config, {"title": "Flag", "accent": "#abcdef", "event": None})
        assert (b2.title, b2.accent, b2.event) == ("Flag", "#abcdef", "E")

    def test_env_values_are_read_as_mkdocs_reads_them(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """One reader, MkDocs': `!ENV` gives the variable's value (the old tolerant loader gave the raw list)."""
        (tmp_path / "docs").mkdir()
        config = tmp_path / "mkdocs.yml"
        config.write_text(
            "site_name: Guide\nplugins:\n  - dealcraft:\n      report:\n"
            "        event: !ENV [DC_EVENT, 'No event set']\n        facilitator: !ENV [DC_NOBODY, 'Ada']\n",
            encoding="utf-8",
        )
        monkeypatch.setenv("DC_EVENT", "Spring workshop")
        monkeypatch.delenv("DC_NOBODY", raising=False)
        b = load_branding(config)
        assert (b.event, b.facilitator, b.title) == ("Spring workshop", "Ada", Branding().title)

    @pytest.mark.parametrize(
        ("report", "says"),
        [
            ("accent: red", "accent colour must look like #3949ab"),
            ("logo: missing.png", "missing.png"),
            ("title: [a, b]", "title"),
        ],
    )
    def test_bad_report_settings_fail_as_mkdocs_validates_them(self, tmp_path: Path, report: str, says: str) -> None:
        (tmp_path / "docs").mkdir()
        config = tmp_path / "mkdocs.yml"
        config.write_text(f"site_name: G\nplugins:\n  - dealcraft:\n      report:\n        {report}\n", "utf-8")
        with pytest.raises(DealcraftError) as caught:
            load_branding(config)
        assert says in str(caught.value) and "report" in str(caught.value)
        assert str(caught.value).startswith(str(config))

    def test_bad_accent_is_a_user_error(self, tmp_path: Path) -> None:
        with pytest.raises(DealcraftError):
            load_branding(tmp_path / "missing.yml", {"accent": "url(http://x)"})
        assert load_branding(tmp_path / "missing.yml") == Branding()


class TestFileNames:
    """Safe, stable, never colliding."""

    def test_slug_and_unique(self) -> None:
        assert slugify("Zoë Østergård") == "zoe-ostergard"
        assert slugify("../../etc/passwd") == "etc-passwd"
        assert slugify("王芳") == ""
        used: set[str] = set()
        assert [_unique("a-1.pdf", used) for _ in range(3)] == ["a-1.pdf", "a-1-2.pdf", "a-1-3.pdf"]

    def test_stable_id_from_the_document(self) -> None:
        from generator.answers.validate import read_answers_file
        from generator.questionnaire.load import load_questionnaires

        qs = load_questionnaires(ROOT / "questionnaires")
        doc = read_answers_file(WORKSHOP / "trust-readiness" / "wang-fang.json", qs)
        name = report_filename(doc)
        assert name == report_filename(doc)
        assert name.startswith("wang-fang-trust-readiness-")  # no Latin letters in 王芳: the email's local part
        nameless = doc.model_copy(update={"respondent": doc.respondent.model_copy(update={"email": None})})
        assert report_filename(nameless).startswith("respondent-trust-readiness-")
        changed = doc.model_copy(update={"answers": {**doc.answers, "ti_straight_to_terms": 1}})
        assert report_filename(changed) != name


class TestLimitsAndProgress:
    """A report that takes too long is a listed failure, and the progress bar appears only on a terminal."""

    def test_time_limit_per_report(self, tmp_path: Path, questionnaires: dict[str, Questionnaire]) -> None:
        result = render_reports(
            [WORKSHOP / "trust-readiness" / "ben-carter.json"], tmp_path, questionnaires, jobs=1, time_limit=0.02
        )
        assert result.written == ()
        (failure,) = result.failures
        assert "ben-carter.json" in str(failure) and "longer than 0.02 s" in str(failure)
        assert not list(tmp_path.glob("*.pdf"))

    def test_progress_only_on_a_terminal(self) -> None:
        for terminal in (True, False):
            out = io.StringIO()
            console = Console(file=out, force_terminal=terminal, width=80)
            with _progress(console, 2) as advance:
                advance()
                advance()
            assert ("Rendering" in out.getvalue()) is terminal
