"""The facilitator's group summary: counts, distributions, band counts, frequent recommendations, no names."""

from __future__ import annotations

import io
import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.analysis import figure, percent
from generator.answers.validate import read_answers_file
from generator.cli import main
from generator.questionnaire.model import Questionnaire, Result
from generator.report import render_reports
from generator.report.batch import NAMED_ROW_SECONDS
from generator.report.context import Branding, printed_score
from generator.report.render import Renderer
from generator.scoring import score
from tests.reports.conftest import ROOT, Pdf, Workshop, answers_json, flat, plain, read_pdf, tool
from tests.respondents import answers_documents, write_jsonl


@pytest.mark.parametrize("qid", ["trust-readiness", "deal-readiness"])
class TestGroupSummary:
    """One summary per questionnaire present in the inputs."""

    def test_counts_dimensions_and_bands(
        self, qid: str, workshop: Workshop, questionnaires: dict[str, Questionnaire]
    ) -> None:
        pdf = workshop.summaries[qid]
        questionnaire = questionnaires[qid]
        paths = [p for (q, _), p in workshop.inputs.items() if q == qid]
        results = [score(questionnaire, read_answers_file(p, questionnaires).answers) for p in paths]
        assert f"{len(paths)} respondents" in pdf.text
        for dim in questionnaire.dimensions:
            assert flat(dim.title) in pdf.flat
            counts = Counter(r.dimensions[dim.id].band for r in results)
            for band in questionnaire.bands_for(dim.id):
                assert flat(f"{band.label} (from {band.min:g}): {counts.get(band.id, 0)}") in pdf.flat

    def test_most_frequent_recommendations_first(
        self, qid: str, workshop: Workshop, questionnaires: dict[str, Questionnaire]
    ) -> None:
        pdf = workshop.summaries[qid]
        questionnaire = questionnaires[qid]
        paths = [p for (q, _), p in workshop.inputs.items() if q == qid]
        counts: Counter[str] = Counter()
        for p in paths:
            counts.update(score(questionnaire, read_answers_file(p, questionnaires).answers).recommendations)
        texts = {r.id: r.text for r in questionnaire.recommendations}
        for rid, n in counts.items():
            assert flat(f"{n} of {len(paths)}{plain(texts[rid])}") in pdf.flat, rid
        if counts:
            top = max(counts.values())
            first_row = re.search(r"(\d+) of \d+", pdf.text.split("Most frequent recommendations", 1)[1])
            assert first_row is not None and int(first_row[1]) == top

    def test_no_names_unless_asked(self, qid: str, workshop: Workshop) -> None:
        pdf = workshop.summaries[qid]
        for path in workshop.inputs.values():
            respondent = answers_json(path)["respondent"]
            assert isinstance(respondent, dict)
            assert flat(respondent["name"]) not in pdf.flat
        # how to get the names, said so that it also holds in a workshop, which has no --named of its own
        assert flat("run dealcraft report --summary --named on the same answers") in pdf.flat

    def test_tagged_and_titled(self, qid: str, workshop: Workshop) -> None:
        info = tool("pdfinfo", workshop.summaries[qid].path)
        assert re.search(r"^Tagged:\s+yes$", info, re.M)
        assert re.search(r"^Title:\s+Group summary: ", info, re.M)
        assert "Average profile" in workshop.summaries[qid].text  # the group's average radar


def test_letter_paper_and_deterministic_output(
    tmp_path: Path, workshop: Workshop, questionnaires: dict[str, Questionnaire], branding: Branding
) -> None:
    """--paper letter gives Letter pages; rendering the same input again gives the same text and page count."""
    key = ("trust-readiness", "ada-okafor")
    result = render_reports([workshop.inputs[key]], tmp_path, questionnaires, branding=branding, jobs=1, paper="letter")
    (path,) = result.written
    assert "612 x 792 pts (letter)" in tool("pdfinfo", path)
    again = render_reports([workshop.inputs[key]], tmp_path / "again", questionnaires, branding=branding, jobs=1)
    first = workshop.reports[key]
    second = read_pdf(again.written[0])
    assert second.path.name == first.path.name  # the stable id
    assert second.pages == first.pages
    assert second.path.read_bytes() == first.path.read_bytes()


# --- groups of any size -------------------------------------------------------------------------------------

LARGE = 1_200  # enough for stacks taller than one dot per person; the benchmark goes to 100,000


