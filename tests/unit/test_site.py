"""The generation core (generator/site) and the thin MkDocs plugin around it.

The core must produce the same pages for any engine, so most tests call it directly; the last class builds a
small MkDocs project to check what the plugin adds: nav entries, generated files, embeds and located errors.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import posixpath
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.errors import DealcraftError
from generator.questionnaire.model import Questionnaire
from generator.site import (
    EMBED,
    Asset,
    FormOptions,
    assets,
    compile_questionnaire,
    content_hash,
    content_link,
    expand_embeds,
    fill_slots,
    generate,
    markdown_renderer,
    page_url,
    relative_url,
    slot,
)
from generator.site.assets import QUIZ_MODULES, TOOLS_MODULES, WORKSHOP_MODULES, ZONE_MODULES, workshop_scripts

ROOT = Path(__file__).resolve().parents[2]

JS = ROOT / "generator" / "assets" / "javascripts"
_STATIC = r'^(?:import|export)\b[^;]*?\bfrom\s+"(\.\.?/[\w/-]+)\.mjs";'
_IMPORTS = re.compile(_STATIC + r'|\bimport\("(\.\.?/[\w/-]+)\.mjs"\)', re.M | re.S)


def imported(entry: str, *, dynamic: bool = True) -> set[str]:
    """`entry` and every module it imports, transitively (paths under javascripts/ without `.mjs`), read from the
    source as a browser would resolve them; `dynamic` follows `import("...")` too."""
    found = {entry}
    todo = [entry]
    while todo:
        name = todo.pop()
        for static, lazy in _IMPORTS.findall((JS / f"{name}.mjs").read_text(encoding="utf-8")):
            if lazy and not dynamic:
                continue
            module = posixpath.normpath(posixpath.join(posixpath.dirname(name), static or lazy))
            if module not in found:
                found.add(module)
                todo.append(module)
    return found


def make(**overrides: Any) -> Questionnaire:
    """A small questionnaire with every question type, a show_if and a recommendation."""
    data: dict[str, Any] = {
        "id": "mini",
        "title": "Mini <check> & co",
        "version": 3,
        "intro": "Read **this** first.\n\n!!! note\n    An admonition.",
        "bands": [{"id": "low", "min": 0, "label": "Low"}, {"id": "high", "min": 50, "label": "High"}],
        "dimensions": [
            {"id": "d1", "title": "One", "guide": "steps/motivations.md", "feedback": {"low": "Try *more*."}},
        ],
        "questions": [
            {"id": "q1", "type": "likert", "text": "I *plan* ahead.", "dimension": "d1", "help": "Think of last week."},
            {
                "id": "kind",
                "type": "choice",
                "text": "Kind?",
                "dimension": "d1",
                "options": [
                    {"id": "a", "label": "<b>A</b>", "score": 100},
                    {"id": "b", "label": "B", "score": 0},
                ],
            },
            {
                "id": "tags",
                "type": "multi",
                "text": "Tags",
                "dimension": "d1",
                "show_if": "kind == 'a'",
                "options": [{"id": "x", "label": "X", "score": 40}, {"id": "y", "label": "Y", "score": 60}],
            },
            {"id": "amount", "type": "number", "text": "Amount", "min": 0, "unit": "$"},
            {"id": "notes", "type": "text", "text": "Notes"},
        ],
        "recommendations": [{"id": "r1", "when": "score.d1 < 50", "text": "Read step 2.", "guide": "glossary.md"}],
    }
    data.update(overrides)
    return Questionnaire.model_validate(data)


def attribute(markup: str, name: str) -> str:
    match = re.search(rf'{name}="([^"]*)"', markup)
    assert match, name
    return html.unescape(match.group(1))


class TestUrls:
    """Content paths become the URLs a static site generator gives them, and links stay relative."""

    @pytest.mark.parametrize(
        ("src", "directory", "url"),
        [
            ("index.md", True, ""),
            ("quizzes/index.md", True, "quizzes/"),
            ("steps/motivations.md", True, "steps/motivations/"),
            ("steps/motivations.md", False, "steps/motivations.html"),
            ("quizzes/index.md", False, "quizzes/"),
        ],
    )
    def test_page_url(self, src: str, directory: bool, url: str) -> None:
        assert page_url(src, use_directory_urls=directory) == url

    @pytest.mark.parametrize(
        ("page", "target", "link"),
        [
            ("quizzes/mini/", "steps/motivations/", "../../steps/motivations/"),
            ("quizzes/mini/", "", "../../"),
            ("quizzes/mini/", "quizzes/mini/", "./"),
            ("", "glossary/", "glossary/"),
            ("quizzes/mini.html", "glossary.html", "../glossary.html"),
        ],
    )
    def test_relative_url(self, page: str, target: str, link: str) -> None:
        assert relative_url(page, target) == link

    def test_content_link_keeps_anchors(self) -> None:
        assert content_link("quizzes/mini/", "glossary.md#batna") == "../../glossary/#batna"


class TestCompile:
    """The compiled questionnaire: client JSON for the scorer, our Markdown as HTML, guide links resolved."""

    def test_compiled_json_holds_scores_html_and_relative_links(self) -> None:
        q = make()
        c = compile_questionnaire(q, page_url="quizzes/mini/", render=markdown_renderer(), content_dir=ROOT / "content")
        assert c["hash"] == content_hash(q.to_client_json())
        assert c["questionnaire"]["questions"][1]["options"][0]["score"] == 100
        assert "<strong>this</strong>" in c["html"]["intro"]
        assert c["html"]["questions"]["q1"]["text"] == "I <em>plan</em> ahead."
        assert c["html"]["questions"]["q1"]["help"] == "<p>Think of last week.</p>"
        assert c["html"]["dimensions"]["d1"]["feedback"]["low"] == "<p>Try <em>more</em>.</p>"
        assert c["links"]["dimensions"]["d1"]["href"] == "../../steps/motivations/"
        assert c["links"]["dimensions"]["d1"]["title"]  # the page's own heading, for descriptive link text
        assert c["links"]["recommendations"]["r1"]["href"] == "../../glossary/"

    def test_expressions_are_shipped_parsed(self) -> None:
        """The page gets each expression as Python's AST, so the browser needs no parser; other fields stay."""
        c = compile_questionnaire(make(), page_url="quizzes/mini/", render=markdown_renderer())
        tags = c["questionnaire"]["questions"][2]
        assert tags["show_if"] == {
            "type": "Binary",
            "op": "==",
            "left": {"type": "Name", "name": "kind", "column": 1},
            "right": {"type": "Literal", "value": "a", "column": 9},
            "column": 6,
        }
        assert tags["options"][1]["score"] == 60
        assert c["questionnaire"]["questions"][0]["show_if"] is None
        when = c["questionnaire"]["recommendations"][0]["when"]
        assert (when["op"], when["left"]["name"], when["right"]["value"]) == ("<", "score.d1", 50.0)
        json.dumps(c, allow_nan=False)  # plain JSON, as it goes into the page

    def test_hash_changes_with_the_questionnaire_only(self) -> None:
        assert content_hash(make().to_client_json()) == content_hash(make().to_client_json())
        assert content_hash(make().to_client_json()) != content_hash(make(version=4).to_client_json())

    def test_batched_rendering_equals_one_by_one_even_with_broken_markdown(self) -> None:
        from generator.site.markdown import render_many

        render = markdown_renderer(["admonition", "fenced_code", "abbr"])
        texts = ["*One*", "Two\n\n!!! note\n    Three", "```\nunclosed fence", "<div>open", "Last"]
        assert render_many(render, texts) == [render(t) for t in texts]
        assert render_many(render, texts[:2] + texts[4:]) == [render(t) for t in texts[:2] + texts[4:]]

    def test_site_markdown_extensions_are_used(self) -> None:
        c = compile_questionnaire(make(), page_url="quizzes/mini/", render=markdown_renderer(["admonition"]))
        assert 'class="admonition note"' in c["html"]["intro"]


