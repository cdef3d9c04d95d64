"""The role-play debrief, as pure functions: pairing, the real zone, the buyer's share, estimate errors, points.

Each participant answers the debrief questionnaire (questionnaires/deal-debrief.yaml); `pair_up` matches the
answers by pair code and role and analyses every complete pair. Nothing is dropped silently: a participant
without a partner, two buyers in one pair, or two sides that report different deals come back as
`DebriefProblem` values naming the pair and the input files, and the rest of the room is still analysed.

Definitions (B = the buyer's reported walk-away, S = the seller's, P = the agreed price)
    zone            exists when B >= S: from S to B, width B - S (0 is a zone of one price); else a gap S - B.
    buyer_share     (B - P) / (B - S): 1 when the buyer paid the seller's limit, 0 when they paid their own.
                    None without a deal, without a zone, for a zero-width zone, or when P lies outside it.
    estimate error  each side's guess at the other's limit minus that real limit (signed: a buyer who guessed
                    the seller's floor $200 too high has +200).
    joint points    buyer's + seller's points for the agreed issues (price moves money between the sides; the
                    issues are where trades create value); None without a deal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.exercise import ROLES, Exercise, Role
from generator.zone import format_amount

Outcome = Literal["deal", "no_deal"]
Severity = Literal["error", "note"]
Opened = Literal["me", "them"]


@dataclass(frozen=True)
class Debrief:
    """One participant's debrief answers, as the analysis needs them; `source` says where they came from."""

    source: str
    pair: str | None
    role: Role | None
    walk_away: float | None = None
    estimate_other: float | None = None
    first_offer: float | None = None
    opened: Opened | None = None
    outcome: Outcome | None = None
    price: float | None = None
    issues: tuple[tuple[str, str], ...] = ()  # (issue id, option id)
    satisfaction: tuple[tuple[str, float | None], ...] = ()  # (dimension id, score 0..100)
    name: str = ""

    @property
    def issue_choices(self) -> dict[str, str]:
        return dict(self.issues)


@dataclass(frozen=True)
class DebriefProblem:
    """Something the facilitator should see: the pair code (None when unknown), what is wrong, and the inputs.

    An "error" keeps the pair out of the analysis; a "note" is reported next to a pair that is still analysed.
    """

    pair: str | None
    kind: str
    message: str
    sources: tuple[str, ...] = ()
    severity: Severity = "error"

    def __str__(self) -> str:
        where = ", ".join(self.sources)
        who = self.pair or "(no pair code)"
        prefix = "note: " if self.severity == "note" else ""
        return f"{who}: {prefix}{self.message}" + (f" ({where})" if where else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "pair": self.pair,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class Zone:
    """The real bargaining zone of two limits: [low, high] when it exists, else the gap between them."""

    exists: bool
    low: float | None
    high: float | None
    width: float | None
    gap: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"exists": self.exists, "low": self.low, "high": self.high, "width": self.width}


def zone_of(buyer_limit: float, seller_limit: float) -> Zone:
    """The zone two real limits make (the car example: 9,000 and 8,000 give [8,000, 9,000], 1,000 wide)."""
    if buyer_limit >= seller_limit:
        return Zone(True, seller_limit, buyer_limit, buyer_limit - seller_limit)
    return Zone(False, None, None, None, seller_limit - buyer_limit)


def buyer_share(zone: Zone, outcome: Outcome | None, price: float | None) -> float | None:
    """The part of the zone the buyer kept, 0..1; None without a deal, a zone of some width, or a price in it."""
    if outcome != "deal" or price is None or not zone.exists or not zone.width:
        return None
    assert zone.low is not None and zone.high is not None
    if not zone.low <= price <= zone.high:
        return None
    share = (zone.high - price) / zone.width
    return min(1.0, max(0.0, share)) + 0.0


def estimate_error(estimate: float | None, real_limit: float | None) -> float | None:
    """A guess at the other side's limit minus their real limit; None when either is missing."""
    if estimate is None or real_limit is None:
        return None
    return estimate - real_limit + 0.0


