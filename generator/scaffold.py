"""`dealcraft new DIR`: a minimal project of one's own, from the files under templates/scaffold/.

The project has mkdocs.yml with the plugin and a light and a dark scheme, a home page, one short questionnaire that
uses every question type, a stylesheet that keeps hovered and focused links readable in the light scheme (WCAG's
4.5:1, as our own site does), and a README with the two commands; it builds with `--strict` as it comes.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.errors import DealcraftError, Problem

SCAFFOLD = Path(__file__).resolve().parent / "templates" / "scaffold"


def scaffold(target: Path, *, title: str) -> list[Path]:
    """Write the project into `target` (new or empty) with `title` as its site name; return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DealcraftError(Problem(str(target), message="already exists and is not empty; name a new folder"))
    if not title.strip() or any(c in title for c in "\r\n"):
        raise DealcraftError(Problem("--title", message="the title must be one line of text"))
    env = jinja2.Environment(autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    written = []
    for source in sorted(p for p in SCAFFOLD.rglob("*") if p.is_file()):
        out = target / source.relative_to(SCAFFOLD)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            env.from_string(source.read_text(encoding="utf-8")).render(title=title.strip()), encoding="utf-8"
        )
        written.append(out)
    return written
