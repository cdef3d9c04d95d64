"""The checks that need the whole questionnaire (on plain data, so they run even when the model fails), and the
warnings that need a valid model. Every finding goes into the source's problems."""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem, Severity
from generator.expressions import (
    FUNCTIONS,
    KEYWORDS,
    Binary,
    Call,
    Expr,
    ExpressionError,
    Literal,
    Name,
    Unary,
    name_columns,
    parse,
)
from generator.limits import MAX_NUMBER, NUMBER_DECIMALS
from generator.questionnaire.messages import fmt
from generator.questionnaire.model import SCORED_TYPES, Questionnaire
from generator.questionnaire.source import Path_, Source, display_path, scalar_position
from generator.values import number_units

__all__ = ["Checker", "model_warnings"]

_CHOICE_TYPES = frozenset({"choice", "multi"})
_QUESTION_TYPES = ("likert", "choice", "multi", "number", "text")


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings of a list section, with their indexes; anything malformed is skipped (pydantic reports it)."""
    seq = data.get(key) if isinstance(data, dict) else None
    if not isinstance(seq, list):
        return []
    return [(i, item) for i, item in enumerate(seq) if isinstance(item, dict)]


def _str(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    return value if isinstance(value, str) else None


def _num(item: Mapping[str, Any], key: str) -> float | None:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _flag(item: Mapping[str, Any], key: str) -> bool:
    """A boolean key as the model reads it: true, or one of the YAML 1.1 words yes/on/y."""
    value = item.get(key)
    return value is True or (isinstance(value, str) and value.lower() in ("yes", "on", "y"))


def _exact(x: float) -> Decimal:
    """A number from the file as written (its shortest repr), not its binary value: 0.1 is 0.1."""
    return Decimal(repr(x))


def _places_words(places: int, *, plural: bool = True) -> str:
    """What a question's decimals allow, in words: "whole numbers", "numbers with at most 1 decimal"."""
    noun = "numbers" if plural else "number"
    return f"whole {noun}" if places == 0 else f"{noun} with at most {places} decimal{'s' if places > 1 else ''}"


@dataclass(frozen=True)
class _Numbers:
    """The answers a number question takes, as the answers reader decides: `first`..`last` (exact) with at most
    `places` decimals, or none at all (both None)."""

    places: int
    first: Decimal | None
    last: Decimal | None

    def span(self) -> str:
        """The answers in words: "answers from 0 to 500", "whole numbers of 10 or more" (a side at ±MAX_NUMBER is
        the reader's limit, not the author's, so it is left out unless both are)."""
        kind = _places_words(self.places) if self.places < NUMBER_DECIMALS else "answers"
        first, last = float(self.first or 0), float(self.last or 0)
        if first == -MAX_NUMBER and last != MAX_NUMBER:
            return f"{kind} of {fmt(last)} or less"
        if last == MAX_NUMBER and first != -MAX_NUMBER:
            return f"{kind} of {fmt(first)} or more"
        return f"{kind} from {fmt(first)} to {fmt(last)}"


def _numbers(q: Mapping[str, Any]) -> _Numbers | None:
    """The answers number question `q` takes; None when its min, max or decimals are malformed (pydantic says so)."""
    low, high = _num(q, "min"), _num(q, "max")
    for key, value in (("min", low), ("max", high)):
        if q.get(key) is not None and (value is None or abs(value) > MAX_NUMBER):
            return None
    places = q.get("decimals", NUMBER_DECIMALS)
    places = NUMBER_DECIMALS if places is None else places
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= NUMBER_DECIMALS:
        return None
    units = number_units(low, high, places)
    if units is None:
        return _Numbers(places, None, None)
    first, last = (Decimal(u).scaleb(-places) for u in units)
    return _Numbers(places, first, last)


