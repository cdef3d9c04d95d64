"""The expression language: parsing with columns, null-safe evaluation, half-away rounding.

tests/js/expressions.test.mjs runs the same cases against the browser module.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.expressions import (
    FUNCTIONS,
    ExpressionError,
    evaluate,
    functions,
    name_columns,
    names,
    parse,
    round_half_away,
    truthy,
)


def run(text: str, env: dict[str, Any] | None = None) -> Any:
    return evaluate(parse(text), env or {})


def error_of(text: str) -> tuple[str, int]:
    with pytest.raises(ExpressionError) as info:
        parse(text)
    return info.value.message, info.value.column


class TestArithmetic:
    """Numbers follow the usual precedence; anything doubtful gives null instead of an error."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1 + 2 * 3", 7),
            ("(1 + 2) * 3", 9),
            ("10 - 4 - 3", 3),
            ("12 / 3 / 2", 2),
            ("-a * 2", -6),
            ("- -a", 3),
            ("0.1 + 0.2", 0.1 + 0.2),
            ("a", 3),
        ],
    )
    def test_values(self, text: str, expected: float) -> None:
        assert run(text, {"a": 3}) == expected

    @pytest.mark.parametrize(
        "text", ["x + 1", "1 - x", "x * 2", "x / 2", "-x", "1 / 0", "0 / 0", "'a' + 'b'", "true + 1", "s * 2"]
    )
    def test_null_results(self, text: str) -> None:
        assert run(text, {"x": None, "s": "3"}) is None

    def test_overflow_is_null_not_infinity(self) -> None:
        assert run("a * a", {"a": 1e200}) is None
        assert run("a + 1", {"a": 10**400}) is None


class TestComparisons:
    """A comparison with a null is false, except a test against the literal null; types never mix."""

    @pytest.mark.parametrize("text", ["x > 3", "x < 3", "x >= 3", "x <= 3", "x == 3", "x != 3", "x == y", "x != y"])
    def test_null_compares_false(self, text: str) -> None:
        assert run(text, {"x": None, "y": 3}) is False

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("x == null", True),
            ("null == x", True),
            ("x != null", False),
            ("y != null", True),
            ("y == null", False),
            ("null == null", True),
            ("null != null", False),
        ],
    )
    def test_null_literal(self, text: str, expected: bool) -> None:
        assert run(text, {"x": None, "y": 3}) is expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("n == '5'", False),
            ("n != '5'", True),
            ("n < 'a'", False),
            ("'a' < 'b'", False),
            ("true == 1", False),
            ("n == 5.0", True),
            ("items == items", True),
            ("items == other", False),
        ],
    )
    def test_types(self, text: str, expected: bool) -> None:
        assert run(text, {"n": 5, "items": ["a"], "other": ["b"]}) is expected

    def test_chained_comparison_is_an_error(self) -> None:
        assert error_of("a < b < c") == ("comparisons cannot be chained; join them with 'and'", 7)


class TestLogic:
    """and, or, not treat null as false and return booleans; not binds tightest."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("x and true", False),
            ("x or true", True),
            ("not x", True),
            ("five or x", True),
            ("not zero", True),
            ("not a == b", False),
            ("not (a == b)", True),
            ("true or false and false", True),
        ],
    )
    def test_values(self, text: str, expected: bool) -> None:
        assert run(text, {"x": None, "zero": 0, "five": 5, "a": 1, "b": 2}) is expected

    @pytest.mark.parametrize("value", [None, False, 0, 0.0, "", [], ()])
    def test_falsy(self, value: object) -> None:
        assert truthy(value) is False

    @pytest.mark.parametrize("value", [True, 1, -0.5, "a", ["a"], {}])
    def test_truthy(self, value: object) -> None:
        assert truthy(value) is True


class TestFunctions:
    """min/max skip nulls, answered/contains/count understand lists, round is half away from zero."""

    ENV: ClassVar[dict[str, Any]] = {
        "a": 3,
        "b": -7.5,
        "c": None,
        "tactics": ["listen", "trade"],
        "empty": [],
        "blank": "",
        "note": "x",
    }

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("min(a, b, c)", -7.5),
            ("max(a, b)", 3),
            ("max(c)", None),
            ("min(a, 'x')", None),
            ("abs(b)", 7.5),
            ("abs(c)", None),
            ("count(tactics)", 2),
            ("count(c)", 0),
            ("count(a)", None),
            ("contains(tactics, 'listen')", True),
            ('contains(tactics, "threaten")', False),
            ("contains(c, 'listen')", False),
            ("answered(tactics)", True),
            ("answered(note)", True),
            ("answered(a)", True),
            ("answered(c)", False),
            ("answered(empty)", False),
            ("answered(blank)", False),
            ("round(a / 2)", 2),
            ("round(2.5, 1.5)", None),
            ("round(2.5, 13)", None),
            ("round(c)", None),
        ],
    )
    def test_values(self, text: str, expected: object) -> None:
        assert run(text, self.ENV) == expected
        assert type(run(text, self.ENV)) is type(expected) or isinstance(expected, int | float)

    def test_the_function_table(self) -> None:
        assert sorted(FUNCTIONS) == ["abs", "answered", "contains", "count", "max", "min", "round"]

    def test_answered_needs_a_name(self) -> None:
        assert error_of("answered(1 + 2)") == ("answered() takes a question name", 10)


class TestRounding:
    """round_half_away: ties go away from zero, with the same IEEE operations as roundHalfAway."""

    @pytest.mark.parametrize(
        ("x", "n", "expected"),
        [
            (62.5, 0, 63),
            (-2.5, 0, -3),
            (0.5, 0, 1),
            (-0.5, 0, -1),
            (2.5, 0, 3),
            (1.25, 1, 1.3),
            (-1.25, 1, -1.3),
            (2.675, 2, 2.68),  # 2.675 * 100 == 267.5 in doubles
            (1.005, 2, 1.0),  # 1.005 * 100 == 100.49999999999999
            (62.49999999999999, 0, 62),
            (1e300, 0, 1e300),
        ],
    )
    def test_values(self, x: float, n: int, expected: float) -> None:
        assert round_half_away(x, n) == expected

    def test_no_negative_zero(self) -> None:
        assert math.copysign(1, round_half_away(-0.4)) == 1

    def test_non_finite_passes_through(self) -> None:
        assert round_half_away(math.inf) == math.inf
        assert math.isnan(round_half_away(math.nan))

    @pytest.mark.parametrize("n", [-1, 16, 1.5, True])
    def test_bad_digits(self, n: Any) -> None:
        with pytest.raises(ValueError):
            round_half_away(1.0, n)

    @given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12), st.integers(0, 6))
    def test_within_half_a_unit(self, x: float, n: int) -> None:
        rounded = round_half_away(x, n)
        assert abs(rounded - x) <= 0.5 / 10**n + 1e-9 * max(1.0, abs(x))
        assert round_half_away(-x, n) == -rounded or rounded == 0


class TestStrings:
    """Both quote styles, with backslash escapes for quotes and backslashes only."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("'it\\'s'", "it's"), ('"it\'s"', "it's"), ('"say \\"hi\\""', 'say "hi"'), ("'a\\\\b'", "a\\b")],
    )
    def test_values(self, text: str, expected: str) -> None:
        assert run(text) == expected

    def test_columns_count_code_points(self) -> None:
        assert run("'😀' == x", {"x": "😀"}) is True
        assert error_of("'😀' == x y") == ("unexpected 'y'", 10)


