"""Writes tests/vectors/scoring.json: questionnaire + answers -> the expected `dealcraft score --json` output.

The expected numbers are written here as the arithmetic of issue 3's scoring rules, case by case, in the
specified operation order (likert `(v' - a) / (b - a) * 100`, dimension `sum(w*s) / sum(w)` in question
order, multi means in answer order), on purpose without importing generator.scoring or any other scorer:
the vectors are the independent cross-check of the Python and the JavaScript scorers.

Run `python tests/vectors/make_scoring.py` after editing; the JSON is committed so node needs no Python.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("scoring.json")

SCALE = {"min": 1, "max": 5, "labels": ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]}
BANDS = [
    {"id": "early", "min": 0, "label": "Early"},
    {"id": "developing", "min": 40, "label": "Developing"},
    {"id": "ready", "min": 70, "label": "Ready"},
]
GUIDE = "steps/win-win-or-zero-sum.md"

Json = dict[str, Any]


# ------------------------------------------------------------------ questionnaire builders


def dim(did: str, weight: float | None = None, bands: list[Json] | None = None) -> Json:
    d: Json = {"id": did, "title": f"Dimension {did}", "guide": GUIDE}
    if weight is not None:
        d["weight"] = weight
    if bands is not None:
        d["bands"] = bands
    return d


def likert(qid: str, dimension: str | None = "d", **extra: Any) -> Json:
    q: Json = {"id": qid, "type": "likert", "text": f"Statement {qid}."}
    if dimension:
        q["dimension"] = dimension
    q.update(extra)
    return q


def opts(**scores: float | None) -> list[Json]:
    out = []
    for oid, score in scores.items():
        o: Json = {"id": oid, "label": f"Option {oid}"}
        if score is not None:
            o["score"] = score
        out.append(o)
    return out


def choice(qid: str, options: list[Json], dimension: str | None = "d", **extra: Any) -> Json:
    q: Json = {"id": qid, "type": "choice", "text": f"Question {qid}?", "options": options}
    if dimension:
        q["dimension"] = dimension
    q.update(extra)
    return q


def multi(qid: str, options: list[Json], dimension: str | None = "d", **extra: Any) -> Json:
    q = choice(qid, options, dimension, **extra)
    q["type"] = "multi"
    return q


def number(qid: str, **extra: Any) -> Json:
    return {"id": qid, "type": "number", "text": f"Number {qid}?", **extra}


def text(qid: str, **extra: Any) -> Json:
    return {"id": qid, "type": "text", "text": f"Text {qid}?", **extra}


def scale(lo: int, hi: int) -> Json:
    return {"min": lo, "max": hi, "labels": [f"Point {v}" for v in range(lo, hi + 1)]}


def rec(rid: str, when: str) -> Json:
    return {"id": rid, "when": when, "text": f"Recommendation {rid}.", "guide": GUIDE}


def comp(cid: str, expr: str) -> Json:
    return {"id": cid, "expr": expr, "label": f"Computed {cid}"}


def questionnaire(
    questions: list[Json],
    dims: list[Json] | None = None,
    computed: list[Json] | None = None,
    recommendations: list[Json] | None = None,
    version: int = 1,
) -> Json:
    return {
        "id": "vectors",
        "title": "Scoring vectors",
        "version": version,
        "scale": SCALE,
        "bands": BANDS,
        "dimensions": dims if dims is not None else [dim("d")],
        "questions": questions,
        "computed": computed or [],
        "recommendations": recommendations or [],
    }


# ------------------------------------------------------------------ the rules as plain arithmetic


def lik(v: int, a: int = 1, b: int = 5, reverse: bool = False) -> float:
    """Issue 3 rule 2 in its operation order."""
    v2 = a + b - v if reverse else v
    return (v2 - a) / (b - a) * 100


def wmean(pairs: list[tuple[float, float]]) -> float:
    """sum(w*s) / sum(w), summed left to right (rules 3 and 4)."""
    top: float = 0
    bottom: float = 0
    for w, s in pairs:
        top = top + w * s
        bottom = bottom + w
    return top / bottom


def mean(scores: list[float]) -> float:
    total: float = 0
    for s in scores:
        total = total + s
    return total / len(scores)


def rha(x: float, n: int = 0) -> float:
    """Half away from zero, the contract's formula."""
    m = math.floor(abs(x) * 10**n + 0.5) / 10**n
    return m if x >= 0 else -m


def band(score: float | None, bands: list[Json] = BANDS) -> str | None:
    """The band of the score as shown (rounded half away from zero): 39.6 shows as 40 and is in the band from 40."""
    if score is None:
        return None
    found = None
    for b in sorted(bands, key=lambda b: b["min"]):
        if b["min"] <= rha(score):
            found = b["id"]
    return found


def expected(
    dims: dict[str, float | None],
    overall: float | None,
    computed: Json | None = None,
    recommendations: list[str] | None = None,
    dim_bands: dict[str, list[Json]] | None = None,
    version: int = 1,
) -> Json:
    dim_bands = dim_bands or {}
    return {
        "questionnaire": "vectors",
        "version": version,
        "dimensions": {d: {"score": s, "band": band(s, dim_bands.get(d, BANDS))} for d, s in dims.items()},
        "overall": {"score": overall, "band": band(overall)},
        "computed": computed or {},
        "recommendations": recommendations or [],
    }


CASES: list[Json] = []


def case(name: str, note: str, q: Json, answers: Json, exp: Json, missing: list[str] | None = None) -> None:
    CASES.append(
        {
            "name": name,
            "note": note,
            "questionnaire": q,
            "answers": answers,
            "expected": exp,
            "expected_missing": missing or [],
        }
    )


# ------------------------------------------------------------------ 1-10: computed by hand (see notes)

three = [likert("q1"), likert("q2"), likert("q3")]
case(
    "likert-plain",
    "Scale 1..5. q1=4: (4-1)/(5-1)*100 = 0.75*100 = 75; q2=2: (2-1)/4*100 = 25; q3=5: 4/4*100 = 100. "
    "d = (1*75 + 1*25 + 1*100)/(1+1+1) = 200/3 = 66.666...67 -> developing (40 <= 66.67 < 70). "
    "Overall = d (one dimension, weight 1).",
    questionnaire(three),
    {"q1": 4, "q2": 2, "q3": 5},
    expected({"d": 200 / 3}, 200 / 3),
)
assert wmean([(1, lik(4)), (1, lik(2)), (1, lik(5))]) == 200 / 3

case(
    "likert-reverse-tie-62.5",
    "q1 reversed, answer 2: v' = 1+5-2 = 4 -> (4-1)/4*100 = 75. q2=3: (3-1)/4*100 = 50. "
    "d = (75+50)/2 = 62.5 -> developing; shown rounded half away as 63.",
    questionnaire([likert("q1", reverse=True), likert("q2")]),
    {"q1": 2, "q2": 3},
    expected({"d": 62.5}, 62.5),
)
assert wmean([(1, lik(2, reverse=True)), (1, lik(3))]) == 62.5