class TestGenerate:
    """One page per questionnaire with the DOM contract in its markup, and the assets those pages load."""

    def site(self) -> Any:
        return generate({"mini": make()}, FormOptions(content_dir=ROOT / "content"))

    def test_one_page_per_questionnaire_and_the_assets(self) -> None:
        site = self.site()
        assert [p.path for p in site.pages] == ["quizzes/mini.md"]
        paths = {a.path for a in site.assets}
        assert {
            "assets/dealcraft/javascripts/quiz/quiz.mjs",
            "assets/dealcraft/javascripts/page/storage.mjs",
            "assets/dealcraft/javascripts/markup/radar.mjs",
            "assets/dealcraft/javascripts/core/numbers.mjs",
            "assets/dealcraft/javascripts/core/scoring.mjs",
            "assets/dealcraft/javascripts/markup/charts.mjs",
            "assets/dealcraft/javascripts/core/evaluate.mjs",
            "assets/dealcraft/javascripts/markup/svg.mjs",
            "assets/dealcraft/stylesheets/dealcraft.css",
        } <= paths
        files = [a for a in site.assets if isinstance(a, Asset)]
        assert all(a.source.is_file() for a in files)
        # and the compiled questionnaire, a JSON file named by its id and the hash of its bytes
        (compiled,) = [a for a in site.assets if not isinstance(a, Asset)]
        digest = hashlib.sha256(compiled.content()).hexdigest()[:12]
        assert compiled.path == f"assets/dealcraft/questionnaires/mini.{digest}.json"
        assert json.loads(compiled.content())["questionnaire"]["id"] == "mini"

    @pytest.mark.parametrize("zone", [False, True])
    def test_every_module_the_form_needs_is_preloaded(self, zone: bool) -> None:
        """Loaded with the page, the results still work when the workshop Wi-Fi drops before the submit; the zone
        diagram's modules and styles come only with questionnaires that have a zone. The modules load at low
        priority, after what the page needs to show its text (Lighthouse counts a High one as render-blocking)."""
        needed = imported("quiz/quiz", dynamic=zone) - {"quiz/quiz"}
        overrides = {"zone": {"role": "buyer", "my_limit": "amount", "their_low": "amount", "their_high": "amount"}}
        q = make(**overrides) if zone else make()
        md = generate({"mini": q}).pages[0].inline_markdown
        preloaded = set(re.findall(r'<link rel="modulepreload" href="[^"]*/javascripts/([\w/-]+)\.mjs"[^>]*>', md))
        assert preloaded == needed
        low = r'<link rel="modulepreload" href="[^"]*/javascripts/([\w/-]+)\.mjs" fetchpriority="low">'
        assert set(re.findall(low, md)) == needed
        styles = set(re.findall(r'<link rel="stylesheet" href="[^"]*/stylesheets/([\w-]+)\.css">', md))
        assert styles == ({"dealcraft", "zone"} if zone else {"dealcraft"})

    def test_markup_follows_the_dom_contract(self) -> None:
        md = self.site().pages[0].inline_markdown
        assert md.startswith("# Mini <check> & co\n") is False  # the title is Markdown-escaped
        assert '<form class="dc-form" data-questionnaire="mini"' in md
        for qid in ("q1", "kind", "tags", "amount", "notes"):
            assert f'data-question="{qid}"' in md
        likert = re.findall(r'type="radio" id="[^"]+" name="q1" value="(\d+)"', md)
        assert likert == ["1", "2", "3", "4", "5"]
        assert re.findall(r'type="radio" id="[^"]+" name="kind" value="(\w+)"', md) == ["a", "b"]
        assert re.findall(r'type="checkbox" id="[^"]+" name="tags" value="(\w+)"', md) == ["x", "y"]
        assert re.search(r'<input type="number" [^>]*name="amount"[^>]*min="0"[ >]', md)
        assert re.search(r'<textarea [^>]*name="notes"', md)
        for action in ("export", "import", "share", "reset"):
            assert f'data-action="{action}"' in md
        assert "data-results" in md
        entry = '<script type="module" src="../../assets/dealcraft/javascripts/quiz/quiz.mjs" fetchpriority="low">'
        assert entry + "</script>" in md
        assert 'href="../../assets/dealcraft/stylesheets/dealcraft.css"' in md

    def test_help_and_errors_are_wired_with_aria_describedby(self) -> None:
        md = self.site().pages[0].inline_markdown
        described = re.search(r'<fieldset aria-describedby="([^"]+)">\s*<legend><span class="dc-qtext">I <em>plan', md)
        assert described
        ids = described.group(1).split()
        assert ids == ["dc-mini-q1-error", "dc-mini-q1-help"]
        for i in ids:
            assert f'id="{i}"' in md

    def test_no_scores_or_correct_answers_in_markup_attributes(self) -> None:
        md = self.site().pages[0].inline_markdown
        tags = re.findall(r"<[a-z][^>]*>", md)
        attrs = [a for tag in tags for a in re.findall(r'\s([\w-]+)(?:="([^"]*)")?', tag)]
        assert attrs
        leaks = [a for a in attrs if "score" in a[0] or "correct" in a[0] or "score" in a[1] or "100" in a[1]]
        assert leaks == [("maxlength", "10000")]  # the text cap (limits.MAX_TEXT), not a score

    def test_the_compiled_json_is_a_file_of_its_own_that_the_form_points_at(self) -> None:
        """Out of the page (whose HTML then fits the first round trip), named by its content so caching is safe."""
        site = self.site()
        md = site.pages[0].inline_markdown
        src = attribute(md, "data-dc-compiled-src")
        published = {a.path: a.content() for a in site.assets}
        target = posixpath.normpath(posixpath.join("quizzes/mini/", src))
        assert target in published, src
        compiled = json.loads(published[target])
        assert compiled["questionnaire"]["id"] == "mini"
        assert attribute(md, "data-dc-hash") == compiled["hash"]
        assert "data-dc-compiled=" not in md and '"questionnaire"' not in html.unescape(md)
        assert md.count("<script") == 1
        # preloaded with the page (at low priority, in the mode fetch() asks in, so the fetch reuses it)
        preload = re.search(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin="anonymous"', md)
        assert preload and posixpath.normpath(posixpath.join("quizzes/mini/", preload.group(1))) == target

    def test_everything_from_yaml_is_escaped(self) -> None:
        md = self.site().pages[0].inline_markdown
        assert "<b>A</b>" not in md
        assert "&lt;b&gt;A&lt;/b&gt;" in md

    def test_the_page_heading_reads_back_as_the_title(self) -> None:
        """Python-Markdown keeps a backslash before `<`, so `\\<check\\>` showed one; the heading is plain text."""
        from generator.site import markdown_renderer

        heading = markdown_renderer()(self.site().pages[0].markdown.split("\n\n")[0])
        assert heading.startswith("<h1") and "<check>" not in heading
        assert html.unescape(re.sub(r"<[^>]+>", "", heading)) == "Mini <check> & co"

    def test_the_page_markdown_holds_the_intro_and_a_slot_not_the_form(self) -> None:
        page = self.site().pages[0]
        blocks = page.markdown.strip().split("\n\n")
        assert blocks[0] == "# Mini &lt;check\\> &amp; co"
        assert blocks[1].startswith('<div class="dc-intro">') and "<strong>this</strong>" in blocks[1]
        assert blocks[2:] == [slot("quizzes/mini.md#dc-mini")]
        assert list(page.fragments) == ["quizzes/mini.md#dc-mini"]
        assert "dc-intro" not in page.fragments["quizzes/mini.md#dc-mini"]  # the intro is shown once

    def test_no_blank_lines_so_markdown_keeps_each_html_block_whole(self) -> None:
        page = self.site().pages[0]
        assert "\n\n" not in page.fragments["quizzes/mini.md#dc-mini"].strip()
        assert page.inline_markdown.strip().count("\n\n") == 2  # heading, intro, form

    def test_show_if_questions_start_hidden_when_told(self) -> None:
        site = generate({"mini": make()}, FormOptions(initially_hidden=lambda q: ["tags"]))
        md = site.pages[0].inline_markdown
        assert re.search(r'data-question="tags" id="dc-mini-tags" hidden', md)
        assert not re.search(r'data-question="kind" id="dc-mini-kind" hidden', md)


class TestEmbed:
    """`::quiz{id=...}` on its own line becomes the form; code blocks are left alone; unknown ids are located."""

    def test_directive_syntax(self) -> None:
        assert EMBED.match("::quiz{id=mini}")
        assert EMBED.match('::quiz{id="mini"}')
        assert not EMBED.match("text ::quiz{id=mini}")

    def test_expands_outside_code_only(self) -> None:
        text = "# Page\n\n::quiz{id=mini}\n\n```md\n::quiz{id=mini}\n```\n"
        out = expand_embeds(text, page_path="guide/page.md", questionnaires={"mini": make()}).inline_markdown
        assert out.count('data-questionnaire="mini"') == 1
        assert "```md\n::quiz{id=mini}\n```" in out
        assert 'src="../../assets/dealcraft/javascripts/quiz/quiz.mjs"' in out

    def test_an_embed_fetches_the_same_file_as_the_quiz_page(self) -> None:
        """The guide links in the compiled JSON count from the file (the quiz resolves them against its URL), so
        one file serves every page that shows the form."""
        site = generate({"mini": make()})
        published = {a.path: a.content() for a in site.assets}
        for page_path, page in (("guide/page.md", "guide/page/"), ("quizzes/mini.md", "quizzes/mini/")):
            if page_path == "guide/page.md":
                out = expand_embeds("::quiz{id=mini}\n", page_path=page_path, questionnaires={"mini": make()})
                markup = out.inline_markdown
            else:
                markup = site.pages[0].inline_markdown
            target = posixpath.normpath(posixpath.join(page, attribute(markup, "data-dc-compiled-src")))
            compiled = json.loads(published[target])
            href = compiled["links"]["dimensions"]["d1"]["href"]
            assert posixpath.normpath(posixpath.join(posixpath.dirname(target), href)) == "steps/motivations"

    def test_two_embeds_get_distinct_ids(self) -> None:
        out = expand_embeds(
            "::quiz{id=mini}\n\n::quiz{id=mini}\n", page_path="x.md", questionnaires={"mini": make()}
        ).inline_markdown
        assert 'id="dc-mini"' in out and 'id="dc-mini-2"' in out

    def test_unknown_id_is_a_located_error(self) -> None:
        with pytest.raises(DealcraftError) as info:
            expand_embeds("# T\n\n  ::quiz{id=nope}\n", page_path="guide.md", questionnaires={"mini": make()})
        assert str(info.value.problems[0]) == "guide.md:3:3: unknown questionnaire 'nope' in ::quiz (known: mini)"

    def test_pages_without_the_directive_are_untouched(self) -> None:
        text = "# Plain\n\nNo forms here.\n"
        assert expand_embeds(text, page_path="p.md", questionnaires={}).markdown is text

    def test_the_markdown_gets_slots_and_the_forms_wait_beside_it(self) -> None:
        out = expand_embeds("# Page\n\n::quiz{id=mini}\n", page_path="guide/page.md", questionnaires={"mini": make()})
        assert "data-questionnaire" not in out.markdown
        assert slot("guide/page.md#dc-mini") in out.markdown
        assert 'data-questionnaire="mini"' in out.fragments["guide/page.md#dc-mini"]


class TestSlots:
    """Forms go into their slots after Markdown conversion; a slot another tool removed is an error."""

    def test_fill_replaces_each_slot_once(self) -> None:
        html = f"<p>a</p>\n{slot('p.md#one')}\n<p>b</p>\n{slot('p.md#two')}"
        assert fill_slots(html, {"p.md#one": "<form>1</form>", "p.md#two": "<form>2</form>"}) == (
            "<p>a</p>\n<form>1</form>\n<p>b</p>\n<form>2</form>"
        )

    def test_a_missing_slot_is_named(self) -> None:
        with pytest.raises(ValueError, match=r"p\.md#one"):
            fill_slots("<p>rewritten</p>", {"p.md#one": "<form></form>"})


MINI_YAML = """\
id: mini
title: Mini check
version: 1
bands: [{id: low, min: 0, label: Low}, {id: high, min: 50, label: High}]
dimensions:
  - {id: d1, title: One, guide: index.md, feedback: {low: "More.", high: "Good."}}
questions:
  - {id: q1, type: likert, text: "One?", dimension: d1}
  - {id: q2, type: likert, text: "Two?", dimension: d1}
  - {id: q3, type: likert, text: "Three?", dimension: d1}
"""


def mkdocs_project(tmp_path: Path, questionnaire: str, page: str = "# Other\n") -> Path:
    (tmp_path / "docs" / "quizzes").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs" / "quizzes" / "index.md").write_text("# Quizzes\n", encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text(page, encoding="utf-8")
    (tmp_path / "questionnaires").mkdir()
    (tmp_path / "questionnaires" / "mini.yaml").write_text(questionnaire, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            """\
            site_name: Test
            docs_dir: docs
            plugins:
              - dealcraft:
                  questionnaires: questionnaires
            nav:
              - Home: index.md
              - Self-assessments: quizzes/index.md
              - Other: other.md
            """
        ),
        encoding="utf-8",
    )
    return tmp_path / "mkdocs.yml"


