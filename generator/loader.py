"""Load questionnaires from YAML and report every problem at once, each located as `path:line:col`.

The YAML is composed into nodes (which carry line and column), turned into plain data while remembering where
every value and key came from, and checked in two passes that both always run:

1. shapes and types, by the pydantic models (`generator.models`); each error's `loc` is mapped back to the file;
2. whole-questionnaire checks on the plain data: duplicate ids, unknown references, bands, option scores,
   scales, expressions (with the column inside the expression mapped to the file), guide pages. Warnings
   (few items, missing band feedback, unreachable bands) need a valid model and come once the errors are fixed.

YAML 1.1 booleans: unquoted yes/no/on/off (and y/n) load as text, so a label `No` stays "No"; where a boolean is
expected (`reverse: yes`) the models read the word as YAML 1.1 meant it. Only true/false are booleans here.

Expression columns: exact for expressions on one line (plain, 'single' or "double" quoted, with escapes
counted). For expressions over several lines (block scalars `|`/`>` or folded quoted/plain text) the position is
worked out line by line, assuming each line break became one character; it is exact for `|` and usually for
the others.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.errors import DealcraftError, Problem, Severity
from generator.expressions import (
    FUNCTIONS,
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
from generator.models import KEYWORDS, SCORED_TYPES, Questionnaire

__all__ = [
    "MAX_FILE_BYTES",
    "Checked",
    "check_file",
    "check_paths",
    "dimension_ranges",
    "item_range",
    "load_questionnaire",
    "load_questionnaires",
    "questionnaire_files",
    "validate_paths",
]

MAX_FILE_BYTES = 1_000_000
"""Questionnaire files larger than this are refused (a questionnaire is a few kilobytes)."""

_MAX_NODES = 200_000  # guards against alias bombs: a questionnaire has a few thousand nodes
_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
_TRUE_FALSE = {"true": True, "false": False}
_CHOICE_TYPES = frozenset({"choice", "multi"})
_QUESTION_TYPES = ("likert", "choice", "multi", "number", "text")

Path_ = tuple[str | int, ...]


# ---------------------------------------------------------------- YAML → data with positions


@dataclass
class _Source:
    """Plain data from one file plus where each value (and each mapping key) starts in it."""

    path: str
    text: str
    values: dict[Path_, yaml.Node] = field(default_factory=dict)
    keys: dict[Path_, yaml.Node] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[Path_] = field(default_factory=set)  # values already reported as "cannot read this value"

    def node(self, loc: Sequence[str | int]) -> yaml.Node | None:
        """The node of the longest prefix of `loc` that exists in the file."""
        parts = tuple(loc)
        while parts:
            if parts in self.values:
                return self.values[parts]
            parts = parts[:-1]
        return self.values.get(())

    def at(self, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the value at `loc` (or of its key), falling back to the nearest parent."""
        node = self.keys.get(tuple(loc)) if key else None
        if node is None:
            node = self.node(loc)
        if node is None:
            return (1, 1)
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, loc: Sequence[str | int], message: str, *, key: bool = False) -> None:
        line, col = self.at(loc, key=key)
        self.problems.append(Problem(self.path, line, col, message))

    def warning(self, loc: Sequence[str | int], message: str, *, key: bool = False) -> None:
        line, col = self.at(loc, key=key)
        self.problems.append(Problem(self.path, line, col, message, Severity.WARNING))


class _Builder:
    """Turns composed nodes into plain Python data, recording positions and duplicate keys."""

    def __init__(self, src: _Source, loader: yaml.SafeLoader) -> None:
        self.src = src
        self.loader = loader
        self.count = 0

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise _TooBig
        self.src.values.setdefault(path, node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                mark = key_node.start_mark
                message = "a key must be a plain word, not a list or mapping"
                self.src.problems.append(Problem(self.src.path, mark.line + 1, mark.column + 1, message))
                continue
            key = self.scalar(key_node, path)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key_node.value)
            if key in first:
                mark = key_node.start_mark
                self.src.problems.append(
                    Problem(
                        self.src.path,
                        mark.line + 1,
                        mark.column + 1,
                        f'duplicate key "{key_node.value}" (first at line {first[key].start_mark.line + 1}); '
                        "remove one of them",
                    )
                )
                continue
            first[key] = key_node
            self.src.keys[(*path, key)] = key_node
            out[key] = self.build(value_node, (*path, key))
        return out

    def scalar(self, node: yaml.Node, path: Path_) -> Any:
        assert isinstance(node, yaml.ScalarNode)
        if node.tag == _STR_TAG:  # most values; the constructor would return the same string, only slower
            return node.value
        if node.tag == _BOOL_TAG:
            # YAML 1.1 would read yes/no/on/off as booleans; only true/false are booleans here.
            return _TRUE_FALSE.get(node.value.lower(), node.value)
        if node.tag == _TIMESTAMP_TAG:
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            mark = node.start_mark
            if isinstance(exc, yaml.YAMLError):
                problem = getattr(exc, "problem", None) or str(exc)
            else:  # PyYAML's constructors raise plain errors for tagged values such as `!!int abc`
                problem = f'"{node.value}" is not a valid {node.tag.rsplit(":", 1)[-1]}'
            self.src.problems.append(
                Problem(self.src.path, mark.line + 1, mark.column + 1, f"cannot read this value: {problem}")
            )
            self.src.unreadable.add(path)
            return node.value