case(
    "item-weights",
    "q1 weight 1, answer 5 -> 100; q2 weight 3, answer 2 -> 25. d = (1*100 + 3*25)/(1+3) = 175/4 = 43.75 "
    "-> developing.",
    questionnaire([likert("q1", weight=1), likert("q2", weight=3)]),
    {"q1": 5, "q2": 2},
    expected({"d": 43.75}, 43.75),
)

abc = opts(a=0, b=40, c=100)
case(
    "choice-and-likert",
    "q1 choice 'c' scores 100 (the option's score); q2 likert 1 -> (1-1)/4*100 = 0. d = (100+0)/2 = 50 -> developing.",
    questionnaire([choice("q1", abc), likert("q2")]),
    {"q1": "c", "q2": 1},
    expected({"d": 50.0}, 50.0),
)

xyz = opts(x=20, y=50, z=100)
case(
    "multi-mean",
    "q1 multi ['z', 'x']: mean in answer order (100 + 20)/2 = 60. q2 likert 5 -> 100. d = (60+100)/2 = 80 -> ready.",
    questionnaire([multi("q1", xyz), likert("q2")]),
    {"q1": ["z", "x"], "q2": 5},
    expected({"d": 80.0}, 80.0),
)

case(
    "multi-empty-is-unanswered",
    "q1 multi [] is unanswered: it adds nothing and is reported missing (multi is required by default). "
    "q2=3 -> (3-1)/4*100 = 50. d = 50/1 = 50 -> developing.",
    questionnaire([multi("q1", xyz), likert("q2")]),
    {"q1": [], "q2": 3},
    expected({"d": 50.0}, 50.0),
    missing=["q1"],
)

case(
    "own-scale-0-10",
    "q1 has its own scale 0..10, answer 7: (7-0)/(10-0)*100 = 0.7*100 = 70.0 exactly in IEEE doubles. "
    "q2 uses the default 1..5, answer 4 -> 75. d = (70+75)/2 = 72.5 -> ready.",
    questionnaire([likert("q1", scale=scale(0, 10)), likert("q2")]),
    {"q1": 7, "q2": 4},
    expected({"d": 72.5}, 72.5),
)
assert lik(7, 0, 10) == 70.0

two_dims = [dim("a", weight=2), dim("b", weight=1)]
case(
    "dimension-weights-overall",
    "Dimension a (weight 2): q1=4 -> 75. Dimension b (weight 1): q2=2 -> 25. "
    "overall = (2*75 + 1*25)/(2+1) = 175/3 = 58.333...336 -> developing.",
    questionnaire([likert("q1", dimension="a"), likert("q2", dimension="b")], dims=two_dims),
    {"q1": 4, "q2": 2},
    expected({"a": 75.0, "b": 25.0}, 175 / 3),
)

case(
    "dimension-without-answers-is-null",
    "a: q1=5 -> 100. b: q2 unanswered -> no items -> score null, band null (rule 3). "
    "overall over non-null dimensions only: (2*100)/2 = 100 -> ready. q2 is reported missing.",
    questionnaire([likert("q1", dimension="a"), likert("q2", dimension="b")], dims=two_dims),
    {"q1": 5},
    expected({"a": 100.0, "b": None}, 100.0),
    missing=["q2"],
)

case(
    "nothing-answered",
    "No answers: every dimension null, overall null (rule 4), no bands; every required question is missing.",
    questionnaire([likert("q1", dimension="a"), likert("q2", dimension="b")], dims=two_dims),
    {},
    expected({"a": None, "b": None}, None),
    missing=["q1", "q2"],
)

# ------------------------------------------------------------------ show_if and stale answers

kind = choice("kind", opts(one_off=None, repeat=None), dimension=None)
gated = [kind, likert("q1", show_if="kind == 'repeat'"), likert("q2")]
case(
    "show-if-hides-stale-answer",
    "kind='one_off' so q1 (show_if kind == 'repeat') is inactive and its answer 5 is ignored. "
    "q2=2 -> 25. d = 25 -> early.",
    questionnaire(gated),
    {"kind": "one_off", "q1": 5, "q2": 2},
    expected({"d": 25.0}, 25.0),
)
case(
    "show-if-shows",
    "kind='repeat' so q1 is active: q1=5 -> 100, q2=2 -> 25. d = (100+25)/2 = 62.5 -> developing.",
    questionnaire(gated),
    {"kind": "repeat", "q1": 5, "q2": 2},
    expected({"d": 62.5}, 62.5),
)
case(
    "show-if-unanswered-controller",
    "kind unanswered: null == 'repeat' is false, q1 inactive (its answer ignored, not missing). "
    "kind is a choice, required by default, so it is missing. q2=4 -> 75.",
    questionnaire(gated),
    {"q1": 1, "q2": 4},
    expected({"d": 75.0}, 75.0),
    missing=["kind"],
)
case(
    "show-if-cascade",
    "q1 is hidden (kind='one_off'), so in q3's show_if answered(q1) sees null even though q1 has a stale "
    "answer: q3 is hidden too. Only q2=3 -> 50 counts.",
    questionnaire([kind, likert("q1", show_if="kind == 'repeat'"), likert("q2"), likert("q3", show_if="answered(q1)")]),
    {"kind": "one_off", "q1": 4, "q2": 3, "q3": 5},
    expected({"d": 50.0}, 50.0),
)
case(
    "inactive-required-not-missing",
    "q1 is hidden and unanswered: not missing. q2 is active, required and unanswered: missing. "
    "No scored answers: d null, overall null.",
    questionnaire(gated),
    {"kind": "one_off"},
    expected({"d": None}, None),
    missing=["q2"],
)
case(
    "stale-answers-read-as-null",
    "n is a number question shown only when kind == 'repeat'. With kind='one_off' its stale answer 12 reads as "
    "null everywhere: computed double = n * 2 -> null, seen = answered(n) -> false; the recommendation "
    "'when: n == null' fires.",
    questionnaire(
        [kind, number("n", show_if="kind == 'repeat'"), likert("q1")],
        computed=[comp("double", "n * 2"), comp("seen", "answered(n)")],
        recommendations=[rec("no-n", "n == null"), rec("has-n", "n != null")],
    ),
    {"kind": "one_off", "n": 12, "q1": 3},
    expected({"d": 50.0}, 50.0, {"double": None, "seen": False}, ["no-n"]),
)

# ------------------------------------------------------------------ bands

scores = choice("q1", opts(zero=0, forty=40, seventy=70, hundred=100))
for answer, value, name in [
    ("zero", 0.0, "0"),
    ("forty", 40.0, "40"),
    ("seventy", 70.0, "70"),
    ("hundred", 100.0, "100"),
]:
    case(
        f"band-boundary-{name}",
        f"A score exactly equal to a band's min takes that band (rule 5): {value} -> {band(value)}.",
        questionnaire([scores]),
        {"q1": answer},
        expected({"d": value}, value),
    )

