"""Checks on the three real questionnaires and the demo workshop: what a facilitator or a reviewer would check."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.answers.validate import parse_answers_document, read_answers_file
from generator.errors import DealcraftError
from generator.questionnaire.load import load_questionnaire, load_questionnaires, validate_paths
from generator.questionnaire.model import Questionnaire
from generator.scoring import score
from generator.zone import compute_zone, format_amount

ROOT = Path(__file__).resolve().parents[2]
QDIR = ROOT / "questionnaires"
CONTENT = ROOT / "content"
EXAMPLES = ROOT / "examples" / "workshop"
IDS = ("trust-readiness", "deal-readiness", "negotiation-concepts", "deal-debrief")
SCORED_EXAMPLES = ("trust-readiness", "deal-readiness")
INSTRUMENTS = ("trust-readiness", "deal-readiness", "negotiation-concepts")  # the measuring ones (issue 13)


def _load(qid: str) -> Questionnaire:
    return load_questionnaire(QDIR / f"{qid}.yaml", content_dir=CONTENT)


@pytest.fixture(scope="module")
def questionnaires() -> dict[str, Questionnaire]:
    return load_questionnaires(QDIR, content_dir=CONTENT)


@pytest.mark.parametrize("qid", IDS)
def test_validates_with_no_errors_and_no_instrument_warnings(qid: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The revised questionnaires (issue 13) pass the instrument lint: before, it found the best option always in
    one place and one-sided keying in deal-readiness and trust-readiness."""
    monkeypatch.chdir(QDIR.parent)
    problems = validate_paths([Path("questionnaires") / f"{qid}.yaml"], CONTENT)
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("qid", IDS)
def test_file_starts_with_the_schema_comment_for_editors(qid: str) -> None:
    first = (QDIR / f"{qid}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema.json"


@pytest.mark.parametrize("qid", IDS)
def test_every_dimension_has_at_least_four_items(qid: str) -> None:
    q = _load(qid)
    assert q.dimensions
    counts = {d.id: len(q.dimension_items(d.id)) for d in q.dimensions}
    assert all(n >= 4 for n in counts.values()), counts


@pytest.mark.parametrize("qid", SCORED_EXAMPLES)
def test_one_sided_likert_dimensions_mix_their_keying(qid: str) -> None:
    """Agreeing with everything must not read as readiness: each one-sided dimension has a reverse-keyed likert
    item, but no more than half of its items are reversed."""
    q = _load(qid)
    for d in q.dimensions:
        items = q.dimension_items(d.id)
        likert = [x for x in items if x.type == "likert" and x.peak is None]
        if d.sides is not None or not likert:
            continue
        reversed_ = [x for x in likert if x.reverse]
        assert 1 <= len(reversed_) <= len(items) / 2, (d.id, [x.id for x in reversed_])


@pytest.mark.parametrize("qid", INSTRUMENTS)
def test_best_option_varies_in_position_and_is_not_always_the_longest(qid: str) -> None:
    q = _load(qid)
    positions: set[int] = set()
    longest: list[bool] = []
    for x in q.questions:
        if x.type != "choice" or not x.scored:
            continue
        scores = [o.score or 0.0 for o in x.options]
        best = scores.index(max(scores))
        positions.add(best)
        lengths = [len(o.label) for o in x.options]
        longest.append(lengths[best] == max(lengths))
    assert len(positions) >= 2, positions
    assert (not all(longest) and any(longest)) or len(longest) < 3, longest


@pytest.mark.parametrize("qid", IDS)
def test_every_band_has_feedback_overall_and_per_dimension(qid: str) -> None:
    q = _load(qid)
    for band in q.bands:
        assert q.feedback.get(band.id, "").strip(), f"overall band {band.id} has no feedback"
    for d in q.dimensions:
        for band in q.bands_for(d.id):
            text = d.feedback.get(band.id, "").strip()
            assert text, f"{d.id}: band {band.id} has no feedback"
            assert text.count(".") >= 2, f"{d.id}/{band.id}: feedback should say what to practise next"


@pytest.mark.parametrize("qid", IDS)
def test_every_dimension_links_to_an_existing_guide_page_and_lists_practice(qid: str) -> None:
    q = _load(qid)
    for d in q.dimensions:
        assert d.guide and (CONTENT / d.guide).is_file(), f"{d.id}: guide {d.guide!r}"
        assert 3 <= len(d.practice) <= 4, f"{d.id}: {len(d.practice)} practice items"
    for r in q.recommendations:
        assert r.guide is None or (CONTENT / r.guide).is_file(), f"{r.id}: guide {r.guide!r}"


FREQUENCY = ["Never", "Rarely", "Sometimes", "Often", "Always"]
COMPLETION = ["Not yet", "Partly", "Done"]
AGREEMENT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]


