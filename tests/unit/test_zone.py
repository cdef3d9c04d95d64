"""The Python bargaining-zone rules against the shared vectors (zone.mjs runs the same file under node)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from generator.zone import compute_zone, format_amount, summary

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "zone.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_vector(case: dict[str, Any]) -> None:
    """Each vector gives the same result and the same sentence as in the browser."""
    result = compute_zone(**case["input"])
    assert result.to_json() == case["expected"]
    assert summary(result, case["unit"]) == case["summary"]


class TestGuideExamples:
    """The car example comes out as the guide tells it."""

    def test_buyer_9000_against_seller_8000_has_a_zone(self) -> None:
        r = compute_zone("buyer", 9000, 8000, 8000)
        assert (r.state, r.low, r.high, r.width, r.gap) == ("exists", 8000, 9000, 1000, None)

    def test_buyer_8000_against_seller_9000_has_a_gap(self) -> None:
        r = compute_zone("buyer", 8000, 9000, 9000)
        assert (r.state, r.low, r.high, r.width, r.gap) == ("none", None, None, None, 1000)

    def test_the_seller_sees_the_same_zone(self) -> None:
        r = compute_zone("seller", 8000, 9000)
        assert (r.state, r.low, r.high, r.width) == ("exists", 8000, 9000, 1000)


class TestBadInput:
    """Bad entries give a message naming the field and no number at all."""

    @pytest.mark.parametrize("bad", ["", " ", "abc", "-1", "nan", "inf", "1e3", "1_000", math.nan, math.inf, True, -3])
    def test_bad_limit(self, bad: object) -> None:
        r = compute_zone("buyer", bad, 8000)
        assert r.state is None and not r.ok
        assert r.errors[0].field == "my_limit"
        assert all(v is None for k, v in r.to_json().items() if k != "errors")

    def test_low_above_high_names_the_high_end(self) -> None:
        r = compute_zone("seller", 100, 90, 80)
        assert [e.field for e in r.errors] == ["their_high"]


def test_states_partition_every_ordering() -> None:
    """Every ordering of limit and range gives exactly one state, mirrored between the roles."""
    for limit in range(6):
        for lo in range(6):
            for hi in range(lo, 6):
                buyer = compute_zone("buyer", limit, lo, hi)
                seller = compute_zone("seller", limit, lo, hi)
                assert buyer.state == ("exists" if hi <= limit else "none" if lo > limit else "uncertain")
                assert seller.state == ("exists" if lo >= limit else "none" if hi < limit else "uncertain")
                for r in (buyer, seller):
                    if r.state == "exists":
                        assert r.width is not None and r.width >= 0
                    if r.state == "none":
                        assert r.gap is not None and r.gap > 0


def test_format_amount() -> None:
    """Amounts read like money: grouped, two decimals at most, unit placed by kind."""
    assert format_amount(8000, "$") == "$8,000"
    assert format_amount(1234.5, "€") == "€1,234.50"
    assert format_amount(0.005, "EUR") == "0.01 EUR"
    assert format_amount(999999.999) == "1,000,000"


@pytest.mark.parametrize("case", VECTORS["amounts"], ids=lambda c: f"{c['value']} {c['unit']!r}")
def test_amounts_print_as_the_shared_vectors_say(case: dict[str, Any]) -> None:
    """Money prints one way: the deal check page (zone.mjs) and the debrief PDF and pages (zone.py) alike, with a
    letter unit such as R after the amount."""
    assert format_amount(case["value"], case["unit"]) == case["text"]


def _numeric_vectors() -> list[dict[str, Any]]:
    """Vectors a deal-readiness respondent could produce: a valid role and plain numbers (or a reversed range)."""
    picked = []
    for case in VECTORS["cases"]:
        inp = case["input"]
        values = [inp.get(k) for k in ("my_limit", "their_low", "their_high", "target")]
        fields = {e["field"] for e in case["expected"]["errors"]}
        numeric = all(v is None or (isinstance(v, int | float) and v >= 0) for v in values)
        if (
            inp.get("role") in ("buyer", "seller")
            and numeric
            and inp.get("my_limit") is not None
            and fields <= {"their_high"}
        ):
            picked.append(case)
    return picked


@pytest.fixture(scope="module")
def deal_readiness() -> Any:
    from generator.questionnaire.load import load_questionnaire

    root = Path(__file__).parents[2]
    return load_questionnaire(root / "questionnaires" / "deal-readiness.yaml", root / "content")


@pytest.mark.parametrize("case", _numeric_vectors(), ids=lambda c: c["name"])
def test_deal_readiness_computed_values_agree_with_zone_py(case: dict[str, Any], deal_readiness: Any) -> None:
    """The questionnaire's expression-based zone flags give the same verdict as zone.py on the shared vectors."""
    from generator.scoring import score

    answers = {k: v for k, v in case["input"].items() if v is not None}
    computed = score(deal_readiness, answers).computed
    expected = case["expected"]
    state = expected["state"]
    assert computed["zone_exists"] == (state == "exists")
    assert computed["zone_none"] == (state == "none")
    assert computed["zone_uncertain"] == (state == "uncertain")
    if state is not None:
        distance = {"exists": expected["width"], "none": expected["gap"], "uncertain": 0}[state]
        assert computed["limit_distance"] == distance
    if expected["target"] is not None:
        assert computed["target_beyond_limit"] == (expected["target_position"] == "beyond_limit")
