"""The guide in a real browser: private, error-free, accessible in both schemes, usable on a phone, searchable."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.linkcolours import check_hover_and_focus
from tests.sitecheck import html_pages

KEY_PAGES = ["", "steps/bargaining-zone/"]


def _site_paths(site: Path) -> list[str]:
    return [p.relative_to(site).parent.as_posix().removeprefix(".") + "/" for p in html_pages(site)]


class TestPrivacy:
    """No page asks any host but ours for anything: no fonts, analytics or images from elsewhere."""

    def test_every_page_requests_only_localhost(self, page: Any, built_site: Path) -> None:
        paths = _site_paths(built_site)
        assert len(paths) >= 14
        for path in paths:
            page.goto(path.lstrip("/"), wait_until="networkidle")
        hosts = {urlsplit(u).hostname for u in page.requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
        assert hosts == {"127.0.0.1"}


class TestKeyPages:
    """The home page and a step page are clean for every reader."""

    @pytest.mark.parametrize("path", KEY_PAGES)
    def test_no_console_errors(self, page: Any, path: str) -> None:
        page.goto(path, wait_until="networkidle")
        assert page.console_errors == []

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    @pytest.mark.parametrize("path", KEY_PAGES)
    def test_no_serious_accessibility_violations(
        self, page: Any, path: str, scheme: str, set_scheme: Any, axe_violations: Any
    ) -> None:
        page.goto(path, wait_until="networkidle")
        set_scheme(page, scheme)
        assert axe_violations(page) == []

    def test_dark_scheme_is_really_dark(self, page: Any, set_scheme: Any) -> None:
        page.goto("", wait_until="networkidle")
        set_scheme(page, "dark")
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        channels = [int(c) for c in bg[bg.index("(") + 1 : bg.index(")")].split(",")[:3]]
        assert sum(channels) < 3 * 80, bg


class TestLinkColours:
    """A link in the text keeps WCAG's 4.5:1 when hovered or focused, in both schemes, and the hover shows."""

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    def test_a_hovered_or_focused_link_reads_and_differs_from_one_at_rest(
        self, page: Any, scheme: str, set_scheme: Any
    ) -> None:
        page.goto("steps/bargaining-zone/", wait_until="networkidle")
        set_scheme(page, scheme)
        link = page.locator('.md-content__inner li a[href$="motivations/"]').first
        link.scroll_into_view_if_needed()
        check_hover_and_focus(page, link, scheme)


class TestPhone:
    """At 360 px nothing overflows sideways."""

    def test_no_horizontal_scroll_at_360px(self, page: Any, built_site: Path) -> None:
        page.set_viewport_size({"width": 360, "height": 740})
        wide = []
        for path in _site_paths(built_site):
            page.goto(path.lstrip("/"), wait_until="networkidle")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                wide.append((path, overflow))
        assert wide == []


class TestSearch:
    """Typing in the search box finds the guide's pages, offline, in the browser."""

    def test_searching_bargaining_zone_finds_step_3(self, page: Any) -> None:
        page.goto("", wait_until="networkidle")
        page.keyboard.press("/")
        page.keyboard.type("bargaining zone")
        first = page.locator(".md-search-result__item a").first
        first.wait_for(timeout=10_000)
        hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
        assert any("steps/bargaining-zone/" in h for h in hrefs[:3]), hrefs[:5]