def test_habits_are_asked_as_frequencies() -> None:
    q = _load("trust-readiness")
    for item in q.questions:
        if item.type == "likert" and item.peak is None:
            assert list(q.scale_for(item).labels) == FREQUENCY, item.id


def test_preparation_is_a_completion_checklist_and_plans_are_agreement_items() -> None:
    """Tasks ("Decide...", "Write down...") take not yet / partly / done; statements about a plan take agreement."""
    q = _load("deal-readiness")
    kinds = Counter()
    for item in q.questions:
        if item.type != "likert":
            continue
        labels = list(q.scale_for(item).labels)
        if labels == COMPLETION:
            kinds["completion"] += 1
            assert not item.reverse and not item.text.startswith("I "), item.id
        else:
            kinds["agreement"] += 1
            assert labels == AGREEMENT and item.reverse and item.text.startswith(("I ", "So far", "If ")), item.id
    assert kinds["completion"] >= 15 and kinds["agreement"] >= 4, kinds


def test_circumstances_are_recorded_but_not_scored() -> None:
    q = _load("deal-readiness")
    for qid in ("deal_kind", "their_approach", "channel", "time_available"):
        item = q.question(qid)
        assert item.dimension is None and all(o.score is None for o in item.options), qid
    flagged = {r.id for r in q.recommendations if r.kind == "circumstance"}
    assert {"tough-counterpart", "move-off-email", "short-on-time"} <= flagged


def test_a_tough_counterpart_or_a_tight_situation_does_not_lower_the_score() -> None:
    q = _load("deal-readiness")
    base = {"deal_kind": "repeat", "hz_satisfied": 3, "mv_own_reason": 2, "lm_no_deal_plan": 3, "cc_low_cost": 2}
    easy = score(q, {**base, "their_approach": "both", "channel": "in_person", "time_available": "weeks"})
    hard = score(q, {**base, "their_approach": "self", "channel": "email", "time_available": "hours"})
    assert easy.overall.score == hard.overall.score
    assert {"tough-counterpart", "move-off-email", "short-on-time"} <= set(hard.recommendations)


def test_knowledge_check_choices_have_one_right_answer_and_an_explanation() -> None:
    q = _load("negotiation-concepts")
    scored = [x for x in q.questions if x.dimension]
    assert 10 <= len(scored) <= 12
    for item in scored:
        assert item.type == "choice"
        scores = sorted(o.score for o in item.options if o.score is not None)
        assert len(scores) == len(item.options)
        assert scores == [0.0] * (len(scores) - 1) + [100.0], item.id
        assert item.explanation and item.explanation.strip(), item.id


def test_knowledge_check_uses_the_car_example() -> None:
    q = _load("negotiation-concepts")
    car = q.question("car_zone")
    assert "$9,000" in car.text and "$8,000" in car.text
    right = next(o for o in car.options if o.score == 100)
    assert "$8,000 to $9,000" in right.label


def test_guessing_does_not_pass_the_knowledge_check() -> None:
    """With one right option in each question, a guesser reaches "Mostly there" less than 1 time in 50 and
    "Solid" less than 1 in 1,000 (the binomial tail over the whole check)."""
    q = _load("negotiation-concepts")
    items = [x for x in q.questions if x.dimension]
    n = len(items)
    p = sum(1 / len(x.options) for x in items) / n  # every item has the same number of options here
    assert {len(x.options) for x in items} == {4}
    bands = {b.id: b.min for b in q.bands}

    def tail(k: int) -> float:
        return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1))

    need = {band: math.ceil(low / 100 * n - 1e-9) for band, low in bands.items()}
    assert tail(need["developing"]) < 0.02 and tail(need["ready"]) < 0.001, need


def _trust(q: Questionnaire, choices: dict[str, str], benefit: int, adjust: int) -> dict[str, object]:
    return {**choices, "st_benefit_of_doubt": benefit, "st_adjust": adjust}


