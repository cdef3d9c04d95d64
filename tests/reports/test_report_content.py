"""What a participant reads in their PDF: the same numbers as `dealcraft score`, every section, their own words."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import segno
from PIL import Image

from generator.cli import main
from generator.expressions import round_half_away
from generator.questionnaire.model import Questionnaire
from generator.report.context import guide_url
from tests.reports.conftest import Workshop, answers_json, flat, plain, read_pdf, tool

KEYS = [
    ("trust-readiness", "ada-okafor"),
    ("trust-readiness", "wang-fang"),
    ("trust-readiness", "layla-haddad"),
    ("deal-readiness", "ada-okafor"),
    ("deal-readiness", "ben-carter"),
    ("deal-readiness", "amara-nwosu"),
]


def qr_matrix(image: Image.Image, scale: int = 4, border: int = 2) -> tuple[tuple[bool, ...], ...]:
    """Read a QR code image back to its modules (dark = True), sampling the centre of each module."""
    grey = image.convert("L")
    n = grey.width // scale - 2 * border

    def dark(r: int, c: int) -> bool:
        return bool(grey.getpixel(((border + c) * scale + scale // 2, (border + r) * scale + scale // 2)) < 128)

    return tuple(tuple(dark(r, c) for c in range(n)) for r in range(n))


def words(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def cli_score(path: Path, questionnaires: Path = Path("questionnaires")) -> dict[str, object]:
    """What `dealcraft score --json` prints for this file: the numbers the report must agree with."""
    out = io.StringIO()
    assert main(["score", str(path), "--json", "--questionnaires", str(questionnaires)], stdout=out) == 0
    data: dict[str, object] = json.loads(out.getvalue())
    return data


@pytest.mark.parametrize("key", KEYS, ids=["/".join(k) for k in KEYS])
class TestEachReport:
    """Each report carries the person, every dimension with the scorer's rounded score and band, and the plan."""

    def test_name_dimensions_scores_and_bands(
        self, key: tuple[str, str], workshop: Workshop, questionnaires: dict[str, Questionnaire]
    ) -> None:
        pdf = workshop.reports[key]
        questionnaire = questionnaires[key[0]]
        doc = answers_json(workshop.inputs[key])
        scored = cli_score(workshop.inputs[key])
        respondent = doc["respondent"]
        assert isinstance(respondent, dict)
        assert flat(respondent["name"]) in pdf.flat
        dims = scored["dimensions"]
        assert isinstance(dims, dict)
        for dim in questionnaire.dimensions:
            result = dims[dim.id]
            assert flat(dim.title) in pdf.flat
            if result["score"] is None:
                continue
            shown = int(round_half_away(result["score"]))
            band = next(b.label for b in questionnaire.bands_for(dim.id) if b.id == result["band"])
            # The dimension section's heading line: "<title> <score> / 100 · <band>"
            assert flat(f"{dim.title} {shown} / 100 · {band}") in pdf.flat, (dim.title, shown, band)
        overall = scored["overall"]
        assert isinstance(overall, dict)
        overall_band = next(b.label for b in questionnaire.bands if b.id == overall["band"])
        summary_page = pdf.pages[1]
        assert f"{int(round_half_away(overall['score']))} / 100" in summary_page
        assert f"Overall: {overall_band}" in summary_page

    def test_recommendations_practice_and_guide_links(
        self, key: tuple[str, str], workshop: Workshop, questionnaires: dict[str, Questionnaire]
    ) -> None:
        pdf = workshop.reports[key]
        questionnaire = questionnaires[key[0]]
        scored = cli_score(workshop.inputs[key])
        recommendations = scored["recommendations"]
        assert isinstance(recommendations, list)
        texts = {r.id: r.text for r in questionnaire.recommendations}
        for rid in recommendations:
            assert flat(plain(texts[rid])) in pdf.flat, rid
        for dim in questionnaire.dimensions:
            assert flat(plain(dim.practice[0])) in pdf.flat
            url = guide_url("https://guide.example.org/dealcraft/", dim.guide)
            assert url is not None and url in pdf.flat

    def test_summary_bars_and_radar_show_each_dimension(
        self, key: tuple[str, str], workshop: Workshop, questionnaires: dict[str, Questionnaire]
    ) -> None:
        summary = flat(workshop.reports[key].pages[1])
        questionnaire = questionnaires[key[0]]
        dims = cli_score(workshop.inputs[key])["dimensions"]
        assert isinstance(dims, dict)
        for dim in questionnaire.dimensions:
            result = dims[dim.id]
            assert flat(dim.title) in summary or all(flat(w) in summary for w in dim.title.split())
            if result["score"] is not None:
                shown = int(round_half_away(result["score"]))
                band = next(b.label for b in questionnaire.bands_for(dim.id) if b.id == result["band"])
                assert flat(f"{shown} · {band}") in summary, dim.id  # the bar's value
                assert summary.count(str(shown)) >= 2, dim.id  # and the radar's label

    def test_each_qr_code_encodes_its_guide_link(
        self, key: tuple[str, str], workshop: Workshop, questionnaires: dict[str, Questionnaire]
    ) -> None:
        pdf = workshop.reports[key]
        questionnaire = questionnaires[key[0]]
        urls = [guide_url("https://guide.example.org/dealcraft/", d.guide) for d in questionnaire.dimensions]
        expected = [segno.make(u, error="m", micro=False).matrix for u in urls if u]
        # WeasyPrint shares one resource dictionary between pages, so every page lists every image.
        found = {qr_matrix(i.image) for page in pdf.reader.pages for i in page.images}
        assert found == {tuple(tuple(bool(m) for m in row) for row in qr) for qr in expected}

    def test_every_answer_in_the_appendix_and_own_words(
        self, key: tuple[str, str], workshop: Workshop, questionnaires: dict[str, Questionnaire]
    ) -> None:
        pdf = workshop.reports[key]
        questionnaire = questionnaires[key[0]]
        answers = answers_json(workshop.inputs[key])["answers"]
        assert isinstance(answers, dict)
        for qid, value in answers.items():
            question = questionnaire.question(qid)
            assert flat(question.text) in pdf.flat, qid
            if question.type == "choice":
                label = next(o.label for o in question.options if o.id == value)
                assert flat(label) in pdf.flat
            if question.type == "text":
                # Letters only: an extractor may move a right-to-left paragraph's final full stop.
                assert words(str(value)) in words(pdf.text)

    def test_page_furniture(self, key: tuple[str, str], workshop: Workshop) -> None:
        pdf = workshop.reports[key]
        n = len(pdf.reader.pages)
        assert 4 <= n <= 12
        assert f"Page {n} of {n}" in pdf.pages[-1]
        assert "Page 2 of" in pdf.pages[1]
        assert "Readiness report" in pdf.pages[1]  # running header
        assert "Page 1 of" not in pdf.pages[0]  # the cover has no furniture
        for heading in ("Your summary", "Your action plan", "Appendix: your answers", "How the scores are worked out"):
            assert heading in pdf.text
        assert "Educational, not a diagnosis." in pdf.text
        assert flat("Crafting Win-Win Deals: A Trust-Centric Guide to Successful Negotiations") in pdf.flat
        assert "Yoram Solomon" in pdf.text

    def test_tagged_titled_with_language_and_dates_from_submission(
        self, key: tuple[str, str], workshop: Workshop
    ) -> None:
        pdf = workshop.reports[key]
        info = tool("pdfinfo", pdf.path)
        assert re.search(r"^Tagged:\s+yes$", info, re.M)
        assert re.search(r"^Title:\s+Readiness report: \S", info, re.M)
        assert re.search(r"^Author:\s+Dana Facilitator$", info, re.M)  # the facilitator, not the participant
        assert re.search(r"^Subject:\s+\S", info, re.M)
        assert re.search(r"^PDF version:\s+1\.7$", info, re.M)
        assert pdf.reader.trailer["/Root"]["/Lang"] == "en"
        submitted = str(answers_json(workshop.inputs[key])["submitted_at"])
        stamp = "D:" + re.sub(r"[-:TZ]", "", submitted) + "Z"
        assert pdf.reader.metadata is not None
        assert pdf.reader.metadata["/CreationDate"] == stamp
        assert pdf.reader.metadata["/ModDate"] == stamp

    def test_every_font_embedded(self, key: tuple[str, str], workshop: Workshop) -> None:
        lines = tool("pdffonts", workshop.reports[key].path).splitlines()[2:]
        assert lines
        for line in lines:
            # name type encoding emb sub uni object ID: the emb column is the 4th from the right
            assert line.split()[-5] == "yes", line


