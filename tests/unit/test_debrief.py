"""The debrief calculations: hand-checked pairs, every pairing problem, and properties over random rooms."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.answers.document import AnswersDocument
from generator.answers.validate import parse_answers_document
from generator.debrief import (
    Debrief,
    anchoring,
    buyer_share,
    correlation,
    estimate_error,
    group_mean,
    normalise_pair,
    pair_up,
    zone_of,
)
from generator.exercise import Exercise, load_exercise
from generator.questionnaire.load import load_questionnaires
from generator.questionnaire.model import Result
from generator.report.debrief import latest_debriefs, room_of
from generator.scoring import score

ROOT = Path(__file__).resolve().parents[2]
EXERCISE = load_exercise(ROOT / "content" / "exercises" / "espresso-deal.yaml")
BEST_TERMS = (("delivery", "weeks_2"), ("warranty", "years_3"), ("volume", "units_24"))
MIDDLE_TERMS = (("delivery", "weeks_4"), ("warranty", "years_2"), ("volume", "units_18"))


def side(role: str, pair: str = "P01", source: str | None = None, **kw: object) -> Debrief:
    defaults: dict[str, object] = {
        "walk_away": 4200.0 if role == "buyer" else 3600.0,
        "estimate_other": 3500.0 if role == "buyer" else 4400.0,
        "outcome": "deal",
        "price": 4000.0,
        "issues": MIDDLE_TERMS,
    }
    defaults.update(kw)
    return Debrief(source=source or f"{pair}-{role}.json", pair=pair, role=role, **defaults)  # type: ignore[arg-type]


class TestCarExample:
    """The guide's used car: buyer up to $9,000, seller from $8,000."""

    def test_a_1000_zone(self) -> None:
        z = zone_of(9000, 8000)
        assert (z.exists, z.low, z.high, z.width, z.gap) == (True, 8000, 9000, 1000, None)

    def test_limits_reversed_give_a_1000_gap(self) -> None:
        z = zone_of(8000, 9000)
        assert (z.exists, z.low, z.high, z.width, z.gap) == (False, None, None, None, 1000)

    def test_8600_leaves_the_buyer_40_percent(self) -> None:
        # Case A of the guide's worked example settles on $8,600: $400 of the $1,000 stays with the buyer.
        assert buyer_share(zone_of(9000, 8000), "deal", 8600) == pytest.approx(0.4)

    def test_a_pair_in_the_car_deal(self) -> None:
        buyer = side("buyer", walk_away=9000.0, estimate_other=8500.0, price=8600.0)
        seller = side("seller", walk_away=8000.0, estimate_other=9500.0, price=8600.0)
        (p,) = pair_up([buyer, seller], EXERCISE).pairs
        assert p.to_json()["zone"] == {"exists": True, "low": 8000, "high": 9000, "width": 1000}
        assert p.buyer_share == pytest.approx(0.4)
        assert p.buyer_estimate_error == 500  # guessed the floor at 8,500; it was 8,000
        assert p.seller_estimate_error == 500  # guessed the ceiling at 9,500; it was 9,000


class TestShareAndErrors:
    def test_paying_the_sellers_limit_keeps_the_whole_zone(self) -> None:
        assert buyer_share(zone_of(4200, 3600), "deal", 3600) == 1.0

    def test_paying_your_own_limit_keeps_nothing(self) -> None:
        assert buyer_share(zone_of(4200, 3600), "deal", 4200) == 0.0

    def test_no_deal_no_share(self) -> None:
        assert buyer_share(zone_of(4200, 3600), "no_deal", 3900) is None

    def test_no_zone_no_share(self) -> None:
        assert buyer_share(zone_of(3600, 4200), "deal", 3900) is None

    def test_a_zone_of_one_price_has_no_share(self) -> None:
        assert buyer_share(zone_of(4000, 4000), "deal", 4000) is None

    def test_a_price_outside_the_zone_has_no_share(self) -> None:
        assert buyer_share(zone_of(4200, 3600), "deal", 4300) is None

    def test_errors_are_signed(self) -> None:
        assert estimate_error(3500, 3600) == -100
        assert estimate_error(4400, 4200) == 200
        assert estimate_error(None, 4200) is None


