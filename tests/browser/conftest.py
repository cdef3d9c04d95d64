"""Browser fixtures: the site built once, served on 127.0.0.1, and driven by Debian's Chromium via Playwright.

Browser tests never skip: without /usr/bin/chromium they fail, so CI cannot pass while testing nothing.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("DEALCRAFT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test, so `-m "not browser"` can leave them out locally."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def server(built_site: Path, _port: int) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 for the whole session."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", _port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium; a missing browser is a failure, never a skip."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run); browser tests never skip")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page (own context, 1280×900) recording console errors, page errors and every request URL.

    `page.console_errors` and `page.requests` are lists; `page.goto(path)` accepts paths relative to the site.
    """
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.console_errors = []
    pg.requests = []
    pg.on("console", lambda msg: pg.console_errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: pg.console_errors.append(f"uncaught: {exc}"))
    pg.on("request", lambda req: pg.requests.append(req.url))
    yield pg
    context.close()


@pytest.fixture(scope="session")
def set_scheme() -> Any:
    """A function (page, "light" | "dark") that switches Material's colour scheme on the loaded page."""

    def switch(pg: Any, scheme: str) -> None:
        name = "slate" if scheme == "dark" else "default"
        pg.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
        # Material re-applies the *checked* palette input whenever the media query changes, so
        # setting the body attribute alone races with that handler: check the input, as a click does.
        pg.evaluate(
            """name => {
                const input = document.querySelector(`input[name=__palette][data-md-color-scheme=${name}]`);
                if (input && !input.checked) input.click();
                else document.body.setAttribute('data-md-color-scheme', name);
            }""",
            name,
        )
        pg.wait_for_function(
            """name => document.body.getAttribute('data-md-color-scheme') === name
                && !document.body.hasAttribute('data-md-color-switching')""",
            arg=name,
        )

    return switch


@pytest.fixture(scope="session")
def axe_violations() -> Any:
    """A function page -> serious and critical axe-core violations (id, impact, help, targets)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(pg: Any) -> list[dict[str, Any]]:
        # Colours are judged as they come to rest: a fade still running (Material's back-to-top button appears when
        # hovering a link scrolls the page up) would be measured half-transparent.
        pg.wait_for_function(
            "document.getAnimations().every(a => a.playState !== 'running' "
            "|| a.effect?.getComputedTiming().iterations === Infinity)",
            polling=50,
            timeout=5000,
        )
        results = axe.run(pg)
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [n["target"] for n in v["nodes"]][:5],
            }
            for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]

    return run
