"""The built guide: every page reachable from the nav, every internal link and anchor resolving, search finding it."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
from html import unescape
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import yaml

from generator.exercise import in_project_units
from generator.project import load_project
from generator.questionnaire.load import load_questionnaires
from generator.report.context import branding_from_config
from generator.site import compile_questionnaire, content_hash, markdown_renderer
from generator.site.assets import COMPILED_PREFIX
from tests.sitecheck import html_pages, page_url, parse_page, sitemap_urls, target_file

ROOT = Path(__file__).resolve().parents[2]
ORIGINALITY = ROOT.parent / "shared" / "tools" / "originality"

STEP_PAGES = [
    "steps/win-win-or-zero-sum.md",
    "steps/motivations.md",
    "steps/bargaining-zone.md",
    "steps/positivity.md",
    "steps/time-and-intimacy.md",
    "steps/start-with-trust.md",
]


class TestConfig:
    """mkdocs.yml keeps the settings the guide relies on."""

    def config(self) -> dict:
        return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def test_no_outside_fonts_and_instant_navigation_has_a_site_url(self) -> None:
        cfg = self.config()
        assert cfg["theme"]["font"] is False
        assert cfg["site_url"].startswith("http")
        assert {"navigation.instant", "navigation.sections", "content.tabs.link"} <= set(cfg["theme"]["features"])

    def test_dealcraft_plugin_is_enabled(self) -> None:
        plugins = self.config()["plugins"]
        names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
        assert "dealcraft" in names and "search" in names

    def test_site_is_not_committed(self) -> None:
        ignored = subprocess.run(["git", "check-ignore", "-q", "site/"], cwd=ROOT).returncode
        assert ignored == 0


class TestBuiltSite:
    """What a reader meets: pages in the nav, links that work, a search index that knows the guide."""

    def test_every_page_is_in_the_nav(self, built_site: Path, base_url: str) -> None:
        home = built_site / "index.html"
        nav = {urldefrag(urljoin(base_url, href))[0] for href in parse_page(home).nav_links}
        pages = set(sitemap_urls(built_site))
        assert len(pages) >= 14
        # The role-play briefs are left out on purpose (mkdocs.yml not_in_nav): a brief must not link to the
        # other side's; the facilitator's guide, which is in the nav, links to both.
        briefs = {urljoin(base_url, f"exercises/{role}-brief/") for role in ("buyer", "seller")}
        assert pages - nav == briefs

    def test_every_step_page_has_the_sections_a_reader_expects(self, built_site: Path) -> None:
        for src in STEP_PAGES:
            html = (built_site / src.removesuffix(".md") / "index.html").read_text(encoding="utf-8").lower()
            for heading in ("why", "practi", "example", "pitfall", "reflect", "related"):
                assert heading in html, f"{src} lacks a section about {heading!r}"

    def test_internal_links_and_anchors_resolve(self, built_site: Path, base_url: str) -> None:
        broken: list[str] = []
        ids: dict[Path, set[str]] = {}
        for page in [*html_pages(built_site), built_site / "404.html"]:
            here = page_url(built_site, page, base_url) if page.name == "index.html" else base_url
            for href in parse_page(page).links:
                if href.startswith(("mailto:", "javascript:", "data:")) or href == "#":
                    continue
                url, frag = urldefrag(urljoin(here, href))
                target = target_file(built_site, url, base_url)
                if target is None or url.startswith(base_url + "reports/"):
                    continue  # reports/ is rendered by `dealcraft demo`; tests/cli/test_demo.py checks those links
                if not target.is_file():
                    broken.append(f"{page.relative_to(built_site)}: {href} (no {target.relative_to(built_site)})")
                    continue
                if frag and target.suffix == ".html":
                    if target not in ids:
                        ids[target] = parse_page(target).ids
                    if frag not in ids[target]:
                        broken.append(f"{page.relative_to(built_site)}: {href} (no #{frag})")
        assert broken == []

    def test_search_index_finds_the_bargaining_zone_step(self, built_site: Path) -> None:
        index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
        hits = {d["location"].split("#")[0] for d in index["docs"] if "bargaining zone" in d["text"].lower()}
        assert "steps/bargaining-zone/" in hits

    def test_bargaining_zone_figure_is_accessible_and_shows_the_car_example(self, built_site: Path) -> None:
        html = (built_site / "steps" / "bargaining-zone" / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article") :]
        start = article.index("<figure")
        svg = article[article.index("<svg", start) : article.index("</svg>", start)]
        assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
        for figure in ("9,000", "8,000", "1,000"):
            assert figure in svg

    def test_quiz_pages_fetch_their_compiled_questionnaire_and_carry_none_of_it(self, built_site: Path) -> None:
        """The scoring rules and results' texts are a JSON file of their own (named by its bytes' hash, so a browser
        may keep it), which is what this questionnaire compiles to: the page's HTML then fits Lighthouse's first
        round trip (about 14.6 KB), where with the data in an attribute it took two."""
        # in the project's units, as the plugin publishes them (the debrief's prices in the role-play's unit)
        project = load_project(ROOT / "mkdocs.yml")
        currency = branding_from_config(project.config).currency
        loaded = load_questionnaires(ROOT / "questionnaires", ROOT / "content")
        questionnaires = in_project_units(loaded, project.exercise, currency)
        assert questionnaires["deal-debrief"] != loaded["deal-debrief"]  # the published file is not the YAML's
        for qid, questionnaire in questionnaires.items():
            page = built_site / "quizzes" / qid / "index.html"
            html = page.read_text(encoding="utf-8")
            assert "data-dc-compiled=" not in html and '"questionnaire":' not in unescape(html), qid
            src = re.search(r'data-dc-compiled-src="([^"]+)"', html)
            assert src, qid
            file = (page.parent / unescape(src.group(1))).resolve()
            assert file.parent == (built_site / "assets" / "dealcraft" / "questionnaires").resolve()
            data = file.read_bytes()
            assert file.name == f"{qid}.{hashlib.sha256(data).hexdigest()[:12]}.json"
            published = json.loads(data)
            expected = compile_questionnaire(
                questionnaire, page_url=COMPILED_PREFIX, render=markdown_renderer(), content_dir=ROOT / "content"
            )
            assert published["questionnaire"] == expected["questionnaire"], qid  # what the browser scores with
            assert published["links"] == expected["links"] and published["limits"] == expected["limits"]
            assert published["hash"] == content_hash(questionnaire.to_client_json())
            assert re.search(rf'data-dc-hash="{published["hash"]}"', html)
            assert len(gzip.compress(html.encode("utf-8"), compresslevel=6)) < 14_000, qid

    def test_source_is_credited(self, built_site: Path) -> None:
        about = (built_site / "about" / "index.html").read_text(encoding="utf-8")
        assert "Yoram Solomon" in about and "Crafting Win-Win Deals" in about


@pytest.mark.skipif(not ORIGINALITY.exists() and not os.environ.get("CI"), reason="shared/ is not beside this clone")
def test_no_sentence_is_copied_from_the_source_article() -> None:
    result = subprocess.run([str(ORIGINALITY), str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