class _TooBig(Exception):
    """The document expands to too many nodes (for example through aliases)."""


# libyaml's parser, where PyYAML has it (its wheels do): the same nodes and marks, about ten times faster than the
# pure-Python parser, which matters because every build and every `mkdocs serve` rebuild reads each questionnaire.
_FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def _read_yaml(path: Path, display: str) -> tuple[_Source, Any]:
    """Read and compose a file; syntax problems land in the source's problems and the data is None."""
    src = _Source(display, "")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            src.problems.append(Problem(display, message=f"the file is larger than 1 MB ({size} bytes)"))
            return src, None
        src.text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        src.problems.append(Problem(display, message="no such file"))
        return src, None
    except IsADirectoryError:
        src.problems.append(Problem(display, message="is a folder, not a file"))
        return src, None
    except UnicodeDecodeError as exc:
        src.problems.append(Problem(display, message=f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return src, None
    except OSError as exc:
        src.problems.append(Problem(display, message=f"cannot read the file: {exc.strerror or exc}"))
        return src, None
    if _FAST_LOADER is not None:
        fast = _Source(display, src.text)
        try:
            data = _compose(fast, _FAST_LOADER)
            if not fast.problems:
                return fast, data
        except Exception:  # whatever libyaml tripped on, the pure-Python parser below reports with a location
            pass
    # Problems are reported by the pure-Python parser, whose messages say what it found, not only what it wanted.
    return src, _compose(src, yaml.SafeLoader)


def _compose(src: _Source, loader_class: type[yaml.SafeLoader]) -> Any:
    """Parse `src.text` into plain data with locations; syntax problems land in `src.problems` and give None."""
    display = src.path
    try:
        loader = loader_class(src.text)
    except yaml.reader.ReaderError as exc:  # a control character the YAML reader refuses
        pos = exc.position
        line, col = src.text.count("\n", 0, pos) + 1, pos - src.text.rfind("\n", 0, pos)
        message = f"YAML syntax error: the character U+{exc.character:04X} is not allowed in YAML text"
        src.problems.append(Problem(display, line, col, message))
        return None
    try:
        node = loader.get_single_node()
        if node is None:
            src.problems.append(Problem(display, 1, 1, "the file is empty; a questionnaire needs id, title, version"))
            return None
        return _Builder(src, loader).build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        detail = exc.problem or exc.context or "malformed YAML"
        if exc.context and exc.problem:
            detail = f"{exc.problem} ({exc.context})"
        src.problems.append(Problem(display, line, col, f"YAML syntax error: {detail}"))
    except yaml.YAMLError as exc:
        src.problems.append(Problem(display, message=f"YAML syntax error: {exc}"))
    except RecursionError:
        src.problems.append(Problem(display, message="the document is nested too deeply"))
    except _TooBig:
        src.problems.append(Problem(display, message="the document is too large once its aliases are expanded"))
    finally:
        loader.dispose()
    return None


# ---------------------------------------------------------------- pydantic errors → located messages

_FIELDS_BY_PARENT = {
    "": "id title version intro scale bands dimensions questions computed recommendations feedback zone",
    "scale": "min max labels",
    "bands": "id min label",
    "dimensions": "id title guide weight feedback bands practice",
    "questions": (
        "id type text help dimension reverse weight required show_if options scale min max step unit "
        "explanation placeholder"
    ),
    "options": "id label score",
    "computed": "id expr label",
    "recommendations": "id when text guide",
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


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value:g}" if isinstance(value, float) else f"the number {value}"
    if isinstance(value, str):
        return f'the text "{value}"'
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


def _pydantic_message(err: Mapping[str, Any], src: _Source) -> tuple[str, bool]:
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
            return f'{subject} must be text, not {_describe(value)}; put it in quotes: "{raw}"', False
        return f"{subject} must be text, not {_describe(value)}", False
    if kind == "string_too_short":
        return f"{subject} is empty; write some text", False
    if kind == "string_pattern_mismatch":
        rule = _PATTERN_WORDS.get(str(ctx.get("pattern", "")), f"the pattern {ctx.get('pattern')}")
        return f'"{value}" is not a valid {name}: use only {rule}', False
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"{subject} must be a whole number, not {_describe(value)}", False
    if kind in {"float_type", "float_parsing"}:
        return f"{subject} must be a number, not {_describe(value)}", False
    if kind == "finite_number":
        return f"{subject} must be a finite number", False
    if kind in {"bool_type", "bool_parsing"}:
        return f"{subject} must be true or false, not {_describe(value)}", False
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f'"{value}" is not a valid {name}; expected one of {expected}', False
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        words = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "greater than",
            "less_than": "less than",
        }
        bound = next(iter(ctx.values()), "")
        shown = _fmt(bound) if isinstance(bound, int | float) else str(bound)
        return f"{subject} must be {words[kind]} {shown}, not {value}", False
    if kind in {"tuple_type", "list_type"}:
        return f"{subject} must be a list, not {_describe(value)}", False
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"{subject} must be a mapping of keys, not {_describe(value)}", False
    if kind == "too_short":
        return f"{subject} needs at least {ctx.get('min_length', 1)} item(s)", False
    message = str(err.get("msg", "invalid value"))
    return f"{subject}: {message[:1].lower()}{message[1:]}", False


def _model_problems(data: Any, src: _Source) -> Questionnaire | None:
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


# ---------------------------------------------------------------- whole-questionnaire checks (on plain data)


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


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f'; did you mean "{close[0]}"?' if close else ""


def _fmt(x: float) -> str:
    return f"{x:g}"


class _Checker:
    """The checks of issue 3 that need the whole questionnaire; every finding goes into `src.problems`."""

    def __init__(self, data: dict[str, Any], src: _Source, content_dir: Path | None) -> None:
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
                self.src.error((*path, i, "min"), f"the first band must start at 0, not {_fmt(low)}")
            elif previous is not None and low <= previous:
                self.src.error(
                    (*path, i, "min"),
                    f"bands must be in ascending order of min: {_fmt(low)} is not above {_fmt(previous)}",
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
            self.src.error(path, f'guide page "{guide}" does not exist in {_display(self.content_dir)}/')

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
        if qtype is not None and qtype not in SCORED_TYPES and "dimension" in q and dim is not None:
            message = f"a {qtype} question is not scored; only likert, choice and multi take a dimension"
            self.src.error((*path, "dimension"), message)
        if qtype is not None:
            self.fields_for_type(path, q, qtype)
        if qtype == "likert":
            self.scale((*path, "scale"), q.get("scale"))
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
            lo, hi = _num(q, "min"), _num(q, "max")
            if lo is not None and hi is not None and lo > hi:
                self.src.error((*path, "max"), f"max ({_fmt(hi)}) is below min ({_fmt(lo)})")
        show_if = q.get("show_if")
        if isinstance(show_if, str):
            self.expression((*path, "show_if"), show_if, "show_if", self.show_if_name(pos))

    def fields_for_type(self, path: Path_, q: dict[str, Any], qtype: str) -> None:
        """Keys that only make sense for other question types are errors, so typos in `type` show up."""
        only = {
            "options": ("choice", "multi"),
            "reverse": ("likert",),
            "scale": ("likert",),
            "min": ("number",),
            "max": ("number",),
            "step": ("number",),
            "unit": ("number",),
        }
        for key, types in only.items():
            if key in q and q[key] not in (None, False) and qtype not in types:
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
            if name.startswith(("score.", "band.")):
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
            if name.startswith(("score.", "band.")):
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
                kind = "a band" if name.startswith("band.") else "an option"
                hint = _suggest(str(literal.value), allowed) or f" (known: {', '.join(allowed)})"
                message = f'"{literal.value}" is not {kind} of "{name}", so this never matches{hint}'
                self.src.problems.append(Problem(self.src.path, line, col, message))

    def allowed_values(self, name: str) -> list[str] | None:
        """The text values a name can hold when they are fixed: option ids of a choice/multi, band ids of a band."""
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
        return _scalar_position(node, self.src.text, column)

    # zone --------------------------------------------------------------

    def zone(self) -> None:
        zone = self.data.get("zone")
        if not isinstance(zone, dict):
            return
        types = {qid: _str(q, "type") for qid, (_, q) in zip(self.qids, self.questions, strict=True)}
        for key in ("my_limit", "their_low", "their_high", "target"):
            ref = zone.get(key)
            if not isinstance(ref, str):
                continue
            if ref not in types:
                self.src.error(("zone", key), f'unknown question "{ref}"{_suggest(ref, self.qids)}')
            elif types[ref] != "number":
                self.src.error(("zone", key), f'"{ref}" must be a number question, not {types[ref]}')
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


def _scalar_position(node: yaml.ScalarNode, text: str, column: int) -> tuple[int, int]:
    """Map a 1-based column inside a scalar's value to a 1-based (line, col) in the file."""
    lines = text.splitlines()
    start_line, start_col = node.start_mark.line, node.start_mark.column
    end_line = node.end_mark.line
    offset = column - 1
    style = node.style
    if style in ("|", ">"):
        stop = end_line if node.end_mark.column == 0 else end_line + 1  # the end mark may sit on the next key
        body = list(range(start_line + 1, min(stop, len(lines))))
        filled = [len(lines[n]) - len(lines[n].lstrip(" ")) for n in body if lines[n].strip()]
        indent = min(filled) if filled else 0
        segments = [(n, indent, max(len(lines[n]) - indent, 0)) for n in body]
    elif start_line == end_line or style is None or style in ("'", '"'):
        first = start_col + (1 if style in ("'", '"') else 0)
        if start_line == end_line and style in ("'", '"'):
            raw = lines[start_line][first : node.end_mark.column - 1] if start_line < len(lines) else ""
            return start_line + 1, first + _raw_offset(raw, offset, style) + 1
        segments = []
        for n in range(start_line, min(end_line + 1, len(lines))):
            line = lines[n]
            begin = first if n == start_line else len(line) - len(line.lstrip(" "))
            stop = node.end_mark.column if n == end_line else len(line.rstrip())
            segments.append((n, begin, max(stop - begin, 0)))
    else:
        return start_line + 1, start_col + 1
    for n, begin, length in segments:
        if offset <= length:
            return n + 1, begin + offset + 1
        offset -= length + 1
    return start_line + 1, start_col + 1


def _raw_offset(raw: str, offset: int, style: str) -> int:
    """How many raw characters of a one-line quoted scalar come before decoded character `offset`."""
    i = decoded = 0
    while i < len(raw) and decoded < offset:
        if style == "'" and raw.startswith("''", i):
            i += 2
        elif style == '"' and raw[i] == "\\":
            escape = raw[i + 1 : i + 2]
            i += {"x": 4, "u": 6, "U": 10}.get(escape, 2)
        else:
            i += 1
        decoded += 1
    return i + (offset - decoded)


# ---------------------------------------------------------------- warnings (need a valid model)


def item_range(questionnaire: Questionnaire, qid: str) -> tuple[float, float]:
    """The lowest and highest item score a scored question can give."""
    question = questionnaire.question(qid)
    if question.type == "likert":
        return (0.0, 100.0)
    scores = [o.score for o in question.options if o.score is not None]
    return (min(scores), max(scores)) if scores else (0.0, 100.0)


def dimension_ranges(questionnaire: Questionnaire) -> dict[str, tuple[int, float, float]]:
    """Per dimension: its item count and the lowest and highest score it can reach.

    A dimension score is a weighted mean of whichever items are active and answered, so any single item can
    decide it alone: the range runs from the lowest item minimum to the highest item maximum.
    """
    out: dict[str, tuple[int, float, float]] = {}
    for dim in questionnaire.dimensions:
        items = questionnaire.dimension_items(dim.id)
        ranges = [item_range(questionnaire, q.id) for q in items]
        lo = min((r[0] for r in ranges), default=0.0)
        hi = max((r[1] for r in ranges), default=0.0)
        out[dim.id] = (len(items), lo, hi)
    return out


def _warnings(q: Questionnaire, src: _Source) -> None:
    ranges = dimension_ranges(q)
    for i, dim in enumerate(q.dimensions):
        path: Path_ = ("dimensions", i)
        count, lo, hi = ranges[dim.id]
        if count < 3:
            src.warning(
                (*path, "id"), f'dimension "{dim.id}" has {count} item{"s" if count != 1 else ""}; use at least 3'
            )
        bands = q.bands_for(dim.id)
        for band in bands:
            if not dim.feedback.get(band.id, "").strip():
                where = (*path, "feedback") if dim.feedback else (*path, "id")
                src.warning(where, f'dimension "{dim.id}" has no feedback for band "{band.id}"')
        if count:
            for k, band in enumerate(bands):
                upper = bands[k + 1].min if k + 1 < len(bands) else math.inf
                if band.min > hi or upper <= lo:
                    src.warning(
                        (*path, "id"),
                        f'dimension "{dim.id}" can never reach band "{band.id}" ({_fmt(band.min)}'
                        f"{'..' + _fmt(upper) if upper != math.inf else ' and above'}): "
                        f"its items score {_fmt(lo)}..{_fmt(hi)}",
                    )
    if q.feedback:
        for band in q.bands_for("overall"):
            if not q.feedback.get(band.id, "").strip():
                src.warning(("feedback",), f'the questionnaire\'s feedback has nothing for band "{band.id}"')


# ---------------------------------------------------------------- public API


def _display(path: Path) -> str:
    """A path relative to the working folder when it is inside it, else as given."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def check_file(path: Path, content_dir: Path | None = None) -> tuple[Questionnaire | None, list[Problem]]:
    """Load one questionnaire file; return the model (None when there are errors) and every problem found."""
    src, data = _read_yaml(path, _display(path))
    if data is None and not src.problems:
        src.problems.append(Problem(src.path, 1, 1, "the file is empty"))
    if src.problems and data is None:
        return None, sorted(src.problems)
    if not isinstance(data, dict):
        src.error((), f"a questionnaire must be a mapping of keys (id, title, ...), not {_describe(data)}")
        return None, sorted(src.problems)
    model = _model_problems(data, src)
    _Checker(data, src, content_dir).run()
    if model is not None and not any(p.is_error for p in src.problems):
        _warnings(model, src)
    problems = sorted(set(src.problems))
    return (None if any(p.is_error for p in problems) else model), problems


def load_questionnaire(path: str | Path, content_dir: str | Path | None = None) -> Questionnaire:
    """Load and validate one questionnaire; DealcraftError carries every problem (warnings included)."""
    model, problems = check_file(Path(path), Path(content_dir) if content_dir is not None else None)
    if model is None:
        raise DealcraftError(problems)
    return model


def questionnaire_files(folder: Path) -> list[Path]:
    """The questionnaire files of a folder: *.yaml and *.yml, sorted (schema.json is not one)."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


@dataclass
class Checked:
    """What `check_paths` found: the files read, the valid questionnaires by id, and every problem."""

    files: list[Path] = field(default_factory=list)
    models: dict[str, Questionnaire] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def check_paths(paths: Iterable[Path], content_dir: Path | None) -> Checked:
    """Check files and folders (*.yaml, *.yml); a questionnaire id used by two files is an error on the second."""
    checked = Checked()
    first: dict[str, Path] = {}
    for given in paths:
        if given.is_dir():
            files = questionnaire_files(given)
            if not files:
                checked.problems.append(Problem(given.as_posix(), message="no questionnaires (*.yaml) in this folder"))
        elif given.exists():
            files = [given]
        else:
            checked.problems.append(Problem(given.as_posix(), message="no such file or folder"))
            continue
        for file in files:
            checked.files.append(file)
            model, found = check_file(file, content_dir)
            checked.problems.extend(found)
            if model is None:
                continue
            if model.id in checked.models:
                line, col = _id_position(file)
                message = f'questionnaire id "{model.id}" is already used by {_display(first[model.id])}'
                checked.problems.append(Problem(_display(file), line, col, message))
                continue
            checked.models[model.id] = model
            first[model.id] = file
    return checked


def _id_position(file: Path) -> tuple[int, int]:
    """Where a file's top-level id is (read again: only needed for the rare clash)."""
    src, data = _read_yaml(file, _display(file))
    return src.at(("id",)) if data is not None else (0, 0)


def validate_paths(paths: Sequence[Path], content_dir: Path | None) -> list[Problem]:
    """Every problem (errors and warnings) of the given files and folders, including ids used twice."""
    return check_paths(paths, content_dir).problems


def load_questionnaires(folder: str | Path, content_dir: str | Path | None = None) -> dict[str, Questionnaire]:
    """All questionnaires of a folder by id; DealcraftError carries every problem of every file."""
    checked = check_paths([Path(folder)], Path(content_dir) if content_dir is not None else None)
    if any(p.is_error for p in checked.problems):
        raise DealcraftError(checked.problems)
    return checked.models