own_bands = [
    {"id": "low", "min": 0, "label": "Low"},
    {"id": "mid", "min": 30, "label": "Mid"},
    {"id": "high", "min": 50, "label": "High"},
]
case(
    "per-dimension-bands",
    "Dimension a has its own bands (low 0, mid 30, high 50); b uses the questionnaire's. Both score 50: "
    "a -> high, b -> developing. Overall always uses the questionnaire's bands: 50 -> developing.",
    questionnaire(
        [likert("q1", dimension="a"), likert("q2", dimension="b")], dims=[dim("a", bands=own_bands), dim("b")]
    ),
    {"q1": 3, "q2": 3},
    expected({"a": 50.0, "b": 50.0}, 50.0, dim_bands={"a": own_bands}),
)
case(
    "per-dimension-bands-below-boundary",
    "a's own bands; q1=2 -> 25 -> low (below mid's 30). b=5 -> 100. overall (25+100)/2 = 62.5 -> developing.",
    questionnaire(
        [likert("q1", dimension="a"), likert("q2", dimension="b")], dims=[dim("a", bands=own_bands), dim("b")]
    ),
    {"q1": 2, "q2": 5},
    expected({"a": 25.0, "b": 100.0}, 62.5, dim_bands={"a": own_bands}),
)
pass_bands = [{"id": "fail", "min": 0, "label": "Fail"}, {"id": "pass", "min": 83, "label": "Pass"}]
case(
    "float-just-above-a-whole-start",
    "Own scale 1..7, answer 6: (6-1)/(7-1)*100 = 83.33333333333334 in IEEE doubles, shown as 83, so band pass "
    "(min 83). Band mins are whole numbers and bands are looked up on the shown score, so a float a hair above "
    "or below 83 cannot change the band.",
    questionnaire([likert("q1", scale=scale(1, 7))], dims=[dim("d", bands=pass_bands)]),
    {"q1": 6},
    expected({"d": lik(6, 1, 7)}, lik(6, 1, 7), dim_bands={"d": pass_bands}),
)
assert lik(6, 1, 7) == 83.33333333333334 and rha(lik(6, 1, 7)) == 83
case(
    "band-of-the-shown-score-tie-rounds-up",
    "One choice option scoring 39.5: dimension and overall 39.5, shown as 40 (half away from zero), so the band "
    "is developing (from 40), not early: the page never reads '40 · Early'.",
    questionnaire([choice("q1", opts(mid=39.5, none=0))]),
    {"q1": "mid"},
    expected({"d": 39.5}, 39.5),
)
assert band(39.5) == "developing"
case(
    "band-of-the-shown-score-just-under-the-tie",
    "One choice option scoring 39.49: shown as 39, band early.",
    questionnaire([choice("q1", opts(mid=39.49, none=0))]),
    {"q1": "mid"},
    expected({"d": 39.49}, 39.49),
)
assert band(39.49) == "early"
case(
    "band-of-the-shown-score-39-6",
    "One choice option scoring 39.6: shown as 40, band developing. In a `when`, score.d is the score as shown, "
    "40, the number the band was looked up on: `band.d == 'developing'`, `score.d >= 40` and `score.d == 40` "
    "fire; `score.d < 40` does not, so no advice for 'below 40' sits beside a printed 40.",
    questionnaire(
        [choice("q1", opts(mid=39.6, none=0))],
        recommendations=[
            rec("banded", "band.d == 'developing'"),
            rec("below", "score.d < 40"),
            rec("from-40", "score.d >= 40"),
            rec("is-40", "score.d == 40"),
        ],
    ),
    {"q1": "mid"},
    expected({"d": 39.6}, 39.6, recommendations=["banded", "from-40", "is-40"]),
)
assert rha(39.6) == 40
case(
    "band-of-the-shown-weighted-mean-tie",
    "Likert weights 39 and 11 on 1..5, answers 4 (75) and 3 (50): (39*75 + 11*50)/(39+11) = 3475/50 = 69.5 "
    "exactly, shown as 70, band ready.",
    questionnaire([likert("q1", weight=39), likert("q2", weight=11)]),
    {"q1": 4, "q2": 3},
    expected({"d": 69.5}, 69.5),
)
assert (39 * 75.0 + 11 * 50.0) / (39 + 11) == 69.5 and band(69.5) == "ready"

# ------------------------------------------------------------------ operation order

case(
    "likert-operation-order-1-7",
    "Own scale 1..7, answer 5: (5-1)/(7-1)*100 = 0.666...6*100 = 66.66666666666666; the other order "
    "(4*100/6) would give 66.66666666666667.",
    questionnaire([likert("q1", scale=scale(1, 7))]),
    {"q1": 5},
    expected({"d": lik(5, 1, 7)}, lik(5, 1, 7)),
)
assert lik(5, 1, 7) == 66.66666666666666
case(
    "reverse-own-scale-1-7",
    "Own scale 1..7 reversed, answer 6: v' = 1+7-6 = 2 -> (2-1)/6*100 = 16.666666666666664. "
    "q2 default scale, answer 1 -> 0; weight 2. d = (1*16.67 + 2*0)/3.",
    questionnaire([likert("q1", scale=scale(1, 7), reverse=True), likert("q2", weight=2)]),
    {"q1": 6, "q2": 1},
    expected({"d": wmean([(1, lik(6, 1, 7, True)), (2, 0.0)])}, wmean([(1, lik(6, 1, 7, True)), (2, 0.0)])),
)
tenths = opts(p=0.1, q=0.2, r=0.3)
case(
    "multi-sum-in-answer-order",
    "Option scores 0.1, 0.2, 0.3 answered ['p', 'q', 'r']: (0.1+0.2+0.3)/3 = 0.6000000000000001/3 "
    "= 0.20000000000000004.",
    questionnaire([multi("q1", tenths)]),
    {"q1": ["p", "q", "r"]},
    expected({"d": mean([0.1, 0.2, 0.3])}, mean([0.1, 0.2, 0.3])),
)
case(
    "multi-sum-in-answer-order-reversed",
    "Same options answered ['r', 'q', 'p']: (0.3+0.2+0.1)/3 = 0.6/3 = 0.19999999999999998.",
    questionnaire([multi("q1", tenths)]),
    {"q1": ["r", "q", "p"]},
    expected({"d": mean([0.3, 0.2, 0.1])}, mean([0.3, 0.2, 0.1])),
)
assert mean([0.1, 0.2, 0.3]) != mean([0.3, 0.2, 0.1])
case(
    "dimension-sum-in-question-order",
    "Three choice items scoring 0.1, 0.2, 0.3 in file order (the answers object lists them backwards): "
    "(1*0.1 + 1*0.2 + 1*0.3)/3 = 0.20000000000000004.",
    questionnaire([choice("q1", tenths), choice("q2", tenths), choice("q3", tenths)]),
    {"q3": "r", "q2": "q", "q1": "p"},
    expected({"d": wmean([(1, 0.1), (1, 0.2), (1, 0.3)])}, wmean([(1, 0.1), (1, 0.2), (1, 0.3)])),
)
case(
    "overall-sum-in-dimension-order",
    "Dimensions a, b, c (weights 1, listed in that order) score 0.3, 0.2, 0.1; their questions are listed "
    "c, b, a. Overall sums in dimension order: (0.3+0.2+0.1)/3 = 0.6/3 = 0.19999999999999998 "
    "(question order would give 0.6000000000000001/3 = 0.20000000000000004).",
    questionnaire(
        [choice("q3", tenths, dimension="c"), choice("q2", tenths, dimension="b"), choice("q1", tenths, dimension="a")],
        dims=[dim("a"), dim("b"), dim("c")],
    ),
    {"q1": "r", "q2": "q", "q3": "p"},
    expected({"a": 0.3, "b": 0.2, "c": 0.1}, wmean([(1, 0.3), (1, 0.2), (1, 0.1)])),
)
assert wmean([(1, 0.3), (1, 0.2), (1, 0.1)]) != wmean([(1, 0.1), (1, 0.2), (1, 0.3)])
three_dims = [dim("a", weight=3), dim("b", weight=1), dim("c", weight=2)]
case(
    "overall-skips-null-dimension",
    "Weights a=3, b=1, c=2; b has no answers. a: q1=4 -> 75, c: q3=2 -> 25. overall = (3*75 + 2*25)/(3+2) = 55.",
    questionnaire(
        [likert("q1", dimension="a"), likert("q2", dimension="b"), likert("q3", dimension="c")], dims=three_dims
    ),
    {"q1": 4, "q3": 2},
    expected({"a": 75.0, "b": None, "c": 25.0}, wmean([(3, 75.0), (2, 25.0)])),
    missing=["q2"],
)
case(
    "fractional-weights",
    "q1 weight 0.5 answer 5 -> 100; q2 weight 1.5 answer 2 -> 25: (0.5*100 + 1.5*25)/(0.5+1.5) = 87.5/2 = 43.75.",
    questionnaire([likert("q1", weight=0.5), likert("q2", weight=1.5)]),
    {"q1": 5, "q2": 2},
    expected({"d": 43.75}, 43.75),
)
case(
    "likert-ends",
    "Answer 1 -> 0, reversed answer 1 -> v'=5 -> 100, answer 5 reversed -> 0. d = (0+100+0)/3 = 33.333...33.",
    questionnaire([likert("q1"), likert("q2", reverse=True), likert("q3", reverse=True)]),
    {"q1": 1, "q2": 1, "q3": 5},
    expected({"d": 100 / 3}, 100 / 3),
)