def test_starting_trust_scores_both_extremes_below_calibrated_trust_and_names_the_direction() -> None:
    q = _load("trust-readiness")
    zero = _trust(
        q,
        {
            "st_first_meeting": "wait",
            "st_sharing": "nothing",
            "st_unverified_claim": "dismiss",
            "st_broken_promise": "withdraw",
        },
        1,
        3,
    )
    blind = _trust(
        q,
        {
            "st_first_meeting": "full",
            "st_sharing": "everything",
            "st_unverified_claim": "accept",
            "st_broken_promise": "ignore",
        },
        5,
        3,
    )
    calibrated = _trust(
        q,
        {
            "st_first_meeting": "little",
            "st_sharing": "some",
            "st_unverified_claim": "probe",
            "st_broken_promise": "ask",
        },
        3,
        5,
    )
    results = {name: score(q, a) for name, a in (("zero", zero), ("blind", blind), ("calibrated", calibrated))}
    st = {name: r.dimensions["starting_trust"] for name, r in results.items()}
    assert st["calibrated"].score == 100 and st["calibrated"].band == "ready" and st["calibrated"].side is None
    assert st["zero"].band == "early" and st["zero"].side == "low"
    assert st["blind"].band == "early" and st["blind"].side == "high"
    assert max(st["zero"].score or 0, st["blind"].score or 0) < 40  # both extremes are far from ready
    assert "trust-waits" in results["zero"].recommendations and "trust-blind" not in results["zero"].recommendations
    assert "trust-blind" in results["blind"].recommendations and "trust-waits" not in results["blind"].recommendations


def _deal_answers(role: str | None, mine: float | None, low: float | None, high: float | None) -> dict[str, object]:
    answers: dict[str, object] = {"deal_kind": "repeat"}
    for key, value in (("role", role), ("my_limit", mine), ("their_low", low), ("their_high", high)):
        if value is not None:
            answers[key] = value
    return answers


def test_deal_readiness_tells_the_car_example_as_the_guide_does() -> None:
    q = _load("deal-readiness")
    yes = score(q, _deal_answers("buyer", 9000, 8000, 8000))
    assert yes.computed["zone_exists"] is True
    assert yes.computed["limit_distance"] == 1000
    assert "no-zone" not in yes.recommendations
    no = score(q, _deal_answers("buyer", 8000, 9000, 9000))
    assert no.computed["zone_none"] is True
    assert no.computed["limit_distance"] == 1000
    assert "no-zone" in no.recommendations


AMOUNTS = (None, 7000, 8000, 9000, 10000)


@pytest.mark.parametrize("role", ["buyer", "seller", None])
def test_deal_readiness_zone_flags_agree_with_the_calculator_rules(role: str | None) -> None:
    q = _load("deal-readiness")
    for mine in AMOUNTS:
        for low in AMOUNTS:
            for high in AMOUNTS:
                result = score(q, _deal_answers(role, mine, low, high))
                zone = compute_zone(role, mine, low, high)
                flags = {s for s in ("exists", "none", "uncertain") if result.computed[f"zone_{s}"]}
                expected = {zone.state} if zone.ok and zone.state else set()
                assert flags == expected, (role, mine, low, high)
                if zone.state == "exists":
                    assert result.computed["limit_distance"] == zone.width
                if zone.state == "none":
                    assert result.computed["limit_distance"] == zone.gap


def _deal_document(q: Questionnaire, **amounts: float) -> dict[str, object]:
    answers: dict[str, object] = {"deal_kind": "repeat", "role": "buyer", **amounts}
    return {"questionnaire": q.id, "version": q.version, "answers": answers}


def test_deal_readiness_refuses_an_amount_that_would_print_as_another() -> None:
    """A buyer's limit of 100.004 against a seller at 100 said "a bargaining zone exists" beside a distance shown
    as 0 (money is shown to the cent), and the zero-width advice did not fire. Such an answer is refused, named."""
    q = _load("deal-readiness")
    with pytest.raises(DealcraftError) as caught:
        parse_answers_document(
            _deal_document(q, my_limit=100.004, their_low=100, their_high=100), "buyer.json", {q.id: q}
        )
    assert [str(p) for p in caught.value.problems] == [
        "buyer.json: answers.my_limit: 100.004 has more than 2 decimals; results and reports show numbers to 2, "
        "so it would print as another number"
    ]
    at_the_cent = score(q, _deal_answers("buyer", 100.01, 100, 100))
    assert format_amount(at_the_cent.computed["limit_distance"]) == "0.01"
    assert "zone-exists" in at_the_cent.recommendations