class TestEspressoRoom:
    """The exercise's own numbers: a $600 zone and 110 joint points at best."""

    def test_best_joint_points_and_the_middle_road(self) -> None:
        buyer, seller = side("buyer"), side("seller")
        (p,) = pair_up([buyer, seller], EXERCISE).pairs
        # weeks_4 (20 + 15), years_2 (15 + 6), units_18 (5 + 20): splitting every issue gives 81 of 110.
        assert (p.buyer_points, p.seller_points, p.joint_points, p.best_joint_points) == (40, 41, 81, 110)
        assert p.buyer_share == pytest.approx(200 / 600)
        assert p.to_json() == {
            "pair": "P01",
            "buyer_limit": 4200.0,
            "seller_limit": 3600.0,
            "zone": {"exists": True, "low": 3600.0, "high": 4200.0, "width": 600.0},
            "outcome": "deal",
            "price": 4000.0,
            "buyer_share": pytest.approx(1 / 3),
            "buyer_estimate_error": -100.0,
            "seller_estimate_error": 200.0,
            "joint_points": 81,
            "best_joint_points": 110,
        }

    def test_the_trade_reaches_the_best(self) -> None:
        pairs = pair_up([side("buyer", issues=BEST_TERMS), side("seller", issues=BEST_TERMS)], EXERCISE).pairs
        assert pairs[0].joint_points == 110

    def test_no_deal_with_a_zone_is_left_on_the_table(self) -> None:
        room = [side("buyer", outcome="no_deal", price=None), side("seller", outcome="no_deal", price=None)]
        (p,) = pair_up(room, EXERCISE).pairs
        assert p.left_on_table and p.buyer_share is None and p.joint_points is None and p.price is None


class TestPairingProblems:
    """Every odd room comes back as problems naming the pair; the rest of the room is still analysed."""

    def test_unmatched_participant(self) -> None:
        room = [side("buyer", "P01"), side("seller", "P01"), side("buyer", "P02")]
        analysis = pair_up(room, EXERCISE)
        assert [p.pair for p in analysis.pairs] == ["P01"]
        (problem,) = analysis.problems
        assert (problem.pair, problem.kind, problem.sources) == ("P02", "unmatched", ("P02-buyer.json",))
        assert "seller's debrief is missing" in problem.message

    def test_two_buyers(self) -> None:
        room = [side("buyer", "P03", "a.json"), side("buyer", "P03", "b.json")]
        (problem,) = pair_up(room, EXERCISE).problems
        assert (problem.kind, problem.message, problem.sources) == (
            "same_role",
            "2 buyers in one pair",
            ("a.json", "b.json"),
        )

    def test_different_prices(self) -> None:
        room = [side("buyer", "P04"), side("seller", "P04", price=4100.0)]
        analysis = pair_up(room, EXERCISE)
        assert analysis.pairs == ()
        (problem,) = analysis.problems
        assert problem.kind == "price_mismatch"
        assert str(problem) == (
            "P04: the two sides report different prices: the buyer $4,000, the seller $4,100 "
            "(P04-buyer.json, P04-seller.json)"
        )

    def test_prices_in_messages_round_half_away_from_zero(self) -> None:
        # 4000.125 is exact in binary: Python's own formatting would print $4,000.12 (half to even).
        room = [side("buyer", "P04", price=4000.125), side("seller", "P04", price=4100.5)]
        (problem,) = pair_up(room, EXERCISE).problems
        assert problem.message.endswith("the buyer $4,000.13, the seller $4,100.50")

    def test_prices_in_messages_print_as_the_page_prints_them(self) -> None:
        """A key priced in rand: `R` goes after the amount, as zone.format_amount (and the deal check page) put it."""
        room = [side("buyer", "P04"), side("seller", "P04", price=4100.0)]
        (problem,) = pair_up(room, EXERCISE.model_copy(update={"unit": "R"})).problems
        assert problem.message.endswith("the buyer 4,000 R, the seller 4,100 R")

    def test_different_terms(self) -> None:
        room = [side("buyer", "P05"), side("seller", "P05", issues=BEST_TERMS)]
        (problem,) = pair_up(room, EXERCISE).problems
        assert problem.kind == "terms_mismatch"
        assert problem.message.endswith("Delivery, Warranty, Order size")

    def test_deal_against_no_deal(self) -> None:
        room = [side("buyer", "P06"), side("seller", "P06", outcome="no_deal", price=None)]
        (problem,) = pair_up(room, EXERCISE).problems
        assert problem.message == "the buyer reports a deal, the seller no deal"

    def test_missing_code(self) -> None:
        (problem,) = pair_up([side("buyer", pair="  ")], EXERCISE).problems
        assert (problem.pair, problem.kind) == (None, "missing_pair")

    def test_codes_are_matched_as_written_on_the_card(self) -> None:
        assert normalise_pair(" p-07 ") == "P07"
        room = [side("buyer", "p07"), side("seller", "P 07")]
        assert [p.pair for p in pair_up(room, EXERCISE).pairs] == ["P07"]

    def test_pairs_in_natural_order(self) -> None:
        room = [side(r, code) for code in ("P10", "P2", "P1") for r in ("buyer", "seller")]
        assert [p.pair for p in pair_up(room, EXERCISE).pairs] == ["P1", "P2", "P10"]

    def test_price_outside_the_zone_is_a_note(self) -> None:
        room = [side("buyer", price=4300.0), side("seller", price=4300.0)]
        analysis = pair_up(room, EXERCISE)
        assert len(analysis.pairs) == 1 and analysis.pairs[0].buyer_share is None
        assert [(p.kind, p.severity) for p in analysis.problems] == [("price_outside_zone", "note")]


