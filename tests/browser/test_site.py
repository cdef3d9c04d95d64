"""The guide in a real browser: private, error-free, accessible in both schemes, usable on a phone, searchable."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

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


def _rgb(css: str) -> tuple[float, float, float, float]:
    """A computed `rgb(...)` or `rgba(...)` colour as (r, g, b, alpha)."""
    assert css.startswith("rgb"), css
    parts = [float(c) for c in css[css.index("(") + 1 : css.index(")")].replace("/", ",").split(",")]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def _luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(fg: tuple[float, float, float], bg: tuple[float, float, float]) -> float:
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The link's colour and the colour behind it: the first ancestor with an opaque background (Material's are).
_COLOURS = """link => {
    let el = link, bg = 'rgba(0, 0, 0, 0)';
    while (el && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
        bg = getComputedStyle(el).backgroundColor;
        el = el.parentElement;
    }
    return [getComputedStyle(link).color, bg];
}"""
_SETTLED = (
    "document.getAnimations().every(a => a.playState !== 'running' "
    "|| a.effect?.getComputedTiming().iterations === Infinity)"
)


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
        page.mouse.move(0, 0)
        page.wait_for_function(_SETTLED, polling=50, timeout=5000)
        rest, _ = link.evaluate(_COLOURS)
        for state in ("hover", "focus"):
            if state == "hover":
                link.hover()
            else:
                page.mouse.move(0, 0)
                link.focus()
            page.wait_for_function(_SETTLED, polling=50, timeout=5000)
            colour, background = link.evaluate(_COLOURS)
            fg, bg = _rgb(colour), _rgb(background)
            assert fg[3] == 1.0 and bg[3] == 1.0, (colour, background)
            ratio = _contrast(fg[:3], bg[:3])
            assert ratio >= 4.5, f"{scheme} {state}: {colour} on {background} is {ratio:.2f}:1"
            assert colour != rest, f"{scheme} {state}: the link keeps its resting colour {rest}"
            # Apart from the resting colour by more than a shade: the channels differ by at least 60 in all.
            assert sum(abs(a - b) for a, b in zip(fg[:3], _rgb(rest)[:3], strict=True)) >= 60, (colour, rest)


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