# ------------------------------------------------------------------ required and unscored questions

case(
    "unscored-choice-feeds-expressions",
    "kind has option scores but no dimension: not scored, yet recommendations read it. q1=4 -> 75.",
    questionnaire(
        [choice("kind", opts(one_off=0, repeat=100), dimension=None), likert("q1")],
        recommendations=[rec("repeat", "kind == 'repeat'"), rec("one-off", "kind == 'one_off'")],
    ),
    {"kind": "repeat", "q1": 4},
    expected({"d": 75.0}, 75.0, recommendations=["repeat"]),
)
case(
    "optional-and-required-flags",
    "q1 required: false and unanswered: not missing. n (number) required: true and unanswered: missing. "
    "t (text) is optional by default. q2=5 -> 100.",
    questionnaire([likert("q1", required=False), number("n", required=True), text("t"), likert("q2")]),
    {"q2": 5},
    expected({"d": 100.0}, 100.0),
    missing=["n"],
)

# ------------------------------------------------------------------ computed values

zone_q = [number("buyer_max"), number("seller_min"), likert("q1")]
zone_c = [comp("zone_width", "buyer_max - seller_min"), comp("zone_half", "zone_width / 2")]
zone_r = [
    rec("walk-away", "zone_width < 0"),
    rec("wide-zone", "zone_width >= 1000"),
    rec("no-estimate", "zone_width == null"),
]
case(
    "computed-basic",
    "zone_width = 9000 - 8000 = 1000; zone_half = 1000/2 = 500 (computed may use earlier computed values). "
    "walk-away (zone_width < 0) no, wide-zone (>= 1000) yes, no-estimate no.",
    questionnaire(zone_q, computed=zone_c, recommendations=zone_r),
    {"buyer_max": 9000, "seller_min": 8000, "q1": 3},
    expected({"d": 50.0}, 50.0, {"zone_width": 1000.0, "zone_half": 500.0}, ["wide-zone"]),
)
case(
    "computed-negative",
    "zone_width = 7000.5 - 8000 = -999.5; zone_half = -499.75. walk-away fires.",
    questionnaire(zone_q, computed=zone_c, recommendations=zone_r),
    {"buyer_max": 7000.5, "seller_min": 8000, "q1": 3},
    expected({"d": 50.0}, 50.0, {"zone_width": 7000.5 - 8000, "zone_half": (7000.5 - 8000) / 2}, ["walk-away"]),
)
case(
    "computed-null-propagation",
    "seller_min unanswered: zone_width = 9000 - null = null, zone_half = null/2 = null. "
    "null < 0 and null >= 1000 are false; zone_width == null is true.",
    questionnaire(zone_q, computed=zone_c, recommendations=zone_r),
    {"buyer_max": 9000, "q1": 3},
    expected({"d": 50.0}, 50.0, {"zone_width": None, "zone_half": None}, ["no-estimate"]),
)
case(
    "computed-division-by-zero",
    "ratio = a / b with b = 0 -> null; zero_div = 0 / 0 -> null; ok = a / 4 = 2.5; "
    "recommendation 'ratio == null' fires, 'ratio > 0' does not.",
    questionnaire(
        [number("a"), number("b"), likert("q1")],
        computed=[comp("ratio", "a / b"), comp("zero_div", "0 / 0"), comp("ok", "a / 4")],
        recommendations=[rec("no-ratio", "ratio == null"), rec("positive", "ratio > 0")],
    ),
    {"a": 10, "b": 0, "q1": 2},
    expected({"d": 25.0}, 25.0, {"ratio": None, "zero_div": None, "ok": 2.5}, ["no-ratio"]),
)
case(
    "computed-precedence-and-unary",
    "p = 1 + 2 * 3 = 7; q = (1 + 2) * 3 = 9; r = -a * 2 = -6 (a=3); s = - -a = 3; t = 10 - 4 - 3 = 3 "
    "(left-assoc); u = 12 / 3 / 2 = 2; v = 0.1 + 0.2 = 0.30000000000000004.",
    questionnaire(
        [number("a"), likert("q1")],
        computed=[
            comp("p", "1 + 2 * 3"),
            comp("q", "(1 + 2) * 3"),
            comp("r", "-a * 2"),
            comp("s", "- -a"),
            comp("t", "10 - 4 - 3"),
            comp("u", "12 / 3 / 2"),
            comp("v", "0.1 + 0.2"),
        ],
    ),
    {"a": 3, "q1": 3},
    expected({"d": 50.0}, 50.0, {"p": 7.0, "q": 9.0, "r": -6.0, "s": 3.0, "t": 3.0, "u": 2.0, "v": 0.1 + 0.2}),
)
case(
    "round-half-away",
    "round() rounds half away from zero: 2.5 -> 3, -2.5 -> -3, 0.5 -> 1, -0.5 -> -1, 62.5 -> 63, "
    "1.25 to 1 digit -> 1.3, -1.25 -> -1.3; 2.675*100 = 267.5 exactly in doubles -> 2.68; "
    "1.005*100 = 100.49999999999999 -> 1.0; round(null) -> null; round(x, 1.5) -> null (n must be whole).",
    questionnaire(
        [number("x"), likert("q1")],
        computed=[
            comp("r1", "round(2.5)"),
            comp("r2", "round(-2.5)"),
            comp("r3", "round(0.5)"),
            comp("r4", "round(-0.5)"),
            comp("r5", "round(62.5)"),
            comp("r6", "round(1.25, 1)"),
            comp("r7", "round(-1.25, 1)"),
            comp("r8", "round(2.675, 2)"),
            comp("r9", "round(1.005, 2)"),
            comp("r10", "round(x)"),
            comp("r11", "round(2.5, 1.5)"),
            comp("r12", "round(-0.4)"),
        ],
    ),
    {"q1": 3},
    expected(
        {"d": 50.0},
        50.0,
        {
            "r1": rha(2.5),
            "r2": rha(-2.5),
            "r3": rha(0.5),
            "r4": rha(-0.5),
            "r5": rha(62.5),
            "r6": rha(1.25, 1),
            "r7": rha(-1.25, 1),
            "r8": rha(2.675, 2),
            "r9": rha(1.005, 2),
            "r10": None,
            "r11": None,
            "r12": 0.0,
        },
    ),
)
assert (rha(2.5), rha(-2.5), rha(62.5), rha(2.675, 2), rha(1.005, 2)) == (3, -3, 63, 2.68, 1.0)
case(
    "round-score-tie-in-recommendation",
    "d = (75+50)/2 = 62.5 (q1 reversed 2 -> 75, q2=3 -> 50), shown as 63 (half away). In a `when`, score.d is "
    "the shown 63: score.d == 63 and round(score.d) == 63 are true (rounding a whole number changes nothing), "
    "round(score.d) == 62 is false, and score.d == 62.5 is false (the unrounded score is in --json only).",
    questionnaire(
        [likert("q1", reverse=True), likert("q2")],
        recommendations=[
            rec("r63", "round(score.d) == 63"),
            rec("r62", "round(score.d) == 62"),
            rec("exact", "score.d == 62.5"),
            rec("shown", "score.d == 63"),
        ],
    ),
    {"q1": 2, "q2": 3},
    expected({"d": 62.5}, 62.5, recommendations=["r63", "shown"]),
)
case(
    "min-max-abs",
    "a=3, b=-7.5, c unanswered. lo = min(a, b, c) = -7.5 (nulls ignored); hi = max(a, b) = 3; "
    "none = max(c) = null (all null); mag = abs(b) = 7.5; diff = abs(a - c) = null; one = min(4) = 4.",
    questionnaire(
        [number("a"), number("b"), number("c"), likert("q1")],
        computed=[
            comp("lo", "min(a, b, c)"),
            comp("hi", "max(a, b)"),
            comp("none", "max(c)"),
            comp("mag", "abs(b)"),
            comp("diff", "abs(a - c)"),
            comp("one", "min(4)"),
        ],
    ),
    {"a": 3, "b": -7.5, "q1": 4},
    expected({"d": 75.0}, 75.0, {"lo": -7.5, "hi": 3.0, "none": None, "mag": 7.5, "diff": None, "one": 4.0}),
)
tactics = multi("tactics", opts(listen=100, trade=80, threaten=0), dimension=None, required=False)
list_c = [
    comp("n", "count(tactics)"),
    comp("listens", "contains(tactics, 'listen')"),
    comp("threatens", 'contains(tactics, "threaten")'),
    comp("has_tactics", "answered(tactics)"),
    comp("has_note", "answered(note)"),
    comp("picked", "tactics"),
]
case(
    "answered-contains-count",
    "tactics = ['listen', 'trade'] (unscored multi): count 2, contains 'listen' true, contains 'threaten' "
    "false, answered(tactics) true; note = 'x' -> answered true; picked is the list itself.",
    questionnaire([tactics, text("note"), likert("q1")], computed=list_c),
    {"tactics": ["listen", "trade"], "note": "x", "q1": 5},
    expected(
        {"d": 100.0},
        100.0,
        {
            "n": 2,
            "listens": True,
            "threatens": False,
            "has_tactics": True,
            "has_note": True,
            "picked": ["listen", "trade"],
        },
    ),
)
case(
    "answered-contains-count-null",
    "tactics and note unanswered: count(null) = 0, contains(null, ...) = false, answered -> false; picked null.",
    questionnaire([tactics, text("note"), likert("q1")], computed=list_c),
    {"q1": 1},
    expected(
        {"d": 0.0},
        0.0,
        {"n": 0, "listens": False, "threatens": False, "has_tactics": False, "has_note": False, "picked": None},
    ),
)
case(
    "answered-empty-list-and-text",
    "tactics = [] and note = '' are unanswered: count 0, answered false, contains false.",
    questionnaire([tactics, text("note"), likert("q1")], computed=list_c[:5]),
    {"tactics": [], "note": "", "q1": 1},
    expected({"d": 0.0}, 0.0, {"n": 0, "listens": False, "threatens": False, "has_tactics": False, "has_note": False}),
)

