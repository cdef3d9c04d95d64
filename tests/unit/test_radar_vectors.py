"""When the PDF report draws a radar, against the shared vectors in tests/vectors/radar.json (tests/js/results.test.mjs
runs the results page's `drawsRadar` on the same file): the report and the browser leave it out at the same count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.limits import CLIENT_LIMITS
from generator.report import charts

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "vectors" / "radar.json").read_text(encoding="utf-8"))
CASES = VECTORS["cases"]


@pytest.mark.parametrize("case", CASES, ids=[str(c["dimensions"]) for c in CASES])
def test_radar_vector(case: dict[str, int | bool]) -> None:
    axes = [charts.Axis(f"Dimension {i + 1}", 10.0 * (i % 10)) for i in range(int(case["dimensions"]))]
    drawn = charts.radar_if_any(axes, accent="#3949ab", title="Scores by dimension")
    assert (drawn is not None) is case["radar"]
    if drawn is not None:
        assert all(f"Dimension {i + 1}" in drawn for i in range(len(axes)))  # every spoke is labelled


def test_the_vectors_use_the_limits_the_browser_is_sent() -> None:
    assert VECTORS["limits"] == {"radar_axes": list(CLIENT_LIMITS["radar_axes"])}
    fewest, most = VECTORS["limits"]["radar_axes"]
    counts = {c["dimensions"] for c in CASES}
    assert {fewest - 1, fewest, most, most + 1} <= counts  # both edges, both sides
