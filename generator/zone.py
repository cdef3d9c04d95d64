"""The bargaining-zone rules, once in Python; `assets/javascripts/core/zone.mjs` mirrors them line for line.

Step 3 of the guide asks whether any price both sides could live with exists before anyone haggles over terms.
The calculator page, the deal-readiness questionnaire and the PDF report all answer that question with these
rules, and `tests/vectors/zone.json` proves the two languages agree.

Inputs
    role        ``"buyer"`` or ``"seller"``.
    my_limit    your walk-away limit: the most you would pay (buyer) or the least you would accept (seller).
    their_low,  your estimate of the other side's walk-away limit, as a range. Give both equal for a single
    their_high  guess; if only one is given it is used for both.
    target      optional: the outcome you are aiming for.

Numbers may be given as numbers or as text (``"8000"``, ``"8,000.50"``); text is checked strictly, so an entry
that is empty, not a number, negative, above 1e12, past the cent (more than two decimals), or a range whose low
end exceeds its high end gives a clear message per field, and then every output is null (never NaN).

States (L = my_limit, [lo, hi] = the estimate of their limit)
    Buyer (their limit is the least the seller accepts):
        exists      hi <= L     zone [hi, L]      width = L - hi
        none        lo > L      gap = lo - L
        uncertain   lo <= L < hi
    Seller (their limit is the most the buyer pays), mirrored:
        exists      lo >= L     zone [L, lo]      width = lo - L
        none        hi < L      gap = L - hi
        uncertain   lo < L <= hi

For a range the reported zone is the conservative one: the part that exists wherever in the range their real
limit lies (a buyer counts from the seller's firmest guess, ``hi``). The reported gap is likewise the smallest
one the range allows (``lo - L`` for a buyer): even their most flexible guess leaves that much between you.
Equal limits give a zone of width 0, which exists. In the uncertain state zone and gap are null.

Target position: ``"beyond_limit"`` when the target is past your own limit (a buyer aiming above, or a seller
below, their walk-away: a warning); otherwise, when a zone exists, ``"below"``, ``"inside"`` or ``"above"`` it
(bounds count as inside); otherwise null.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.expressions import round_half_away
from generator.limits import MAX_NUMBER, NUMBER_DECIMALS

Role = Literal["buyer", "seller"]
State = Literal["exists", "none", "uncertain"]
TargetPosition = Literal["below", "inside", "above", "beyond_limit"]

MAX_AMOUNT = MAX_NUMBER
"""Amounts above this are refused, so the shared formatter stays exact in both languages."""

AMOUNT_DECIMALS = NUMBER_DECIMALS
"""Amounts with more decimals are refused: `format_amount` shows the cent, so 100.004 against 100 would make a zone
"from 100 to 100, 0 wide" that is not the single point the summary tells for equal limits."""

_NUMBER = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")

LABELS = {
    "my_limit": "Your walk-away limit",
    "their_low": "The low end of your estimate of their limit",
    "their_high": "The high end of your estimate of their limit",
    "target": "Your target",
}
"""How each numeric field is named in messages; zone.mjs uses the same words."""


@dataclass(frozen=True)
class ZoneProblem:
    """One entry the rules could not use, with the field it belongs to and a sentence for the reader."""

    field: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@dataclass(frozen=True)
class ZoneResult:
    """What the rules conclude; every number is None where it does not apply or when `errors` is non-empty."""

    role: Role | None = None
    my_limit: float | None = None
    their_low: float | None = None
    their_high: float | None = None
    target: float | None = None
    state: State | None = None
    low: float | None = None
    high: float | None = None
    width: float | None = None
    gap: float | None = None
    target_position: TargetPosition | None = None
    errors: tuple[ZoneProblem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, Any]:
        """The shape shared with zone.mjs and the test vectors."""
        return {
            "role": self.role,
            "my_limit": self.my_limit,
            "their_low": self.their_low,
            "their_high": self.their_high,
            "target": self.target,
            "state": self.state,
            "low": self.low,
            "high": self.high,
            "width": self.width,
            "gap": self.gap,
            "target_position": self.target_position,
            "errors": [e.to_json() for e in self.errors],
        }


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def parse_amount(value: object, name: str) -> tuple[float | None, ZoneProblem | None]:
    """Read one optional amount: (None, None) when empty, (number, None) when fine, (None, problem) otherwise."""
    label = LABELS[name]
    if _is_empty(value):
        return None, None
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float):
        number = float(value) if math.isfinite(value) else None
    elif isinstance(value, str):
        text = value.strip()
        number = float(text.replace(",", "")) if _NUMBER.match(text) else None
    if number is None:
        return None, ZoneProblem(name, f"{label} must be a number, such as 8000 or 8,000.50.")
    if number < 0:
        return None, ZoneProblem(name, f"{label} cannot be negative.")
    if number > MAX_AMOUNT:
        return None, ZoneProblem(name, f"{label} is too large (at most 1,000,000,000,000).")
    if round_half_away(number, AMOUNT_DECIMALS) != number:  # it would print as another amount than it compares as
        return None, ZoneProblem(
            name, f"{label} has more than two decimals; enter it as it is shown, such as 8,000.50."
        )
    return number + 0.0, None  # + 0.0 turns -0.0 into 0.0, as in JavaScript's JSON


def compute_zone(
    role: object = None,
    my_limit: object = None,
    their_low: object = None,
    their_high: object = None,
    target: object = None,
) -> ZoneResult:
    """Apply the module's rules to raw entries (numbers or text) and return the state, zone, gap and target."""
    errors: list[ZoneProblem] = []
    role_text = role.strip().lower() if isinstance(role, str) else ""
    if role_text not in ("buyer", "seller"):
        errors.append(ZoneProblem("role", "Choose whether you are the buyer or the seller."))
    limit, problem = parse_amount(my_limit, "my_limit")
    if problem is None and limit is None:
        problem = ZoneProblem("my_limit", "Enter your walk-away limit.")
    if problem is not None:
        errors.append(problem)
    lo, problem_lo = parse_amount(their_low, "their_low")
    hi, problem_hi = parse_amount(their_high, "their_high")
    errors.extend(p for p in (problem_lo, problem_hi) if p is not None)
    if problem_lo is None and problem_hi is None:
        if lo is None and hi is None:
            errors.append(
                ZoneProblem(
                    "their_low",
                    "Enter your estimate of the other side's limit: one number, or a low and a high end.",
                )
            )
        elif lo is None:
            lo = hi
        elif hi is None:
            hi = lo
        elif lo > hi:
            errors.append(ZoneProblem("their_high", "The low end of your estimate is above the high end; swap them."))
    goal, problem = parse_amount(target, "target")
    if problem is not None:
        errors.append(problem)
    if errors or limit is None or lo is None or hi is None:
        return ZoneResult(errors=tuple(errors))
    buyer = role_text == "buyer"
    state: State
    low = high = width = gap = None
    if buyer:
        if hi <= limit:
            state, low, high = "exists", hi, limit
        elif lo > limit:
            state, gap = "none", lo - limit
        else:
            state = "uncertain"
    elif lo >= limit:
        state, low, high = "exists", limit, lo
    elif hi < limit:
        state, gap = "none", limit - hi
    else:
        state = "uncertain"
    if low is not None and high is not None:
        width = high - low
    position: TargetPosition | None = None
    if goal is not None:
        if (buyer and goal > limit) or (not buyer and goal < limit):
            position = "beyond_limit"
        elif low is not None and high is not None:
            position = "below" if goal < low else "above" if goal > high else "inside"
    return ZoneResult(
        role="buyer" if buyer else "seller",
        my_limit=limit,
        their_low=lo,
        their_high=hi,
        target=goal,
        state=state,
        low=low,
        high=high,
        width=width,
        gap=gap,
        target_position=position,
    )


