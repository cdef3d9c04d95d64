"""Personas (tests/vectors/personas.json) land in the bands the questionnaires claim for them, scored by Python.

node --test runs the same file through the browser scorer (tests/js/personas.test.mjs).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.questionnaire.load import load_questionnaire
from generator.questionnaire.model import Questionnaire
from generator.scoring import score

ROOT = Path(__file__).resolve().parents[2]
DATA: dict[str, Any] = json.loads((ROOT / "tests" / "vectors" / "personas.json").read_text(encoding="utf-8"))
PERSONAS: list[dict[str, Any]] = DATA["personas"]


def test_the_stored_questionnaires_are_the_shipped_ones() -> None:
    """The JSON node reads is what questionnaires/ holds now (run tests/vectors/make_personas.py after edits)."""
    for qid, stored in DATA["questionnaires"].items():
        shipped = load_questionnaire(ROOT / "questionnaires" / f"{qid}.yaml", ROOT / "content")
        assert shipped.to_client_json() == stored, f"{qid}: run python tests/vectors/make_personas.py"


def test_every_persona_of_the_issue_is_here() -> None:
    names = {p["name"] for p in PERSONAS}
    for wanted in ("blind truster", "guarded sceptic", "calibrated truster", "well-prepared one-off buyer"):
        assert any(n.startswith(wanted) for n in names), wanted
    agreeing = [p for p in PERSONAS if p["name"].startswith("agrees with everything")]
    assert {p["questionnaire"] for p in agreeing} == {"trust-readiness", "deal-readiness"}
    assert all(p["expect"]["overall"] != "ready" for p in agreeing)


@pytest.mark.parametrize("persona", PERSONAS, ids=[p["name"] for p in PERSONAS])
def test_persona_lands_in_its_band(persona: dict[str, Any]) -> None:
    questionnaire = Questionnaire.model_validate(DATA["questionnaires"][persona["questionnaire"]])
    result = score(questionnaire, persona["answers"])
    assert result.warnings == (), result.warnings  # every required question is answered
    assert result.overall.band == persona["expect"]["overall"], result.overall
    for did, want in persona["expect"]["dimensions"].items():
        got = result.dimensions[did]
        assert got.band == want["band"], (did, got)
        if "side" in want:
            assert got.side == want["side"], (did, got)
    shown = set(result.recommendations)
    assert set(persona["recommendations_include"]) <= shown, shown
    assert not set(persona["recommendations_exclude"]) & shown, shown
