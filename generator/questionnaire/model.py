"""Typed, immutable models of questionnaires and scoring results (issue 3 + contract extensions).

The models check shapes and types only; `generator.questionnaire.checks` adds the checks that need the whole
questionnaire (duplicates, references, expressions, bands) and turns every failure into a located `Problem`.
Numbers are strict: a quoted "5" is not a number, and `true` is not 1.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, model_validator

from generator.expressions import KEYWORDS  # words that cannot name a question; the language owns the list
from generator.limits import MAX_NUMBER, MAX_SCALE_END, MAX_SCALE_POINTS, NUMBER_DECIMALS

__all__ = [
    "DEFAULT_SCALE",
    "ID_PATTERNS",
    "KEYWORDS",
    "SCHEMA_URI",
    "SCORED_TYPES",
    "Band",
    "Computed",
    "Dimension",
    "DimensionResult",
    "FrozenModel",
    "Option",
    "Question",
    "QuestionType",
    "Questionnaire",
    "Recommendation",
    "Result",
    "Scale",
    "Sides",
    "Zone",
    "json_schema",
    "schema_text",
]

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"

QuestionType = Literal["likert", "choice", "multi", "number", "text"]
SCORED_TYPES: frozenset[str] = frozenset({"likert", "choice", "multi"})
"""Question types that carry a dimension and an item score."""


ID_PATTERNS: dict[str, str] = {
    "questionnaire": r"^[a-z0-9-]+$",
    "name": r"^[a-z_][a-z0-9_]*$",  # questions, dimensions, computed values: they are names in expressions
    "key": r"^[a-z0-9_-]+$",  # options, bands, recommendations
}

_YAML11_WORDS = {"yes": True, "on": True, "y": True, "no": False, "off": False, "n": False}


def _yaml11_bool(value: object) -> object:
    """Accept the YAML 1.1 words (yes/no/on/off/y/n) where a boolean is expected; the loader reads them as text."""
    if isinstance(value, str) and value.lower() in _YAML11_WORDS:
        return _YAML11_WORDS[value.lower()]
    return value


Bool = Annotated[bool, BeforeValidator(_yaml11_bool), Strict()]
Int = Annotated[int, Strict()]
Number = Annotated[float, Strict()]
Weight = Annotated[float, Strict(), Field(gt=0, description="Relative weight; default 1.")]
QuestionnaireId = Annotated[str, Field(pattern=ID_PATTERNS["questionnaire"])]
NameId = Annotated[str, Field(pattern=ID_PATTERNS["name"])]
KeyId = Annotated[str, Field(pattern=ID_PATTERNS["key"])]
Text = Annotated[str, Field(min_length=1)]
Bound = Annotated[float, Strict(), Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]


def _no_default(schema: dict[str, Any]) -> None:
    """Drop a field's `default` from the JSON Schema."""
    schema.pop("default", None)


class FrozenModel(BaseModel):
    """Frozen, closed to unknown keys, finite numbers only."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


def _scale_cap(schema: dict[str, Any]) -> None:
    """State in the JSON Schema that a scale has at most MAX_SCALE_POINTS points: for each min, the largest max."""
    widest = MAX_SCALE_POINTS - 1
    schema["allOf"] = [
        {
            "if": {"required": ["min"], "properties": {"min": {"const": lo}}},
            "then": {"properties": {"max": {"maximum": lo + widest}}},
        }
        for lo in range(-MAX_SCALE_END, MAX_SCALE_END + 1)
        if lo + widest < MAX_SCALE_END  # the plain bounds already cap the others (and the default min, 1)
    ]


ScaleEnd = Annotated[Int, Field(ge=-MAX_SCALE_END, le=MAX_SCALE_END)]


class Scale(FrozenModel):
    """A Likert scale: whole-number points min..max (at most MAX_SCALE_POINTS), optionally one label per point."""

    model_config = ConfigDict(json_schema_extra=_scale_cap)

    min: ScaleEnd = 1
    max: ScaleEnd = 5
    labels: tuple[str, ...] = Field(default=(), max_length=MAX_SCALE_POINTS)

    @model_validator(mode="after")
    def _at_most_eleven_points(self) -> Scale:
        """A scale is drawn as one button per point: cap the count so no questionnaire can blow up a page."""
        if self.max - self.min + 1 > MAX_SCALE_POINTS:
            raise ValueError(
                f"the scale {self.min}..{self.max} has {self.max - self.min + 1} points; at most {MAX_SCALE_POINTS}"
            )
        return self


DEFAULT_SCALE = Scale()


class Band(FrozenModel):
    """A score band: applies from `min` up to the next band's min, compared with the score as people see it (a
    whole number, rounded half away from zero); so `min` is a whole number too."""

    id: KeyId
    min: Annotated[
        Number,
        Field(
            ge=0,
            le=100,
            multiple_of=1,
            description="Where the band starts, a whole number 0..100: scores are shown, and banded, as whole "
            "numbers (39.6 shows as 40 and is in the band starting at 40).",
        ),
    ]
    label: Text


class Option(FrozenModel):
    """An option of a choice or multi question; `score` (0..100) is needed when the question is scored."""

    id: KeyId
    label: Text
    score: Annotated[Number, Field(ge=0, le=100)] | None = None
    lean: Annotated[Number, Field(ge=-100, le=100)] | None = Field(
        default=None,
        description="Two-sided dimensions: how far this answer leans to the low (-100) or the high (100) side; "
        "0 is the balance.",
    )


class Sides(FrozenModel):
    """The labels of a two-sided dimension's directions, e.g. "Leans guarded" and "Leans trusting"."""

    low: Text
    high: Text