def format_amount(value: float, unit: str = "") -> str:
    """Show an amount with thousands commas and at most two decimals, the unit before a symbol or after a word,
    the sign first (-$150).

    Rounds `value * 100` by the one rule (round_half_away, as zone.mjs does with roundHalfAway), so both print the same.
    """
    cents = int(round_half_away(abs(value) * 100))
    whole, frac = divmod(cents, 100)
    text = f"{whole:,}" + (f".{frac:02d}" if frac else "")
    sign = "-" if value < 0 and cents else ""
    unit = unit.strip()
    if not unit:
        return sign + text
    if len(unit) == 1 and not unit.isalnum():
        return sign + unit + text
    return f"{sign}{text} {unit}"


_POSITION_WORDS = {
    "below": "lies below the zone",
    "inside": "lies inside the zone",
    "above": "lies above the zone",
}


def summary(result: ZoneResult, unit: str = "") -> str:
    """One or two plain sentences for the page's live region and the PDF report; zone.mjs words it the same."""
    if result.errors:
        return " ".join(e.message for e in result.errors)

    def f(x: float | None) -> str:
        return format_amount(x or 0.0, unit)

    ranged = result.their_low != result.their_high
    if result.state == "exists":
        if result.width == 0:
            text = f"A bargaining zone exists, but it is a single point: {f(result.low)}."
        else:
            text = f"A bargaining zone exists from {f(result.low)} to {f(result.high)}, {f(result.width)} wide."
        if ranged:
            text += " It counts from the firmest end of your estimate of their limit."
    elif result.state == "none":
        text = f"No bargaining zone: a gap of {f(result.gap)} separates the two limits."
        if ranged:
            text += " That is the smallest gap your estimate allows."
    else:
        text = (
            f"Uncertain: your estimate of their limit, {f(result.their_low)} to {f(result.their_high)}, "
            f"straddles your own limit of {f(result.my_limit)}."
        )
    if result.target is not None:
        if result.target_position == "beyond_limit":
            text += f" Warning: your target of {f(result.target)} is past your own walk-away limit."
        elif result.target_position is not None:
            text += f" Your target of {f(result.target)} {_POSITION_WORDS[result.target_position]}."
    return text
