"""`dealcraft paper`: a numbered booklet with tick boxes, and a hand-scoring grid that gives the scorer's numbers.

The grid is read back from the PDF (its points, tables and band ranges, as printed) and used to score 1,000
random answer sets per questionnaire by hand, the way a participant would; the result must be the scorer's.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.cli import main
from generator.questionnaire.load import load_questionnaire
from generator.questionnaire.model import Questionnaire
from generator.report.context import Branding, printed_score
from generator.report.handscore import build_grid
from generator.report.paper import GRID_ROWS, booklet_context
from generator.scoring import score
from tests.reports.conftest import ROOT, flat, read_pdf, tool

WEIGHTED = ROOT / "tests" / "fixtures" / "paper" / "weighted.yaml"
THIRTEEN = ROOT / "tests" / "fixtures" / "paper" / "thirteen.yaml"  # its grid runs over two pages
LONG = ROOT / "tests" / "fixtures" / "paper" / "long-checklist.yaml"  # one block of its grid is longer than a page
MINI = ROOT / "tests" / "fixtures" / "questionnaires" / "mini.yaml"
HAND_SCORED = {
    "trust-readiness": ROOT / "questionnaires" / "trust-readiness.yaml",
    "negotiation-concepts": ROOT / "questionnaires" / "negotiation-concepts.yaml",
    "weighted-check": WEIGHTED,
    "thirteen-habits": THIRTEEN,
    "long-checklist": LONG,
}


def paper(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(["paper", *map(str, args)], stdout=out)
    return code, out.getvalue(), capsys.readouterr().err


@dataclass
class PrintedDimension:
    title: str
    table: str
    page: int  # where the block says its table is
    rows: dict[int, dict[str, int]] = field(default_factory=dict)  # question number -> answer code -> points


@dataclass
class PrintedTable:
    page: int  # where it is printed
    scores: list[int] = field(default_factory=list)  # index: total
    bands: list[tuple[str, int, int]] = field(default_factory=list)


def grid_pages(pdf: Path) -> list[tuple[int, str]]:
    """The grid's pages, numbered from 1, with their text (pdftotext -raw keeps each table row on one line)."""
    pages = int(re.search(r"Pages:\s+(\d+)", tool("pdfinfo", pdf)).group(1))  # type: ignore[union-attr]
    texts = [(n, tool("pdftotext", "-raw", "-f", str(n), "-l", str(n), pdf, "-")) for n in range(1, pages + 1)]
    start = next(i for i, (_, text) in enumerate(texts) if "Scoring grid" in text)
    return texts[start:]


def read_grid(pdf: Path) -> tuple[list[PrintedDimension], dict[str, PrintedTable]]:
    """The scoring grid as printed, from its heading to the last page; a block's "(continued)" parts add their rows
    to it."""
    dims: list[PrintedDimension] = []
    tables: dict[str, PrintedTable] = {}
    current: PrintedDimension | None = None
    table: PrintedTable | None = None
    totals: list[int] = []
    lines = [(page, line.strip()) for page, text in grid_pages(pdf) for line in text.splitlines()]
    for page, line in lines:
        if m := re.fullmatch(r"(.+) table ([A-Z]), page (\d+)", line):
            title = m.group(1).removesuffix(" (continued)")
            if title != m.group(1):
                assert dims[-1].title == title and dims[-1].table == m.group(2), line  # right after its earlier part
                current = dims[-1]
            else:
                current = PrintedDimension(title, m.group(2), int(m.group(3)))
                dims.append(current)
        elif current is not None and (m := re.fullmatch(r"(\d+)((?: [0-9a-z] \d+)+)", line)):
            pairs = m.group(2).split()
            current.rows[int(m.group(1))] = {pairs[i]: int(pairs[i + 1]) for i in range(0, len(pairs), 2)}
        elif line.startswith("Total ("):
            current = None
        elif m := re.match(r"Table ([A-Z]):", line):
            table = tables[m.group(1)] = PrintedTable(page)
        elif table is not None and re.fullmatch(r"Total( \d+)+", line):
            totals = [int(x) for x in line.split()[1:]]
            assert totals[0] == len(table.scores), "the totals run on without a gap"
        elif table is not None and re.fullmatch(r"Score( \d+)+", line):
            scores = [int(x) for x in line.split()[1:]]
            assert len(scores) == len(totals)
            table.scores += scores
        elif table is not None and ": total " in line:
            for label, lo, hi in re.findall(r"(\S[^:]*?): total (\d+)(?: to (\d+))?", line):
                table.bands.append((label.strip(), int(lo), int(hi or lo)))
    return dims, tables


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, object]:
    """A complete answer set: every rating and choice question answered at random."""
    answers: dict[str, object] = {}
    for q in questionnaire.questions:
        if q.type == "likert":
            scale = questionnaire.scale_for(q)
            answers[q.id] = rng.randint(scale.min, scale.max)
        elif q.type == "choice":
            answers[q.id] = rng.choice(q.options).id
    return answers


