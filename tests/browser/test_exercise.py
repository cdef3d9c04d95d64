"""The role-play in Chromium: each brief prints on one A4 sheet with only its own side's numbers, and the
debrief form asks for the price and the terms only after a deal."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.exercise import ROLES, Role, load_exercise

ROOT = Path(__file__).resolve().parents[2]
KEY = load_exercise(ROOT / "content" / "exercises" / "espresso-deal.yaml")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("role", ROLES)
def test_brief_prints_on_one_sheet(page: Any, role: Role, paper: str) -> None:
    page.goto(f"exercises/{role}-brief/")
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper)))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    other: Role = "seller" if role == "buyer" else "buyer"
    assert f"${KEY.limit(role):,.0f} a machine" in text
    assert f"{KEY.limit(other):,.0f}" not in text
    assert "Afterwards" in text  # the last section made it onto the sheet
    for chrome in ("Self-assessments", "Running a workshop", "Search"):  # no nav, header or footer
        assert chrome not in text


def test_debrief_form_reveals_the_deal_questions(page: Any, tmp_path: Path) -> None:
    page.goto("quizzes/deal-debrief/")
    page.wait_for_selector('.dc-quiz[data-dc-mounted=""]')
    deal_questions = ["price", "delivery", "warranty", "volume"]
    for qid in deal_questions:
        assert page.locator(f'[data-question="{qid}"]').is_hidden()
    page.check('[data-question="outcome"] input[value="deal"]')
    for qid in deal_questions:
        assert page.locator(f'[data-question="{qid}"]').is_visible()
    page.check('[data-question="outcome"] input[value="no_deal"]')
    for qid in deal_questions:
        assert page.locator(f'[data-question="{qid}"]').is_hidden()
    assert not page.console_errors


@pytest.mark.parametrize("path", ["exercises/buyer-brief/", "exercises/espresso-deal/", "quizzes/deal-debrief/"])
def test_no_serious_accessibility_problems(page: Any, axe_violations: Any, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
