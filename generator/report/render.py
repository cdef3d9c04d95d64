"""HTML → PDF with WeasyPrint, safely and fast: a restricted fetcher, one font config and parsed CSS per worker.

The templates are autoescaped Jinja; the fetcher only opens the package's own report assets and the configured
logo, so nothing in an untrusted answers file can make WeasyPrint reach the network, read a local file or attach
one to the PDF. A `Renderer` is built once per worker process and reused for every report it renders.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import signal
import threading
import time
import types
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator import limits
from generator.expressions import round_half_away
from generator.values import check_accent

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "templates" / "report"
PAPERS = {"a4": "A4", "letter": "letter"}
LOGO_SUFFIXES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
MAX_ASSET_BYTES = limits.MAX_ASSET_BYTES
PNG_DATA_URL = "data:image/png;base64,"
DEFAULT_TIME_LIMIT = 60.0


class FetchRefused(ValueError):
    """WeasyPrint asked for a URL outside the allow-list; it logs this and renders without the resource."""


class AllowListFetcher(URLFetcher):  # type: ignore[misc]
    """Opens only `file:` URLs inside the allowed folders or equal to the allowed files, and base64 PNG data URLs
    (our QR codes); refuses the rest.

    No http(s) or ftp, no other data URLs, no redirects, no other local files. A PNG data URL reads nothing and
    reaches nothing: its bytes are in the URL. Every refusal is counted, so tests and callers can see that hostile
    markup tried something.
    """

    def __init__(self, folders: tuple[Path, ...] = (), files: tuple[Path, ...] = ()) -> None:
        super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False)
        self.folders = tuple(f.resolve() for f in folders)
        self.files = frozenset(f.resolve() for f in files)
        self.refused: list[str] = []

    def allows(self, path: Path) -> bool:
        """Whether a resolved local path is an allowed file (symlinks are resolved first)."""
        if path in self.files:
            return True
        return any(path.is_relative_to(folder) for folder in self.folders)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith(PNG_DATA_URL):
            return self._png(url)
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            self.refused.append(url[:200])
            raise FetchRefused(f"refused to fetch {url[:200]!r}: only the report's own assets are allowed")
        path = Path(unquote(parts.path)).resolve()
        if not self.allows(path) or not path.is_file() or path.stat().st_size > MAX_ASSET_BYTES:
            self.refused.append(url[:200])
            raise FetchRefused(f"refused to read {url[:200]!r}: not one of the report's assets")
        mime = LOGO_SUFFIXES.get(path.suffix.lower()) or ("text/css" if path.suffix == ".css" else None)
        headers_out = {"Content-Type": mime} if mime else {}
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers_out)

    def _png(self, url: str) -> URLFetcherResponse:
        """Decode a base64 PNG data URL, refusing anything that is not a small PNG."""
        try:
            data = base64.b64decode(url[len(PNG_DATA_URL) :], validate=True)
        except binascii.Error:
            data = b""
        if not data.startswith(b"\x89PNG\r\n\x1a\n") or len(data) > MAX_ASSET_BYTES:
            self.refused.append(url[:200])
            raise FetchRefused(f"refused data URL {url[:60]!r}: not a PNG")
        return URLFetcherResponse(url[:200], data, {"Content-Type": "image/png"})


# An href that is not a #fragment or an embedded PNG (what the fetcher allows), a url() that is not a #fragment,
# or a CSS @import.
_SVG_EXTERNAL = re.compile(
    rb"""href\s*=\s*["']\s*(?!#|data:image/png;base64,)[^"'\s]|url\(\s*["']?\s*(?!#)|@import""", re.I
)