class TestInspection:
    """names() and functions() tell the validator what an expression refers to."""

    def test_names_and_functions(self) -> None:
        expr = parse("score.framing >= 70 and band.overall == 'ready' or answered(x) and min(x, y) > 0")
        assert names(expr) == {"band.overall", "score.framing", "x", "y"}
        assert functions(expr) == {"answered", "min"}

    def test_name_columns(self) -> None:
        assert name_columns(parse("a + b * a")) == {"a": 1, "b": 5}

    def test_nodes_are_frozen(self) -> None:
        expr = parse("a + 1")
        with pytest.raises(dataclasses.FrozenInstanceError):
            expr.column = 3  # type: ignore[misc]


MALFORMED = {
    "": ("empty expression", 1),
    "   ": ("empty expression", 1),
    "1 +": ("unexpected end of expression", 4),
    "a = 1": ("use == to compare", 3),
    "!a": ("use != or not", 1),
    "'abc": ("unterminated string", 1),
    "x == 'a\\nb'": ("a backslash may only escape a quote or a backslash", 8),
    "foo(1)": ("unknown function 'foo' (known: abs, answered, contains, count, max, min, round)", 1),
    "max()": ("max() takes at least 1 argument, not 0", 1),
    "abs(1, 2)": ("abs() takes 1 argument, not 2", 1),
    "round(1, 2, 3)": ("round() takes 1 to 2 arguments, not 3", 1),
    "contains(x)": ("contains() takes 2 arguments, not 1", 1),
    "(1 + 2": ("expected ')' but found end of expression", 7),
    "1 2": ("unexpected '2'", 3),
    "a and or b": ("unexpected 'or'", 7),
    "x.": ("unexpected character '.'", 2),
    "1.": ("unexpected character '.'", 2),
    "a & b": ("unexpected character '&'", 3),
    "😀 x": ("unexpected character U+1F600", 1),
    "x == \u00a0": ("unexpected character U+00A0", 6),
    "1 + 'a' 3": ("unexpected '3'", 9),
    "1" + "0" * 400: ("number is too large", 1),
    "(" * 40 + "1" + ")" * 40: ("expression is nested too deeply (more than 32 levels)", 34),
    "-" * 200 + "1": ("expression is nested too deeply (more than 100 levels)", 101),
    "+".join(["1"] * 150): ("expression is nested too deeply (more than 100 levels)", 200),
}


class TestErrors:
    """Every malformed expression is an ExpressionError with a 1-based column, never another exception."""

    @pytest.mark.parametrize(("text", "expected"), list(MALFORMED.items()), ids=lambda v: repr(v)[:30])
    def test_located(self, text: str, expected: tuple[str, int]) -> None:
        assert error_of(text) == expected

    def test_str_names_the_column(self) -> None:
        with pytest.raises(ExpressionError, match=r"^use == to compare \(column 3\)$"):
            parse("a = 1")

    def test_not_text(self) -> None:
        with pytest.raises(ExpressionError):
            parse(None)  # type: ignore[arg-type]

    @given(st.text(max_size=60))
    def test_arbitrary_text(self, text: str) -> None:
        try:
            expr = parse(text)
        except ExpressionError as error:
            assert 1 <= error.column <= len(text) + 1
            assert error.message
        else:
            evaluate(expr, {})

    @given(st.text(alphabet="()+-*/<>=!,.'\"\\ ab1_0notandr", max_size=40))
    def test_expression_like_text(self, text: str) -> None:
        try:
            expr = parse(text)
        except ExpressionError as error:
            assert 1 <= error.column <= len(text) + 1
        else:
            evaluate(expr, {"a": 1, "b": None})

    def test_deep_nesting_is_an_error_not_a_crash(self) -> None:
        for text in ["(" * 5000, "-" * 5000 + "1", "not " * 3000 + "x", "+".join(["1"] * 5000), "min(" * 3000]:
            with pytest.raises(ExpressionError):
                parse(text)