class TestRoomPatterns:
    def test_group_mean_below_the_minimum_says_why(self) -> None:
        assert group_mean("x", [1.0, 2.0], 5).mean is None
        assert group_mean("x", [1.0, 2.0], 5).reason == "2 of at least 5 needed"
        assert group_mean("x", [1.0, 2.0, 3.0], 3).mean == 2.0

    def test_correlation(self) -> None:
        assert correlation([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
        assert correlation([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
        assert correlation([1, 1, 1], [1, 2, 3]) is None
        assert correlation([1, 2], [1, 2]) is None

    def test_anchoring_measures_ambition_from_the_openers_side(self) -> None:
        # The seller opens at $4,500, $300 above the buyer's limit: half a zone width (600) beyond it.
        room = [side("buyer", opened="them", first_offer=4500.0), side("seller", opened="me", first_offer=4500.0)]
        (p,) = pair_up(room, EXERCISE).pairs
        points, _ = anchoring([p])
        assert points == [(0.5, pytest.approx(2 / 3))]


# ---------------------------------------------------------------- properties

amounts = st.integers(min_value=1, max_value=100_000).map(float)
options = {i.id: [o.id for o in i.options] for i in EXERCISE.issues}
terms = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in options.items()}).map(lambda d: tuple(d.items()))


@st.composite
def pairs(draw: st.DrawFn) -> tuple[Debrief, Debrief]:
    b, s = draw(amounts), draw(amounts)
    outcome = draw(st.sampled_from(["deal", "no_deal"]))
    price = draw(amounts) if outcome == "deal" else None
    if outcome == "deal" and draw(st.booleans()) and b >= s:
        price = float(draw(st.integers(min_value=int(s), max_value=int(b))))
    common = {"outcome": outcome, "price": price, "issues": draw(terms)}
    opened = draw(st.sampled_from(["buyer", "seller", None]))
    first = draw(st.none() | amounts)
    buyer = side(
        "buyer",
        walk_away=b,
        estimate_other=draw(amounts),
        first_offer=first,
        **common,
        opened=None if opened is None else ("me" if opened == "buyer" else "them"),
    )
    seller = side(
        "seller",
        walk_away=s,
        estimate_other=draw(amounts),
        first_offer=first,
        **common,
        opened=None if opened is None else ("me" if opened == "seller" else "them"),
    )
    return buyer, seller


MIRROR = 200_000.0


def mirrored_side(d: Debrief) -> Debrief:
    """The same person on a price axis turned around (x -> M - x), playing the other role."""

    def flip(x: float | None) -> float | None:
        return None if x is None else MIRROR - x

    return Debrief(
        source=d.source,
        pair=d.pair,
        role="seller" if d.role == "buyer" else "buyer",
        walk_away=flip(d.walk_away),
        estimate_other=flip(d.estimate_other),
        first_offer=flip(d.first_offer),
        opened=d.opened,
        outcome=d.outcome,
        price=flip(d.price),
        issues=d.issues,
    )


def mirrored_exercise(e: Exercise) -> Exercise:
    data = e.model_dump()
    for issue in data["issues"]:
        for option in issue["options"]:
            option["buyer"], option["seller"] = option["seller"], option["buyer"]
    return Exercise.model_validate(data)


class TestProperties:
    @given(pairs())
    @settings(max_examples=300, deadline=None)
    def test_share_lies_in_0_to_1_and_no_deal_means_no_share(self, pair: tuple[Debrief, Debrief]) -> None:
        (p,) = pair_up(pair, EXERCISE).pairs
        if p.outcome == "no_deal" or not p.zone.exists:
            assert p.buyer_share is None
        if p.buyer_share is not None:
            assert 0 <= p.buyer_share <= 1
            assert p.price is not None and p.zone.low is not None
            assert p.zone.low <= p.price <= p.buyer_limit
        if p.outcome == "no_deal":
            assert p.joint_points is None and p.price is None
        else:
            assert p.joint_points is not None and p.joint_points <= p.best_joint_points

    @given(pairs())
    @settings(max_examples=300, deadline=None)
    def test_swapping_roles_mirrors_the_result(self, pair: tuple[Debrief, Debrief]) -> None:
        buyer, seller = pair
        (p,) = pair_up(pair, EXERCISE).pairs
        swapped = [mirrored_side(seller), mirrored_side(buyer)]
        (q,) = pair_up(swapped, mirrored_exercise(EXERCISE)).pairs
        assert q.zone.exists == p.zone.exists and q.zone.width == p.zone.width and q.zone.gap == p.zone.gap
        if p.buyer_share is None:
            assert q.buyer_share is None
        else:
            assert q.buyer_share is not None and math.isclose(q.buyer_share, 1 - p.buyer_share, abs_tol=1e-9)
            assert math.isclose(q.share_of("seller") or 0, p.share_of("buyer") or 0, abs_tol=1e-9)
        assert q.buyer_estimate_error == (None if p.seller_estimate_error is None else -p.seller_estimate_error)
        assert q.seller_estimate_error == (None if p.buyer_estimate_error is None else -p.buyer_estimate_error)
        assert (q.buyer_points, q.seller_points) == (p.seller_points, p.buyer_points)
        assert q.joint_points == p.joint_points and q.best_joint_points == p.best_joint_points
        assert {"buyer": "seller", "seller": "buyer", None: None}[p.opener] == q.opener

    @given(st.lists(pairs(), max_size=6), st.lists(st.integers(0, 11), max_size=3))
    @settings(max_examples=100, deadline=None)
    def test_nobody_is_dropped(self, room: list[tuple[Debrief, Debrief]], lone: list[int]) -> None:
        people = []
        for n, (b, s) in enumerate(room):
            people += [
                Debrief(**{**b.__dict__, "pair": f"P{n}", "source": f"{n}b"}),
                Debrief(**{**s.__dict__, "pair": f"P{n}", "source": f"{n}s"}),
            ]
        for k, n in enumerate(lone):  # an extra participant, maybe in an existing pair
            people.append(
                Debrief(**{**people[0].__dict__, "pair": f"P{n}", "source": f"x{k}"})
                if people
                else side("buyer", f"P{n}", f"x{k}")
            )
        analysis = pair_up(people, EXERCISE)
        accounted = {s for p in analysis.pairs for s in (p.buyer.source, p.seller.source)}
        accounted |= {s for pr in analysis.problems if pr.severity == "error" for s in pr.sources}
        assert accounted == {d.source for d in people}


class TestDebriefSentInBothRounds:
    """report/debrief.py `latest_debriefs`: the debrief is about the one role-play, so a person's send in each
    round is one debrief, the latest; two debriefs of one round are left for the pairing to name."""

    @staticmethod
    def room(*sends: tuple[str, str, str | None, str, int]) -> list[tuple[str, AnswersDocument, Result]]:
        """(source, participant, round, submitted_at, walk_away) each, as the room's answers documents."""
        questionnaires = load_questionnaires(ROOT / "questionnaires")
        base = json.loads((ROOT / "examples" / "debrief" / "p02-buyer.json").read_text("utf-8"))
        out = []
        for source, who, round_, at, limit in sends:
            doc = {**base, "participant": who, "submitted_at": at, "answers": {**base["answers"], "walk_away": limit}}
            if round_ is not None:
                doc["round"] = round_
            document = parse_answers_document(doc, source, questionnaires)
            out.append((source, document, score(questionnaires["deal-debrief"], document.answers)))
        return out

    def test_the_latest_send_counts_whatever_its_round(self) -> None:
        docs = self.room(
            ("a-before", "p-1", "before", "2026-12-02T09:00:00Z", 4100),
            ("a-after", "p-1", "after", "2026-12-02T11:00:00Z", 4200),
            ("b-after", "p-2", "after", "2026-12-02T11:00:00Z", 4000),
            ("b-before", "p-2", None, "2026-12-02T11:30:00Z", 4300),  # back in the before round, sent later
        )
        kept, superseded = latest_debriefs(docs)
        assert [s for s, _, _ in kept] == ["a-after", "b-before"]
        assert [(s, counted) for s, _, counted in superseded] == [("a-before", "a-after"), ("b-after", "b-before")]

    def test_two_sends_of_one_round_are_not_merged(self) -> None:
        docs = self.room(
            ("x", "p-1", "before", "2026-12-02T09:00:00Z", 4100),
            ("y", "p-1", "before", "2026-12-02T10:00:00Z", 4200),
        )
        assert latest_debriefs(docs)[1] == []
        room = room_of(docs, load_questionnaires(ROOT / "questionnaires")["deal-debrief"], EXERCISE)
        assert [p.kind for p in room.problems] == ["same_role"]