# ------------------------------------------------------------------ recommendations on scores and bands

rec_dims = [dim("a"), dim("b")]
rec_q = [likert("q1", dimension="a"), likert("q2", dimension="b")]
rec_r = [
    rec("a-high", "score.a >= 60"),
    rec("a-developing", "band.a == 'developing'"),
    rec("b-missing", "band.b == null"),
    rec("b-any", "score.b >= 0"),
    rec("overall-ready", "band.overall == 'ready'"),
    rec("overall-low", "score.overall < 50"),
    rec("overall-none", "score.overall == null"),
]
case(
    "recommendations-on-scores-and-bands",
    "a: q1=4 -> 75 (ready), b unanswered -> null. overall = 75 -> ready. Fire in file order: a-high, "
    "b-missing (band.b == null), overall-ready. score.b >= 0 is false because score.b is null.",
    questionnaire(rec_q, dims=rec_dims, recommendations=rec_r),
    {"q1": 4},
    expected({"a": 75.0, "b": None}, 75.0, recommendations=["a-high", "b-missing", "overall-ready"]),
    missing=["q2"],
)
case(
    "recommendations-low-scores",
    "a: q1=3 -> 50 (developing), b: q2=1 -> 0 (early). overall = (50+0)/2 = 25 -> early. Fire: a-developing, "
    "b-any (0 >= 0), overall-low.",
    questionnaire(rec_q, dims=rec_dims, recommendations=rec_r),
    {"q1": 3, "q2": 1},
    expected({"a": 50.0, "b": 0.0}, 25.0, recommendations=["a-developing", "b-any", "overall-low"]),
)
case(
    "recommendations-nothing-answered",
    "No answers: every score null, so only overall-none and b-missing fire (in file order).",
    questionnaire(rec_q, dims=rec_dims, recommendations=rec_r),
    {},
    expected({"a": None, "b": None}, None, recommendations=["b-missing", "overall-none"]),
    missing=["q1", "q2"],
)

# ------------------------------------------------------------------ conditions read the score as shown

