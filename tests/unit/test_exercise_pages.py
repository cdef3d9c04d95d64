"""The role-play pages as built: every number in each brief agrees with the answer key, and no brief shows or
links to the other side's brief or numbers."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.exercise import ROLES, Exercise, Role, load_exercise

ROOT = Path(__file__).resolve().parents[2]
KEY = load_exercise(ROOT / "content" / "exercises" / "espresso-deal.yaml")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


class _Article(HTMLParser):
    """The text, table rows and links inside the page's <article>, and every link on the whole page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("href", "src", "action"):
            if a.get(key):
                self.links.append(a[key] or "")
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif tag in ("td", "th") and self.cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
            if self.cell is not None:
                self.cell.append(data)


def read(site: Path, page: str) -> _Article:
    parser = _Article()
    parser.feed((site / "exercises" / page / "index.html").read_text(encoding="utf-8"))
    return parser


def numbers(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in NUMBER.findall(text)}


def option_numbers(exercise: Exercise) -> set[float]:
    return {n for issue in exercise.issues for o in issue.options for n in numbers(o.label)}


def points_table(article: _Article) -> dict[tuple[str, str], int]:
    """{(issue title, option label): points} from a brief's one table (the term is named on its first row)."""
    (table,) = article.tables
    found: dict[tuple[str, str], int] = {}
    term = ""
    for row in table[1:]:
        term = row[0] or term
        found[(term, row[1])] = int(row[2])
    return found


def expected_points(role: Role) -> dict[tuple[str, str], int]:
    return {(i.title, o.label): o.points(role) for i in KEY.issues for o in i.options}


def other(role: Role) -> Role:
    return "seller" if role == "buyer" else "buyer"


@pytest.mark.parametrize("role", ROLES)
class TestBriefs:
    """Each brief carries its own side's numbers, exactly as the key has them, and nothing of the other side."""

    def test_points_table_is_the_keys(self, built_site: Path, role: Role) -> None:
        assert points_table(read(built_site, f"{role}-brief")) == expected_points(role)

    def test_every_number_comes_from_the_key(self, built_site: Path, role: Role) -> None:
        article = read(built_site, f"{role}-brief")
        allowed = {KEY.limit(role), float(KEY.list_price or 0), float(KEY.minutes["negotiating"])}
        allowed |= option_numbers(KEY) | {float(o.points(role)) for i in KEY.issues for o in i.options}
        text = "".join(article.text)
        assert numbers(text) - allowed == set()
        assert f"${KEY.limit(role):,.0f} a machine" in text
        assert f"${KEY.list_price:,.0f} a machine" in text

    def test_the_other_sides_limit_and_brief_are_absent(self, built_site: Path, base_url: str, role: Role) -> None:
        page = (built_site / "exercises" / f"{role}-brief" / "index.html").read_text(encoding="utf-8")
        limit = KEY.limit(other(role))
        assert f"{limit:,.0f}" not in page and f"{limit:.0f}" not in page
        assert f"{other(role).capitalize()}'s brief" not in page.replace("&#39;", "'")
        links = read(built_site, f"{role}-brief").links
        assert not [href for href in links if f"{other(role)}-brief" in href]
        assert not [href for href in links if "espresso-deal" in href], "a brief must not lead to the answer key"
        pages = [h for h in links if not h.startswith("#") and "/assets/" not in h and not h.endswith(".css")]
        assert sorted(pages) == ["../..", f"{base_url}exercises/{role}-brief/"]  # home (the logo) and itself

    def test_no_site_navigation(self, built_site: Path, role: Role) -> None:
        page = (built_site / "exercises" / f"{role}-brief" / "index.html").read_text(encoding="utf-8")
        assert "md-sidebar" not in page and "md-footer" not in page and 'rel="next"' not in page


class TestFacilitatorPage:
    """The answer key on the facilitator's page is the key the debrief computes with."""

    def test_points_and_pareto_tables(self, built_site: Path) -> None:
        points, pareto = read(built_site, "espresso-deal").tables[1:3]
        rows, term = {}, ""
        for row in points[1:]:
            term = row[0] or term
            rows[(term, row[1])] = tuple(int(x) for x in row[2:5])
        assert rows == {
            (i.title, o.label): (o.buyer, o.seller, o.buyer + o.seller) for i in KEY.issues for o in i.options
        }
        labels = {i.id: {o.id: o.label for o in i.options} for i in KEY.issues}
        expected = [
            [*(labels[issue][option] for issue, option in s.choices), str(s.buyer), str(s.seller), str(s.joint)]
            for s in KEY.pareto()
        ]
        assert pareto[1:] == expected

    def test_zone_and_best_outcome_in_the_text(self, built_site: Path) -> None:
        text = " ".join("".join(read(built_site, "espresso-deal").text).split())
        low, high = KEY.limits.seller, KEY.limits.buyer
        assert f"from ${low:,.0f} to ${high:,.0f} works for both: a zone ${high - low:,.0f} wide" in text
        assert f"{KEY.best_joint_points()} together" in text

    def test_timing_table(self, built_site: Path) -> None:
        timing = read(built_site, "espresso-deal").tables[0]
        assert [int(row[1]) for row in timing[1:]] == list(KEY.minutes.values())
        text = "".join(read(built_site, "espresso-deal").text)
        assert f"Timing (about {sum(KEY.minutes.values())} minutes)" in text

    def test_the_debrief_form_lists_the_keys_option_ids(self, built_site: Path) -> None:
        from generator.questionnaire.load import load_questionnaire

        form = load_questionnaire(ROOT / "questionnaires" / "deal-debrief.yaml")
        for issue in KEY.issues:
            question = form.question(issue.id)
            assert [(o.id, o.label) for o in question.options] == [(o.id, o.label) for o in issue.options]
            assert question.show_if == "outcome == 'deal'"