class Dimension(FrozenModel):
    """A scored dimension: its items are the scored questions that name it."""

    id: NameId
    title: Text
    guide: str | None = Field(default=None, description="Content page (relative to content/) this dimension links to.")
    weight: Weight = 1.0
    feedback: dict[str, str] = Field(default_factory=dict, description="Markdown feedback per band id.")
    bands: tuple[Band, ...] | None = Field(default=None, description="Overrides the questionnaire's bands.")
    practice: tuple[str, ...] = Field(default=(), description="Concrete behaviours to practise next.")
    sides: Sides | None = Field(
        default=None,
        description="Makes the dimension two-sided: too little and too much both score lower, and the result "
        "says which way the answers lean (from the options' `lean` and the likert items' `peak`).",
    )

    def side_label(self, side: str | None) -> str | None:
        """The label of a result's side ("Leans guarded"), or None for a balanced or one-sided result."""
        if self.sides is None or side not in ("low", "high"):
            return None
        return self.sides.low if side == "low" else self.sides.high


class Question(FrozenModel):
    """One question. `required` defaults to true for scored types (likert, choice, multi) and false otherwise."""

    id: NameId
    type: QuestionType
    text: Text
    help: str | None = Field(default=None, description="Markdown shown under the question.")
    dimension: str | None = Field(default=None, description="Scored types only.")
    reverse: Bool = Field(default=False, description="Likert only: mirror the scale.")
    weight: Weight = 1.0
    required: Bool = Field(
        default=False,
        description="Default: true for likert, choice and multi; else false.",
        json_schema_extra=_no_default,  # the real default depends on `type`; editors should not show false
    )
    show_if: str | None = Field(default=None, description="Expression; the question is shown when it is true.")
    options: tuple[Option, ...] = ()
    scale: Scale | None = Field(default=None, description="Likert only: overrides the questionnaire's scale.")
    peak: Number | None = Field(
        default=None,
        description="Likert only: the scale point that scores 100; the score falls evenly towards both ends, and "
        "answers above the peak lean high (low when `reverse` is true).",
    )
    min: Bound | None = Field(default=None, description="Number only.")
    max: Bound | None = Field(default=None, description="Number only.")
    step: Annotated[Number, Field(gt=0)] | None = Field(default=None, description="Number only.")
    unit: str | None = Field(default=None, description="Number only, e.g. $.")
    money: Literal["role-play"] | None = Field(
        default=None,
        description="Number only, instead of `unit`: role-play marks the answer as an amount of the role-play's "
        "money, shown in its unit (the answer key's `unit`, else the report currency), set when the site or a "
        "report is made.",
    )
    decimals: Annotated[Int, Field(ge=0, le=NUMBER_DECIMALS)] | None = Field(
        default=None,
        description=f"Number only: the most decimals an answer may have, 0 to {NUMBER_DECIMALS} (the default). "
        "Results and reports show numbers to two decimals, money to the cent, so an answer with more is refused: "
        "it could compare unequal to what it prints as.",
    )
    explanation: str | None = Field(default=None, description="Shown with the results (knowledge checks).")
    placeholder: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _resolve_required(cls, data: Any) -> Any:
        """Fill in `required` from the type when the author left it out."""
        if isinstance(data, dict) and data.get("required") is None and isinstance(data.get("type"), str):
            data = {**data, "required": data["type"] in SCORED_TYPES}
        return data

    @property
    def places(self) -> int:
        """The most decimals a number answer may have: `decimals`, else NUMBER_DECIMALS."""
        return NUMBER_DECIMALS if self.decimals is None else self.decimals

    @property
    def scored(self) -> bool:
        """True when the question contributes an item score to a dimension."""
        return self.type in SCORED_TYPES and self.dimension is not None