# In a `when`, score.<id> is the score as people see it (rounded to a whole number, half away from zero), the number
# the band was looked up on. Each dimension here is one choice whose options score just either side of the tie
# below the band "ready" (from 70), so advice gated on 70 and the band printed beside the number must agree.
edge_dims = [dim("a"), dim("b")]
edge_q = [
    choice("qa", opts(tie=69.5, under=69.49, above=70.4), dimension="a"),
    choice("qb", opts(tie=69.5, under=69.49, above=70.4), dimension="b"),
]
edge_r = [
    rec("a-ready", "band.a == 'ready'"),
    rec("a-from-70", "score.a >= 70"),
    rec("a-below-70", "score.a < 70"),
    rec("a-is-70", "score.a == 70"),
    rec("overall-from-70", "score.overall >= 70"),
    rec("overall-agrees", "(score.overall >= 70) == (band.overall == 'ready')"),
    rec("a-ahead", "score.a - score.b >= 1"),
    rec("half-gap-down", "round((score.b - score.a) / 2) == -1"),
    rec("half-gap-up", "round((score.b - score.a) / 2) == 1"),
]
assert (rha(69.5), rha(69.49), rha(70.4)) == (70, 69, 70)
assert (rha((69 - 70) / 2), rha((70 - 69) / 2)) == (-1, 1)  # negative tie away from zero: not 0, not -0
case(
    "when-reads-the-shown-score-tie-up",
    "a = 69.5, shown as 70 (half away from zero), band ready; b = 69.49, shown as 69, band developing. "
    "Overall (69.5 + 69.49) / 2 = 69.495, shown as 69, developing. score.a is 70 in a `when`: a-ready, "
    "a-from-70 and a-is-70 fire, a-below-70 does not. overall-from-70 does not fire and overall-agrees does "
    "(the score and the band read the same number). a-ahead: 70 - 69 = 1 fires (the unrounded gap is 0.01). "
    "half-gap-down: round((69 - 70) / 2) = round(-0.5) = -1, a negative tie rounded away from zero.",
    questionnaire(edge_q, dims=edge_dims, recommendations=edge_r),
    {"qa": "tie", "qb": "under"},
    expected(
        {"a": 69.5, "b": 69.49},
        wmean([(1, 69.5), (1, 69.49)]),
        recommendations=["a-ready", "a-from-70", "a-is-70", "overall-agrees", "a-ahead", "half-gap-down"],
    ),
)
assert rha(wmean([(1, 69.5), (1, 69.49)])) == 69
case(
    "when-reads-the-shown-score-just-under-the-tie",
    "a = 69.49, shown as 69, band developing; b = 69.5, shown as 70, ready. Overall 69.495, shown as 69. "
    "score.a is 69: only a-below-70 fires of the a- conditions; overall-agrees fires; a-ahead does not "
    "(69 - 70 = -1); half-gap-up: round((70 - 69) / 2) = round(0.5) = 1.",
    questionnaire(edge_q, dims=edge_dims, recommendations=edge_r),
    {"qa": "under", "qb": "tie"},
    expected(
        {"a": 69.49, "b": 69.5},
        wmean([(1, 69.49), (1, 69.5)]),
        recommendations=["a-below-70", "overall-agrees", "half-gap-up"],
    ),
)
case(
    "when-reads-the-shown-overall-score",
    "a = 69.5 and b = 70.4: overall (69.5 + 70.4) / 2 = 69.95, shown as 70, band ready, so overall-from-70 "
    "fires beside it (unrounded, 69.95 >= 70 would be false). a is shown as 70 (a-ready, a-from-70, a-is-70); "
    "b as 70 too, so a-ahead (70 - 70 = 0) and both half gaps (round(0) = 0) do not fire.",
    questionnaire(edge_q, dims=edge_dims, recommendations=edge_r),
    {"qa": "tie", "qb": "above"},
    expected(
        {"a": 69.5, "b": 70.4},
        wmean([(1, 69.5), (1, 70.4)]),
        recommendations=["a-ready", "a-from-70", "a-is-70", "overall-from-70", "overall-agrees"],
    ),
)
assert rha(wmean([(1, 69.5), (1, 70.4)])) == 70 and wmean([(1, 69.5), (1, 70.4)]) < 70

# ------------------------------------------------------------------ nulls, logic and types

case(
    "comparison-with-null",
    "x unanswered (null). A comparison with a null is false: x > 3, x < 3, x == 3, x != 3 all false; "
    "x == null true, x != null false, null == null true.",
    questionnaire(
        [number("x"), likert("q1")],
        computed=[
            comp("gt", "x > 3"),
            comp("lt", "x < 3"),
            comp("eq", "x == 3"),
            comp("ne", "x != 3"),
            comp("is_null", "x == null"),
            comp("not_null", "x != null"),
            comp("null_null", "null == null"),
        ],
    ),
    {"q1": 2},
    expected(
        {"d": 25.0},
        25.0,
        {"gt": False, "lt": False, "eq": False, "ne": False, "is_null": True, "not_null": False, "null_null": True},
    ),
)
case(
    "logic-with-null",
    "x null: x and true -> false; x or true -> true; not x -> true; x or false -> false; "
    "y = 0 is falsy: not y -> true; and/or return booleans: y or 5 -> true.",
    questionnaire(
        [number("x"), number("y"), likert("q1")],
        computed=[
            comp("a", "x and true"),
            comp("b", "x or true"),
            comp("c", "not x"),
            comp("d2", "x or false"),
            comp("e", "not y"),
            comp("f", "y or 5"),
        ],
    ),
    {"y": 0, "q1": 2},
    expected({"d": 25.0}, 25.0, {"a": False, "b": True, "c": True, "d2": False, "e": True, "f": True}),
)
case(
    "not-binds-tightest",
    "not binds like unary minus: 'not a == b' is (not a) == b = false == 2 -> false (a boolean never equals "
    "a number); 'not (a == b)' -> true.",
    questionnaire(
        [number("a"), number("b"), likert("q1")],
        computed=[comp("loose", "not a == b"), comp("tight", "not (a == b)")],
    ),
    {"a": 1, "b": 2, "q1": 2},
    expected({"d": 25.0}, 25.0, {"loose": False, "tight": True}),
)
case(
    "strings-both-quote-styles",
    "note = \"it's\" matches 'it\\'s' and \"it's\"; kind == \"repeat\" and kind == 'repeat' agree; "
    "a backslash is written '\\\\'.",
    questionnaire(
        [kind, text("note"), text("path"), likert("q1")],
        computed=[
            comp("single", "note == 'it\\'s'"),
            comp("double", 'note == "it\'s"'),
            comp("dq", 'kind == "repeat"'),
            comp("sq", "kind == 'repeat'"),
            comp("slash", "path == 'a\\\\b'"),
            comp("quoted", '"say \\"hi\\""'),
        ],
    ),
    {"kind": "repeat", "note": "it's", "path": "a\\b", "q1": 4},
    expected(
        {"d": 75.0},
        75.0,
        {"single": True, "double": True, "dq": True, "sq": True, "slash": True, "quoted": 'say "hi"'},
    ),
)
case(
    "mixed-types",
    "n = 5, kind = 'repeat'. n == '5' false; n != '5' true; n < 'a' false; kind + 1 null; 'a' + 'b' null "
    "(+ is for numbers only); true + 1 null; true == 1 false; n == 5.0 true.",
    questionnaire(
        [kind, number("n"), likert("q1")],
        computed=[
            comp("eq", "n == '5'"),
            comp("ne", "n != '5'"),
            comp("lt", "n < 'a'"),
            comp("s1", "kind + 1"),
            comp("s2", "'a' + 'b'"),
            comp("b1", "true + 1"),
            comp("b2", "true == 1"),
            comp("num", "n == 5.0"),
        ],
    ),
    {"kind": "repeat", "n": 5, "q1": 4},
    expected(
        {"d": 75.0},
        75.0,
        {"eq": False, "ne": True, "lt": False, "s1": None, "s2": None, "b1": None, "b2": False, "num": True},
    ),
)
case(
    "computed-reads-answers-by-type",
    "A computed value that is just a name returns the answer: likert 4 (number), choice 'repeat' (its option "
    "id), multi ['trade'] (list of ids), text 'hello'.",
    questionnaire(
        [kind, tactics, text("t"), likert("q1")],
        computed=[comp("c_q1", "q1"), comp("c_kind", "kind"), comp("c_tactics", "tactics"), comp("c_t", "t")],
    ),
    {"kind": "repeat", "tactics": ["trade"], "t": "hello", "q1": 4},
    expected({"d": 75.0}, 75.0, {"c_q1": 4, "c_kind": "repeat", "c_tactics": ["trade"], "c_t": "hello"}),
)
case(
    "version-is-echoed",
    "The result echoes the questionnaire id and version (here 3). q1=5, q2=4: (100+75)/2 = 87.5 -> ready.",
    questionnaire([likert("q1"), likert("q2")], version=3),
    {"q1": 5, "q2": 4},
    expected({"d": 87.5}, 87.5, version=3),
)
case(
    "show-if-on-number-and-logic",
    "budget = 500: q1 (show_if budget > 1000) hidden; q2 (show_if budget <= 1000 and kind != null) shown "
    "since kind = 'repeat'; q3 (show_if not answered(budget)) hidden. q2=4 -> 75.",
    questionnaire(
        [
            kind,
            number("budget"),
            likert("q1", show_if="budget > 1000"),
            likert("q2", show_if="budget <= 1000 and kind != null"),
            likert("q3", show_if="not answered(budget)"),
        ]
    ),
    {"kind": "repeat", "budget": 500, "q1": 5, "q2": 4, "q3": 1},
    expected({"d": 75.0}, 75.0),
)
case(
    "show-if-multi-contains",
    "tactics = ['threaten']: q1 (show_if contains(tactics, 'threaten')) shown, q1=1 -> 0; "
    "q2 (show_if count(tactics) >= 2) hidden.",
    questionnaire(
        [tactics, likert("q1", show_if="contains(tactics, 'threaten')"), likert("q2", show_if="count(tactics) >= 2")]
    ),
    {"tactics": ["threaten"], "q1": 1, "q2": 5},
    expected({"d": 0.0}, 0.0),
)