def code_of(questionnaire: Questionnaire, qid: str, value: object) -> str:
    """The code printed by the box the participant ticked: the scale point, or a, b, c... for options."""
    question = questionnaire.question(qid)
    if question.type == "likert":
        return str(value)
    return "abcdefghij"[[o.id for o in question.options].index(str(value))]


@pytest.fixture(scope="module")
def booklets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("paper")
    made = {}
    for qid, path in HAND_SCORED.items():
        target = out / f"{qid}.pdf"
        assert main(["paper", str(path), "-o", str(target)], stdout=io.StringIO()) == 0
        made[qid] = target
    return made


@pytest.mark.parametrize("qid", sorted(HAND_SCORED))
def test_the_printed_grid_gives_the_scorers_numbers_for_1000_answer_sets(qid: str, booklets: dict[str, Path]) -> None:
    questionnaire = load_questionnaire(HAND_SCORED[qid])
    dims, tables = read_grid(booklets[qid])
    assert [d.title for d in dims] == [d.title for d in questionnaire.dimensions]
    assert all(d.page == tables[d.table].page for d in dims)  # each block's table is on the page it names
    numbers = {q.id: i + 1 for i, q in enumerate(questionnaire.questions)}
    by_number = {n: qid for qid, n in numbers.items()}
    rng = random.Random(f"paper-{qid}")
    checked = 0
    for _ in range(1000):
        answers = random_answers(questionnaire, rng)
        result = score(questionnaire, answers)
        for dim, printed in zip(questionnaire.dimensions, dims, strict=True):
            assert {by_number[n] for n in printed.rows} == {q.id for q in questionnaire.dimension_items(dim.id)}
            total = sum(
                points[code_of(questionnaire, by_number[n], answers[by_number[n]])]
                for n, points in printed.rows.items()
            )
            table = tables[printed.table]
            hand_score = table.scores[total]
            (hand_band,) = [label for label, lo, hi in table.bands if lo <= total <= hi]
            expected = result.dimensions[dim.id]
            labels = {b.id: b.label for b in questionnaire.bands_for(dim.id)}
            assert (hand_score, hand_band) == (printed_score(expected.score), labels[expected.band or ""]), (
                dim.id,
                answers,
            )
            checked += 1
    assert checked == 1000 * len(questionnaire.dimensions)


def test_reversed_and_weighted_items_print_their_own_points(booklets: dict[str, Path]) -> None:
    """The weighted fixture: weight 2 doubles a row, a reversed row runs backwards, a 7-point row has 7 cells."""
    dims, _ = read_grid(booklets["weighted-check"])
    prepare, listen = dims
    assert prepare.rows[1] == {"1": 0, "2": 10, "3": 20, "4": 30, "5": 40}  # weight 2
    assert prepare.rows[2] == {"1": 20, "2": 15, "3": 10, "4": 5, "5": 0}  # reversed
    assert prepare.rows[3] == {"a": 0, "b": 6, "c": 10, "d": 3}  # weight 0.5, option scores 0/60/100/30
    assert list(listen.rows[6].values()) == [12, 10, 8, 6, 4, 2, 0]  # reversed on a 7-point scale


def test_the_grid_fits_on_one_page_on_a4_and_letter(tmp_path: Path) -> None:
    for size in ("a4", "letter"):
        out = tmp_path / f"{size}.pdf"
        assert main(["paper", "trust-readiness", "-o", str(out), "--paper", size], stdout=io.StringIO()) == 0
        pdf = read_pdf(out)
        grid_pages = [i for i, text in enumerate(pdf.pages) if "Scoring grid" in text or "Table B" in text]
        assert grid_pages == [len(pdf.pages) - 1], (size, grid_pages)