class TestScripts:
    """Chinese and Arabic names get real glyphs from named fonts, Arabic stays in logical order."""

    def test_chinese_name_uses_a_cjk_font(self, workshop: Workshop) -> None:
        pdf = workshop.reports[("trust-readiness", "wang-fang")]
        assert "王芳" in pdf.pages[0]
        assert "Droid-Sans-Fallback" in tool("pdffonts", pdf.path)  # the CJK font report.css names first

    def test_arabic_name_in_logical_order_with_an_arabic_font(self, workshop: Workshop) -> None:
        pdf = workshop.reports[("trust-readiness", "layla-haddad")]
        assert "ليلى حداد" in pdf.pages[0]
        fonts = tool("pdffonts", pdf.path)
        assert "Arabic" in fonts or "DejaVu" in fonts


class TestZone:
    """The bargaining-zone section shows the same state as the site's calculator."""

    @pytest.mark.parametrize(
        ("person", "label"),
        [("ada-okafor", "A zone exists."), ("ben-carter", "No zone."), ("amara-nwosu", "Uncertain.")],
    )
    def test_state(self, workshop: Workshop, person: str, label: str) -> None:
        pdf = workshop.reports[("deal-readiness", person)]
        assert "Your bargaining zone" in pdf.text
        assert label in pdf.text
        assert "your walk-away" in pdf.text

    def test_no_zone_section_without_a_zone_block(self, workshop: Workshop) -> None:
        assert "Your bargaining zone" not in workshop.reports[("trust-readiness", "ada-okafor")].text


