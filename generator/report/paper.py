"""The paper version of a questionnaire, for rooms without screens: a numbered booklet with tick boxes, and a
hand-scoring grid (`handscore.py`) when the questionnaire can be scored by hand.

Every question carries its booklet number and every box its code (1..5 on a scale, a, b, c for options), so
answers can be typed in later. The grid comes last, so nobody sees the points while answering: one page, or more
for many dimensions, which is why each block names its lookup table's page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import yaml
from markupsafe import Markup

from generator.errors import Problem
from generator.questionnaire.model import Question, Questionnaire
from generator.report.context import (
    Branding,
    DocumentHead,
    TemplateContext,
    document_head,
    markdown_html,
    markdown_inline,
)
from generator.report.handscore import Grid, GridDimension, build_grid, hand_scoring_problems, letters
from generator.report.render import Renderer, RenderOptions
from generator.zone import format_amount

__all__ = ["GRID_ROWS", "Booklet", "booklet_context", "render_booklet", "typing_files"]

LOOKUP_ROW = 31  # at most this many totals per row of a lookup table (a page's width at 6.5 pt)
GRID_ROWS = 36
"""The most questions of one block of the grid printed together: a half-page column on Letter, the shorter paper,
below the grid's directions. A block is drawn whole, never broken by a page (one taller than the page would run off
its foot), so a longer one is cut into even parts, each after the first headed "(continued)"."""
_SIMPLE_CONDITION = re.compile(r"\s*([a-z_][a-z0-9_]*)\s*(==|!=)\s*'([^'\\]*)'\s*")


@dataclass(frozen=True)
class Booklet:
    """What `render_booklet` wrote: the file, the grid (None when refused) and why there is none."""

    path: Path
    grid: Grid | None
    problems: tuple[Problem, ...]


def _condition(question: Question, questionnaire: Questionnaire, numbers: dict[str, int]) -> str:
    """A show_if as a person reads it, for the simple `q == 'option'` form; a general note otherwise."""
    match = _SIMPLE_CONDITION.fullmatch(question.show_if or "")
    if match:
        qid, op, value = match.groups()
        try:
            other = questionnaire.question(qid)
        except KeyError:
            other = None
        if other is not None and other.id in numbers:
            label = next((o.label for o in other.options if o.id == value), value)
            verb = "ticked" if op == "==" else "did not tick"
            return f"Answer only if you {verb} “{label}” in question {numbers[other.id]}."
    return "Answer only if it applies to you; if unsure, answer it: answers that do not apply are not counted."


@dataclass(frozen=True)
class Box:
    """A tick box: the code printed by it (a scale point's number, an option's letter) and its label."""

    code: str
    label: str


@dataclass(frozen=True)
class QuestionView:
    """One question as the booklet prints it: its number, text, help and condition, and what to tick or write:
    `scale` for a rating, `options` for a choice, `unit` and `bounds` for a number, none of them for text."""

    number: int
    id: str
    type: str
    text: str
    help: Markup
    condition: str
    scale: tuple[Box, ...] = ()
    scale_key: tuple[int, int, tuple[str, ...]] | None = None  # ratings on the same scale share a table
    options: tuple[Box, ...] = ()
    unit: str = ""
    bounds: str = ""


@dataclass(frozen=True)
class ScaleBlock:
    """Consecutive ratings on one scale: one table, one header of labels."""

    scale: tuple[Box, ...]
    questions: tuple[QuestionView, ...]
    kind: Literal["scale"] = "scale"


@dataclass(frozen=True)
class SingleBlock:
    """A question that stands alone (choice, multiple choice, number, text)."""

    question: QuestionView
    kind: Literal["single"] = "single"


def _question_view(question: Question, questionnaire: Questionnaire, numbers: dict[str, int]) -> QuestionView:
    view = QuestionView(
        number=numbers[question.id],
        id=question.id,
        type=question.type,
        text=question.text,
        help=markdown_inline(question.help) if question.help else Markup(""),
        condition=_condition(question, questionnaire, numbers) if question.show_if else "",
    )
    if question.type == "likert":
        scale = questionnaire.scale_for(question)
        labels = tuple(scale.labels or ())
        points = range(scale.min, scale.max + 1)
        boxes = tuple(Box(str(v), labels[i] if i < len(labels) else "") for i, v in enumerate(points))
        return replace(view, scale=boxes, scale_key=(scale.min, scale.max, labels))
    if question.type in ("choice", "multi"):
        codes = letters(len(question.options))
        return replace(view, options=tuple(Box(c, o.label) for c, o in zip(codes, question.options, strict=True)))
    if question.type == "number":
        bounds = []
        if question.min is not None:
            bounds.append(f"from {format_amount(question.min)}")
        if question.max is not None:
            bounds.append(f"up to {format_amount(question.max)}")
        return replace(view, unit=question.unit or "", bounds=" ".join(bounds))
    return view


def _blocks(questions: Sequence[QuestionView]) -> list[ScaleBlock | SingleBlock]:
    """Consecutive rating questions on the same scale share one table (one header of labels); others stand alone."""
    runs: list[list[QuestionView]] = []
    for q in questions:
        last = runs[-1][-1] if runs else None
        if q.scale_key is not None and last is not None and last.scale_key == q.scale_key:
            runs[-1].append(q)
        else:
            runs.append([q])
    return [
        ScaleBlock(run[0].scale, tuple(run)) if run[0].scale_key is not None else SingleBlock(run[0]) for run in runs
    ]


@dataclass(frozen=True)
class GridRow:
    """A question's row of the grid: its number, whether it is reversed, and (code, points) per answer."""

    number: int
    reverse: bool
    cells: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class GridBlock:
    """A dimension's block of the grid (or one part of it, see GRID_ROWS): its rows, its largest total and the table
    it reads its score from. Only the last part has the total to write and the score and band boxes."""

    title: str
    lookup: str
    max_total: int
    rows: tuple[GridRow, ...]
    part: int = 1
    parts: int = 1

    @property
    def continued(self) -> bool:
        """A later part: headed with the title and "(continued)"."""
        return self.part > 1

    @property
    def last(self) -> bool:
        """The last part (or the whole block): it ends with the total, the score and the band."""
        return self.part == self.parts