def _read_bins(section: str, labels: list[str]) -> dict[str, tuple[int, list[tuple[int, int, int]]]]:
    """Per band label: the band count and its bins (first, last, count), as printed under a chart."""
    found: dict[str, tuple[int, list[tuple[int, int, int]]]] = {}
    for label in labels:
        m = re.search(re.escape(flat(label)) + r"\(from\d+\):([\d,]+)—((?:\d+(?:–\d+)?:[\d,]+·?)+)", section)
        assert m is not None, f"no bins for {label!r} in {section[:300]!r}"
        bins = [
            (int(a), int(b or a), int(c.replace(",", ""))) for a, b, c in re.findall(r"(\d+)(?:–(\d+))?:([\d,]+)", m[2])
        ]
        found[label] = (int(m[1].replace(",", "")), bins)
    return found


@pytest.fixture(scope="module")
def large(
    tmp_path_factory: pytest.TempPathFactory, questionnaires: dict[str, Questionnaire]
) -> tuple[Pdf, list[Result]]:
    """A 1,200-respondent summary rendered with --summary-only from JSON Lines, and the respondents' results."""
    questionnaire = questionnaires["trust-readiness"]
    folder = tmp_path_factory.mktemp("large")
    source = write_jsonl(folder / "conference.jsonl", questionnaire, LARGE)
    out = folder / "out"
    code = main(
        ["report", str(source), "-o", str(out), "--summary-only", "-j", "1", "--questionnaires", "questionnaires"]
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["summary-trust-readiness.pdf"]  # no personal reports
    results = [score(questionnaire, d["answers"]) for d in answers_documents(questionnaire, LARGE)]
    return read_pdf(out / "summary-trust-readiness.pdf"), results


def shown(score: float | None) -> int:
    value = printed_score(score)
    assert value is not None
    return value


class TestLargeGroup:
    """A conference-sized group: dots stand for several people, and the counts are written out per band."""

    def test_counts_read_back_sum_to_each_band(
        self, large: tuple[Pdf, list[Result]], questionnaires: dict[str, Questionnaire]
    ) -> None:
        pdf, results = large
        questionnaire = questionnaires["trust-readiness"]
        assert f"{LARGE:,} respondents" in pdf.text
        # One block per chart, in page order: the overall chart, then each dimension's. (Text is read in the
        # order it is drawn; the dimension headings are drawn after the blocks, so the blocks are matched by order.)
        blocks = pdf.flat.split("Eachdotstandsfor")[1:]
        strips = [("overall", questionnaire.bands)] + [
            (d.id, questionnaire.bands_for(d.id)) for d in questionnaire.dimensions
        ]
        assert len(blocks) == len(strips)
        for (did, bands), section in zip(strips, blocks, strict=True):
            printed = _read_bins(section, [b.label for b in bands])
            parts = [r.overall if did == "overall" else r.dimensions[did] for r in results]
            expected = Counter(p.band for p in parts)
            for band in sorted(bands, key=lambda b: b.min):
                band_count, bins = printed[band.label]
                # every score shown in this band's range carries this band: "40 · Early" cannot be printed
                assert all(band.min <= shown(p.score) for p in parts if p.band == band.id), (did, band.id)
                assert band_count == expected.get(band.id, 0), (did, band.id)
                assert sum(n for _, _, n in bins) == band_count, (did, band.id, bins)
                # the bins cover the band's scores without a gap, and those scores as shown really fall in them
                assert bins[0][0] == band.min and all(b[0] == a[1] + 1 for a, b in itertools.pairwise(bins))
                for first, last, n in bins:
                    within = sum(1 for p in parts if p.band == band.id and first <= shown(p.score) <= last)
                    assert n == within, (did, band.id, first, last)
            assert sum(printed[b.label][0] for b in bands) == sum(1 for p in parts if p.score is not None)

    def test_scale_is_stated_and_pages_stay_few(self, large: tuple[Pdf, list[Result]]) -> None:
        pdf, _ = large
        scales = [int(n.replace(",", "")) for n in re.findall(r"Each dot stands for ([\d,]+) people", pdf.text)]
        assert len(scales) == 8 and all(s > 1 for s in scales)  # the overall chart and seven dimensions
        assert len(pdf.reader.pages) <= 6
        assert "Respondent 1" not in pdf.text  # anonymous unless --named


def test_small_group_keeps_one_dot_per_person(workshop: Workshop) -> None:
    """The workshop's summary is drawn as before: one dot per person, no scale, band counts that add up."""
    pdf = workshop.summaries["trust-readiness"]
    assert "Each dot is one person’s score" in pdf.text
    assert "Each dot stands for" not in pdf.text
    section = pdf.flat.split("Dimensionbydimension", 1)[1]
    groups: list[list[int]] = []
    for start, count in re.findall(r"\(from(\d+)\):(\d+)", section):
        if start == "0":  # each chart's counts begin with its lowest band
            groups.append([])
        groups[-1].append(int(count))
    assert len(groups) == 7
    assert [sum(g) for g in groups] == [3] * 7  # the fixture's three respondents, in each dimension


def test_named_summary_pages_cleanly(
    tmp_path: Path, questionnaires: dict[str, Questionnaire], branding: Branding
) -> None:
    """A long named list is a table whose header repeats on every page and whose rows are never split."""
    questionnaire = questionnaires["deal-readiness"]
    n = 160
    source = write_jsonl(tmp_path / "course.jsonl", questionnaire, n, seed=3)
    result = render_reports(
        [source], tmp_path / "out", questionnaires, branding=branding, jobs=1, summary_only=True, named=True
    )
    assert result.failures == () and result.written == ()
    pdf = read_pdf(result.summaries[0])
    band_labels = "|".join(re.escape(b.label) for b in questionnaire.bands)
    row = re.compile(rf"^Respondent (\d+) (\d+|–) ({band_labels})$", re.M)
    seen: list[int] = []
    table_pages = [p for p in pdf.pages if row.search(p)]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert re.search(r"^Name Overall Band$", page, re.M), page[:200]
        seen += [int(m[1]) for m in row.finditer(page)]
    assert sorted(seen) == list(range(1, n + 1))  # every name once, each on one line with its score and band


def test_analysis_page_shows_the_figures_of_dealcraft_analyze(
    tmp_path: Path, questionnaires: dict[str, Questionnaire], branding: Branding, workshop: Workshop
) -> None:
    """--analysis adds the item-analysis page, with the same rounded figures as the command; without it, none."""
    folder = ROOT / "examples" / "workshop" / "trust-readiness"
    result = render_reports(
        [folder], tmp_path / "out", questionnaires, branding=branding, jobs=1, summary_only=True, analysis=True
    )
    assert result.failures == ()
    pdf = read_pdf(result.summaries[0])
    page = next(i for i, text in enumerate(pdf.pages) if "How the items hang together" in text)
    assert page > 1  # after the overview and the dimension pages
    out = io.StringIO()
    assert main(["analyze", str(folder), "--json"], stdout=out) == 0
    figures = json.loads(out.getvalue())["questionnaires"][0]
    section = flat("".join(pdf.pages[page:]))
    for dim in figures["dimensions"]:
        assert flat(f"Alpha {figure(dim['alpha'])} over {len(dim['alpha_items'])} items and 12 complete") in section
        for item in dim["items"]:
            text = plain(questionnaires["trust-readiness"].question(item["id"]).text)
            cells = f"{text}{figure(item['item_total'])}12{figure(item['mean'], 0)}"
            assert flat(f"{cells}{percent(item['floor'])}{percent(item['ceiling'])}") in section, item["id"]
    assert "Read with care" not in pdf.text  # twelve respondents: no warning about too few
    assert "How the items hang together" not in workshop.summaries["trust-readiness"].text


def test_analysis_needs_a_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["report", "examples/workshop", "-o", str(tmp_path), "--analysis"])
    assert code == 1
    assert "--analysis: adds a page to the group summary: add --summary" in capsys.readouterr().err