class TestFiles:
    """Output files are named slug-of-name plus a stable id; non-Latin names still get a safe name."""

    def test_names(self, workshop: Workshop) -> None:
        names = [p.name for p in workshop.result.written]
        assert all(re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{8}\.pdf", n) for n in names), names
        assert names[0].startswith("ada-okafor-")
        assert len(set(names)) == len(names)


class TestPastTwelveDimensions:
    """A questionnaire with more dimensions than a radar draws (limits.MAX_RADAR_AXES) still gets its report and
    group summary: the bars show every dimension, and no radar crowds its labels together."""

    WIDE = Path(__file__).resolve().parents[1] / "fixtures" / "wide"

    def test_report_and_summary_show_each_dimension_as_a_bar(self, tmp_path: Path) -> None:
        answers = self.WIDE / "grace.json"
        out = io.StringIO()
        args = ["report", str(answers), "--questionnaires", str(self.WIDE), "-o", str(tmp_path), "--summary"]
        code = main([*args, "-j", "1", "--site-url", "https://guide.example.org/"], stdout=out)
        assert code == 0, out.getvalue()
        (report,) = (read_pdf(p) for p in tmp_path.glob("grace-hopper-*.pdf"))
        summary = read_pdf(tmp_path / "summary-wide.pdf")
        scored = cli_score(answers, self.WIDE)
        dims = scored["dimensions"]
        assert isinstance(dims, dict) and len(dims) == 13
        page = flat(report.pages[1])
        titles = [
            "Preparation", "Listening", "Framing the issue", "Anchoring", "Patience", "Empathy", "Assertiveness",
            "Creating options", "Building trust", "Knowing your walk-away", "Planning concessions", "Closing",
            "Following through",
        ]  # fmt: skip
        for (dim_id, result), title in zip(dims.items(), titles, strict=True):
            shown = int(round_half_away(result["score"]))
            band = {"low": "Low", "mid": "Middle", "high": "High"}[result["band"]]
            assert page.count(flat(f"{title}{shown} · {band}")) == 1, dim_id  # its bar, and no radar label
            assert flat(f"{title} {shown} / 100 · {band}") in report.flat, dim_id  # its own section
            assert flat(title) in summary.flat, dim_id
        assert "Average profile" not in summary.text  # the group's radar is left out the same way


def test_a_dimension_with_bands_of_its_own_dashes_them_on_its_bar() -> None:
    """A bar labelled with its dimension's own band ("60 · Open", Open from 50) is dashed where those bands
    start, not where the overall ones do; the others keep the overall starts."""
    from generator.report import charts

    html = str(
        charts.bars(
            [charts.Bar("Listening", 60, "Open", 1, (50.0, 88.0)), charts.Bar("Preparing", 60, "Middle", 1)],
            thresholds=[45, 75],
            title="t",
        )
    )
    own, shared = html.split('<div class="dc-bar">')[1:3]
    assert re.findall(r'dc-tick" style="left: ([0-9.]+)%', own) == ["50", "88"]
    assert re.findall(r'dc-tick" style="left: ([0-9.]+)%', shared) == ["45", "75"]


def test_the_summary_legend_names_a_dimensions_own_bands(
    workshop: Workshop, questionnaires: dict[str, Questionnaire]
) -> None:
    """Trust-readiness's starting trust has labels of its own ("Calibrated"): the legend under the bars says so,
    so the band beside its bar is one the reader can find."""
    questionnaire = questionnaires["trust-readiness"]
    dim = next(d for d in questionnaire.dimensions if d.bands)
    own = ", ".join(f"{b.label} (from {b.min:g})" for b in questionnaire.bands_for(dim.id))
    key = next(k for k in workshop.reports if k[0] == "trust-readiness")
    summary = flat(workshop.reports[key].pages[1])
    assert flat(f"{dim.title} has bands of its own, dashed on its bar: {own}.") in summary
    others = [d for d in questionnaire.dimensions if not d.bands]
    assert others and not any(flat(f"{d.title} has bands of its own") in summary for d in others)
