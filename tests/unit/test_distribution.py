"""Scores as counts: per position, people per dot, dots per column and bins per band (report/distribution.py)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.report.distribution import (
    MAX_ROWS,
    POSITIONS,
    Bin,
    band_ranges,
    bins,
    count_positions,
    dot_plot,
    people_per_dot,
)

counts_st = st.lists(st.integers(0, 10**6), min_size=POSITIONS, max_size=POSITIONS)
starts_st = st.sets(st.integers(1, 100), max_size=5).map(lambda s: [0, *sorted(s)])


class TestCountPositions:
    """Whole-number scores become 101 counts."""

    def test_counts_each_score(self) -> None:
        counts = count_positions(iter([0, 40, 40, 100, 63]))
        assert len(counts) == POSITIONS
        assert (counts[0], counts[40], counts[63], counts[100], sum(counts)) == (1, 2, 1, 1, 5)

    @pytest.mark.parametrize("bad", [-1, 101, 62.5, True, "50", None])
    def test_refuses_what_is_not_a_whole_number_score(self, bad: object) -> None:
        with pytest.raises(ValueError, match="whole-number score"):
            count_positions([50, bad])  # type: ignore[list-item]


class TestPeoplePerDot:
    """One dot per person while the tallest stack fits, then 2, 5, 10, 20, 50, ... people per dot."""

    @pytest.mark.parametrize(
        ("tallest", "expected"),
        [(0, 1), (1, 1), (15, 1), (16, 2), (30, 2), (31, 5), (75, 5), (76, 10), (150, 10), (151, 20), (7501, 1000)],
    )
    def test_scale_steps(self, tallest: int, expected: int) -> None:
        assert people_per_dot(tallest) == expected

    @given(st.integers(0, 10**8), st.integers(1, 40))
    def test_smallest_scale_that_fits(self, tallest: int, max_rows: int) -> None:
        per_dot = people_per_dot(tallest, max_rows)
        assert -(-tallest // per_dot) <= max_rows
        smaller = [s * 10**m for m in range(10) for s in (1, 2, 5) if s * 10**m < per_dot]
        assert all(-(-tallest // s) > max_rows for s in smaller)


class TestDotPlot:
    """Every person is drawn: whole dots of `per_dot` people, and a part-dot for the rest."""

    def test_one_dot_per_person(self) -> None:
        counts = [0] * POSITIONS
        counts[21], counts[92] = 1, 3
        plot = dot_plot(counts)
        assert [(c.position, c.dots, c.part) for c in plot.columns] == [(21, 1, False), (92, 3, False)]
        assert (plot.rows, plot.total, plot.per_dot) == (3, 4, 1)

    def test_part_dot_for_a_remainder(self) -> None:
        counts = [0] * POSITIONS
        counts[50], counts[70], counts[80] = 25, 20, 3
        plot = dot_plot(counts, 10)
        assert [(c.position, c.full, c.part) for c in plot.columns] == [(50, 2, True), (70, 2, False), (80, 0, True)]

    @given(counts_st)
    def test_total_and_height_within_rows(self, counts: list[int]) -> None:
        plot = dot_plot(counts, people_per_dot(max(counts)))
        assert plot.total == sum(counts)
        assert plot.rows <= MAX_ROWS
        assert [c.position for c in plot.columns] == [p for p, n in enumerate(counts) if n]
        for c in plot.columns:
            assert c.full * plot.per_dot <= c.count < (c.full + 1) * plot.per_dot
            assert c.part == (c.count > c.full * plot.per_dot)

    @pytest.mark.parametrize("bad", [[0] * 100, [0] * 100 + [-1], [0.5] * POSITIONS])
    def test_refuses_bad_counts(self, bad: list[int]) -> None:
        with pytest.raises(ValueError, match="counts"):
            dot_plot(bad)


class TestBins:
    """Bins of about five points that never straddle a band start, so a band's bins add up to the band."""

    def test_band_ranges(self) -> None:
        assert band_ranges([0, 40, 70]) == ((0, 39), (40, 69), (70, 100))
        with pytest.raises(ValueError, match="increase"):
            band_ranges([0, 70, 40])

    def test_the_usual_three_bands(self) -> None:
        counts = count_positions([0, 4, 5, 39, 40, 69, 70, 95, 100, 100])
        early, developing, ready = bins(counts, [0, 40, 70])
        assert [(b.first, b.last) for b in early] == [(i, i + 4) for i in range(0, 40, 5)]
        assert [(b.first, b.last) for b in developing] == [(i, i + 4) for i in range(40, 70, 5)]
        assert [(b.first, b.last) for b in ready][-1] == (95, 100)
        assert (early[0], early[1], early[-1], ready[-1]) == (
            Bin(0, 4, 2),
            Bin(5, 9, 1),
            Bin(35, 39, 1),
            Bin(95, 100, 3),
        )
        assert [sum(b.count for b in band) for band in (early, developing, ready)] == [4, 2, 4]

    def test_odd_band_starts(self) -> None:
        (low, high) = bins([1] * POSITIONS, [0, 33])
        assert [(b.first, b.last) for b in low] == [(0, 3), (4, 7), (8, 12), (13, 17), (18, 22), (23, 27), (28, 32)]
        assert sum(b.count for b in low) == 33 and sum(b.count for b in high) == 68

    @given(counts_st, starts_st)
    def test_bins_partition_each_band(self, counts: list[int], starts: list[int]) -> None:
        for (first, last), band in zip(band_ranges(starts), bins(counts, starts), strict=True):
            assert band[0].first == first and band[-1].last == last
            assert all(a.last + 1 == b.first for a, b in itertools.pairwise(band))
            widths = [b.last - b.first + 1 for b in band]
            assert max(widths) - min(widths) <= 1
            assert len(band) == max(1, int((last - first + 1) / 5 + 0.5))
            assert sum(b.count for b in band) == sum(counts[first : last + 1])
