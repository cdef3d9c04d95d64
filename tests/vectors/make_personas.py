"""Writes tests/vectors/personas.json: the shipped questionnaires and the personas each must place in a band.

A persona is a kind of respondent a facilitator will meet (issue 13): the blind truster, the guarded sceptic, the
calibrated truster, the well-prepared one-off buyer facing a tough seller, and the person who agrees with
everything. Each persona's answers are built here from a description of how that person answers; the band it must
land in is written by hand below, from what the questionnaire claims to measure, not taken from a scorer.
pytest (tests/unit/test_personas.py) and node (tests/js/personas.test.mjs) score them with their own scorer.

Run `python tests/vectors/make_personas.py` after editing a questionnaire; pytest fails while the JSON is stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.questionnaire.load import load_questionnaire
from generator.questionnaire.model import Questionnaire

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).with_name("personas.json")
QIDS = ("trust-readiness", "deal-readiness")

Json = dict[str, Any]


def load(qid: str) -> Questionnaire:
    return load_questionnaire(ROOT / "questionnaires" / f"{qid}.yaml", ROOT / "content")


def habits(q: Questionnaire, positive: int, negative: int) -> Json:
    """Every one-sided likert item: `positive` on the items keyed forward, `negative` on the reversed ones."""
    out: Json = {}
    for item in q.questions:
        if item.type != "likert" or item.peak is not None or not item.dimension:
            continue
        if q.dimension(item.dimension).sides is not None:
            continue
        out[item.id] = negative if item.reverse else positive
    return out


def top_of_every_scale(q: Questionnaire) -> Json:
    """The acquiescent respondent: the highest point of every rating scale and the first option of every choice."""
    out: Json = {}
    for item in q.questions:
        if item.type == "likert":
            out[item.id] = q.scale_for(item).max
        elif item.type == "choice":
            out[item.id] = item.options[0].id
    return out


trust = load("trust-readiness")
deal = load("deal-readiness")
# A respondent with sound, not perfect, habits: "Often" for good habits, "Rarely" for the ones that get in the way.
SOUND = habits(trust, 4, 2)

PERSONAS: list[Json] = [
    {
        "name": "blind truster",
        "note": "Sound habits, but trusts a new counterpart completely: full trust at the first meeting, shares "
        "everything including the walk-away number, takes unchecked claims at face value, lets a broken promise "
        "go, gives complete benefit of the doubt.",
        "questionnaire": "trust-readiness",
        "answers": {
            **SOUND,
            "st_first_meeting": "full",
            "st_sharing": "everything",
            "st_unverified_claim": "accept",
            "st_broken_promise": "ignore",
            "st_benefit_of_doubt": 5,
            "st_adjust": 3,
        },
        "expect": {"overall": "developing", "dimensions": {"starting_trust": {"band": "early", "side": "high"}}},
        "recommendations_include": ["trust-blind"],
        "recommendations_exclude": ["trust-waits", "candour-and-trust", "all-ready"],
    },
    {
        "name": "guarded sceptic",
        "note": "The same habits, but trust has to be earned first: shares nothing until the other side has, "
        "treats unchecked claims as bluffs, stops relying on them after one late delivery, no benefit of the doubt.",
        "questionnaire": "trust-readiness",
        "answers": {
            **SOUND,
            "st_first_meeting": "wait",
            "st_sharing": "nothing",
            "st_unverified_claim": "dismiss",
            "st_broken_promise": "withdraw",
            "st_benefit_of_doubt": 1,
            "st_adjust": 3,
        },
        "expect": {"overall": "developing", "dimensions": {"starting_trust": {"band": "early", "side": "low"}}},
        "recommendations_include": ["trust-waits"],
        "recommendations_exclude": ["trust-blind", "all-ready"],
    },
    {
        "name": "calibrated truster",
        "note": "The same habits and a measured start: offers some trust, shares a real need or two and more as "
        "the other side does, checks claims by asking, asks about a broken promise, always adjusts.",
        "questionnaire": "trust-readiness",
        "answers": {
            **SOUND,
            "st_first_meeting": "little",
            "st_sharing": "some",
            "st_unverified_claim": "probe",
            "st_broken_promise": "ask",
            "st_benefit_of_doubt": 3,
            "st_adjust": 5,
        },
        "expect": {"overall": "ready", "dimensions": {"starting_trust": {"band": "ready", "side": None}}},
        "recommendations_include": ["all-ready"],
        "recommendations_exclude": ["trust-blind", "trust-waits"],
    },
    {
        "name": "calibrated truster leaning a little trusting",
        "note": "Calibrated in every choice, but gives a new counterpart 'a lot' of benefit of the doubt: the "
        "dimension stays calibrated, the result names the lean, and no warning about blind trust is shown.",
        "questionnaire": "trust-readiness",
        "answers": {
            **SOUND,
            "st_first_meeting": "little",
            "st_sharing": "some",
            "st_unverified_claim": "probe",
            "st_broken_promise": "ask",
            "st_benefit_of_doubt": 4,
            "st_adjust": 5,
        },
        "expect": {"overall": "ready", "dimensions": {"starting_trust": {"band": "ready", "side": "high"}}},
        "recommendations_include": ["all-ready"],
        "recommendations_exclude": ["trust-blind", "trust-waits"],
    },
    {
        "name": "agrees with everything (habits)",
        "note": "Answers 'Always' to every statement, the top of every scale, and the first option of every choice.",
        "questionnaire": "trust-readiness",
        "answers": top_of_every_scale(trust),
        "expect": {
            "overall": "developing",
            "dimensions": {d.id: {"band": "developing"} for d in trust.dimensions},
        },
        "recommendations_include": [],
        "recommendations_exclude": ["all-ready"],
    },
    {
        "name": "well-prepared one-off buyer facing a tough seller",
        "note": "Buying a used car by email with a day to decide, from a seller who looks out for themselves. Every "
        "preparation task done, disagrees with every habit that gets in the way, plans to get the best terms "
        "(a legitimate choice for a one-time deal), bases the reading of the seller on evidence, limit firm unless "
        "the alternative changes, email for summaries. A zone exists: limit 9,000, seller's 8,000 to 8,500.",
        "questionnaire": "deal-readiness",
        "answers": {
            **habits(deal, 3, 1),
            "deal_kind": "one_off",
            "their_approach": "self",
            "channel": "email",
            "time_available": "hours",
            "hz_one_off_plan": "best_terms",
            "hz_read_basis": "evidence",
            "lm_firmness": "alternative",
            "ct_writing_use": "records",
            "role": "buyer",
            "my_limit": 9000,
            "their_low": 8000,
            "their_high": 8500,
            "target": 8200,
        },
        "expect": {
            "overall": "ready",
            "dimensions": {d.id: {"band": "ready"} for d in deal.dimensions},
        },
        "recommendations_include": ["tough-counterpart", "move-off-email", "short-on-time", "zone-exists"],
        "recommendations_exclude": ["motivations-unclear", "limits-unsettled", "plan-trades", "missing-numbers"],
    },
    {
        "name": "agrees with everything (deal)",
        "note": "'Done' to every task, 'Strongly agree' to every statement, the first option of every choice.",
        "questionnaire": "deal-readiness",
        "answers": top_of_every_scale(deal),
        "expect": {"overall": "developing", "dimensions": {}},
        "recommendations_include": [],
        "recommendations_exclude": [],
    },
]


def main() -> None:
    names = [p["name"] for p in PERSONAS]
    assert len(names) == len(set(names)), "duplicate persona names"
    data = {
        "questionnaires": {qid: load(qid).to_client_json() for qid in QIDS},
        "personas": PERSONAS,
    }
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(PERSONAS)} personas to {OUT}")


if __name__ == "__main__":
    main()