class Computed(FrozenModel):
    """A value computed from answers (and earlier computed values), in file order."""

    id: NameId
    expr: Text
    label: str | None = None


class Recommendation(FrozenModel):
    """Text emitted when `when` is true, unless a recommendation it conflicts with wins (see `generator.scoring`)."""

    id: KeyId
    when: Text = Field(
        description="Expression; the recommendation is shown when it is true. It may use score.<dimension> and "
        "score.overall, each the score as shown (a whole number, halves away from zero), and band.<dimension> and "
        "band.overall, the band looked up on it."
    )
    text: Text
    guide: str | None = None
    kind: Literal["advice", "circumstance"] = Field(
        default="advice",
        description="circumstance: about the situation rather than the person's readiness; shown apart as a flag.",
    )
    excludes: tuple[KeyId, ...] = Field(
        default=(),
        description="Recommendations that must not be shown with this one; of two that fire, the earlier one in "
        "the file is kept.",
    )
    replaces: tuple[KeyId, ...] = Field(
        default=(),
        description="Recommendations this one replaces: when it fires, they are not shown, wherever they are.",
    )


class Zone(FrozenModel):
    """Marks the bargaining-zone questions so results and reports can draw the zone."""

    role: str = Field(description='A choice question with options buyer and seller, or the literal "buyer"/"seller".')
    my_limit: str
    their_low: str
    their_high: str
    target: str | None = None
    unit: str | None = None