def test_named_list_extends_the_time_limit(
    tmp_path: Path, questionnaires: dict[str, Questionnaire], branding: Branding, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named summary may take longer as its list grows (the one part that does); an anonymous one may not."""
    seen = tmp_path / "time-limits"  # the render runs in a forked worker: it notes its limits in a file
    original = Renderer.pdf

    def spy(self: Renderer, html: str, seconds: float | None = None) -> bytes:
        with seen.open("a", encoding="utf-8") as limits:
            limits.write(f"{seconds}\n")
        return original(self, html, seconds)

    monkeypatch.setattr(Renderer, "pdf", spy)
    source = write_jsonl(tmp_path / "room.jsonl", questionnaires["trust-readiness"], 40)
    for named in (False, True):
        result = render_reports(
            [source], tmp_path / str(named), questionnaires, branding=branding, jobs=1, summary_only=True, named=named
        )
        assert result.failures == ()
    assert [float(x) for x in seen.read_text(encoding="utf-8").split()] == [60.0, 60.0 + 40 * NAMED_ROW_SECONDS]


def test_one_respondent_is_counted_in_the_singular(
    tmp_path: Path, questionnaires: dict[str, Questionnaire], branding: Branding
) -> None:
    """A named summary of a single respondent says "1 respondent", on the overview as in the running header."""
    source = write_jsonl(tmp_path / "one.jsonl", questionnaires["deal-readiness"], 1, seed=5)
    result = render_reports(
        [source], tmp_path / "out", questionnaires, branding=branding, jobs=1, summary_only=True, named=True
    )
    assert result.failures == ()
    text = read_pdf(result.summaries[0]).text
    assert "1 respondent" in text
    assert "1 respondents" not in text
