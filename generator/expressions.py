"""The questionnaire expression language (issue 3, rule 7): tokenizer, parser with positions, and evaluator.

Expressions appear in `show_if`, `computed` and `when`. They are parsed into frozen AST nodes, never run with
`eval`. `generator/assets/javascripts/parser/expressions.mjs` mirrors this module function for function, and the two
must agree exactly (tests/unit/test_parity.py checks it). Its evaluation half lives in scoring.mjs: the site
ships every expression already parsed (`to_json`), so quiz pages load the evaluator and never the parser.

Grammar, lowest precedence first::

    expr       := or
    or         := and ("or" and)*
    and        := comparison ("and" comparison)*
    comparison := additive [("<" | "<=" | ">" | ">=" | "==" | "!=") additive]   # not chainable
    additive   := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("-" | "not") unary | primary                                 # binds tightest
    primary    := NUMBER | STRING | "true" | "false" | "null" | NAME | CALL | "(" expr ")"

- NUMBER is `123` or `1.5` (no exponent, no leading dot). STRING is 'single' or "double" quoted; a backslash
  escapes only the quote characters and the backslash itself.
- NAME is `[A-Za-z_][A-Za-z0-9_]*`, optionally followed by dotted parts (`score.framing`, `band.overall`), read
  as one name. `and`, `or`, `not`, `true`, `false`, `null` are keywords.
- `not` binds as tightly as unary minus (the issue lists them together): write `not (a == b)`, not `not a == b`.
- Comparisons cannot be chained: `a < b < c` is an error; write `a < b and b < c`.
- Unknown functions, wrong argument counts and an `answered()` whose argument is not a name are parse errors.
- A tree deeper than MAX_DEPTH, or parentheses and calls nested more than MAX_NESTING levels, is an error,
  so no input can exhaust the stack.

Every malformed input raises `ExpressionError(message, column)` with a 1-based column (a column of
len(text) + 1 means "at the end"); `parse` raises nothing else, for any text.

Values are null (None), booleans, numbers, strings and lists. Evaluation never raises:

- Arithmetic (`+ - * /`, unary `-`) works on numbers only (booleans are not numbers). Anything else, including
  a null, string + string or a mix of types, gives null. Division by zero gives null, and so does a result that
  is not finite.
- `<`, `<=`, `>`, `>=` compare numbers only; any other operand (null, strings, booleans, lists) gives false.
- `==` and `!=` with an operand that evaluates to null give false (a comparison with a null is false), unless
  one side is the literal `null`: then `x == null` is true when x is null, and `x != null` when x is not null.
  Otherwise values of different types are unequal (`1 == '1'` is false and `1 != '1'` is true; `true == 1`
  is false); numbers compare by value, strings exactly, lists item by item.
- `and`, `or`, `not` always return booleans. A value is truthy unless it is null, false, 0, '' or an empty list
  (see `truthy`). A `show_if` or `when` holds when its value is truthy.
- `min(a, ...)` / `max(a, ...)` ignore null arguments and give null when all are null, or when any non-null
  argument is not a number. `abs(x)` gives null unless x is a number.
- `round(x, n)` rounds half away from zero (`round_half_away`); n defaults to 0 and must be a whole number in
  0..12, otherwise the result is null. A null or non-number x gives null.
- `answered(name)` is true when the name's value is not null, not '' and not an empty list.
- `contains(list, value)` is true when the list has an item equal (as `==`) to value; false when the first
  argument is not a list (null included). `count(list)` is the list's length, 0 for null, null otherwise.
- An unknown name in `evaluate`'s environment reads as null (the validator rejects unknown names earlier).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeAlias

from generator.values import is_answered

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_NESTING",
    "Binary",
    "Call",
    "Expr",
    "ExpressionError",
    "Literal",
    "Name",
    "Unary",
    "evaluate",
    "functions",
    "name_columns",
    "names",
    "parse",
    "parsed_questionnaire",
    "round_half_away",
    "to_json",
    "truthy",
]

MAX_DEPTH = 100
"""The deepest expression tree `parse` accepts; deeper input is an ExpressionError, never a RecursionError."""

MAX_NESTING = 32
"""The most parentheses and calls `parse` accepts inside one another."""

FUNCTIONS: Mapping[str, tuple[int, int | None]] = MappingProxyType(
    {
        "min": (1, None),
        "max": (1, None),
        "abs": (1, 1),
        "round": (1, 2),
        "answered": (1, 1),
        "contains": (2, 2),
        "count": (1, 1),
    }
)
"""The functions expressions may call, each with (fewest, most) arguments; None means no upper limit."""

KEYWORDS = frozenset({"and", "or", "not", "true", "false", "null"})
_COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!="})
_WHITESPACE = frozenset(" \t\r\n")
_DIGITS = frozenset("0123456789")
_IDENT_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_IDENT_CHARS = _IDENT_START | _DIGITS
_MAX_ROUND_DIGITS = 12


class ExpressionError(Exception):
    """A malformed expression: `message` for people, `column` 1-based (len(text) + 1 means at the end)."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"{message} (column {column})")
        self.message = message
        self.column = column