@dataclass(frozen=True)
class PairResult:
    """One matched pair, analysed; the JSON of `dealcraft debrief --json` is `to_json()`."""

    pair: str
    buyer: Debrief
    seller: Debrief
    zone: Zone
    outcome: Outcome
    price: float | None
    buyer_share: float | None
    buyer_estimate_error: float | None
    seller_estimate_error: float | None
    buyer_points: int | None
    seller_points: int | None
    best_joint_points: int
    opener: Role | None = None
    first_offer: float | None = None

    @property
    def buyer_limit(self) -> float:
        assert self.buyer.walk_away is not None
        return self.buyer.walk_away

    @property
    def seller_limit(self) -> float:
        assert self.seller.walk_away is not None
        return self.seller.walk_away

    @property
    def joint_points(self) -> int | None:
        if self.buyer_points is None or self.seller_points is None:
            return None
        return self.buyer_points + self.seller_points

    @property
    def left_on_table(self) -> bool:
        """No deal although the two real limits made a zone."""
        return self.outcome == "no_deal" and self.zone.exists

    def side(self, role: Role) -> Debrief:
        return self.buyer if role == "buyer" else self.seller

    def share_of(self, role: Role) -> float | None:
        """The part of the zone this side kept (the seller's is 1 - the buyer's)."""
        if self.buyer_share is None:
            return None
        return self.buyer_share if role == "buyer" else 1.0 - self.buyer_share

    def to_json(self) -> dict[str, Any]:
        return {
            "pair": self.pair,
            "buyer_limit": self.buyer_limit,
            "seller_limit": self.seller_limit,
            "zone": self.zone.to_json(),
            "outcome": self.outcome,
            "price": self.price,
            "buyer_share": self.buyer_share,
            "buyer_estimate_error": self.buyer_estimate_error,
            "seller_estimate_error": self.seller_estimate_error,
            "joint_points": self.joint_points,
            "best_joint_points": self.best_joint_points,
        }


@dataclass(frozen=True)
class Analysis:
    """A room: the analysed pairs in pair-code order, every problem found, and everyone who answered."""

    pairs: tuple[PairResult, ...]
    problems: tuple[DebriefProblem, ...]
    debriefs: tuple[Debrief, ...] = field(default=(), repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"pairs": [p.to_json() for p in self.pairs], "problems": [p.to_json() for p in self.problems]}

    def pair_of(self, source: str) -> PairResult | None:
        """The analysed pair a participant's answers belong to (by input source)."""
        return next((p for p in self.pairs if source in (p.buyer.source, p.seller.source)), None)


def normalise_pair(code: str | None) -> str | None:
    """A pair code as the facilitator wrote it on the card: upper case, no spaces or dashes ("p 07" -> "P07")."""
    if code is None:
        return None
    text = re.sub(r"[\s\-_]+", "", code).upper()
    return text or None


def pair_code_of(document: Mapping[str, Any]) -> str | None:
    """The pair code a stored debrief answers document is matched by, as `pair_up` matches it (None without one):
    the people whose personal debrief pages read each other's answers."""
    answers = document.get("answers")
    pair = answers.get("pair") if isinstance(answers, Mapping) else None
    return normalise_pair(pair) if isinstance(pair, str) else None


def pair_sort_key(code: str | None) -> tuple[Any, ...]:
    """Natural order, so P2 comes before P10; pairs without a code come last."""
    if code is None:
        return ((2, ""),)
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", code))


