"""The facilitator's group summary: counts, distributions, band counts, frequent recommendations, no names."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from generator.answers.validate import read_answers_file
from generator.questionnaire.model import Questionnaire
from generator.report import render_reports
from generator.report.context import Branding
from generator.scoring import score
from tests.reports.conftest import Workshop, answers_json, flat, plain, read_pdf, tool


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
        assert "--named" in pdf.text

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