@dataclass(frozen=True)
class LookupRow:
    """One row pair of a lookup table: totals and the score each gives."""

    totals: tuple[int, ...]
    scores: tuple[int, ...]


@dataclass(frozen=True)
class LookupView:
    """A lookup table as printed: its rows, each band's totals, the dimensions that use it, its width in %."""

    key: str
    rows: tuple[LookupRow, ...]
    bands: tuple[tuple[str, int, int], ...]
    users: tuple[str, ...]
    width: int


@dataclass(frozen=True)
class GridView:
    """The hand-scoring grid as printed."""

    dimensions: tuple[GridBlock, ...]
    lookups: tuple[LookupView, ...]
    columns: int


def _grid_blocks(dim: GridDimension) -> list[GridBlock]:
    """A dimension's block, in even parts of at most GRID_ROWS rows."""
    rows = tuple(
        GridRow(number=i.number, reverse=i.reverse, cells=tuple(zip(i.codes, i.points, strict=True))) for i in dim.items
    )
    parts = max(1, math.ceil(len(rows) / GRID_ROWS))
    size = math.ceil(len(rows) / parts) if rows else 0
    return [
        GridBlock(dim.title, dim.lookup.key, dim.max_total, rows[k * size : (k + 1) * size], k + 1, parts)
        for k in range(parts)
    ]


def _grid_view(grid: Grid) -> GridView:
    lookups = []
    for lookup in grid.lookups:
        count = len(lookup.scores)
        per_row = math.ceil(count / math.ceil(count / LOOKUP_ROW))  # balanced rows of at most LOOKUP_ROW
        rows = tuple(
            LookupRow(
                totals=tuple(range(start, min(start + per_row, count))),
                scores=tuple(lookup.scores[start : start + per_row]),
            )
            for start in range(0, count, per_row)
        )
        users = tuple(d.title for d in grid.dimensions if d.lookup.key == lookup.key)
        width = min(100, 12 + 3 * per_row)  # per cent of the page: a short table stays compact
        lookups.append(LookupView(key=lookup.key, rows=rows, bands=lookup.bands, users=users, width=width))
    dimensions = tuple(block for d in grid.dimensions for block in _grid_blocks(d))
    return GridView(dimensions=dimensions, lookups=tuple(lookups), columns=grid.columns)


