"""Band lookup against the shared vectors in tests/vectors/bands.json (tests/js/bands.test.mjs runs the browser's)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.questionnaire.model import Questionnaire
from generator.scoring import band_for, band_label, shown_score

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "vectors" / "bands.json").read_text(encoding="utf-8"))
QUESTIONNAIRE = Questionnaire.model_validate(VECTORS["questionnaire"])


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_band_label(case: dict[str, Any]) -> None:
    assert band_label(QUESTIONNAIRE, case["dimension"], case["band"]) == case["label"]


def test_the_vectors_use_the_questionnaire_as_the_page_carries_it() -> None:
    """The browser reads the client JSON; the bands it looks in must be the ones in the vector file."""
    client = QUESTIONNAIRE.to_client_json()
    assert client["bands"] == VECTORS["questionnaire"]["bands"]
    dimensions = VECTORS["questionnaire"]["dimensions"]
    assert [d["bands"] for d in client["dimensions"]] == [d.get("bands") for d in dimensions]


@pytest.mark.parametrize("case", VECTORS["lookups"], ids=[c["name"] for c in VECTORS["lookups"]])
def test_band_lookup_uses_the_score_as_shown(case: dict[str, Any]) -> None:
    """The band is looked up on the rounded score people see (the number a `when` reads too), so "40 · Early"
    cannot appear for 39.6."""
    score = case["score"]
    assert shown_score(score) == case["shown"]
    assert band_for(score, QUESTIONNAIRE.bands_for(case["dimension"] or "overall")) == case["band"]