# ---------------------------------------------------------------- AST


@dataclass(frozen=True)
class Literal:
    """A number (always a float), string, boolean or null written in the expression."""

    value: float | str | bool | None
    column: int


@dataclass(frozen=True)
class Name:
    """A name such as `deal_kind` or `score.framing`: looked up in the environment."""

    name: str
    column: int


@dataclass(frozen=True)
class Unary:
    """`-x` or `not x`."""

    op: str
    operand: Expr
    column: int


@dataclass(frozen=True)
class Binary:
    """`left op right` for arithmetic, comparisons, `and` and `or`; `column` is the operator's."""

    op: str
    left: Expr
    right: Expr
    column: int


@dataclass(frozen=True)
class Call:
    """A call of one of FUNCTIONS; `column` is the function name's."""

    name: str
    args: tuple[Expr, ...]
    column: int


Expr: TypeAlias = Literal | Name | Unary | Binary | Call


# ---------------------------------------------------------------- tokenizer


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "str", "name", "op", "end"
    text: str  # the source text (for "str": the decoded value)
    column: int


def _tokenize(text: str) -> list[_Token]:
    """Split text into tokens; the last one is always "end" at len(text) + 1."""
    tokens: list[_Token] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        col = i + 1
        if c in _WHITESPACE:
            i += 1
        elif c in _DIGITS:
            j = i
            while j < n and text[j] in _DIGITS:
                j += 1
            if j + 1 < n and text[j] == "." and text[j + 1] in _DIGITS:
                j += 1
                while j < n and text[j] in _DIGITS:
                    j += 1
            tokens.append(_Token("num", text[i:j], col))
            i = j
        elif c in _IDENT_START:
            j = i
            while j < n and text[j] in _IDENT_CHARS:
                j += 1
            while j + 1 < n and text[j] == "." and text[j + 1] in _IDENT_CHARS:
                j += 1
                while j < n and text[j] in _IDENT_CHARS:
                    j += 1
            tokens.append(_Token("name", text[i:j], col))
            i = j
        elif c in "'\"":
            j = i + 1
            chars: list[str] = []
            while True:
                if j >= n:
                    raise ExpressionError("unterminated string", col)
                d = text[j]
                if d == c:
                    break
                if d == "\\":
                    if j + 1 >= n:
                        raise ExpressionError("unterminated string", col)
                    e = text[j + 1]
                    if e not in "'\"\\":
                        raise ExpressionError("a backslash may only escape a quote or a backslash", j + 1)
                    chars.append(e)
                    j += 2
                else:
                    chars.append(d)
                    j += 1
            tokens.append(_Token("str", "".join(chars), col))
            i = j + 1
        elif text.startswith(("<=", ">=", "==", "!="), i):
            tokens.append(_Token("op", text[i : i + 2], col))
            i += 2
        elif c in "<>+-*/(),":
            tokens.append(_Token("op", c, col))
            i += 1
        elif c == "=":
            raise ExpressionError("use == to compare", col)
        elif c == "!":
            raise ExpressionError("use != or not", col)
        else:
            raise ExpressionError(f"unexpected character {_show_char(c)}", col)
    tokens.append(_Token("end", "", n + 1))
    return tokens


def _show_char(c: str) -> str:
    """A character for a message: quoted when printable ASCII, else its code point (same text in JS)."""
    if 0x21 <= ord(c) <= 0x7E:
        return f"'{c}'"
    return f"U+{ord(c):04X}"


# ---------------------------------------------------------------- parser


def _describe(token: _Token) -> str:
    if token.kind == "end":
        return "end of expression"
    if token.kind == "str":
        return "string"
    return f"'{token.text}'"