def _reader_reasons(questionnaire: Questionnaire, numbers: dict[str, int]) -> list[str]:
    """Why there is no grid, in the participant's words (the facilitator gets file:line on stderr)."""

    def listed(ids: list[str]) -> str:
        return ", ".join(str(numbers[i]) for i in ids)

    reasons = []
    conditional = [q.id for q in questionnaire.questions if q.show_if]
    if conditional:
        reasons.append(f"some questions apply only after certain answers (questions {listed(conditional)})")
    averaged = [q.id for q in questionnaire.questions if q.scored and q.type == "multi"]
    if averaged:
        reasons.append(f"some questions score the average of the answers ticked (questions {listed(averaged)})")
    if questionnaire.computed:
        reasons.append("the results use values worked out from several answers together")
    if not reasons:
        reasons.append("a part of it has more possible totals than a table on one page can hold")
    return reasons


@dataclass(frozen=True)
class BookletContext(TemplateContext):
    """Everything booklet.html.j2 needs, typed: the questions in blocks, the grid or the reasons there is none."""

    head: DocumentHead  # its fields are top-level names in the template
    intro: Markup
    count: int
    blocks: list[ScaleBlock | SingleBlock]
    grid: GridView | None
    reasons: list[str]


def booklet_context(
    questionnaire: Questionnaire, grid: Grid | None, refusals: list[Problem], branding: Branding
) -> BookletContext:
    """Everything booklet.html.j2 needs. A blank booklet is dated by no one's answers: the same booklet is the
    same file."""
    numbers = {q.id: i + 1 for i, q in enumerate(questionnaire.questions)}
    questions = [_question_view(q, questionnaire, numbers) for q in questionnaire.questions]
    reasons = _reader_reasons(questionnaire, numbers) if refusals else []
    return BookletContext(
        head=document_head(
            branding,
            questionnaire,
            doc_title=f"{questionnaire.title}: paper booklet",
            subject=f"{questionnaire.title}, version {questionnaire.version}, on paper",
            submitted_at=None,
        ),
        intro=markdown_html(questionnaire.intro),
        count=len(questions),
        blocks=_blocks(questions),
        grid=_grid_view(grid) if grid is not None else None,
        reasons=reasons,
    )


def render_booklet(
    questionnaire: Questionnaire,
    out: Path,
    *,
    source: Path | None = None,
    paper: str = "a4",
    branding: Branding | None = None,
) -> Booklet:
    """Write the booklet PDF; the grid is left out, with located reasons, when hand scoring would be wrong."""
    branding = branding or Branding()
    refusals = hand_scoring_problems(questionnaire, source)
    grid = None
    if not refusals:
        grid = build_grid(questionnaire, {q.id: i + 1 for i, q in enumerate(questionnaire.questions)})
    renderer = Renderer(RenderOptions(paper=paper, accent=branding.accent))
    pdf = renderer.pdf(
        renderer.html("booklet.html.j2", booklet_context(questionnaire, grid, refusals, branding).template_vars())
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(pdf)
    tmp.replace(out)
    return Booklet(out, grid, tuple(refusals))


TYPING_META = ("name", "group", "date", "round")  # first columns of the typing sheet; date -> submitted_at


def typing_files(questionnaire: Questionnaire) -> tuple[str, str]:
    """A CSV header for typing booklets in (name, group, date, round, then one column per question number) and
    the column map that reads it back (`dealcraft report typed.csv --map ...`): numbers to question ids, box
    letters to option ids. Scale points are typed as the number by the box."""
    numbers = {q.id: i + 1 for i, q in enumerate(questionnaire.questions)}
    header = ",".join([*TYPING_META, *(str(n) for n in numbers.values())]) + "\n"
    columns: dict[str, str] = {"name": "name", "group": "group", "date": "submitted_at", "round": "round"}
    columns |= {str(n): qid for qid, n in numbers.items()}
    answers = {
        q.id: dict(zip(letters(len(q.options)), (o.id for o in q.options), strict=True))
        for q in questionnaire.questions
        if q.type in ("choice", "multi")
    }
    mapping = {
        "questionnaire": questionnaire.id,
        "columns": columns,
        "answers": answers,
        "multi_separator": " ",
    }
    intro = (
        f"# Column map for typing in paper booklets of {questionnaire.id} (version {questionnaire.version}).\n"
        "# One row per booklet: the number or letter by each ticked box; several letters for a multiple choice are\n"
        "# separated by spaces; date as YYYY-MM-DD; round empty, before or after.\n"
    )
    return header, intro + yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)