def test_a_grid_over_two_pages_says_on_which_page_each_table_is(booklets: dict[str, Path]) -> None:
    """Thirteen dimensions do not fit on one page: the directions say where the tables are, and each block names
    its table's page, which is where that table is printed."""
    pdf = booklets["thirteen-habits"]
    pages = grid_pages(pdf)
    assert len(pages) == 2
    dims, tables = read_grid(pdf)
    assert len(dims) == 13 and {d.page for d in dims} == {tables["A"].page} == {pages[-1][0]}
    directions = flat(pages[0][1])
    assert "foot of the page" not in " ".join(text for _, text in pages)
    first = read_pdf(pdf).pages[0]
    assert flat("leave the scoring grid at the end until you have answered them all") in flat(first)
    assert flat("Find the total in the block’s table, named beside its title with its page") in directions


def test_a_long_block_is_cut_into_even_parts_and_only_the_last_has_the_total() -> None:
    """70 questions in one dimension make two parts of 35 (at most GRID_ROWS each); 4 stay one block."""
    questionnaire = load_questionnaire(LONG)
    numbers = {q.id: i + 1 for i, q in enumerate(questionnaire.questions)}
    context = booklet_context(questionnaire, build_grid(questionnaire, numbers), [], Branding())
    assert context.grid is not None
    blocks = [(b.title, b.rows[0].number, len(b.rows), b.continued, b.last) for b in context.grid.dimensions]
    assert blocks == [
        ("Listening", 1, 4, False, True),
        ("Checking the facts", 5, 35, False, False),
        ("Checking the facts", 40, 35, True, True),
    ]
    assert GRID_ROWS >= 35


@pytest.mark.parametrize("size", ["a4", "letter"])
def test_a_block_longer_than_a_page_goes_on_under_its_title_continued(tmp_path: Path, size: str) -> None:
    """One dimension of 70 yes/no questions: its block is taller than a page. Whichever page of the grid a
    participant holds, each row on it stands under a heading on that page naming the row's block ("(continued)"
    after the first part), and no row runs off a page's foot."""
    out = tmp_path / f"{size}.pdf"
    assert main(["paper", str(LONG), "-o", str(out), "--paper", size], stdout=io.StringIO()) == 0
    questionnaire = load_questionnaire(LONG)
    numbers = {q.id: i + 1 for i, q in enumerate(questionnaire.questions)}
    block_of = {numbers[q.id]: d.title for d in questionnaire.dimensions for q in questionnaire.dimension_items(d.id)}
    printed: list[int] = []
    headings: list[tuple[int, str]] = []
    for page, text in grid_pages(out):
        under = None  # the block the last heading on this page names
        for line in (line.strip() for line in text.splitlines()):
            if m := re.fullmatch(r"(.+?)( \(continued\))? table [A-Z], page \d+", line):
                under = m.group(1)
                headings.append((page, line))
            elif m := re.fullmatch(r"(\d+)(?: [0-9a-z] \d+)+", line):
                assert under == block_of[int(m.group(1))], (size, page, line)
                printed.append(int(m.group(1)))
    assert sorted(printed) == sorted(block_of)  # every row once: none lost below a page
    facts = [(page, line) for page, line in headings if line.startswith("Checking the facts")]
    assert [line.split(" table ")[0] for _, line in facts] == ["Checking the facts", "Checking the facts (continued)"]
    assert facts[0][0] < facts[1][0], facts  # the block runs on to the next page, which names it
    first_part = tool("pdftotext", "-raw", "-f", str(facts[0][0]), "-l", str(facts[0][0]), out, "-")
    assert "Goes on under “Checking the facts (continued)”, where its one total is written." in flat_lines(first_part)


def flat_lines(text: str) -> str:
    """Text with its line breaks as spaces: a sentence wrapped in a narrow column reads as one."""
    return " ".join(line.strip() for line in text.splitlines())


def test_booklet_numbers_every_question_and_labels_every_box(booklets: dict[str, Path]) -> None:
    questionnaire = load_questionnaire(HAND_SCORED["trust-readiness"])
    pdf = read_pdf(booklets["trust-readiness"])
    answering = flat("".join(pdf.pages[:-1]))
    for n, q in enumerate(questionnaire.questions, start=1):
        assert flat(f"{n}{q.text}") in answering, n
    # Every rating row shows the codes 1..5 by its boxes; options show a, b, c, d before their labels.
    raw = tool("pdftotext", "-raw", "-l", str(len(pdf.pages) - 1), pdf.path, "-")
    assert raw.count("1 2 3 4 5") >= 30
    first_meeting = questionnaire.question("st_first_meeting")
    for code, option in zip("abcd", first_meeting.options, strict=False):
        assert f"{code} {option.label}" in raw
    assert "Name" in pdf.pages[0] and "Group" in pdf.pages[0]
    # The grid is the last page, after every question.
    assert "Scoring grid" in pdf.pages[-1] and "Scoring grid" not in answering


