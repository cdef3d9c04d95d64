"""Reading a built site back the way a link checker would: pages, their links, their ids, the nav."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


@dataclass
class ParsedPage:
    """The links and element ids of one built HTML page."""

    links: list[str] = field(default_factory=list)
    nav_links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.page.ids.add(a["id"] or "")
        if a.get("name") and tag == "a":
            self.page.ids.add(a["name"] or "")
        href = a.get("href") if tag in ("a", "link") else a.get("src") if tag in ("script", "img") else None
        if href is not None:
            self.page.links.append(href)
            if tag == "a" and "md-nav__link" in (a.get("class") or ""):
                self.page.nav_links.append(href)
        if a.get("data-dc-compiled-src"):  # the compiled questionnaire a form fetches is a link like any other
            self.page.links.append(a["data-dc-compiled-src"] or "")


def parse_page(path: Path) -> ParsedPage:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector.page


def html_pages(site: Path) -> list[Path]:
    """Every content page of the built site (not the 404 page)."""
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.relative_to(site).parts)


def page_url(site: Path, page: Path, base: str) -> str:
    rel = page.relative_to(site).parent.as_posix()
    return urljoin(base, "" if rel == "." else rel + "/")


def target_file(site: Path, url: str, base: str) -> Path | None:
    """The file a same-site URL points to, or None for an outside URL."""
    if not url.startswith(base):
        return None
    rel = unquote(urlsplit(url).path)[len(urlsplit(base).path) :]
    path = site / rel
    return path / "index.html" if rel == "" or rel.endswith("/") else path


def sitemap_urls(site: Path) -> list[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()
    return [loc.text or "" for loc in root.findall("s:url/s:loc", ns)]