# ------------------------------------------------------------------ issue 13: two-sided dimensions, peaks, conflicts


def rec2(rid: str, when: str, **extra: Any) -> Json:
    return {**rec(rid, when), **extra}


def peak_score(v: float, p: float, a: int = 1, b: int = 5) -> float:
    """A peaked likert item in its operation order: d = max(p - a, b - p); (d - |v - p|) / d * 100."""
    d = max(p - a, b - p)
    return (d - abs(v - p)) / d * 100


def peak_lean(v: float, p: float, a: int = 1, b: int = 5, reverse: bool = False) -> float:
    d = max(p - a, b - p)
    return (p - v) / d * 100 if reverse else (v - p) / d * 100


def side(lean: float | None) -> str | None:
    """LEAN_MARGIN = 10: a side is named from 10 away from the balance."""
    if lean is None:
        return None
    return "low" if lean <= -10 else "high" if lean >= 10 else None


SIDES = {"low": "Leans guarded", "high": "Leans trusting"}


def two_sided(exp: Json, leans: dict[str, float | None]) -> Json:
    for did, lean in leans.items():
        exp["dimensions"][did]["lean"] = lean
        exp["dimensions"][did]["side"] = side(lean)
    return exp


def trust_options() -> list[Json]:
    return [
        {"id": "none", "label": "Option none", "score": 0, "lean": -100},
        {"id": "some", "label": "Option some", "score": 100, "lean": 0},
        {"id": "half", "label": "Option half", "score": 50, "lean": 50},
        {"id": "all", "label": "Option all", "score": 0, "lean": 100},
        {"id": "plain", "label": "Option plain", "score": 80},
    ]


assert peak_score(3, 3) == 100 and peak_score(1, 3) == 0 and peak_score(4, 3) == 50
assert peak_score(5, 4) == (3 - 1) / 3 * 100 and peak_lean(1, 4) == -100
case(
    "peak-likert-middle",
    "Peak 3 on 1..5: d = max(3-1, 5-3) = 2. v=3 -> (2-0)/2*100 = 100; v=4 -> (2-1)/2*100 = 50; v=1 -> 0. "
    "The dimension is one-sided, so the result has no lean or side. d = (100+50+0)/3 = 50 -> developing.",
    questionnaire([likert("q1", peak=3), likert("q2", peak=3), likert("q3", peak=3)]),
    {"q1": 3, "q2": 4, "q3": 1},
    expected(
        {"d": wmean([(1, peak_score(3, 3)), (1, peak_score(4, 3)), (1, peak_score(1, 3))])},
        wmean([(1, peak_score(3, 3)), (1, peak_score(4, 3)), (1, peak_score(1, 3))]),
    ),
)
case(
    "peak-likert-off-centre-and-reversed",
    "Peak 4 on 1..5: d = max(3, 1) = 3. q1 v=5 -> (3-1)/3*100 = 66.67; q2 v=1 -> (3-3)/3*100 = 0; "
    "reverse does not change a peaked score: q3 (reversed) v=4 -> 100. Leans: q1 (5-4)/3*100 = 33.33; "
    "q2 (1-4)/3*100 = -100; q3 reversed (4-4) -> 0 (negated: -0.0, equal to 0). Lean = (33.33-100+0)/3 = -22.2 -> low.",
    questionnaire(
        [likert("q1", peak=4), likert("q2", peak=4), likert("q3", peak=4, reverse=True)],
        dims=[{**dim("d"), "sides": SIDES}],
    ),
    {"q1": 5, "q2": 1, "q3": 4},
    two_sided(
        expected(
            {"d": wmean([(1, peak_score(5, 4)), (1, peak_score(1, 4)), (1, peak_score(4, 4))])},
            wmean([(1, peak_score(5, 4)), (1, peak_score(1, 4)), (1, peak_score(4, 4))]),
        ),
        {"d": wmean([(1, peak_lean(5, 4)), (1, peak_lean(1, 4)), (1, peak_lean(4, 4, reverse=True))])},
    ),
)
case(
    "two-sided-choices-lean-high",
    "Options carry score and lean. c1=all (0, +100), c2=half (50, +50), c3=some (100, 0), q1 likert 5 (100, no "
    "lean). Score = (0+50+100+100)/4 = 62.5; lean = mean over items with a lean = (100+50+0)/3 = 50 -> high. "
    "side.d == 'high' fires; lean.d > 40 fires.",
    questionnaire(
        [choice("c1", trust_options()), choice("c2", trust_options()), choice("c3", trust_options()), likert("q1")],
        dims=[{**dim("d"), "sides": SIDES}],
        recommendations=[rec("high", "side.d == 'high'"), rec("low", "side.d == 'low'"), rec("far", "lean.d > 40")],
    ),
    {"c1": "all", "c2": "half", "c3": "some", "q1": 5},
    two_sided(expected({"d": 62.5}, 62.5, recommendations=["high", "far"]), {"d": 50.0}),
)
case(
    "two-sided-weighted-lean-low",
    "c1=none (0, -100) with weight 3, c2=some (100, 0) with weight 1: score = (3*0 + 1*100)/4 = 25; "
    "lean = (3*-100 + 1*0)/4 = -75 -> low.",
    questionnaire(
        [choice("c1", trust_options(), weight=3), choice("c2", trust_options())],
        dims=[{**dim("d"), "sides": SIDES}],
    ),
    {"c1": "none", "c2": "some"},
    two_sided(expected({"d": 25.0}, 25.0), {"d": -75.0}),
)
case(
    "two-sided-balanced-within-margin",
    "c1=half (+50), c2=none (-100), c3=all (+100), c4=some (0), c5 likert peak 3 v=2 -> lean (2-3)/2*100 = -50, "
    "score 50. Lean = (50-100+100+0-50)/5 = 0 -> no side. Score = (50+0+0+100+50)/5 = 40.",
    questionnaire(
        [
            choice("c1", trust_options()),
            choice("c2", trust_options()),
            choice("c3", trust_options()),
            choice("c4", trust_options()),
            likert("c5", peak=3),
        ],
        dims=[{**dim("d"), "sides": SIDES}],
        recommendations=[rec("balanced", "not answered(side.d) and answered(lean.d)")],
    ),
    {"c1": "half", "c2": "none", "c3": "all", "c4": "some", "c5": 2},
    two_sided(expected({"d": 40.0}, 40.0, recommendations=["balanced"]), {"d": 0.0}),
)