class Questionnaire(FrozenModel):
    """A whole questionnaire, as in questionnaires/<id>.yaml."""

    model_config = ConfigDict(title="dealcraft questionnaire")

    id: QuestionnaireId
    title: Text
    version: Annotated[Int, Field(ge=0)]
    intro: str | None = None
    scale: Scale = DEFAULT_SCALE
    bands: tuple[Band, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    questions: tuple[Question, ...] = Field(min_length=1)
    computed: tuple[Computed, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    feedback: dict[str, str] = Field(default_factory=dict, description="Markdown feedback per overall band id.")
    zone: Zone | None = None
    currency: str | None = Field(
        default=None,
        description="The unit of money amounts, e.g. $ or EUR: the default `unit` of the zone and of its number "
        "questions. A report configuration's currency, when set, replaces it on the site, on paper and in reports.",
    )

    @model_validator(mode="before")
    @classmethod
    def _currency_units(cls, data: Any) -> Any:
        """Give the zone and its number questions the questionnaire's currency when they name no unit."""
        if not isinstance(data, dict) or not isinstance(data.get("currency"), str) or not data["currency"]:
            return data
        currency = data["currency"]
        zone = data.get("zone")
        if not isinstance(zone, dict):
            return data
        money = {zone.get(k) for k in ("my_limit", "their_low", "their_high", "target")} - {None}
        questions = data.get("questions")
        if isinstance(questions, list | tuple):
            questions = [
                {**q, "unit": currency}
                if isinstance(q, dict) and q.get("id") in money and q.get("type") == "number" and q.get("unit") is None
                else q
                for q in questions
            ]
        return {
            **data,
            "zone": {**zone, "unit": currency} if zone.get("unit") is None else zone,
            "questions": questions,
        }

    def with_currency(self, currency: str) -> Questionnaire:
        """This questionnaire with its money amounts shown in `currency` (a report configuration's choice)."""
        if not currency or currency == self.currency:
            return self
        old = self.currency or ""
        data = self.model_dump(mode="json", by_alias=True)
        money = {data["zone"][k] for k in ("my_limit", "their_low", "their_high", "target")} if data["zone"] else set()
        for q in data["questions"]:
            if q["id"] in money and q["unit"] in (None, old):
                q["unit"] = None
        if data["zone"] and data["zone"]["unit"] in (None, old):
            data["zone"]["unit"] = None
        return Questionnaire.model_validate({**data, "currency": currency})

    @property
    def role_play_money(self) -> tuple[str, ...]:
        """The ids of the number questions whose answer is an amount of the role-play's money (`money: role-play`)."""
        return tuple(q.id for q in self.questions if q.money == "role-play")

    def with_role_play_unit(self, unit: str) -> Questionnaire:
        """This questionnaire with `unit` (exercise.money_unit: the answer key's, else the report currency) on its
        role-play money questions, so the form, the paper booklet and every report name the role-play's one unit."""
        shown = unit.strip() or None
        if all(self.question(qid).unit == shown for qid in self.role_play_money):
            return self
        questions = tuple(q.model_copy(update={"unit": shown}) if q.money == "role-play" else q for q in self.questions)
        return self.model_copy(update={"questions": questions})

    def question(self, qid: str) -> Question:
        """The question with this id; KeyError when there is none."""
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def dimension(self, did: str) -> Dimension:
        """The dimension with this id; KeyError when there is none."""
        for d in self.dimensions:
            if d.id == did:
                return d
        raise KeyError(did)

    def dimension_items(self, did: str) -> tuple[Question, ...]:
        """The scored questions of a dimension, in file order."""
        return tuple(q for q in self.questions if q.scored and q.dimension == did)

    def bands_for(self, did: str) -> tuple[Band, ...]:
        """A dimension's own bands (when it lists any), else the questionnaire's (also for "overall"), sorted by min."""
        bands = self.bands
        for d in self.dimensions:
            if d.id == did and d.bands:
                bands = d.bands
        return tuple(sorted(bands, key=lambda b: b.min))

    def scale_for(self, question: Question) -> Scale:
        """A likert question's own scale, else the questionnaire's."""
        return question.scale if question.scale is not None else self.scale

    def to_client_json(self) -> dict[str, Any]:
        """The questionnaire as plain JSON with defaults resolved (same keys as the YAML) for browsers and vectors."""
        return self.model_dump(mode="json", by_alias=True)


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors use for questionnaires/*.yaml (`dealcraft schema`)."""
    schema = Questionnaire.model_json_schema(by_alias=True)
    return {"$schema": SCHEMA_URI, **schema, "title": "dealcraft questionnaire"}


def schema_text() -> str:
    """The schema exactly as `dealcraft schema` prints it and questionnaires/schema.json stores it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- results


class DimensionResult(FrozenModel):
    """A score (0..100, unrounded) and its band id; both null when nothing was answered.

    A two-sided dimension also has a `lean` (-100..100, the weighted mean of its items' leans) and a `side`:
    "low" or "high" when the lean is at least LEAN_MARGIN away from 0, else null.
    """

    score: float | None
    band: str | None
    two_sided: bool = False
    lean: float | None = None
    side: Literal["low", "high"] | None = None

    def to_json(self) -> dict[str, Any]:
        """{score, band}, plus {lean, side} for a two-sided dimension."""
        out: dict[str, Any] = {"score": self.score, "band": self.band}
        if self.two_sided:
            out.update(lean=self.lean, side=self.side)
        return out


class Result(FrozenModel):
    """The outcome of scoring one answers document (see `generator.scoring.score`)."""

    questionnaire: str
    version: int
    dimensions: dict[str, DimensionResult]
    overall: DimensionResult
    computed: dict[str, Any]
    recommendations: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    active: frozenset[str] = frozenset()
    item_scores: dict[str, float | None] = Field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Exactly the `dealcraft score --json` shape of issue 3."""
        return {
            "questionnaire": self.questionnaire,
            "version": self.version,
            "dimensions": {k: v.to_json() for k, v in self.dimensions.items()},
            "overall": {"score": self.overall.score, "band": self.overall.band},
            "computed": dict(self.computed),
            "recommendations": list(self.recommendations),
        }