def analyse_pair(
    code: str, buyer: Debrief, seller: Debrief, exercise: Exercise, best: int | None = None
) -> tuple[PairResult | None, list[DebriefProblem]]:
    """Check that the two sides tell the same story, then analyse it; problems name the pair and both inputs.

    `best` is the exercise's best joint points, when the caller has already worked it out for the room."""
    sources = (buyer.source, seller.source)
    unit = exercise.unit
    problems: list[DebriefProblem] = []

    def problem(kind: str, message: str, severity: Severity = "error") -> None:
        problems.append(DebriefProblem(code, kind, message, sources, severity))

    for side in (buyer, seller):
        if side.walk_away is None:
            problem("missing_limit", f"the {side.role} did not give a walk-away limit")
        if side.outcome is None:
            problem("missing_outcome", f"the {side.role} did not say whether there was a deal")
    if buyer.outcome and seller.outcome and buyer.outcome != seller.outcome:
        said = {"deal": "a deal", "no_deal": "no deal"}
        problem(
            "outcome_mismatch",
            f"the buyer reports {said[buyer.outcome]}, the seller {said[seller.outcome]}",
        )
    elif buyer.outcome == "deal" and seller.outcome == "deal":
        if buyer.price is None or seller.price is None:
            missing = " and ".join(s.role or "?" for s in (buyer, seller) if s.price is None)
            problem("missing_price", f"a deal without a price from the {missing}")
        elif buyer.price != seller.price:
            problem(
                "price_mismatch",
                f"the two sides report different prices: the buyer {format_amount(buyer.price, unit)}, "
                f"the seller {format_amount(seller.price, unit)}",
            )
        b, s = buyer.issue_choices, seller.issue_choices
        differ = [issue.title for issue in exercise.issues if b.get(issue.id) != s.get(issue.id)]
        if differ:
            problem("terms_mismatch", "the two sides report different terms for " + ", ".join(differ))
    if any(p.severity == "error" for p in problems):
        return None, problems
    assert buyer.walk_away is not None and seller.walk_away is not None and buyer.outcome is not None
    zone = zone_of(buyer.walk_away, seller.walk_away)
    outcome = buyer.outcome
    price = buyer.price if outcome == "deal" else None
    if price is not None and zone.exists and zone.low is not None and zone.high is not None:
        if not zone.low <= price <= zone.high:
            problem("price_outside_zone", f"the price {format_amount(price, unit)} lies outside the real zone", "note")
    elif price is not None and not zone.exists:
        problem("deal_without_zone", "a deal although the two limits leave no zone", "note")
    opener, first_offer = _opening(buyer, seller)
    if opener is None and (buyer.opened or seller.opened):
        problem("opening_mismatch", "the two sides remember differently who opened", "note")
    elif first_offer is None and buyer.first_offer is not None and seller.first_offer is not None:
        problem("first_offer_mismatch", "the two sides remember different first offers", "note")
    choices = buyer.issue_choices
    deal = outcome == "deal"
    result = PairResult(
        pair=code,
        buyer=buyer,
        seller=seller,
        zone=zone,
        outcome=outcome,
        price=price,
        buyer_share=buyer_share(zone, outcome, price),
        buyer_estimate_error=estimate_error(buyer.estimate_other, seller.walk_away),
        seller_estimate_error=estimate_error(seller.estimate_other, buyer.walk_away),
        buyer_points=exercise.points("buyer", choices) if deal else None,
        seller_points=exercise.points("seller", choices) if deal else None,
        best_joint_points=exercise.best_joint_points() if best is None else best,
        opener=opener,
        first_offer=first_offer,
    )
    return result, problems


def _opening(buyer: Debrief, seller: Debrief) -> tuple[Role | None, float | None]:
    """Who put the first price on the table, by both accounts, and that price (when the accounts agree)."""
    votes: set[Role] = set()
    if buyer.opened:
        votes.add("buyer" if buyer.opened == "me" else "seller")
    if seller.opened:
        votes.add("seller" if seller.opened == "me" else "buyer")
    opener = votes.pop() if len(votes) == 1 else None
    offers = {x for x in (buyer.first_offer, seller.first_offer) if x is not None}
    first_offer = offers.pop() if len(offers) == 1 else None
    return opener, first_offer


def pair_up(debriefs: Iterable[Debrief], exercise: Exercise) -> Analysis:
    """Match debriefs by pair code and role, analyse each complete pair, and list every problem by pair code."""
    everyone = tuple(debriefs)
    groups: dict[str | None, list[Debrief]] = {}
    for d in everyone:
        groups.setdefault(normalise_pair(d.pair), []).append(d)
    pairs: list[PairResult] = []
    problems: list[DebriefProblem] = []
    best = exercise.best_joint_points()  # the same for every pair: 27 settlements, worked out once
    for code in sorted(groups, key=pair_sort_key):
        members = groups[code]
        sources = tuple(d.source for d in members)
        if code is None:
            problems.extend(
                DebriefProblem(None, "missing_pair", "no pair code, so this answer cannot be matched", (d.source,))
                for d in members
            )
            continue
        by_role: dict[Role | None, list[Debrief]] = {}
        for d in members:
            by_role.setdefault(d.role, []).append(d)
        if by_role.get(None):
            problems.append(
                DebriefProblem(code, "missing_role", "an answer without a role", tuple(d.source for d in by_role[None]))
            )
            continue
        repeated = [r for r in ROLES if len(by_role.get(r, [])) > 1]
        if repeated:
            counts = " and ".join(f"{len(by_role[r])} {r}s" for r in repeated)
            problems.append(DebriefProblem(code, "same_role", f"{counts} in one pair", sources))
            continue
        missing = [r for r in ROLES if r not in by_role]
        if missing:
            problems.append(
                DebriefProblem(
                    code, "unmatched", f"only one side answered; the {missing[0]}'s debrief is missing", sources
                )
            )
            continue
        result, found = analyse_pair(code, by_role["buyer"][0], by_role["seller"][0], exercise, best)
        problems.extend(found)
        if result is not None:
            pairs.append(result)
    return Analysis(tuple(pairs), tuple(problems), everyone)


