"""The group debrief PDF, read back: pair codes, the problem list, no names without --named, the minimum group."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
ROOM = ROOT / "examples" / "debrief"
NAMES = sorted({json.loads(p.read_text(encoding="utf-8"))["respondent"]["name"] for p in ROOM.glob("*.json")})


def render(out: Path, *flags: str, inputs: Path = ROOM) -> str:
    code = main(["debrief", str(inputs), "-o", str(out), *flags], stdout=io.StringIO())
    assert code == 0 and out.is_file()
    reader = PdfReader(str(out))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The example room rendered three ways (rendering is the slow part, so once per module)."""
    here = Path.cwd()
    folder = tmp_path_factory.mktemp("debrief")
    try:
        import os

        os.chdir(ROOT)
        room = ROOM.relative_to(ROOT)  # as a facilitator types it: the PDF's file names do not depend on the clone
        return {
            "plain": render(folder / "plain.pdf", inputs=room),
            "named": render(folder / "named.pdf", "--named", inputs=room),
            "min3": render(folder / "min3.pdf", "--min-group", "3", inputs=room),
        }
    finally:
        os.chdir(here)


def squash(text: str) -> str:
    return " ".join(text.split())


class TestGroupDebrief:
    def test_every_pair_by_code(self, pdfs: dict[str, str]) -> None:
        text = pdfs["plain"]
        for code in ("P01", "P02", "P03", "P04", "P06", "P07", "P08", "P09"):
            assert code in text
        assert "8 pairs matched" in squash(text)

    def test_problem_list_names_pair_and_reason(self, pdfs: dict[str, str]) -> None:
        text = squash(pdfs["plain"])
        assert "P05 the two sides report different prices: the buyer $3,900, the seller $3,950" in text
        assert "P10 only one side answered; the seller's debrief is missing" in text.replace("’", "'")

    def test_no_names_or_file_names_without_named(self, pdfs: dict[str, str]) -> None:
        text = pdfs["plain"]
        assert len(NAMES) == 19
        leaked = [n for n in NAMES if n.split()[0] in text]
        assert leaked == [] and "p05-buyer.json" not in text

    def test_named_lists_who_was_in_which_pair(self, pdfs: dict[str, str]) -> None:
        text = squash(pdfs["named"])
        assert "Who was in which pair" in text
        assert "P01 Mei Lin Tan Oskar Lindqvist" in text
        # The unmatched participant's file, so the facilitator can find it (a long path wraps after a "-" or "/").
        assert "examples/debrief/p10-buyer.json" in "".join(text.split())

    def test_sections_of_the_issue(self, pdfs: dict[str, str]) -> None:
        text = squash(pdfs["plain"])
        for heading in (
            "Deals against their zones",
            "First offer against outcome",
            "Deals left on the table",
            "Joint points against the best possible",
            "Satisfaction against outcome",
        ):
            assert heading in text
        assert "P04 $600 wide +$700 −$400" in text  # walked away from a zone
        assert "70 + 40 = 110 100%" in text  # P01 found the best trade
        assert "This room gives 6 pairs with a share of the zone" in text

    def test_minimum_group_hides_small_groups_and_says_why(self, pdfs: dict[str, str]) -> None:
        plain, min3 = squash(pdfs["plain"]), squash(pdfs["min3"])
        assert "The seller 4 not shown: 4 of at least 5 needed" in plain
        assert "Without a deal not shown" not in plain and "not shown: 4 of at least 5 needed" in plain
        # With a threshold of 3 the four seller-opened deals get an average: (58 + 83 + 67 + 92) / 4 = 75%.
        assert "The seller 4 75%" in min3
        assert "The buyer 2 not shown: 2 of at least 3 needed" in min3

    def test_hostile_names_stay_text(self, tmp_path: Path) -> None:
        room = tmp_path / "room"
        shutil.copytree(ROOM, room)
        doc = json.loads((room / "p01-buyer.json").read_text(encoding="utf-8"))
        doc["respondent"]["name"] = '<img src="http://127.0.0.1:9/x"> </style> Zoë'
        (room / "p01-buyer.json").write_text(json.dumps(doc), encoding="utf-8")
        text = "".join(render(tmp_path / "named.pdf", "--named", inputs=room).split())  # lines wrap at the "/"
        assert '<imgsrc="http://127.0.0.1:9/x"></style>Zoë' in text


