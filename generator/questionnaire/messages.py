"""Pydantic's validation errors turned into located messages a facilitator can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError

from generator.expressions import round_half_away
from generator.questionnaire.model import Questionnaire
from generator.questionnaire.source import Source
from generator.values import echo

__all__ = ["describe", "fmt", "fmt_score", "model_problems"]


def fmt(x: float) -> str:
    """A number from the file as messages show it: 3, 2.5, 1e+06."""
    return f"{x:g}"


def fmt_score(x: float) -> str:
    """A score as reports and the browser show it: a whole number by the one rounding rule, on which bands are
    looked up too (98.75 is 99, 37.5 is 38)."""
    return f"{round_half_away(x):.0f}"


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """The models an annotation holds: Scale, tuple[Band, ...], Sides | None, Annotated[...] (via get_args)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    else:
        for arg in get_args(annotation):
            yield from _models_in(arg)


def _keys_by_parent(root: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    """Every key a mapping may hold, by the key that holds it ("" for the top level), read from the models'
    `model_fields` so that a field added to a model is allowed, and suggested, without a second list to update."""
    found: dict[str, tuple[str, ...]] = {"": tuple(f.alias or n for n, f in root.model_fields.items())}
    todo, seen = [root], {root}
    while todo:
        for name, field in todo.pop().model_fields.items():
            for model in _models_in(field.annotation):
                keys = tuple(f.alias or n for n, f in model.model_fields.items())
                if found.setdefault(field.alias or name, keys) != keys:  # messages name a mapping by its key only
                    raise TypeError(f'the key "{name}" holds two different models; messages could not tell them apart')
                if model not in seen:
                    seen.add(model)
                    todo.append(model)
    return found


_FIELDS_BY_PARENT = _keys_by_parent(Questionnaire)

_PATTERN_WORDS = {
    r"^[a-z0-9-]+$": "lowercase letters, digits and -",
    r"^[a-z_][a-z0-9_]*$": "lowercase letters, digits and _, starting with a letter or _ (it is a name in expressions)",
    r"^[a-z0-9_-]+$": "lowercase letters, digits, _ and -",
}


def _parent_key(loc: Sequence[str | int]) -> str:
    """The name of the list or mapping that holds the last key of `loc` ("" for the top level)."""
    for part in reversed(loc[:-1]):
        if isinstance(part, str):
            return part
    return ""


def describe(value: Any) -> str:
    """A value as a message quotes it: strings printable and cut to limits.MAX_ECHO characters."""
    if value is None:
        return "nothing (empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value:g}" if isinstance(value, float) else f"the number {echo(value)}"
    if isinstance(value, str):
        return f'the text "{echo(value)}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _subject(loc: Sequence[str | int]) -> str:
    """How a message names the value at `loc`: "title", item 3 of "labels", a key of "feedback"."""
    if not loc:
        return "the value"
    last = loc[-1]
    parent = _parent_key(loc)
    if isinstance(last, int):
        return f'item {last + 1} of "{parent}"' if parent else f"item {last + 1}"
    if last == "[key]":
        return f'a key of "{parent}"' if parent else "a key"
    return f'"{last}"'


def _pydantic_message(err: Mapping[str, Any], src: Source) -> tuple[str, bool]:
    """A message for one pydantic error, and whether it should point at the key rather than the value."""
    kind = str(err["type"])
    loc: tuple[str | int, ...] = tuple(err["loc"])
    name = str(loc[-1]) if loc else "value"
    subject = _subject(loc)
    value = err.get("input")
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    if kind == "extra_forbidden":
        known = _FIELDS_BY_PARENT.get(_parent_key(loc), ())
        close = difflib.get_close_matches(name, known, n=1)
        hint = f'; did you mean "{close[0]}"?' if close else f"; allowed: {', '.join(known)}" if known else ""
        return f'unknown key "{name}"{hint}', True
    if kind == "missing":
        return f'missing required key "{name}"', False
    if kind == "string_type":
        if value is None:
            return f"{subject} is empty; write some text", False
        node = src.values.get(loc)
        raw = node.value if isinstance(node, yaml.ScalarNode) else None
        if raw is not None:
            return f'{subject} must be text, not {describe(value)}; put it in quotes: "{echo(raw)}"', False
        return f"{subject} must be text, not {describe(value)}", False
    if kind == "string_too_short":
        return f"{subject} is empty; write some text", False
    if kind == "string_pattern_mismatch":
        rule = _PATTERN_WORDS.get(str(ctx.get("pattern", "")), f"the pattern {ctx.get('pattern')}")
        return f'"{echo(value)}" is not a valid {name}: use only {rule}', False
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"{subject} must be a whole number, not {describe(value)}", False
    if kind in {"float_type", "float_parsing"}:
        return f"{subject} must be a number, not {describe(value)}", False
    if kind == "finite_number":
        return f"{subject} must be a finite number", False
    if kind in {"bool_type", "bool_parsing"}:
        return f"{subject} must be true or false, not {describe(value)}", False
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f'"{echo(value)}" is not a valid {name}; expected one of {expected}', False
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        words = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "greater than",
            "less_than": "less than",
        }
        bound = next(iter(ctx.values()), "")
        shown = fmt(bound) if isinstance(bound, int | float) else str(bound)
        return f"{subject} must be {words[kind]} {shown}, not {echo(value)}", False
    if kind == "multiple_of" and ctx.get("multiple_of") == 1:  # a band's min: scores are shown (and banded) whole
        why = "; scores are shown, and banded, as whole numbers" if _parent_key(loc) == "bands" else ""
        return f"{subject} must be a whole number, not {echo(value)}{why}", False
    if kind in {"tuple_type", "list_type"}:
        return f"{subject} must be a list, not {describe(value)}", False
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"{subject} must be a mapping of keys, not {describe(value)}", False
    if kind == "too_short":
        return f"{subject} needs at least {ctx.get('min_length', 1)} item(s)", False
    if kind == "too_long":
        return f"{subject} has too many items: at most {ctx.get('max_length')}", False
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg", "invalid value"))), False
    message = str(err.get("msg", "invalid value"))
    return f"{subject}: {message[:1].lower()}{message[1:]}", False


def model_problems(data: Any, src: Source) -> Questionnaire | None:
    """Validate the shapes; add one located problem per pydantic error."""
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            given = err.get("input")
            if err["type"] == "too_short" and isinstance(given, list) and len(given) >= err["ctx"]["min_length"]:
                continue  # pydantic's echo of items that failed on their own; those errors are reported already
            loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
            if loc in src.unreadable:
                continue  # its value could not be read at all; that is already reported at the same place
            message, on_key = _pydantic_message(err, src)
            if loc and loc[-1] == "[key]":  # the key itself is wrong: point at it, not at its value
                loc, on_key = loc[:-1], True
            if err["type"] == "missing":
                loc = loc[:-1]
            src.error(loc, message, key=on_key)
        return None