def test_a_questionnaire_with_show_if_and_computed_values_gets_no_grid_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deal.pdf"
    code, stdout, err = paper(capsys, "deal-readiness", "-o", out, "--questionnaires", ROOT / "questionnaires")
    assert code == 0
    assert "without a scoring grid" in stdout
    source = (ROOT / "questionnaires" / "deal-readiness.yaml").read_text(encoding="utf-8").splitlines()
    lines = err.splitlines()
    assert any("question hz_later_dealings is shown only after some answers (show_if)" in line for line in lines), err
    assert any("the results include computed values (their_min" in line for line in lines), err
    for line in lines:
        m = re.match(r"(\S+\.yaml):(\d+):(\d+): warning: cannot be scored by hand: ", line)
        assert m, line
        text = source[int(m.group(2)) - 1]
        assert "show_if" in text or "computed" in text, (line, text)
    pdf = read_pdf(out)
    assert "Scoring grid" not in pdf.text
    assert "cannotbescoredbyhand" in pdf.flat
    assert "questions6,7" in pdf.flat  # the two questions shown only after the kind of deal


def test_a_scored_multiple_choice_question_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = paper(capsys, MINI, "-o", tmp_path / "mini.pdf")
    assert code == 0
    assert "scores the average of the options ticked" in err


def test_an_unknown_questionnaire_is_a_user_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = paper(capsys, "no-such-thing", "-o", tmp_path / "x.pdf", "--questionnaires", ROOT / "questionnaires")
    assert code == 1
    assert "no questionnaire 'no-such-thing' here (found: " in err and "trust-readiness" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_booklets_typed_in_by_their_codes_read_back_as_the_same_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The typing sheet and map written beside the booklet: codes typed as printed give the same answers."""
    from generator.answers.imports import load_inputs, load_map
    from generator.questionnaire.load import load_questionnaires

    out = tmp_path / "booklet.pdf"
    code, stdout, _ = paper(capsys, "trust-readiness", "-o", out, "--questionnaires", ROOT / "questionnaires")
    assert code == 0 and "booklet-typing.csv" in stdout
    questionnaires = load_questionnaires(ROOT / "questionnaires")
    questionnaire = questionnaires["trust-readiness"]
    header = (tmp_path / "booklet-typing.csv").read_text(encoding="utf-8").strip().split(",")
    assert header == ["name", "group", "date", "round", *(str(n) for n in range(1, len(questionnaire.questions) + 1))]
    rng = random.Random("typing")
    typed = [header]
    expected = []
    for i in range(20):
        answers = random_answers(questionnaire, rng)
        answers["first_step"] = f"Listen first, number {i}."
        row = [f"Person {i}", "Room 2", "2026-11-24", "after" if i % 2 else ""]
        for q in questionnaire.questions:
            value = answers[q.id]
            row.append(str(value) if q.type == "text" else code_of(questionnaire, q.id, value))
        typed.append(row)
        expected.append(answers)
    sheet = tmp_path / "typed.csv"
    sheet.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in typed) + "\n", encoding="utf-8")
    loaded = list(load_inputs([sheet], questionnaires, load_map(tmp_path / "booklet-typing.map.yaml")))
    assert [p for item in loaded for p in item.problems] == []
    documents = [item.document for item in loaded]
    assert [d.answers for d in documents if d] == expected
    assert [d.round for d in documents if d] == [None, "after"] * 10
    assert all(d and d.respondent.group == "Room 2" for d in documents)


def test_number_bounds_are_printed_as_amounts_not_in_exponent_notation() -> None:
    """A large bound reads "up to 2,500,000" (as reports print amounts), not "up to 2.5e+06"."""
    mini = load_questionnaire(ROOT / "tests" / "fixtures" / "questionnaires" / "mini.yaml")
    questions = [
        q.model_copy(update={"min": -1.5, "max": 2_500_000}) if q.type == "number" else q for q in mini.questions
    ]
    wide = mini.model_copy(update={"questions": questions})
    context = booklet_context(wide, None, [], Branding())
    bounds = {b.question.bounds for b in context.blocks if b.kind == "single" and b.question.type == "number"}
    assert bounds == {"from -1.50 up to 2,500,000"}
