"""Text from mkdocs.yml (nav titles, site_name, the table of contents' title) and from a questionnaire's title is
shown as text in every engine's built pages: Material and Zensical print much of it with autoescape off.

A small project with hostile titles is built by each engine as a user would run it; the built HTML is parsed,
and no element made of a title's pieces may appear, while the title reads back, whole, where a reader sees it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# PYTHONPATH: the engines' own scripts would import the installed dealcraft, not this checkout's.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONPATH": str(ROOT)}

SITE = 'Fish & <chips> "co"'
HOME = "Home & <x-evil>bold</x-evil>"
SECTION = "<img src=x onerror=alert(1)>"
PAGE = "Fish & <chips>"
LINK = "Link </a><x-evil>x</x-evil>"
QUIZZES = "Self & <assess>"
QUIZ = "Mini <x-evil>q</x-evil> & co"
TOC = "On <this> & page"
REPO = "Repo & <x-evil>r</x-evil>"
STATUS = 'New & "<x-evil>"'  # a tooltip: an attribute
HEADING = "B & c"  # page b's first heading, written `B &amp; c`: MkDocs gives it as HTML
HOSTILE_TAGS = {"chips", "x-evil", "this", "assess"}

MKDOCS_YML = f"""\
site_name: {json.dumps(SITE)}
site_url: https://guide.example.org/
repo_url: https://example.org/repo
repo_name: {json.dumps(REPO)}
docs_dir: docs
extra:
  status:
    new: {json.dumps(STATUS)}
theme:
  name: material
  features: [navigation.tabs, navigation.path, navigation.footer, navigation.sections]
plugins:
  - dealcraft:
      questionnaires: questionnaires
markdown_extensions:
  - toc:
      title: {json.dumps(TOC)}
nav:
  - {json.dumps(HOME)}: index.md
  - {json.dumps(SECTION)}:
      - {json.dumps(PAGE)}: part/a.md
      - part/b.md
      - {json.dumps(LINK)}: https://example.org/
  - {json.dumps(QUIZZES)}: quizzes/index.md
"""

QUESTIONNAIRE = f"""\
id: mini
title: {json.dumps(QUIZ)}
version: 1
bands: [{{id: low, min: 0, label: Low}}, {{id: high, min: 50, label: High}}]
dimensions:
  - {{id: d1, title: One, guide: index.md, feedback: {{low: "More.", high: "Good."}}}}
questions:
  - {{id: q1, type: likert, text: "One?", dimension: d1}}
  - {{id: q2, type: likert, text: "Two?", dimension: d1}}
  - {{id: q3, type: likert, text: "Three?", dimension: d1}}
"""


def hostile_project(folder: Path) -> Path:
    for name in ("docs/part", "docs/quizzes", "questionnaires"):
        (folder / name).mkdir(parents=True)
    pages = {
        "index.md": "# Home\n\n## First\n\nText.\n",
        "part/a.md": "# A page\n\n## Second\n\nText.\n",
        "part/b.md": "---\nstatus: new\n---\n# B &amp; c\n\n## Third\n\nText.\n",
        "quizzes/index.md": "# Quizzes\n",
    }
    for name, text in pages.items():
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    (folder / "questionnaires" / "mini.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return folder / "mkdocs.yml"


# Elements whose text a reader sees as a title: Material's and Zensical's nav, tabs, breadcrumbs, footer links,
# header topic and section labels all wrap it in one of these classes.
TITLE_CLASSES = {"md-ellipsis", "md-tabs__link", "md-nav__title", "md-source__repository"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """The texts of the title-bearing elements, `<title>`, `<h1>`, the footer links' labels, and every element
    and attribute name, to find any that a title's pieces made."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.texts: list[str] = []
        self.footer_labels: list[str] = []
        self.image_sources: list[str | None] = []
        self.tooltips: list[str] = []
        self.open: list[list[str]] = []  # text being collected, one per open title element
        self.stack: list[bool] = []  # per open element: whether it collects

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.tags.add(tag)
        self.attributes.update(names)
        if "md-status" in (names.get("class") or "").split():
            self.tooltips.append(names.get("title") or "")
        if tag == "img":
            self.image_sources.append(names.get("src"))
        if "md-footer__link" in (names.get("class") or ""):
            self.footer_labels.append(names.get("aria-label") or "")
        if tag in VOID:
            return
        classes = set((names.get("class") or "").split())
        collects = tag in ("title", "h1") or bool(classes & TITLE_CLASSES)
        self.stack.append(collects)
        if collects:
            self.open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.stack:
            return
        if self.stack.pop():
            self.texts.append(" ".join("".join(self.open.pop()).split()))

    def handle_data(self, data: str) -> None:
        for text in self.open:
            text.append(data)


def parsed(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def build(engine: str, config: Path, out: Path) -> None:
    if engine == "zensical":
        command = [str(BIN / "python"), "-m", "generator", "build", "--engine", "zensical", "--site-dir", str(out)]
    else:
        command = [str(BIN / engine), "build", "-d", str(out)]
    result = subprocess.run(
        [*command, "-f", str(config)], cwd=config.parent, env=ENV, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{engine} build failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}"


def check_site(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 6  # home, a, b, quizzes, the quiz, 404
    for path in pages:
        page = parsed(path)
        assert not page.tags & HOSTILE_TAGS, path
        assert "onerror" not in page.attributes, path
        assert "x" not in page.image_sources, path

    a = parsed(site / "part" / "a" / "index.html")
    assert f"{PAGE} - {SITE}" in a.texts  # <title>
    assert SITE in a.texts  # the header's site name
    for title in (HOME, SECTION, PAGE, LINK, QUIZZES, QUIZ, HEADING, TOC, REPO):  # sidebar, tabs, path, toc, repo
        assert title in a.texts, (title, a.texts)
    assert a.tooltips == [STATUS]  # page b's status in the nav
    assert f"Next: {HEADING}" in a.footer_labels and f"Previous: {HOME}" in a.footer_labels, a.footer_labels

    quiz = parsed(site / "quizzes" / "mini" / "index.html")
    assert f"{QUIZ} - {SITE}" in quiz.texts
    assert quiz.texts.count(QUIZ) >= 2  # the page's heading and its nav entry


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs", "zensical"])
def test_hostile_titles_from_the_config_read_as_text(engine: str, tmp_path: Path) -> None:
    """Under Zensical (`dealcraft build --engine zensical`) the staged copy carries the text escaped instead."""
    if not (BIN / engine).is_file():
        pytest.skip(f"{engine} is not installed in this environment")
    config = hostile_project(tmp_path / "project")
    build(engine, config, tmp_path / "site")
    check_site(tmp_path / "site")


def test_the_project_is_hostile_without_the_escaping(tmp_path: Path) -> None:
    """The same check fails on a site built with the plugin's escaping undone, so it can tell."""
    config = hostile_project(tmp_path / "project")
    unpatched = tmp_path / "unpatched.py"
    unpatched.write_text(
        textwrap.dedent(
            """\
            import sys
            import generator.plugin as plugin
            plugin.DealcraftPlugin.on_nav = lambda self, nav, **_: nav
            from mkdocs.__main__ import cli
            sys.exit(cli())
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(BIN / "python"), str(unpatched), "build", "-f", str(config), "-d", str(tmp_path / "site")],
        cwd=config.parent,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with pytest.raises(AssertionError):
        check_site(tmp_path / "site")
