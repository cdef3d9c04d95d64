"""Pydantic's validation errors turned into located messages a facilitator can act on."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from pydantic import ValidationError

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


_FIELDS_BY_PARENT = {
    "": "id title version intro scale bands dimensions questions computed recommendations feedback zone currency",
    "scale": "min max labels",
    "bands": "id min label",
    "dimensions": "id title guide weight feedback bands practice sides",
    "sides": "low high",
    "questions": (
        "id type text help dimension reverse weight required show_if options scale peak min max step unit "
        "explanation placeholder"
    ),
    "options": "id label score lean",
    "computed": "id expr label",
    "recommendations": "id when text guide kind excludes replaces",
    "zone": "role my_limit their_low their_high target unit",
}

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
        known = _FIELDS_BY_PARENT.get(_parent_key(loc), "").split()
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
