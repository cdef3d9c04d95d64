"""Questionnaire YAML read into plain data that remembers where every value and key came from.

The YAML is composed into nodes (which carry line and column) and turned into plain data, recording positions, so
every later check can name `path:line:col`. Syntax problems are collected, never raised.

YAML 1.1 booleans: unquoted yes/no/on/off (and y/n) load as text, so a label `No` stays "No"; where a boolean is
expected (`reverse: yes`) the models read the word as YAML 1.1 meant it. Only true/false are booleans here.

Expression columns (`scalar_position`): exact for expressions on one line (plain, 'single' or "double" quoted,
with escapes counted). For expressions over several lines (block scalars `|`/`>` or folded quoted/plain text) the
position is worked out line by line, assuming each line break became one character; it is exact for `|` and
usually for the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem, Severity
from generator.limits import MAX_QUESTIONNAIRE_BYTES, MB

__all__ = ["Path_", "Source", "display_path", "read_yaml", "scalar_position"]

_MAX_NODES = 200_000  # guards against alias bombs: a questionnaire has a few thousand nodes
_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
_TRUE_FALSE = {"true": True, "false": False}

Path_ = tuple[str | int, ...]


# ---------------------------------------------------------------- YAML → data with positions


@dataclass
class Source:
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

    def __init__(self, src: Source, loader: yaml.SafeLoader) -> None:
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


def display_path(path: Path) -> str:
    """A path relative to the working folder when it is inside it, else as given."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class _TooBig(Exception):
    """The document expands to too many nodes (for example through aliases)."""


# libyaml's parser, where PyYAML has it (its wheels do): the same nodes and marks, about ten times faster than the
# pure-Python parser, which matters because every build and every `mkdocs serve` rebuild reads each questionnaire.
_FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def read_yaml(path: Path, display: str) -> tuple[Source, Any]:
    """Read and compose a file; syntax problems land in the source's problems and the data is None."""
    src = Source(display, "")
    try:
        size = path.stat().st_size
        if size > MAX_QUESTIONNAIRE_BYTES:
            src.problems.append(
                Problem(
                    display, message=f"the file is larger than {MAX_QUESTIONNAIRE_BYTES / MB:g} MB ({size:,} bytes)"
                )
            )
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
        fast = Source(display, src.text)
        try:
            data = _compose(fast, _FAST_LOADER)
            if not fast.problems:
                return fast, data
        except Exception:  # whatever libyaml tripped on, the pure-Python parser below reports with a location
            pass
    # Problems are reported by the pure-Python parser, whose messages say what it found, not only what it wanted.
    return src, _compose(src, yaml.SafeLoader)


def _compose(src: Source, loader_class: type[yaml.SafeLoader]) -> Any:
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


def scalar_position(node: yaml.ScalarNode, text: str, column: int) -> tuple[int, int]:
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
