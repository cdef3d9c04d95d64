"""A second engine for real: `properdocs build --strict` publishes the same site as `mkdocs build --strict`.

ProperDocs continues MkDocs 1.x and runs its plugins unchanged (Material and ours). The two outputs are compared
file by file; the only allowed differences are listed in ALLOWED, each with why.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

# pattern -> replacement applied to both outputs before comparing, and why the two may differ there.
ALLOWED = {
    # Each engine names itself in Material's <meta name="generator">.
    r'<meta name="generator" content="[^"]*">': '<meta name="generator" content="(engine)">',
}


def build(engine: str, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / engine), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )


def published(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, gzip files unpacked (their header holds the time they were written)."""
    files: dict[str, bytes] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


def normalised(data: bytes) -> bytes:
    for pattern, replacement in ALLOWED.items():
        data = re.sub(pattern.encode(), replacement.encode(), data)
    return data


@pytest.mark.slow
def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    results = {engine: build(engine, tmp_path / engine) for engine in ("mkdocs", "properdocs")}
    for engine, result in results.items():
        assert result.returncode == 0, f"{engine} build --strict failed:\n{result.stderr[-3000:]}"
    ours, theirs = published(tmp_path / "mkdocs"), published(tmp_path / "properdocs")
    assert sorted(ours) == sorted(theirs)
    assert "quizzes/trust-readiness/index.html" in ours  # the plugin ran under both
    assert b"data-dc-compiled-src=" in theirs["quizzes/trust-readiness/index.html"]
    assert any(name.startswith("assets/dealcraft/questionnaires/trust-readiness.") for name in theirs)
    different = [name for name in ours if normalised(ours[name]) != normalised(theirs[name])]
    assert different == []
    # The allowed difference is real (so the list above is not stale): the generator tag names each engine.
    assert b"ProperDocs" in theirs["index.html"] and b"ProperDocs" not in ours["index.html"]


def _resolves(site: Path, page: str, url: str) -> bool:
    """Whether a relative URL in `page` (a directory-URL page such as quizzes/x/index.html) names a built file."""
    base = (site / page).parent
    target = (base / url.split("#", 1)[0].split("?", 1)[0]).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target.is_relative_to(site.resolve()) and target.is_file()


@pytest.mark.slow
def test_zensical_builds_the_staged_site_with_working_forms(tmp_path: Path) -> None:
    """Zensical runs no plugins: `dealcraft build --engine zensical` stages the quiz pages, forms and assets first."""
    out = tmp_path / "site"
    result = subprocess.run(
        [str(BIN / "python"), "-m", "generator", "build", "--engine", "zensical", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    quizzes = sorted(p.relative_to(out).as_posix() for p in (out / "quizzes").glob("*/index.html"))
    assert "quizzes/trust-readiness/index.html" in quizzes
    for page in quizzes:
        html = (out / page).read_text(encoding="utf-8")
        assert 'data-dc-slot="' not in html, page
        urls = re.findall(r'(?:src|href|data-dc-compiled-src)="([^"#]*assets/dealcraft/[^"]+)"', html)
        assert any(u.endswith("quiz/quiz.mjs") for u in urls), page
        assert any(re.search(r"/questionnaires/[\w-]+\.[0-9a-f]{12}\.json$", u) for u in urls), page
        broken = [u for u in urls if not _resolves(out, page, u)]
        assert broken == [], f"{page}: {broken}"
    # The quiz pages are in the nav under Self-assessments, as with the plugin.
    assert re.search(r'href="(\./)?quizzes/trust-readiness/"', (out / "index.html").read_text(encoding="utf-8"))
    # Zensical writes the front matter's description into a meta attribute unescaped; the staged copy escapes
    # it, so a description with quotes reads back whole (and the page stays valid HTML).
    from mkdocs.utils.meta import get_data

    source = get_data((ROOT / "content" / "techniques" / "asking-questions.md").read_text(encoding="utf-8"))[1]
    assert '"' in source["description"]
    metas = re.findall(
        r'<meta name="description" content="([^"]*)">',
        (out / "techniques" / "asking-questions" / "index.html").read_text(encoding="utf-8"),
    )
    assert [unescape(m) for m in metas] == [source["description"]]


def test_the_staged_description_is_escaped_once_and_the_rest_is_kept() -> None:
    """Zensical writes the front matter's description, author and title as they are, so the staged copy carries them
    HTML-escaped; a page without them, or with nothing to escape, is staged byte for byte."""
    from mkdocs.utils.meta import get_data

    from generator.zensical import escaped_head

    page = (
        '---\ndescription: \'Say "what" & <why>\'\ntitle: T & "U"\nauthor: \'Ann "the" <A> & co\'\n---\n\n'
        '# Heading "kept"\n\nBody & <b>text</b>.\n'
    )
    body, meta = get_data(escaped_head(page))
    assert meta == {
        "description": "Say &quot;what&quot; &amp; &lt;why&gt;",
        "title": "T &amp; &quot;U&quot;",  # the staged templates escape it no more (_TEMPLATE_FIXES)
        "author": "Ann &quot;the&quot; &lt;A&gt; &amp; co",
    }
    assert body == get_data(page)[0]
    for unchanged in ("# No front matter & <b>\n", "---\ndescription: Plain words.\n---\n# H\n"):
        assert escaped_head(unchanged) == unchanged