def _never(numbers: _Numbers, op: str, c: Decimal) -> bool:
    """True when no answer the question takes makes `answer op c` hold (an unanswered one makes it false too)."""
    first, last = numbers.first, numbers.last
    if first is None or last is None:
        return False
    if op == ">":
        return last <= c
    if op == ">=":
        return last < c
    if op == "<":
        return first >= c
    if op == "<=":
        return first > c
    if op == "==":
        return not first <= c <= last or c.scaleb(numbers.places) != c.scaleb(numbers.places).to_integral_value()
    return False


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f'; did you mean "{close[0]}"?' if close else ""


class Checker:
    """The checks of issue 3 that need the whole questionnaire; every finding goes into `src.problems`."""

    def __init__(self, data: dict[str, Any], src: Source, content_dir: Path | None) -> None:
        self.data = data
        self.src = src
        self.content_dir = content_dir
        self.questions = _items(data, "questions")
        self.dimensions = _items(data, "dimensions")
        self.computed = _items(data, "computed")
        self.recommendations = _items(data, "recommendations")
        self.qids = [_str(q, "id") or "" for _, q in self.questions]
        self.cids = [_str(c, "id") or "" for _, c in self.computed]
        self.dims = {d_id for _, d in self.dimensions if (d_id := _str(d, "id"))}
        self.two_sided = {
            d for _, dim in self.dimensions if (d := _str(dim, "id")) and isinstance(dim.get("sides"), dict)
        }
        self.numbers = {
            qid: numbers
            for qid, (_, q) in zip(self.qids, self.questions, strict=True)
            if _str(q, "type") == "number" and (numbers := _numbers(q)) is not None
        }

    def run(self) -> None:
        self.unique_ids()
        self.scale(("scale",), self.data.get("scale"))
        self.bands(("bands",), self.data.get("bands"))
        self.feedback(("feedback",), self.data.get("feedback"), self.data.get("bands"), "the questionnaire")
        for i, dim in self.dimensions:
            path = ("dimensions", i)
            if "bands" in dim:
                self.bands((*path, "bands"), dim.get("bands"))
            own = dim.get("bands") if "bands" in dim else self.data.get("bands")
            self.feedback((*path, "feedback"), dim.get("feedback"), own, f'dimension "{_str(dim, "id")}"')
            self.guide((*path, "guide"), dim.get("guide"))
        if self.dimensions and not self.data.get("bands"):
            for i, dim in self.dimensions:
                if not dim.get("bands"):
                    self.src.error(
                        ("dimensions", i, "id"),
                        f'dimension "{_str(dim, "id")}" has no bands: add bands at the top or in the dimension',
                    )
        for pos, (i, q) in enumerate(self.questions):
            self.question(i, pos, q)
        for pos, (j, c) in enumerate(self.computed):
            expr = c.get("expr")
            if isinstance(expr, str):
                self.expression(("computed", j, "expr"), expr, "expr", self.computed_name(pos))
        for k, r in self.recommendations:
            when = r.get("when")
            if isinstance(when, str):
                self.expression(("recommendations", k, "when"), when, "when", self.when_name)
            self.guide(("recommendations", k, "guide"), r.get("guide"))
            self.conflicts(k, r)
        self.zone()

    # ids ---------------------------------------------------------------

    def unique_ids(self) -> None:
        self.unique(("dimensions",), "dimension")
        self.unique(("questions",), "question")
        self.unique(("computed",), "computed value")
        self.unique(("recommendations",), "recommendation")
        self.unique(("bands",), "band")
        for i, _ in self.dimensions:
            self.unique(("dimensions", i, "bands"), "band")
        for i, _ in self.questions:
            self.unique(("questions", i, "options"), "option")
        questions = {qid: i for i, qid in zip((i for i, _ in self.questions), self.qids, strict=True) if qid}
        for (j, _), cid in zip(self.computed, self.cids, strict=True):
            if cid in questions:
                self.src.error(
                    ("computed", j, "id"),
                    f'"{cid}" is already a question id; computed values and questions share one set of names',
                )
        for section, items, ids in (("questions", self.questions, self.qids), ("computed", self.computed, self.cids)):
            for (i, _), name in zip(items, ids, strict=True):
                if name in KEYWORDS or name in FUNCTIONS:
                    message = f'"{name}" is a word of the expression language; choose another id'
                    self.src.error((section, i, "id"), message)

    def unique(self, path: Path_, what: str) -> None:
        node = self.src.values.get(path)
        seq: Any = self.data
        for part in path:
            if isinstance(seq, dict):
                seq = seq.get(part)
            elif isinstance(seq, list) and isinstance(part, int) and 0 <= part < len(seq):
                seq = seq[part]
            else:
                seq = None
        if not isinstance(seq, list) or node is None:
            return
        seen: dict[str, int] = {}
        for i, item in enumerate(seq):
            ident = _str(item, "id") if isinstance(item, dict) else None
            if ident is None:
                continue
            if ident in seen:
                first_line = self.src.at((*path, seen[ident], "id"))[0]
                self.src.error((*path, i, "id"), f'duplicate {what} id "{ident}" (first at line {first_line})')
            else:
                seen[ident] = i

    # scales, bands, feedback -----------------------------------------------

    def scale(self, path: Path_, scale: Any) -> None:
        if not isinstance(scale, dict):
            return
        lo, hi = scale.get("min", 1), scale.get("max", 5)
        if not (isinstance(lo, int) and isinstance(hi, int)) or isinstance(lo, bool) or isinstance(hi, bool):
            return
        where = (*path, "max") if "max" in scale else (*path, "min") if "min" in scale else path
        if lo >= hi:
            self.src.error(where, f"the scale's min ({lo}) must be below its max ({hi})")
            return
        labels = scale.get("labels")
        if isinstance(labels, list) and labels and len(labels) != hi - lo + 1:
            self.src.error(
                (*path, "labels"),
                f"the scale {lo}..{hi} has {hi - lo + 1} points but {len(labels)} labels; give one label per point",
            )

    def bands(self, path: Path_, bands: Any) -> None:
        if not isinstance(bands, list):
            return
        previous: float | None = None
        for i, band in enumerate(bands):
            if not isinstance(band, dict):
                continue
            low = _num(band, "min")
            if low is None:
                continue
            if previous is None and low != 0:
                self.src.error((*path, i, "min"), f"the first band must start at 0, not {fmt(low)}")
            elif previous is not None and low <= previous:
                self.src.error(
                    (*path, i, "min"),
                    f"bands must be in ascending order of min: {fmt(low)} is not above {fmt(previous)}",
                )
            previous = low if previous is None else max(previous, low)

    def feedback(self, path: Path_, feedback: Any, bands: Any, owner: str) -> None:
        """Feedback keys must name bands (error)."""
        if not isinstance(feedback, dict) or not isinstance(bands, list):
            return
        band_ids = {_str(b, "id") for b in bands if isinstance(b, dict)}
        for key in feedback:
            if isinstance(key, str) and key not in band_ids:
                self.src.error(
                    (*path, key),
                    f'feedback for an unknown band "{key}" in {owner}{_suggest(key, filter(None, band_ids))}',
                    key=True,
                )

    def guide(self, path: Path_, guide: Any) -> None:
        if not isinstance(guide, str) or self.content_dir is None:
            return
        page = Path(guide)
        inside = not page.is_absolute() and ".." not in page.parts
        if not inside or not (self.content_dir / page).is_file():
            self.src.error(path, f'guide page "{guide}" does not exist in {display_path(self.content_dir)}/')

    # questions -----------------------------------------------------------

    def question(self, i: int, pos: int, q: dict[str, Any]) -> None:
        """Checks of question `q`, at index i of the file's list and position `pos` among the readable ones."""
        path: Path_ = ("questions", i)
        qtype = _str(q, "type")
        qid = _str(q, "id") or f"#{i + 1}"
        dim = q.get("dimension")
        if qtype not in _QUESTION_TYPES:
            qtype = None
        if isinstance(dim, str) and dim not in self.dims:
            self.src.error((*path, "dimension"), f'unknown dimension "{dim}"{_suggest(dim, self.dims)}')
        if qtype is not None and qtype not in SCORED_TYPES and self.written((*path, "dimension")):
            message = f"a {qtype} question is not scored; only likert, choice and multi take a dimension"
            self.src.error((*path, "dimension"), message, key=True)
        if qtype is not None:
            self.fields_for_type(path, qtype)
        if qtype == "likert":
            self.scale((*path, "scale"), q.get("scale"))
            self.peak(path, q)
        if qtype in _CHOICE_TYPES:
            options = q.get("options")
            if not isinstance(options, list) or len(options) < 2:
                where = (*path, "options") if "options" in q else (*path, "type")
                self.src.error(where, f'{qtype} question "{qid}" needs at least 2 options')
            elif isinstance(dim, str):
                for k, opt in enumerate(options):
                    if isinstance(opt, dict) and opt.get("score") is None:
                        self.src.error(
                            (*path, "options", k),
                            f'option "{_str(opt, "id")}" needs a score from 0 to 100, because the question is scored',
                        )
        if qtype == "number":
            self.number(path, qid, q)
            if self.written((*path, "money")) and self.written((*path, "unit")):
                message = "give either unit or money: role-play, not both (money: role-play shows the role-play's unit)"
                self.src.error((*path, "unit"), message, key=True)
        show_if = q.get("show_if")
        if isinstance(show_if, str):
            self.expression((*path, "show_if"), show_if, "show_if", self.show_if_name(pos))

    def number(self, path: Path_, qid: str, q: dict[str, Any]) -> None:
        """A number question must take some answer: a required one that takes none is an error (the form cannot be
        sent while it is shown), an optional one a warning (it can only be left blank). A min, max or step with more
        decimals than answers may have is a warning: the question is answerable, but not as its bounds say."""
        lo, hi = _num(q, "min"), _num(q, "max")
        if lo is not None and hi is not None and lo > hi:
            self.src.error((*path, "max"), f"max ({fmt(hi)}) is below min ({fmt(lo)})")
            return
        numbers = _numbers(q)
        if numbers is None:
            return
        first, last, places = numbers.first, numbers.last, numbers.places
        if first is None or last is None:
            if lo is None or hi is None:
                return
            # decimals is the key at fault when the range holds a number with the usual two decimals
            culprit = "decimals" if number_units(lo, hi, NUMBER_DECIMALS) is not None else "max"
            kind = _places_words(places, plural=False)
            message = f'number question "{qid}" takes no answer: no {kind} lies from {fmt(lo)} to {fmt(hi)}'
            if _flag(q, "required"):
                self.src.error(
                    (*path, culprit), f"{message}; it is required, so the form cannot be sent while it is shown"
                )
            else:
                self.src.warning((*path, culprit), f"{message}, so it can only be left blank")
            return
        for key, bound, end, word in (("min", lo, first, "lowest"), ("max", hi, last, "highest")):
            if bound is not None and _exact(bound) != end:
                self.src.warning(
                    (*path, key),
                    f'{key} {fmt(bound)} has more decimals than "{qid}" takes ({_places_words(places)}): its {word} '
                    f"answer is {fmt(float(end))}; write {key}: {fmt(float(end))}",
                )
        step = _num(q, "step")
        if step is None or step <= 0:
            return
        exact_step = _exact(step).scaleb(places)
        if exact_step != exact_step.to_integral_value():
            self.src.warning(
                (*path, "step"),
                f'step {fmt(step)} has more decimals than "{qid}" takes ({_places_words(places)}), so the arrows of '
                "its field lead to answers it refuses",
            )
        elif lo is not None and hi is not None and first < last and _exact(step) > last - first:
            self.src.warning(
                (*path, "step"),
                f'step {fmt(step)} is more than the whole range of "{qid}" ({numbers.span()}), so the arrows of its '
                f"field stay at {fmt(float(first))}",
            )

    def peak(self, path: Path_, q: dict[str, Any]) -> None:
        """A likert peak must be a point of the question's scale."""
        peak = _num(q, "peak")
        if peak is None:
            return
        scale = q.get("scale") if isinstance(q.get("scale"), dict) else self.data.get("scale")
        scale = scale if isinstance(scale, dict) else {}
        lo, hi = scale.get("min", 1), scale.get("max", 5)
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (lo, hi)) or lo >= hi:
            return
        if peak != int(peak) or not lo <= peak <= hi:
            self.src.error((*path, "peak"), f"the peak must be a whole point of the scale {lo}..{hi}, not {fmt(peak)}")

    def conflicts(self, k: int, r: dict[str, Any]) -> None:
        """`excludes` and `replaces` name other recommendations of this questionnaire."""
        ids = [rid for _, rec in self.recommendations if (rid := _str(rec, "id"))]
        own = _str(r, "id")
        for key in ("excludes", "replaces"):
            targets = r.get(key)
            if not isinstance(targets, list):
                continue
            for n, target in enumerate(targets):
                if not isinstance(target, str):
                    continue
                if target == own:
                    self.src.error(("recommendations", k, key, n), f'recommendation "{own}" {key} itself')
                elif target not in ids:
                    message = f'{key} names an unknown recommendation "{target}"{_suggest(target, ids)}'
                    self.src.error(("recommendations", k, key, n), message)

    def written(self, path: Path_) -> bool:
        """The key at `path` is in the file, whatever its value: `min: 0`, `reverse: false` and `unit: ~` are given."""
        return path in self.src.keys

    def fields_for_type(self, path: Path_, qtype: str) -> None:
        """Keys that only make sense for other question types are errors, so typos in `type` show up."""
        only = {
            "options": ("choice", "multi"),
            "reverse": ("likert",),
            "scale": ("likert",),
            "peak": ("likert",),
            "min": ("number",),
            "max": ("number",),
            "step": ("number",),
            "unit": ("number",),
            "money": ("number",),
            "decimals": ("number",),
        }
        for key, types in only.items():
            if self.written((*path, key)) and qtype not in types:
                self.src.error(
                    (*path, key), f'"{key}" applies only to {" and ".join(types)} questions, not {qtype}', key=True
                )

    # expressions ----------------------------------------------------------

    def show_if_name(self, i: int) -> Callable[[str], str | None]:
        own = self.qids[i]

        def check(name: str) -> str | None:
            if name in self.qids[:i]:
                return None
            if name == own:
                return f'show_if refers to its own question "{name}"'
            if name in self.qids[i + 1 :]:
                return f'show_if refers to "{name}", which comes later; a show_if may use only questions above it'
            if name in self.cids:
                return f'show_if cannot use the computed value "{name}": computed values come after show_if'
            if name.startswith(("score.", "band.", "lean.", "side.")):
                return f'"{name}" can be used only in a recommendation\'s when'
            return f'unknown name "{name}"{_suggest(name, self.qids[:i])}'

        return check

    def computed_name(self, j: int) -> Callable[[str], str | None]:
        own = self.cids[j]

        def check(name: str) -> str | None:
            if name in self.qids or name in self.cids[:j]:
                return None
            if name == own:
                return f'computed value "{name}" refers to itself'
            if name in self.cids[j + 1 :]:
                return f'expr refers to "{name}", which is computed later; use only computed values above it'
            if name.startswith(("score.", "band.", "lean.", "side.")):
                return f'"{name}" can be used only in a recommendation\'s when'
            return f'unknown name "{name}"{_suggest(name, self.qids + self.cids[:j])}'

        return check

    def when_name(self, name: str) -> str | None:
        if name in self.qids or name in self.cids:
            return None
        head, _, tail = name.partition(".")
        if head in ("score", "band") and tail:
            if tail == "overall" or tail in self.dims:
                return None
            return f'unknown dimension "{tail}" in "{name}"{_suggest(tail, [*self.dims, "overall"])}'
        if head in ("lean", "side") and tail:
            if tail in self.two_sided:
                return None
            if tail in self.dims:
                return f'"{name}": dimension "{tail}" is not two-sided (give it `sides` to score it both ways)'
            return f'unknown two-sided dimension "{tail}" in "{name}"{_suggest(tail, sorted(self.two_sided))}'
        known = self.qids + self.cids + [f"score.{d}" for d in self.dims]
        return f'unknown name "{name}"{_suggest(name, known)}'

    def expression(self, path: Path_, text: str, what: str, check: Callable[[str], str | None]) -> None:
        try:
            expr = parse(text)
        except ExpressionError as exc:
            line, col = self.expr_position(path, exc.column)
            self.src.problems.append(Problem(self.src.path, line, col, f"{what} does not parse: {exc.message}"))
            return
        for name, column in sorted(name_columns(expr).items(), key=lambda item: item[1]):
            message = check(name)
            if message:
                line, col = self.expr_position(path, column)
                self.src.problems.append(Problem(self.src.path, line, col, message))
        for name, literal in _compared_literals(expr):
            allowed = self.allowed_values(name)
            if allowed is not None and check(name) is None and literal.value not in allowed:
                line, col = self.expr_position(path, literal.column)
                kind = "a band" if name.startswith("band.") else "a side" if name.startswith("side.") else "an option"
                hint = _suggest(str(literal.value), allowed) or f" (known: {', '.join(allowed)})"
                message = f'"{literal.value}" is not {kind} of "{name}", so this never matches{hint}'
                self.src.problems.append(Problem(self.src.path, line, col, message))
        for name, op, number, column in _number_comparisons(expr):
            if check(name) is not None:
                continue
            if name.startswith("score.") and not number.is_integer():
                meant = _whole_comparison(name, op, number)
                message = f'"{name}" is the score as shown, a whole number, so "{name} {op} {fmt(number)}" {meant}'
            elif name in self.numbers and _never(self.numbers[name], op, _exact(number)):
                span = self.numbers[name].span()
                message = f'"{name}" takes {span}, so "{name} {op} {fmt(number)}" never holds'
            else:
                continue
            line, col = self.expr_position(path, column)
            self.src.problems.append(Problem(self.src.path, line, col, message, Severity.WARNING))

    def allowed_values(self, name: str) -> list[str] | None:
        """The text values a name can hold when they are fixed: option ids of a choice/multi, band ids of a band."""
        if name.startswith("side."):
            return ["low", "high"] if name[5:] in self.two_sided else None
        if name.startswith("band."):
            did = name[5:]
            bands: Any = self.data.get("bands")
            for _, dim in self.dimensions:
                if _str(dim, "id") == did and dim.get("bands"):
                    bands = dim.get("bands")
            if did != "overall" and did not in self.dims:
                return None
        elif name in self.qids:
            question = self.questions[self.qids.index(name)][1]
            if _str(question, "type") not in _CHOICE_TYPES:
                return None
            bands = question.get("options")
        else:
            return None
        if not isinstance(bands, list):
            return None
        return [ident for item in bands if isinstance(item, dict) and (ident := _str(item, "id"))]

    def expr_position(self, path: Path_, column: int) -> tuple[int, int]:
        """The file position of a 1-based column inside the expression at `path` (see the module docstring)."""
        node = self.src.values.get(path)
        if not isinstance(node, yaml.ScalarNode):
            return self.src.at(path)
        return scalar_position(node, self.src.text, column)

    # zone --------------------------------------------------------------

    def zone(self) -> None:
        zone = self.data.get("zone")
        if not isinstance(zone, dict):
            return
        types = {qid: _str(q, "type") for qid, (_, q) in zip(self.qids, self.questions, strict=True)}
        priced: set[str] = set()
        for key in ("my_limit", "their_low", "their_high", "target"):
            ref = zone.get(key)
            if not isinstance(ref, str):
                continue
            if ref not in types:
                self.src.error(("zone", key), f'unknown question "{ref}"{_suggest(ref, self.qids)}')
            elif types[ref] != "number":
                self.src.error(("zone", key), f'"{ref}" must be a number question, not {types[ref]}')
            elif self.written(money := ("questions", self.questions[self.qids.index(ref)][0], "money")):
                if ref not in priced:  # said once, however many of the zone's keys name it
                    said = "it takes the zone's unit (`currency`), not money: role-play"
                    self.src.error(money, f'"{ref}" is a zone question: {said}', key=True)
                priced.add(ref)
        role = zone.get("role")
        if isinstance(role, str) and role not in ("buyer", "seller"):
            if role not in types:
                self.src.error(
                    ("zone", "role"), f'unknown question "{role}": give a choice question or "buyer" or "seller"'
                )
                return
            question = self.questions[self.qids.index(role)][1]
            raw_options = question.get("options")
            if not isinstance(raw_options, list):
                raw_options = []
            options = {_str(o, "id") for o in raw_options if isinstance(o, dict)}
            if types[role] != "choice" or not {"buyer", "seller"} <= options:
                self.src.error(("zone", "role"), f'"{role}" must be a choice question with options buyer and seller')