def edge_options() -> list[Json]:
    return [
        {"id": "minus10", "label": "Option minus10", "score": 90, "lean": -10},
        {"id": "minus9", "label": "Option minus9", "score": 91, "lean": -9.99},
        {"id": "plus10", "label": "Option plus10", "score": 90, "lean": 10},
    ]


case(
    "two-sided-margin-edges",
    "A side is named from 10 away from the balance. d1: c1=half (score 50, lean 50), c2=plain (score 80, no "
    "lean) -> lean 50 (only items with a lean count) -> high. d2: lean -10 exactly -> low; d3: -9.99 -> no side; "
    "d4: +10 exactly -> high.",
    questionnaire(
        [
            choice("c1", trust_options(), dimension="d1"),
            choice("c2", trust_options(), dimension="d1"),
            choice("e2", edge_options(), dimension="d2"),
            choice("e3", edge_options(), dimension="d3"),
            choice("e4", edge_options(), dimension="d4"),
        ],
        dims=[{**dim(d), "sides": SIDES} for d in ("d1", "d2", "d3", "d4")],
    ),
    {"c1": "half", "c2": "plain", "e2": "minus10", "e3": "minus9", "e4": "plus10"},
    two_sided(
        expected(
            {"d1": (50 + 80) / 2, "d2": 90.0, "d3": 91.0, "d4": 90.0},
            wmean([(1, (50 + 80) / 2), (1, 90.0), (1, 91.0), (1, 90.0)]),
        ),
        {"d1": 50.0, "d2": -10.0, "d3": -9.99, "d4": 10.0},
    ),
)
case(
    "two-sided-unanswered",
    "Nothing answered in a two-sided dimension: score, band, lean and side are all null; lean.d == null.",
    questionnaire(
        [choice("c1", trust_options(), required=False), likert("q1", dimension="e")],
        dims=[{**dim("d"), "sides": SIDES}, dim("e")],
        recommendations=[rec("no-lean", "lean.d == null"), rec("no-side", "side.d == null")],
    ),
    {"q1": 4},
    two_sided(expected({"d": None, "e": 75.0}, 75.0, recommendations=["no-lean", "no-side"]), {"d": None}),
)
case(
    "multi-lean-mean",
    "A multi in a two-sided dimension: [all, none, plain] scores (0+0+80)/3 = 26.67 and leans (100-100)/2 = 0 "
    "(plain has no lean, so it is left out of the lean's mean, in answer order).",
    questionnaire([multi("m1", trust_options())], dims=[{**dim("d"), "sides": SIDES}]),
    {"m1": ["all", "none", "plain"]},
    two_sided(expected({"d": (0 + 0 + 80) / 3}, (0 + 0 + 80) / 3), {"d": 0.0}),
)
case(
    "recommendations-replaces",
    "All four fire (q1=5). 'wide' replaces 'narrow', so 'narrow' goes wherever it stands; 'late' replaces 'wide' "
    "and 'wide' goes too, though it still removes 'narrow' (replacement is by firing, not by being shown).",
    questionnaire(
        [likert("q1")],
        recommendations=[
            rec("narrow", "q1 >= 4"),
            rec2("wide", "q1 >= 3", replaces=["narrow"]),
            rec("other", "q1 == 5"),
            rec2("late", "q1 > 1", replaces=["wide"]),
        ],
    ),
    {"q1": 5},
    expected({"d": 100.0}, 100.0, recommendations=["other", "late"]),
)
case(
    "recommendations-replaced-only-when-the-other-fires",
    "q1=3: 'narrow' (q1 >= 4) does not fire, so 'wide' stays; 'keep' is replaced by nothing that fires.",
    questionnaire(
        [likert("q1")],
        recommendations=[
            rec2("narrow", "q1 >= 4", replaces=["keep"]),
            rec("keep", "q1 >= 3"),
        ],
    ),
    {"q1": 3},
    expected({"d": 50.0}, 50.0, recommendations=["keep"]),
)
case(
    "recommendations-excludes-first-in-file-wins",
    "All fire. 'a' excludes 'c': 'a' comes first and is kept, 'c' goes. 'd' is excluded by nothing kept... but 'b' "
    "lists 'd' in its excludes and 'b' is kept, so 'd' goes too (exclusion works both ways). 'e' excludes 'c', "
    "which was not kept, so 'e' stays.",
    questionnaire(
        [likert("q1")],
        recommendations=[
            rec2("a", "true", excludes=["c"]),
            rec2("b", "true", excludes=["d"]),
            rec("c", "true"),
            rec("d", "true"),
            rec2("e", "true", excludes=["c"]),
        ],
    ),
    {"q1": 1},
    expected({"d": 0.0}, 0.0, recommendations=["a", "b", "e"]),
)
case(
    "recommendations-excludes-later-one-kept-when-earlier-does-not-fire",
    "'a' excludes 'b' but does not fire (q1 is 2), so 'b' is shown; a circumstance kind changes nothing in scoring.",
    questionnaire(
        [likert("q1")],
        recommendations=[rec2("a", "q1 > 4", excludes=["b"]), rec2("b", "q1 == 2", kind="circumstance")],
    ),
    {"q1": 2},
    expected({"d": 25.0}, 25.0, recommendations=["b"]),
)


def main() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    OUT.write_text(json.dumps({"cases": CASES}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {OUT}")


if __name__ == "__main__":
    main()