def check_logo(path: Path) -> Path:
    """The logo's resolved path if every report can use it; ValueError saying what to change otherwise.

    WeasyPrint would silently leave out a logo it cannot read or fetch, so this refuses up front: a symbolic
    link, a missing file, a wrong type, a file over MAX_ASSET_BYTES, an image that does not decode, and an SVG
    that loads anything from outside itself (the restricted fetcher would refuse it).
    """
    suffix = path.suffix.lower()
    if suffix not in LOGO_SUFFIXES:
        raise ValueError("the logo must be an .svg, .png or .jpg file")
    if path.is_symlink():
        raise ValueError("is a symbolic link; give the path of the image file itself")
    if not path.is_file():
        raise ValueError("no such file" if not path.exists() else "is not a regular file")
    size = path.stat().st_size
    if size > MAX_ASSET_BYTES:
        raise ValueError(
            f"the logo is {round_half_away(size / limits.MB, 1):.1f} MB; "
            f"at most {MAX_ASSET_BYTES / limits.MB:g} MB: export it smaller"
        )
    data = path.read_bytes()
    if suffix == ".svg":
        if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
            raise ValueError("the SVG declares a DOCTYPE or entities; save it as plain SVG")
        if b"<svg" not in data:
            raise ValueError("not an SVG image (no <svg> element)")
        if _SVG_EXTERNAL.search(data):
            raise ValueError("the SVG loads other files or addresses (href or url()); embed everything or use a PNG")
        return path.resolve()
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValueError(f"the image cannot be read ({exc}); open and save it again as PNG or JPEG") from None
    if kind != {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}[suffix]:
        raise ValueError(f"the file is a {kind} image, not what its name says ({suffix})")
    return path.resolve()


def template_env() -> jinja2.Environment:
    """The Jinja environment for reports: autoescape on for every template, undefined names are errors."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class RenderOptions:
    """What is the same for every report in a batch; validated once, then shared with the workers."""

    paper: str = "a4"
    accent: str = "#3949ab"
    logo: Path | None = None
    time_limit: float = DEFAULT_TIME_LIMIT

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {sorted(PAPERS)}")
        check_accent(self.accent)
        if self.logo is not None and self.logo.suffix.lower() not in LOGO_SUFFIXES:
            raise ValueError("the logo must be an .svg, .png or .jpg file")
        if not 0 < self.time_limit <= 3600:
            raise ValueError("time limit out of range")


class ReportTimeout(Exception):
    """A report took longer than the per-report time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ReportTimeout in this thread after `seconds` (SIGALRM; only where signals can be used)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _expired(signum: int, frame: types.FrameType | None) -> None:
        raise ReportTimeout(f"rendering took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Renderer:
    """Turns report HTML into PDF bytes, reusing one FontConfiguration and the parsed stylesheets."""

    def __init__(self, options: RenderOptions) -> None:
        self.options = options
        self.env = template_env()
        files = (options.logo,) if options.logo is not None else ()
        self.fetcher = AllowListFetcher(folders=(TEMPLATES_DIR,), files=files)
        self.fonts = FontConfiguration()
        accent = check_accent(options.accent)
        page_css = f"@page {{ size: {PAPERS[options.paper]}; }} :root {{ --dc-accent: {accent}; }}"
        self.stylesheets = [
            CSS(
                filename=str(TEMPLATES_DIR / "report.css"),
                font_config=self.fonts,
                url_fetcher=self.fetcher,
            ),
            CSS(string=page_css, font_config=self.fonts, url_fetcher=self.fetcher),
        ]

    def html(self, template: str, context: Mapping[str, Any]) -> str:
        """Render a report template to an HTML string (autoescaped); `context` maps the template's names."""
        return self.env.get_template(template).render(**context)

    def pdf(self, html: str, seconds: float | None = None) -> bytes:
        """Render HTML to a tagged PDF (pdf/ua-1) within the time limit (or `seconds`); nothing is ever attached."""
        with time_limit(self.options.time_limit if seconds is None else seconds):
            document = HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=self.fetcher).render(
                stylesheets=self.stylesheets, font_config=self.fonts, pdf_variant="pdf/ua-1"
            )
            # Third wall after autoescape and the fetcher: drop any <link rel=attachment> WeasyPrint collected.
            document.metadata.attachments = []
            data: bytes = document.write_pdf(attachments=[], pdf_variant="pdf/ua-1")
        return data


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (VmHWM), for the benchmark and the batch statistics."""
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Any, *args: Any) -> tuple[Any, float]:
    """Call fn(*args) and return (result, seconds)."""
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start