class HeadMetas(HTMLParser):
    """The content of every <meta name="description">, and any tag or attribute a broken one would leave behind."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str | None] = []
        self.stray: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "meta" and names.get("name") == "description":
            self.found.append(names.get("content"))
            self.stray += [k for k in names if k not in ("name", "content")]
        elif tag in ("why", "other"):
            self.stray.append(tag)


class HeadTexts(HTMLParser):
    """The <title> text, the author meta and every element or attribute in the head: what a reader's browser gets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.titles: list[str] = []
        self.authors: list[str | None] = []
        self.tags: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        names = dict(attrs)
        if tag == "title":
            self.in_title = True
            self.titles.append("")
        elif tag == "meta" and names.get("name") == "author":
            self.authors.append(names.get("content"))
            self.tags += [f"@{k}" for k in names if k not in ("name", "content")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.titles[-1] += data


class TestPlugin:
    """The MkDocs plugin adds the pages to the nav, embeds forms, and fails builds with located messages."""

    def build(self, config_file: Path) -> Path:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        config = load_config(str(config_file), site_dir=str(config_file.parent / "site"), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        return config_file.parent / "site"

    def test_build_adds_pages_nav_assets_and_embeds(self, tmp_path: Path) -> None:
        site = self.build(mkdocs_project(tmp_path, MINI_YAML, "# Other\n\n::quiz{id=mini}\n"))
        page = (site / "quizzes" / "mini" / "index.html").read_text(encoding="utf-8")
        assert 'data-questionnaire="mini"' in page
        assert (site / "assets" / "dealcraft" / "javascripts" / "quiz" / "quiz.mjs").is_file()
        src = attribute(page, "data-dc-compiled-src")
        assert json.loads((site / "quizzes" / "mini" / src).read_bytes())["questionnaire"]["id"] == "mini"
        home = (site / "index.html").read_text(encoding="utf-8")
        assert "quizzes/mini/" in home and "Mini check" in home  # listed in the nav under Self-assessments
        other = (site / "other" / "index.html").read_text(encoding="utf-8")
        assert 'data-questionnaire="mini"' in other and "../assets/dealcraft/javascripts/quiz/quiz.mjs" in other
        assert "quiz.mjs" not in home  # assets only where a form is
        for html_page in (page, other):
            assert html_page.count("<form ") == 1 and "data-dealcraft-slot" not in html_page  # filled, once each

    def test_a_plugin_that_drops_a_slot_fails_the_build_by_name(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        from mkdocs.exceptions import Abort
        from mkdocs.plugins import BasePlugin

        class Rewriter(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
            def on_page_content(self, html: str, **_: Any) -> str:
                return re.sub(r"<div data-dealcraft-slot[^>]*></div>", "", html)

        config_file = mkdocs_project(tmp_path, MINI_YAML)
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(str(config_file), site_dir=str(tmp_path / "site"))
        config.plugins["rewriter"] = Rewriter()
        with pytest.raises(Abort):
            build(config)
        assert "quizzes/mini.md: the placeholder for form 'quizzes/mini.md#dc-mini' is missing" in caplog.text

    def test_descriptions_reach_the_meta_tag_escaped_and_intact(self, tmp_path: Path) -> None:
        """Material writes the description into <meta content="..."> unescaped; the plugin escapes it, so quotes,
        <, > and & read back as the author wrote them and nothing spills out of the attribute."""
        page_text = 'Ask "what" & "how", not <why>; R&amp;D stays as written.'
        site_text = 'A guide to "win-win" & <other> deals.'
        config_file = mkdocs_project(tmp_path, MINI_YAML, f"---\ndescription: {json.dumps(page_text)}\n---\n# Other\n")
        text = config_file.read_text(encoding="utf-8").replace(
            "docs_dir: docs\n",
            f"docs_dir: docs\nsite_description: {json.dumps(site_text)}\ntheme: {{name: material}}\n",
        )
        config_file.write_text(text, encoding="utf-8")
        site = self.build(config_file)
        for path, expected in ((site / "other" / "index.html", page_text), (site / "index.html", site_text)):
            metas = HeadMetas()
            metas.feed(path.read_text(encoding="utf-8"))
            assert metas.found == [expected], path
            assert metas.stray == [], path  # no attribute or element made of the description's pieces

    def test_titles_and_author_reach_the_head_escaped_and_intact(self, tmp_path: Path) -> None:
        """Material writes the page title, site_name and site_author into <title> and <meta name="author">
        unescaped; the plugin escapes them, so the text reads back as written, and no <b> element or stray
        attribute comes out of it, in the head or the nav (404.html, rendered before any page, too)."""
        title = 'A "quoted" <b>&</b> title'
        site_name, author = 'R&amp;D "deals" <x>', 'Ann "the" <Author> & co'
        config_file = mkdocs_project(tmp_path, MINI_YAML, f"---\ntitle: {json.dumps(title)}\n---\n# Other\n")
        # The page named in the nav by its file alone: every page's nav shows its front-matter title.
        text = (
            config_file.read_text(encoding="utf-8")
            .replace("site_name: Test\n", "")
            .replace("Other: other.md", "other.md")
        )
        text = text.replace(
            "docs_dir: docs\n",
            f"docs_dir: docs\nsite_name: {json.dumps(site_name)}\nsite_author: {json.dumps(author)}\n"
            "theme: {name: material}\n",
        )
        config_file.write_text(text, encoding="utf-8")
        site = self.build(config_file)
        for path, expected in (
            (site / "other" / "index.html", f"{title} - {site_name}"),
            (site / "index.html", site_name),
            (site / "404.html", site_name),
        ):
            html = path.read_text(encoding="utf-8")
            assert "<b>&</b>" not in html and "A &#34;quoted&#34; &lt;b&gt;&amp;&lt;/b&gt; title" in html, path
            head = HeadTexts()
            head.feed(html.split("</head>")[0])
            assert head.titles == [expected], path
            assert head.authors == [author], path
            assert "b" not in head.tags and "x" not in head.tags, path
            assert not [t for t in head.tags if t.startswith("@")], path

    def test_the_quiz_intro_is_in_the_search_index(self, tmp_path: Path) -> None:
        config_file = mkdocs_project(tmp_path, MINI_YAML.replace("version: 1", "version: 1\nintro: Ten calm minutes."))
        text = config_file.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n")
        config_file.write_text(text, encoding="utf-8")
        index = json.loads((self.build(config_file) / "search" / "search_index.json").read_text(encoding="utf-8"))
        texts = [d["text"] for d in index["docs"] if d["location"].startswith("quizzes/mini/")]
        assert any("Ten calm minutes." in t for t in texts)

    def test_a_broken_questionnaire_fails_the_build_with_located_messages(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        from mkdocs.exceptions import Abort

        broken = MINI_YAML.replace('type: likert, text: "Two?"', 'type: likrt, text: "Two?"')
        with pytest.raises(Abort):
            self.build(mkdocs_project(tmp_path, broken))
        assert re.search(r"mini\.yaml:9:\d+: \"likrt\" is not a valid type", caplog.text)

    def test_an_unknown_embed_fails_the_build_at_its_line(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        from mkdocs.exceptions import Abort

        with pytest.raises(Abort):
            self.build(mkdocs_project(tmp_path, MINI_YAML, "# Other\n\n::quiz{id=missing}\n"))
        assert "other.md:3:1: unknown questionnaire 'missing' in ::quiz (known: mini)" in caplog.text


class TestServe:
    """`mkdocs serve` watches the questionnaires folder, so editing a questionnaire rebuilds the site."""

    def test_on_serve_watches_the_questionnaires_folder(self, tmp_path: Path) -> None:
        from mkdocs.config import load_config

        config = load_config(str(mkdocs_project(tmp_path, MINI_YAML)))
        config.plugins.on_startup(command="serve", dirty=False)
        config = config.plugins.on_config(config)
        watched: list[str] = []

        class Server:
            builder = staticmethod(lambda: None)  # MkDocs' LiveReloadServer keeps the rebuild it runs here

            def watch(self, path: str) -> None:
                watched.append(path)

        config.plugins.on_serve(Server(), config=config, builder=lambda: None)
        assert str((tmp_path / "questionnaires").resolve()) in watched


class TestPublishedAssets:
    """The site publishes the modules its pages import, named one by one: no more, no fewer."""

    def test_each_list_is_what_its_entry_module_imports(self) -> None:
        assert imported("quiz/quiz", dynamic=False) == set(QUIZ_MODULES)
        assert imported("quiz/quiz") == set(QUIZ_MODULES) | set(ZONE_MODULES)
        assert imported("tools/tools") == set(TOOLS_MODULES)

    def test_the_parser_and_the_workshop_are_not_published_and_nothing_else_is_left_out(self) -> None:
        published = {a.source for a in assets()}
        assert all(path.is_file() for path in published)
        on_disk = {p for p in (ROOT / "generator" / "assets").rglob("*") if p.is_file()}
        workshop = {f"{m}.mjs" for m in WORKSHOP_MODULES}
        assert {p.relative_to(JS).as_posix() for p in on_disk - published} == {"parser/expressions.mjs"} | workshop

    def test_the_workshop_modules_import_only_published_modules_and_each_other(self) -> None:
        published = {a.path.removeprefix("assets/dealcraft/javascripts/").removesuffix(".mjs") for a in assets()}
        served = set(WORKSHOP_MODULES)
        entries = ("workshop/send", "workshop/dealcheck", "workshop/dashboard")
        for entry in entries:
            assert imported(entry) <= published | served, entry
        assert served <= set().union(*(imported(entry) for entry in entries))  # none is served for nothing
        assert all(path.is_file() for path in workshop_scripts().values())

    def test_the_evaluator_does_not_depend_on_the_scorer_or_the_parser(self) -> None:
        """The module graph runs like Python's: parser -> evaluator <- scorer, and core imports only core."""
        assert imported("core/evaluate") == {"core/evaluate", "core/numbers"}
        assert "parser/expressions" not in imported("quiz/quiz") | imported("tools/tools")
        for module in ("core/numbers", "core/evaluate", "core/scoring", "core/zone"):
            assert all(m.startswith("core/") for m in imported(module)), module