# ---------------------------------------------------------------- room-level patterns for the group debrief


@dataclass(frozen=True)
class GroupMean:
    """A mean over `n` values, or None with the reason when the group is smaller than the minimum size."""

    label: str
    n: int
    mean: float | None
    reason: str = ""


def group_mean(label: str, values: Sequence[float], min_group: int) -> GroupMean:
    """The mean of a group of values, shown only when at least `min_group` values stand behind it."""
    if len(values) < min_group:
        return GroupMean(label, len(values), None, f"{len(values)} of at least {min_group} needed")
    return GroupMean(label, len(values), sum(values) / len(values))


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of two equally long series; None with fewer than 3 points or when one series is constant."""
    n = len(xs)
    if n != len(ys) or n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    r = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))


def openings(pairs: Sequence[PairResult]) -> dict[Role, list[PairResult]]:
    """The pairs with a deal and a buyer share, grouped by who opened."""
    grouped: dict[Role, list[PairResult]] = {"buyer": [], "seller": []}
    for p in pairs:
        if p.buyer_share is not None and p.opener is not None:
            grouped[p.opener].append(p)
    return grouped


def opener_share(p: PairResult) -> float | None:
    """The share of the zone the side that opened kept."""
    return p.share_of(p.opener) if p.opener else None


def anchoring(pairs: Sequence[PairResult]) -> tuple[list[tuple[float, float]], float | None]:
    """(how far the first offer sat from the opener's side of the zone, the opener's share) per pair, and r.

    The distance is measured in zone widths past the zone's edge on the opener's side, so an ambitious opening
    (a seller far above the buyer's limit) is a large positive number whichever side opened.
    """
    points: list[tuple[float, float]] = []
    for p in pairs:
        share = opener_share(p)
        if share is None or p.first_offer is None or not p.zone.width:
            continue
        assert p.zone.low is not None and p.zone.high is not None
        beyond = p.first_offer - p.zone.high if p.opener == "seller" else p.zone.low - p.first_offer
        points.append((beyond / p.zone.width, share))
    return points, correlation([x for x, _ in points], [y for _, y in points])


def satisfaction_scores(d: Debrief, dimension: str) -> float | None:
    return dict(d.satisfaction).get(dimension)


def is_finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def debrief_from_answers(
    source: str,
    answers: Mapping[str, Any],
    issue_ids: Sequence[str],
    satisfaction: Mapping[str, float | None] | None = None,
    name: str = "",
) -> Debrief:
    """A Debrief from validated debrief answers (the fixed question ids of deal-debrief.yaml)."""

    def number(key: str) -> float | None:
        value = answers.get(key)
        return float(value) if isinstance(value, int | float) and is_finite(value) else None

    def choice(key: str, allowed: tuple[str, ...]) -> Any:
        value = answers.get(key)
        return value if value in allowed else None

    pair = answers.get("pair")
    outcome = choice("outcome", ("deal", "no_deal"))
    return Debrief(
        source=source,
        pair=pair if isinstance(pair, str) else None,
        role=choice("role", ("buyer", "seller")),
        walk_away=number("walk_away"),
        estimate_other=number("estimate_other"),
        first_offer=number("first_offer"),
        opened=choice("opened", ("me", "them")),
        outcome=outcome,
        price=number("price") if outcome == "deal" else None,
        issues=tuple((i, str(answers[i])) for i in issue_ids if outcome == "deal" and isinstance(answers.get(i), str)),
        satisfaction=tuple((satisfaction or {}).items()),
        name=name,
    )