def _compared_literals(expr: Expr) -> list[tuple[str, Literal]]:
    """(name, text literal) pairs an expression compares: `name == 'x'`, `'x' != name`, `contains(name, 'x')`."""
    found: list[tuple[str, Literal]] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Unary):
            stack.append(node.operand)
        elif isinstance(node, Binary):
            stack.extend((node.left, node.right))
            if node.op in ("==", "!="):
                for a, b in ((node.left, node.right), (node.right, node.left)):
                    if isinstance(a, Name) and isinstance(b, Literal) and isinstance(b.value, str):
                        found.append((a.name, b))
        elif isinstance(node, Call):
            stack.extend(node.args)
            if node.name == "contains" and len(node.args) == 2:
                a, b = node.args
                if isinstance(a, Name) and isinstance(b, Literal) and isinstance(b.value, str):
                    found.append((a.name, b))
    return sorted(found, key=lambda pair: pair[1].column)


_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _number_comparisons(expr: Expr) -> list[tuple[str, str, float, int]]:
    """(name, op, number, its column) for each comparison of a name with a finite number, `score.x >= 69.5` or
    `500 < price` (turned round: `price > 500`), in the order they are written."""
    found: list[tuple[str, str, float, int]] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Unary):
            stack.append(node.operand)
        elif isinstance(node, Call):
            stack.extend(node.args)
        elif isinstance(node, Binary):
            stack.extend((node.left, node.right))
            if node.op not in _FLIPPED:
                continue
            for a, b, op in ((node.left, node.right, node.op), (node.right, node.left, _FLIPPED[node.op])):
                if (
                    isinstance(a, Name)
                    and isinstance(b, Literal)
                    and isinstance(b.value, float)
                    and math.isfinite(b.value)
                ):
                    found.append((a.name, op, b.value, b.column))
    return sorted(found, key=lambda item: item[3])


def _whole_comparison(name: str, op: str, x: float) -> str:
    """What `name op x` means for a whole-number score, in words a message can end with."""
    if op == "==":
        return "never holds; compare it with a whole number"
    if op == "!=":
        return "holds whenever there is a score; compare it with a whole number"
    whole = math.ceil(x)
    if op in (">", ">="):
        return f'is the same as "{name} >= {whole}": write that'
    return f'is the same as "{name} < {whole}": write that'


# ---------------------------------------------------------------- warnings (need a valid model)


def model_warnings(q: Questionnaire, src: Source) -> None:
    """Feedback missing for a band (the instrument warnings are `questionnaire.lint`)."""
    for i, dim in enumerate(q.dimensions):
        path: Path_ = ("dimensions", i)
        for band in q.bands_for(dim.id):
            if not dim.feedback.get(band.id, "").strip():
                where = (*path, "feedback") if dim.feedback else (*path, "id")
                src.warning(where, f'dimension "{dim.id}" has no feedback for band "{band.id}"')
    if q.feedback:
        for band in q.bands_for("overall"):
            if not q.feedback.get(band.id, "").strip():
                src.warning(("feedback",), f'the questionnaire\'s feedback has nothing for band "{band.id}"')
