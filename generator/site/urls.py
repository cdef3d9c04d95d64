"""Content paths to site URLs, as a static site generator lays them out, and links relative to a page."""

from __future__ import annotations

import posixpath


def page_url(src_path: str, *, use_directory_urls: bool = True) -> str:
    """The site-relative URL of a content file: `steps/x.md` -> `steps/x/` (or `steps/x.html`), `index.md` -> ``."""
    path = src_path.replace("\\", "/").lstrip("/")
    stem, _ = posixpath.splitext(path)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    if use_directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


def relative_url(from_page: str, to_url: str) -> str:
    """A link from the page at site URL `from_page` to the site URL `to_url` (both relative to the site root)."""
    base = from_page if from_page.endswith("/") or not from_page else posixpath.dirname(from_page) + "/"
    target = to_url or "./"
    rel = posixpath.relpath("/" + target, "/" + (base or ""))
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        return "./"
    return rel


def content_link(from_page: str, content_path: str, *, use_directory_urls: bool = True) -> str:
    """A link from page URL `from_page` to the page built from `content_path` (relative to the content folder)."""
    anchor = ""
    if "#" in content_path:
        content_path, anchor = content_path.split("#", 1)
        anchor = "#" + anchor
    return relative_url(from_page, page_url(content_path, use_directory_urls=use_directory_urls)) + anchor