class _Parser:
    """Recursive descent over the tokens; every parse method returns (node, depth of the subtree)."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.nesting = 0

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def advance(self) -> _Token:
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def at(self, kind: str, *texts: str) -> bool:
        token = self.peek()
        return token.kind == kind and (not texts or token.text in texts)

    def expect_op(self, text: str) -> _Token:
        token = self.peek()
        if token.kind == "op" and token.text == text:
            return self.advance()
        raise ExpressionError(f"expected '{text}' but found {_describe(token)}", token.column)

    @staticmethod
    def check_depth(depth: int, column: int) -> int:
        if depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested too deeply (more than {MAX_DEPTH} levels)", column)
        return depth

    def parse_binary(self, left: Expr, depth: int, operand: Callable[[], tuple[Expr, int]]) -> tuple[Expr, int]:
        """The operator token ahead joins `left` (of `depth`) and the next operand: one node, one level deeper."""
        op = self.advance()
        right, rdepth = operand()
        depth = self.check_depth(max(depth, rdepth) + 1, op.column)
        return Binary(op.text, left, right, op.column), depth

    def parse_left(self, operand: Callable[[], tuple[Expr, int]], kind: str, *ops: str) -> tuple[Expr, int]:
        """Operands joined by any of `ops`, grouped from the left: `a - b - c` is `(a - b) - c`."""
        left, depth = operand()
        while self.at(kind, *ops):
            left, depth = self.parse_binary(left, depth, operand)
        return left, depth

    def parse_or(self) -> tuple[Expr, int]:
        return self.parse_left(self.parse_and, "name", "or")

    def parse_and(self) -> tuple[Expr, int]:
        return self.parse_left(self.parse_comparison, "name", "and")

    def parse_comparison(self) -> tuple[Expr, int]:
        left, depth = self.parse_additive()
        if self.peek().kind == "op" and self.peek().text in _COMPARISONS:
            left, depth = self.parse_binary(left, depth, self.parse_additive)
            nxt = self.peek()
            if nxt.kind == "op" and nxt.text in _COMPARISONS:
                raise ExpressionError("comparisons cannot be chained; join them with 'and'", nxt.column)
        return left, depth

    def parse_additive(self) -> tuple[Expr, int]:
        return self.parse_left(self.parse_term, "op", "+", "-")

    def parse_term(self) -> tuple[Expr, int]:
        return self.parse_left(self.parse_unary, "op", "*", "/")

    def parse_unary(self, nesting: int = 0) -> tuple[Expr, int]:
        token = self.peek()
        if self.at("op", "-") or self.at("name", "not"):
            self.check_depth(nesting + 1, token.column)
            self.advance()
            operand, depth = self.parse_unary(nesting + 1)
            return Unary(token.text, operand, token.column), self.check_depth(depth + 1, token.column)
        return self.parse_primary()

    def parse_primary(self) -> tuple[Expr, int]:
        token = self.advance()
        if token.kind == "num":
            value = float(token.text)
            if not math.isfinite(value):
                raise ExpressionError("number is too large", token.column)
            return Literal(value, token.column), 1
        if token.kind == "str":
            return Literal(token.text, token.column), 1
        if token.kind == "name":
            if token.text == "true":
                return Literal(True, token.column), 1
            if token.text == "false":
                return Literal(False, token.column), 1
            if token.text == "null":
                return Literal(None, token.column), 1
            if token.text in KEYWORDS:
                raise ExpressionError(f"unexpected '{token.text}'", token.column)
            if self.at("op", "("):
                return self.parse_call(token)
            return Name(token.text, token.column), 1
        if token.kind == "op" and token.text == "(":
            inner, depth = self.parse_nested()
            self.expect_op(")")
            return inner, depth
        raise ExpressionError(f"unexpected {_describe(token)}", token.column)

    def parse_nested(self) -> tuple[Expr, int]:
        """An expression inside parentheses or call arguments: one more level of parser recursion."""
        token = self.peek()
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExpressionError(f"expression is nested too deeply (more than {MAX_NESTING} levels)", token.column)
        inner, depth = self.parse_or()
        self.nesting -= 1
        return inner, self.check_depth(depth + 1, token.column)

    def parse_call(self, name: _Token) -> tuple[Expr, int]:
        if name.text not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(f"unknown function '{name.text}' (known: {known})", name.column)
        self.expect_op("(")
        args: list[Expr] = []
        depth = 1
        if not self.at("op", ")"):
            while True:
                arg, adepth = self.parse_nested()
                args.append(arg)
                depth = max(depth, adepth)
                if self.at("op", ","):
                    self.advance()
                    continue
                break
        self.expect_op(")")
        fewest, most = FUNCTIONS[name.text]
        if len(args) < fewest or (most is not None and len(args) > most):
            if most is None:
                wanted = f"at least {fewest} argument" + ("" if fewest == 1 else "s")
            elif fewest == most:
                wanted = f"{fewest} argument" + ("" if fewest == 1 else "s")
            else:
                wanted = f"{fewest} to {most} arguments"
            raise ExpressionError(f"{name.text}() takes {wanted}, not {len(args)}", name.column)
        if name.text == "answered" and not isinstance(args[0], Name):
            raise ExpressionError("answered() takes a question name", _column(args[0]))
        return Call(name.text, tuple(args), name.column), self.check_depth(depth + 1, name.column)


def _column(expr: Expr) -> int:
    """Where an expression starts (its leftmost token)."""
    while isinstance(expr, Binary):
        expr = expr.left
    return expr.column


def parse(text: str) -> Expr:
    """Parse an expression; raises ExpressionError (and nothing else) for any malformed text."""
    if not isinstance(text, str):
        raise ExpressionError("an expression must be text", 1)
    tokens = _tokenize(text)
    if tokens[0].kind == "end":
        raise ExpressionError("empty expression", 1)
    parser = _Parser(tokens)
    expr, _ = parser.parse_or()
    token = parser.peek()
    if token.kind != "end":
        raise ExpressionError(f"unexpected {_describe(token)}", token.column)
    return expr


# ---------------------------------------------------------------- inspection


def _walk(expr: Expr) -> list[Expr]:
    """Every node, in source order (depth-first, left to right)."""
    out: list[Expr] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, Unary):
            stack.append(node.operand)
        elif isinstance(node, Binary):
            stack.extend((node.right, node.left))
        elif isinstance(node, Call):
            stack.extend(reversed(node.args))
    return out


def names(expr: Expr) -> frozenset[str]:
    """The names an expression reads (dotted names such as `score.framing` as one string)."""
    return frozenset(node.name for node in _walk(expr) if isinstance(node, Name))


def name_columns(expr: Expr) -> dict[str, int]:
    """Each name the expression reads, with the 1-based column of its first use (for located messages)."""
    found: dict[str, int] = {}
    for node in _walk(expr):
        if isinstance(node, Name):
            found[node.name] = min(found.get(node.name, node.column), node.column)
    return found


def functions(expr: Expr) -> frozenset[str]:
    """The functions an expression calls."""
    return frozenset(node.name for node in _walk(expr) if isinstance(node, Call))


# ---------------------------------------------------------------- the AST as JSON, for the browser


def to_json(expr: Expr) -> dict[str, Any]:
    """The AST as plain JSON objects, the very shape expressions.mjs's `parse` returns.

    `{"type": "Binary", "op": ">=", "left": {...}, "right": {...}, "column": 4}`, and likewise `Literal`
    (value), `Name` (name), `Unary` (op, operand) and `Call` (name, args). The site ships expressions in this
    form so the browser evaluates them (scoring.mjs) without loading the parser.
    """
    if isinstance(expr, Literal):
        return {"type": "Literal", "value": expr.value, "column": expr.column}
    if isinstance(expr, Name):
        return {"type": "Name", "name": expr.name, "column": expr.column}
    if isinstance(expr, Unary):
        return {"type": "Unary", "op": expr.op, "operand": to_json(expr.operand), "column": expr.column}
    if isinstance(expr, Binary):
        left, right = to_json(expr.left), to_json(expr.right)
        return {"type": "Binary", "op": expr.op, "left": left, "right": right, "column": expr.column}
    return {"type": "Call", "name": expr.name, "args": [to_json(arg) for arg in expr.args], "column": expr.column}


def parsed_questionnaire(client_json: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a questionnaire's client JSON whose `show_if`, computed `expr` and recommendation `when` texts
    are replaced by their ASTs (`to_json`): what scoring.mjs scores. Raises ExpressionError for a bad text."""

    def parsed(items: Any, key: str) -> list[dict[str, Any]]:
        return [{**item, key: to_json(parse(item[key]))} if item.get(key) is not None else item for item in items or []]

    out = dict(client_json)
    out["questions"] = parsed(client_json.get("questions"), "show_if")
    out["computed"] = parsed(client_json.get("computed"), "expr")
    out["recommendations"] = parsed(client_json.get("recommendations"), "when")
    return out