class TestPersonalDebrief:
    """`dealcraft report` on debrief answers puts a personal debrief page first, paired across the inputs."""

    @pytest.fixture(scope="class")
    @classmethod
    def reports(cls, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
        room = tmp_path_factory.mktemp("room")
        for name in ("p02-buyer.json", "p02-seller.json", "p04-seller.json", "p10-buyer.json"):
            shutil.copyfile(ROOM / name, room / name)
        out = tmp_path_factory.mktemp("reports")
        here = Path.cwd()
        import os

        os.chdir(ROOT)
        try:
            assert main(["report", str(room), "-o", str(out), "-j", "1"], stdout=io.StringIO()) == 0
        finally:
            os.chdir(here)
        texts = {}
        for pdf in out.glob("*.pdf"):
            reader = PdfReader(str(pdf))
            texts[pdf.name.split("-deal-debrief")[0]] = squash(reader.pages[1].extract_text() or "")
        return texts

    def test_the_buyer_of_a_pair_sees_zone_guess_share_points_and_a_next_step(self, reports: dict[str, str]) -> None:
        page = reports["daniel-mensah"]  # P02 buyer: limit 4,200, guessed 3,900; deal at 4,100 on the middle terms
        assert page.startswith("Your role-play debrief Pair P02, playing the buyer.")
        assert "The real zone $3,600 to $4,200, $600 wide" in page
        assert "Your guess at the seller’s limit $3,900 (their real limit: $3,600; your guess was +$300" in page
        assert "which made them look tougher than they were" in page
        assert "Your side’s share of the zone 17%" in page  # (4,200 - 4,100) / 600
        assert "81 of a possible 110 (yours: 40)" in page
        assert "Ask why each term matters" in page and "steps/motivations/" in page

    def test_the_seller_sees_the_mirror(self, reports: dict[str, str]) -> None:
        page = reports["ines-carvalho"]  # P02 seller: guessed the buyer's ceiling at 4,300 (+100)
        assert "Your side’s share of the zone 83%" in page and "(yours: 41)" in page
        assert "your guess was +$100, which made them look softer than they were" in page

    def test_unpaired_answers_say_why(self, reports: dict[str, str]) -> None:
        assert "could not be paired with your partner’s: only one side answered; the seller's debrief" in (
            reports["lea-dubois"].replace("'", "'")
        )
        assert "the buyer's debrief is missing" in reports["liam-o-brien"]  # P04's buyer is not in this batch


def test_debrief_figures_follow_the_one_rounding_rule() -> None:
    """Shares, best-outcome percentages and satisfaction means round half away from zero, as every other
    figure does (Python's round() would print 12.5% as 12% and a mean of 62.5 as 62)."""
    from generator.report.debrief import _fixed, _share_text, _whole

    assert _share_text(0.125) == "13%"
    assert _share_text(0.005) == "1%"
    assert [_whole(x) for x in (62.5, 63.5, 0.5, 49.49)] == ["63", "64", "1", "49"]
    # Correlations and the scatter's range: Python's format would print +0.12 and 2.2 (0.125 and 2.25 are exact).
    assert [_fixed(r, 2, "+") for r in (0.125, -0.125, -0.001)] == ["+0.13", "-0.13", "+0.00"]
    assert [_fixed(x, 1) for x in (2.25, -2.25)] == ["2.3", "-2.3"]


@pytest.mark.parametrize(("key_unit", "shown"), [("$", "$"), ("", "€")])
def test_a_personal_debrief_page_is_priced_as_the_deal_check_page(tmp_path: Path, key_unit: str, shown: str) -> None:
    """A project reporting in € with the role-play's key in $: the page keeps the key's $ (as the deal check page
    does, tests/server/test_dealcheck.py); only a key without a unit takes the report currency. The participant's
    own prices in the appendix follow, so one report never shows both."""
    from generator.exercise import load_exercise, money_unit
    from generator.questionnaire.load import load_questionnaires
    from generator.report.batch import render_reports
    from generator.report.context import Branding

    key = load_exercise(ROOT / "content" / "exercises" / "espresso-deal.yaml").model_copy(update={"unit": key_unit})
    branding = Branding(currency="€")
    assert money_unit(key, branding.currency) == shown
    done = render_reports(
        [ROOM / "p02-buyer.json", ROOM / "p02-seller.json"],
        tmp_path,
        load_questionnaires(ROOT / "questionnaires"),
        branding=branding,
        jobs=1,
        exercise=key,
    )
    assert len(done.written) == 2
    for pdf in done.written:
        pages = [squash(p.extract_text() or "") for p in PdfReader(str(pdf)).pages]
        assert f"The real zone {shown}3,600 to {shown}4,200, {shown}600 wide" in pages[1], pages[1]
        # The debrief form's own prices (`money: role-play`), in the appendix of answers, in the same unit
        whole = " ".join(pages)
        appendix = whole[whole.index("Appendix: your answers") :]
        assert f"The agreed price per machine {shown}4,100" in appendix, appendix
        assert not [c for c in {"$", "€"} - {shown} if c in whole]
