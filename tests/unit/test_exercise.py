"""The role-play's answer key: loading with located errors, the best joint outcome, the Pareto table."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import DealcraftError
from generator.exercise import in_project_units, load_exercise, money_unit
from generator.questionnaire.load import load_questionnaires

ROOT = Path(__file__).resolve().parents[2]
KEY = ROOT / "content" / "exercises" / "espresso-deal.yaml"


def test_the_key_loads() -> None:
    exercise = load_exercise(KEY)
    assert (exercise.limits.buyer, exercise.limits.seller) == (4200, 3600)
    assert [i.id for i in exercise.issues] == ["delivery", "warranty", "volume"]
    assert len(list(exercise.settlements())) == 27


def test_best_joint_outcome_by_hand() -> None:
    # Fast delivery (40 + 0), the long warranty (30 + 0) and the big order (0 + 40): 70 + 40 = 110.
    exercise = load_exercise(KEY)
    best = max(exercise.settlements(), key=lambda s: s.joint)
    assert best.choices == (("delivery", "weeks_2"), ("warranty", "years_3"), ("volume", "units_24"))
    assert (best.buyer, best.seller, exercise.best_joint_points()) == (70, 40, 110)


def test_pareto_front() -> None:
    front = [(s.buyer, s.seller) for s in load_exercise(KEY).pareto()]
    assert front == [(80, 0), (75, 20), (70, 40), (55, 46), (50, 55), (35, 61), (30, 70), (15, 76), (0, 80)]
    everything = list(load_exercise(KEY).settlements())
    for b, s in front:  # nothing beats a front point for both sides
        assert not any(o.buyer >= b and o.seller >= s and (o.buyer, o.seller) != (b, s) for o in everything)


def test_points_of_an_unsettled_issue_are_unknown() -> None:
    assert load_exercise(KEY).points("buyer", {"delivery": "weeks_2"}) is None


def test_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        KEY.read_text(encoding="utf-8")
        .replace("buyer: 40, seller: 0}", "buyer: -4, seller: 0}")
        .replace("  seller: 3600", "  seller: lots"),
        encoding="utf-8",
    )
    with pytest.raises(DealcraftError) as caught:
        load_exercise(bad)
    messages = [str(p) for p in caught.value.problems]
    lines = KEY.read_text(encoding="utf-8").splitlines()
    seller_line = next(n for n, t in enumerate(lines, 1) if t.strip() == "seller: 3600")
    option_line = next(n for n, t in enumerate(lines, 1) if "weeks_2" in t)
    assert any(m.startswith(f"{bad}:{seller_line}:") and "limits.seller" in m for m in messages), messages
    assert any(m.startswith(f"{bad}:{option_line}:") and "issues.0.options.0.buyer" in m for m in messages), messages


@pytest.mark.parametrize(
    ("key_unit", "currency", "shown"),
    [("$", "€", "$"), ("$", "", "$"), ("", "€", "€"), ("", "", ""), (" ", " CHF ", "CHF")],
)
def test_the_role_play_is_priced_in_its_keys_unit_else_the_report_currency(
    key_unit: str, currency: str, shown: str
) -> None:
    key = load_exercise(KEY).model_copy(update={"unit": key_unit})
    assert money_unit(key, currency) == key.priced_in(currency).unit == shown
    assert money_unit(None, currency) == currency.strip()


@pytest.mark.parametrize(("currency", "zone", "role_play"), [("€", "€", "$"), ("", "$", "$")])
def test_the_project_units_put_the_report_currency_on_the_zone_and_the_keys_unit_on_role_play_prices(
    currency: str, zone: str, role_play: str
) -> None:
    """One rule for every place a project's questionnaires are shown: the report currency, when set, replaces the
    questionnaire's own `currency: "$"` on its zone; the role-play's prices keep the answer key's unit."""
    shown = in_project_units(load_questionnaires(ROOT / "questionnaires"), load_exercise(KEY), currency)
    readiness, debrief = shown["deal-readiness"], shown["deal-debrief"]
    assert readiness.zone is not None and readiness.zone.unit == zone
    assert {readiness.question(q).unit for q in ("my_limit", "their_low", "their_high", "target")} == {zone}
    assert {debrief.question(q).unit for q in debrief.role_play_money} == {role_play}
