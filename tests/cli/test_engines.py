"""A second engine for real: `properdocs build --strict` publishes the same site as `mkdocs build --strict`.

ProperDocs continues MkDocs 1.x and runs its plugins unchanged (Material and ours). The two outputs are compared
file by file; the only allowed differences are listed in ALLOWED, each with why.
"""

from __future__ import annotations

import gzip
import json
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


# A table of contents' title written with an entity and quotes, which a page's `[TOC]` marker prints.
TOC_TITLE = 'Contents &ndash; "this" <page>'
TOC_PROJECT = {
    "mkdocs.yml": f"""\
site_name: Marker
docs_dir: docs
theme:
  name: material
plugins:
  - dealcraft:
      questionnaires: questionnaires
markdown_extensions:
  - toc:
      permalink: true
      title: {json.dumps(TOC_TITLE)}
""",
    "docs/index.md": "# Home\n\n[TOC]\n\n## Fish & chips\n\nText.\n\n### It's `x < y`\n\nText.\n",
    "docs/quizzes/index.md": "# Quizzes\n",
    "questionnaires/mini.yaml": """\
id: mini
title: Mini
version: 1
bands: [{id: low, min: 0, label: Low}, {id: high, min: 50, label: High}]
dimensions:
  - {id: d1, title: One, feedback: {low: "More.", high: "Good."}}
questions:
  - {id: q1, type: likert, text: "One?", dimension: d1}
""",
}


def toc_marker(site: Path) -> str:
    """What the home page's `[TOC]` marker became: Python-Markdown's <div class="toc">."""
    found = re.findall(r'<div class="toc">.*?</div>', (site / "index.html").read_text(encoding="utf-8"), re.S)
    assert len(found) == 1, found
    return str(found[0])


def shown(html: str) -> str:
    """The text a reader sees of an HTML fragment, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_toc_marker_reads_under_zensical_as_under_mkdocs(tmp_path: Path) -> None:
    """Markdown prints the toc title of mkdocs.yml as text in a page's `[TOC]`; the staged copy for Zensical
    carried it HTML-escaped (for the theme's sidebar), so the marker showed "Contents &ndash; ..." where MkDocs
    shows "Contents – ...". The staged toc.html escapes it instead, and the marker is the same in both builds."""
    for name, text in TOC_PROJECT.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    commands = {
        "mkdocs": [str(BIN / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "mkdocs")],
        "zensical": [
            *(str(BIN / "python"), "-m", "generator", "build", "--engine", "zensical", "--strict"),
            *("--site-dir", str(tmp_path / "zensical")),
        ],
    }
    for engine, command in commands.items():
        result = subprocess.run(
            [*command, "-f", str(tmp_path / "mkdocs.yml")],
            cwd=tmp_path,
            env={**ENV, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"{engine}: {result.stdout[-2000:]}{result.stderr[-3000:]}"
    ours, theirs = toc_marker(tmp_path / "mkdocs"), toc_marker(tmp_path / "zensical")
    # What a reader sees of it: the title (its entity read as HTML, as Markdown does under MkDocs) and the entries.
    assert shown(ours) == 'Contents – "this" <page> Home Fish & chips It\'s x < y'
    assert shown(theirs) == shown(ours)
    assert theirs == ours
    # The sidebar's "on this page" title still reads as written under Zensical (the theme prints it as HTML).
    sidebar = re.search(
        r'<label class="md-nav__title" for="__toc">\s*<span class="md-nav__icon md-icon"></span>(.*?)</label>',
        (tmp_path / "zensical" / "index.html").read_text(encoding="utf-8"),
        re.S,
    )
    assert sidebar is not None and unescape(sidebar.group(1).strip()) == TOC_TITLE


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
