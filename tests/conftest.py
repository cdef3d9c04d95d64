"""Fixtures shared by every test folder: the real site, built once per session."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from generator.build import build_site

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def _port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def base_url(_port: int) -> str:
    """The test server's address; the site is built with this as site_url, so instant navigation is live."""
    return f"http://127.0.0.1:{_port}/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, base_url: str) -> Path:
    """The real site, built once per session from this checkout with `dealcraft build --strict`."""
    site = tmp_path_factory.mktemp("site")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        build_site(ROOT / "mkdocs.yml", site_dir=site, strict=True, site_url=base_url)
    finally:
        os.chdir(cwd)
    return site
