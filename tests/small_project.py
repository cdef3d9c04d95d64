"""A small project of a facilitator's own, written into a folder, to run commands on it from somewhere else.

Every path in its mkdocs.yml is relative and differs from this repository's defaults (pages/, forms/, public/,
a snippets folder, a logo), and its answer key is this repository's with a title and currency of its own, so a
test can tell from a PDF or a page which key was read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROOM = ROOT / "examples" / "debrief"
KEY_TITLE = "The copied espresso deal"  # the project's answer key says this, the repository's does not
KEY_UNIT = "€"

MKDOCS_YML = """\
site_name: A small project
site_url: https://guide.example.org/
docs_dir: pages
site_dir: public
exclude_docs: |
  includes/
  exercises/*.yaml
theme:
  name: material
plugins:
  - search
  - dealcraft:
      questionnaires: forms
{extra}      report:
        title: Small project report
        event: Copy workshop
        logo: brand/logo.svg
markdown_extensions:
  - abbr
  - attr_list
  - md_in_html
  - pymdownx.snippets:
      base_path: [pages/includes]
      auto_append: [abbreviations.md]
      check_paths: true
"""

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">'
    '<rect width="40" height="40" fill="#00897b"/></svg>\n'
)


def small_project(folder: Path, *, answer_key: bool = True, exercise_option: str | None = None) -> Path:
    """Write the project into `folder` and return its mkdocs.yml. Without `answer_key` the project has no key;
    `exercise_option` sets the plugin's `exercise:` (relative to mkdocs.yml)."""
    pages = folder / "pages"
    for name in ("steps", "includes", "exercises"):
        (pages / name).mkdir(parents=True)
    (pages / "index.md").write_text("# Home\n\nKnow your BATNA before you start.\n", encoding="utf-8")
    for step in ("bargaining-zone", "motivations", "start-with-trust"):  # the debrief form's guide: links
        (pages / "steps" / f"{step}.md").write_text(f"# {step.replace('-', ' ').title()}\n", encoding="utf-8")
    (pages / "includes" / "abbreviations.md").write_text(
        "*[BATNA]: Best alternative to a negotiated agreement\n", encoding="utf-8"
    )
    (folder / "forms").mkdir()
    shutil.copyfile(ROOT / "questionnaires" / "deal-debrief.yaml", folder / "forms" / "deal-debrief.yaml")
    (folder / "brand").mkdir()
    (folder / "brand" / "logo.svg").write_text(LOGO, encoding="utf-8")
    if answer_key:
        key = (ROOT / "content" / "exercises" / "espresso-deal.yaml").read_text(encoding="utf-8")
        key = key.replace('title: "The espresso-machine deal"', f'title: "{KEY_TITLE}"')
        key = key.replace('unit: "$"', f'unit: "{KEY_UNIT}"')
        assert KEY_TITLE in key and KEY_UNIT in key
        (pages / "exercises" / "espresso-deal.yaml").write_text(key, encoding="utf-8")
    extra = f"      exercise: {exercise_option}\n" if exercise_option is not None else ""
    config = folder / "mkdocs.yml"
    config.write_text(MKDOCS_YML.format(extra=extra), encoding="utf-8")
    return config


READINESS_GUIDES = (  # the pages the deal-readiness questionnaire's guide: links point to, beyond the debrief's
    "steps/time-and-intimacy",
    "steps/win-win-or-zero-sum",
    "techniques/alternatives",
    "techniques/asking-questions",
    "techniques/creating-value",
    "techniques/first-offers",
    "techniques/hardball",
    "tools/bargaining-zone",
    "tools/concession-planner",
)


def add_deal_readiness(config: Path, *, report_currency: str) -> None:
    """Add this repository's deal-readiness questionnaire (its zone priced `currency: "$"`) and the pages it links
    to, and set the plugin's `report: currency:` to `report_currency`."""
    source = (ROOT / "questionnaires" / "deal-readiness.yaml").read_text(encoding="utf-8")
    assert 'currency: "$"' in source and "\nzone:\n" in source
    (config.parent / "forms" / "deal-readiness.yaml").write_text(source, encoding="utf-8")
    for guide in READINESS_GUIDES:
        page = config.parent / "pages" / f"{guide}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {guide}\n", encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    if "        currency:" not in text:
        priced = f'        event: Copy workshop\n        currency: "{report_currency}"\n'
        config.write_text(text.replace("        event: Copy workshop\n", priced), encoding="utf-8")
    assert f'currency: "{report_currency}"' in config.read_text(encoding="utf-8")