# ---------------------------------------------------------------- evaluation


def round_half_away(x: float, ndigits: int = 0) -> float:
    """Round half away from zero: sign(x) * floor(abs(x) * 10**n + 0.5) / 10**n, bit for bit like roundHalfAway.

    ndigits must be in 0..15. Values too large to have digits below 10**-n (and inf, nan) come back unchanged.
    """
    if isinstance(ndigits, bool) or not isinstance(ndigits, int) or not 0 <= ndigits <= 15:
        raise ValueError(f"ndigits must be a whole number in 0..15, not {ndigits!r}")
    x = float(x)
    if not math.isfinite(x):
        return x
    power: int = 10**ndigits
    scaled = abs(x) * power
    if scaled >= 2.0**52:
        return x
    magnitude = math.floor(scaled + 0.5) / power
    return (magnitude if x >= 0 else -magnitude) + 0.0


def truthy(value: object) -> bool:
    """False for null, false, 0, '' and an empty list; true for everything else."""
    if value is None or value is False:
        return False
    if isinstance(value, bool):
        return True
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str | list | tuple):
        return len(value) > 0
    return True


def _number(value: object) -> float | None:
    """The value as a finite float when it is a number (not a boolean), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if _is_list(value):
        return "list"
    return "other"


def _equal(a: object, b: object) -> bool:
    """Typed equality: different kinds are unequal; numbers by value; lists item by item."""
    kind = _kind(a)
    if kind != _kind(b):
        return False
    if kind == "number":
        return _number(a) == _number(b)
    if kind == "list":
        assert isinstance(a, list | tuple) and isinstance(b, list | tuple)
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if kind == "other":
        return False
    return a == b


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _arithmetic(op: str, a: object, b: object) -> float | None:
    x = _number(a)
    y = _number(b)
    if x is None or y is None:
        return None
    if op == "+":
        return _finite(x + y)
    if op == "-":
        return _finite(x - y)
    if op == "*":
        return _finite(x * y)
    if y == 0:
        return None
    return _finite(x / y)


def _compare(op: str, left: Expr, right: Expr, a: object, b: object) -> bool:
    if op in ("==", "!="):
        left_null = isinstance(left, Literal) and left.value is None
        right_null = isinstance(right, Literal) and right.value is None
        if left_null or right_null:
            both_null = a is None and b is None
            return both_null if op == "==" else not both_null
        if a is None or b is None:
            return False
        return _equal(a, b) if op == "==" else not _equal(a, b)
    x = _number(a)
    y = _number(b)
    if x is None or y is None:
        return False
    if op == "<":
        return x < y
    if op == "<=":
        return x <= y
    if op == ">":
        return x > y
    return x >= y


def _extreme(name: str, values: Sequence[object]) -> float | None:
    best: float | None = None
    for value in values:
        if value is None:
            continue
        x = _number(value)
        if x is None:
            return None
        if best is None or (x < best if name == "min" else x > best):
            best = x
    return best


def _call(name: str, args: Sequence[Expr], env: Mapping[str, Any]) -> Any:
    values = [evaluate(arg, env) for arg in args]
    if name in ("min", "max"):
        return _extreme(name, values)
    if name == "abs":
        x = _number(values[0])
        return None if x is None else abs(x)
    if name == "round":
        x = _number(values[0])
        digits = _number(values[1]) if len(values) > 1 else 0.0
        if x is None or digits is None or digits != math.floor(digits):
            return None
        if not 0 <= digits <= _MAX_ROUND_DIGITS:
            return None
        return round_half_away(x, int(digits))
    if name == "answered":
        return is_answered(values[0])
    if name == "contains":
        container = values[0]
        if not isinstance(container, list | tuple):
            return False
        return any(_equal(item, values[1]) for item in container)
    # count
    container = values[0]
    if container is None:
        return 0
    if isinstance(container, list | tuple):
        return len(container)
    return None


def evaluate(expr: Expr, env: Mapping[str, Any]) -> Any:
    """The value of a parsed expression; names missing from env read as null. Never raises."""
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, Name):
        return env.get(expr.name)
    if isinstance(expr, Unary):
        value = evaluate(expr.operand, env)
        if expr.op == "not":
            return not truthy(value)
        x = _number(value)
        return None if x is None else -x
    if isinstance(expr, Binary):
        op = expr.op
        if op == "and":
            return truthy(evaluate(expr.left, env)) and truthy(evaluate(expr.right, env))
        if op == "or":
            return truthy(evaluate(expr.left, env)) or truthy(evaluate(expr.right, env))
        a = evaluate(expr.left, env)
        b = evaluate(expr.right, env)
        if op in _COMPARISONS:
            return _compare(op, expr.left, expr.right, a, b)
        return _arithmetic(op, a, b)
    return _call(expr.name, expr.args, env)
