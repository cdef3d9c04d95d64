"""The answer key of a two-sided role-play: limits, issues and the points each option is worth to each side.

The key lives in one YAML file (content/exercises/espresso-deal.yaml) that the debrief analysis reads and the
page tests check the briefs against, so no number of the exercise is written in two places. Loading checks the
whole file at once and names every problem as path:line:col.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, model_validator

from generator.errors import DealcraftError, Problem

if TYPE_CHECKING:
    from generator.questionnaire.model import Questionnaire

Role = Literal["buyer", "seller"]
ROLES: tuple[Role, Role] = ("buyer", "seller")

Key = Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*$")]
Points = Annotated[int, Strict(), Field(ge=0, le=1000)]
Amount = Annotated[float, Field(gt=0, le=1e12)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class IssueOption(_Model):
    """One way an issue can be settled, and what it is worth to each side."""

    id: Key
    label: str = Field(min_length=1)
    buyer: Points
    seller: Points

    def points(self, role: Role) -> int:
        return self.buyer if role == "buyer" else self.seller


class Issue(_Model):
    """An issue other than price (delivery, warranty, ...); its id is the debrief question's id."""

    id: Key
    title: str = Field(min_length=1)
    options: tuple[IssueOption, ...] = Field(min_length=2)

    def option(self, oid: str) -> IssueOption | None:
        return next((o for o in self.options if o.id == oid), None)

    @model_validator(mode="after")
    def _unique_options(self) -> Issue:
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError(f"option ids repeat in issue {self.id!r}")
        return self


class Limits(_Model):
    """Each side's real walk-away price: the most the buyer pays, the least the seller accepts."""

    buyer: Amount
    seller: Amount


@dataclass(frozen=True)
class Settlement:
    """One combination of the issues' options, with each side's points."""

    choices: tuple[tuple[str, str], ...]  # (issue id, option id), in the key's issue order
    buyer: int
    seller: int

    @property
    def joint(self) -> int:
        return self.buyer + self.seller


class Exercise(_Model):
    """A role-play's answer key."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    title: str = Field(min_length=1)
    unit: str = ""
    price_basis: str = ""
    list_price: Amount | None = None
    minutes: dict[Key, Annotated[int, Strict(), Field(gt=0, le=600)]] = Field(default_factory=dict)
    limits: Limits
    issues: tuple[Issue, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_issues(self) -> Exercise:
        ids = [i.id for i in self.issues]
        if len(set(ids)) != len(ids):
            raise ValueError("issue ids repeat")
        return self

    def priced_in(self, currency: str) -> Exercise:
        """This key with the unit its money is shown in, by `money_unit`: a copy naming `currency` when the key
        names none, so the debrief PDF, the personal debrief pages and the deal check page print the same."""
        unit = money_unit(self, currency)
        return self if unit == self.unit else self.model_copy(update={"unit": unit})

    def limit(self, role: Role) -> float:
        return self.limits.buyer if role == "buyer" else self.limits.seller

    def settlements(self) -> Iterator[Settlement]:
        """Every combination of options, in the key's order (3 issues of 3 options: 27)."""
        for combo in itertools.product(*(issue.options for issue in self.issues)):
            yield Settlement(
                tuple((issue.id, option.id) for issue, option in zip(self.issues, combo, strict=True)),
                sum(o.buyer for o in combo),
                sum(o.seller for o in combo),
            )

    def best_joint_points(self) -> int:
        """The most points both sides together can get from the issues (price moves money, not points)."""
        return max(s.joint for s in self.settlements())

    def pareto(self) -> tuple[Settlement, ...]:
        """The settlements no other beats for both sides (at least as good for each, better for one), best for
        the buyer first; equal pairs of points are listed once."""
        everything = list(self.settlements())
        seen: set[tuple[int, int]] = set()
        front: list[Settlement] = []
        for s in sorted(everything, key=lambda s: (-s.buyer, -s.seller)):
            dominated = any(
                o.buyer >= s.buyer and o.seller >= s.seller and (o.buyer, o.seller) != (s.buyer, s.seller)
                for o in everything
            )
            if not dominated and (s.buyer, s.seller) not in seen:
                seen.add((s.buyer, s.seller))
                front.append(s)
        return tuple(front)

    def points(self, role: Role, choices: Mapping[str, str | None]) -> int | None:
        """One side's points for a settlement given as {issue id: option id}; None if an issue is unsettled."""
        total = 0
        for issue in self.issues:
            oid = choices.get(issue.id)
            option = issue.option(oid) if oid is not None else None
            if option is None:
                return None
            total += option.points(role)
        return total


def money_unit(exercise: Exercise | None, currency: str = "") -> str:
    """The unit the role-play's money is shown in: the answer key's `unit`, since the role-play's limits and
    prices are set in it; else `currency` (mkdocs.yml `report: currency`, which otherwise re-labels the quizzes'
    zone questions only); "" shows bare amounts."""
    return (exercise.unit.strip() if exercise is not None else "") or currency.strip()


def shows_role_play_money(questionnaires: Mapping[str, Questionnaire]) -> bool:
    """Whether any of the questionnaires asks for an amount of the role-play's money (so needs its answer key)."""
    return any(q.role_play_money for q in questionnaires.values())


def with_role_play_unit(
    questionnaires: Mapping[str, Questionnaire], key: Exercise | Path | None, currency: str = ""
) -> dict[str, Questionnaire]:
    """The questionnaires with their `money: role-play` questions in the role-play's unit (`money_unit` of `key`
    and `currency`), as the site, the reports and the workshop show them. A key given as its file is read only
    when a question asks for it and the file is there; a broken one raises its located problems."""
    if not shows_role_play_money(questionnaires):
        return dict(questionnaires)
    if isinstance(key, Path):
        key = load_exercise(key) if key.is_file() else None
    unit = money_unit(key, currency)
    return {qid: q.with_role_play_unit(unit) for qid, q in questionnaires.items()}


def in_project_units(
    questionnaires: Mapping[str, Questionnaire], key: Exercise | Path | None, currency: str = ""
) -> dict[str, Questionnaire]:
    """The questionnaires in the project's units, as the site's forms, the booklet, the reports and the workshop
    all show them: the report currency, when set, is the unit of their zone money (`Questionnaire.with_currency`),
    and `money: role-play` questions carry the role-play's unit (`with_role_play_unit`, which reads `key`)."""
    if currency:
        questionnaires = {qid: q.with_currency(currency) for qid, q in questionnaires.items()}
    return with_role_play_unit(questionnaires, key, currency)


def load_exercise(path: Path) -> Exercise:
    """Read and check an answer key; every problem is raised at once as path:line:col."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DealcraftError(Problem(source, message=f"cannot read the exercise: {exc.strerror or exc}")) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise DealcraftError(Problem(source, line, col, f"not valid YAML: {exc}")) from None
    if not isinstance(data, dict):
        raise DealcraftError(Problem(source, message="an exercise must be a YAML map (id, title, limits, issues)"))
    try:
        return Exercise.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line, col = _position(node, loc)
            where = ".".join(str(p) for p in loc)
            message = error["msg"].removeprefix("Value error, ")
            problems.append(Problem(source, line, col, f"{where}: {message}" if where else message))
        raise DealcraftError(problems) from None


def _position(node: Any, loc: tuple[Any, ...]) -> tuple[int, int]:
    """The 1-based line and column of the deepest YAML node on the path `loc` (pydantic's error location)."""
    best = node
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = best = child
    if best is None:
        return 0, 0
    return best.start_mark.line + 1, best.start_mark.column + 1