_AMOUNT = st.one_of(
    st.integers(0, 2_000_000).map(lambda cents: cents / 100),
    st.integers(99_990, 100_010).map(lambda mills: mills / 1000),  # around 100, to the tenth of a cent
    st.floats(0, 1e6, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300, deadline=None)
@given(role=st.sampled_from(["buyer", "seller"]), mine=_AMOUNT, low=_AMOUNT, high=_AMOUNT)
def test_deal_readiness_zone_advice_agrees_with_the_distance_as_printed(
    role: str, mine: float, low: float, high: float
) -> None:
    """For every answers document the validator accepts, "a zone exists" fires when the distance prints as more
    than 0 and the zero-width advice when it prints as 0: the text and the number cannot disagree."""
    q = _load("deal-readiness")
    data = _deal_document(q, my_limit=mine, their_low=low, their_high=high)
    data["answers"]["role"] = role  # type: ignore[index]
    try:
        document = parse_answers_document(data, "a.json", {q.id: q})
    except DealcraftError:
        return  # refused, with a message naming the field
    result = score(q, document.answers)
    if not result.computed["zone_exists"]:
        return
    printed = format_amount(result.computed["limit_distance"])
    assert ("zone-exists" in result.recommendations) is (printed != "0"), (mine, low, high, printed)
    assert ("zero-width-zone" in result.recommendations) is (printed == "0"), (mine, low, high, printed)


def test_deal_readiness_asks_for_missing_numbers_and_tests_an_uncertain_zone() -> None:
    q = _load("deal-readiness")
    missing = score(q, _deal_answers("buyer", 9000, None, None))
    assert "missing-numbers" in missing.recommendations
    assert missing.computed["limit_distance"] is None
    uncertain = score(q, _deal_answers("seller", 8000, 7000, 9000))
    assert uncertain.computed["zone_uncertain"] is True
    assert "uncertain-zone" in uncertain.recommendations


def test_deal_readiness_follow_up_depends_on_the_kind_of_deal() -> None:
    q = _load("deal-readiness")
    one_off = score(q, {"deal_kind": "one_off", "hz_later_dealings": 3, "hz_one_off_plan": "win_win"})
    repeat = score(q, {"deal_kind": "repeat", "hz_later_dealings": 3, "hz_one_off_plan": "undecided"})
    assert "hz_one_off_plan" in one_off.active and "hz_later_dealings" not in one_off.active
    assert "hz_later_dealings" in repeat.active and "hz_one_off_plan" not in repeat.active
    assert one_off.dimensions["horizon"].score == 100
    assert repeat.dimensions["horizon"].score == 100
    # The help says both approaches to a one-time deal are legitimate, and they score the same.
    hard = score(q, {"deal_kind": "one_off", "hz_one_off_plan": "best_terms"})
    assert hard.dimensions["horizon"].score == one_off.dimensions["horizon"].score


def _example_files(qid: str) -> list[Path]:
    return sorted((EXAMPLES / qid).glob("*.json"))


@pytest.mark.parametrize("qid", SCORED_EXAMPLES)
def test_examples_score_without_errors_or_warnings(qid: str, questionnaires: dict[str, Questionnaire]) -> None:
    files = _example_files(qid)
    assert len(files) == 12
    for path in files:
        doc = read_answers_file(path, questionnaires)
        result = score(questionnaires[qid], doc.answers)
        assert result.warnings == (), path.name
        assert result.overall.score is not None, path.name


def test_the_same_twelve_people_answered_both_questionnaires() -> None:
    def people(qid: str) -> set[tuple[str, str]]:
        docs = [json.loads(p.read_text(encoding="utf-8")) for p in _example_files(qid)]
        return {(d["respondent"]["name"], d["respondent"]["email"]) for d in docs}

    assert people("trust-readiness") == people("deal-readiness")
    names = {name for name, _ in people("trust-readiness")}
    assert any("\u4e00" <= ch <= "\u9fff" for n in names for ch in n), "a Chinese name"
    assert any("\u0600" <= ch <= "\u06ff" for n in names for ch in n), "an Arabic name"


def test_examples_cover_every_zone_state_and_varied_bands(questionnaires: dict[str, Questionnaire]) -> None:
    q = questionnaires["deal-readiness"]
    states: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    for path in _example_files("deal-readiness"):
        answers = read_answers_file(path, questionnaires).answers
        result = score(q, answers)
        roles[str(answers.get("role"))] += 1
        states.update(s for s in ("exists", "none", "uncertain") if result.computed[f"zone_{s}"])
        if "missing-numbers" in result.recommendations:
            states["missing"] += 1
    assert all(states[s] >= 1 for s in ("exists", "none", "uncertain", "missing")), states
    assert roles["seller"] >= 1 and roles["buyer"] >= 1
    for qid in SCORED_EXAMPLES:
        bands = Counter(
            score(questionnaires[qid], read_answers_file(p, questionnaires).answers).overall.band
            for p in _example_files(qid)
        )
        assert set(bands) == {"early", "developing", "ready"}, (qid, bands)
