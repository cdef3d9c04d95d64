"""A questionnaire compiled for the browser: its client JSON, Markdown pre-rendered to HTML, guide links resolved.

The HTML comes from our YAML, never from answers; the browser inserts it as HTML and everything a user typed
as text. Guide paths (content-relative `.md`) become links relative to the page that shows the form.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.expressions import parsed_questionnaire
from generator.limits import CLIENT_LIMITS
from generator.questionnaire.model import Questionnaire
from generator.site.markdown import RenderMarkdown, inline, render_many
from generator.site.urls import content_link

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def content_hash(client_json: Mapping[str, Any]) -> str:
    """A short sha256 of the canonical client JSON: changes whenever anything the browser scores with changes."""
    canonical = json.dumps(client_json, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def guide_title(content_dir: Path | None, guide: str) -> str | None:
    """The first `# heading` of a content page, for descriptive link text; None when unknown."""
    if content_dir is None:
        return None
    try:
        text = (content_dir / guide.split("#", 1)[0]).read_text(encoding="utf-8")
    except OSError:
        return None
    match = _H1.search(text)
    return match.group(1).strip() if match else None


def _without_markdown(data: Mapping[str, Any]) -> dict[str, Any]:
    """The client JSON minus the Markdown bodies that `html` carries rendered (halves the page weight)."""
    out = {k: v for k, v in data.items() if k not in ("intro", "feedback")}
    out["questions"] = [
        {k: v for k, v in q.items() if k not in ("help", "explanation")} for q in data.get("questions") or []
    ]
    out["dimensions"] = [{k: v for k, v in d.items() if k != "feedback"} for d in data.get("dimensions") or []]
    out["recommendations"] = [{k: v for k, v in r.items() if k != "text"} for r in data.get("recommendations") or []]
    return out


def _texts(questionnaire: Questionnaire) -> list[str]:
    """Every Markdown field of the questionnaire, deduplicated, in a stable order."""
    q = questionnaire
    found: list[str | None] = [q.intro, *q.feedback.values()]
    for d in q.dimensions:
        found.extend(d.feedback.values())
    for item in q.questions:
        found.extend((item.text, item.help, item.explanation))
    found.extend(r.text for r in q.recommendations)
    return list(dict.fromkeys(t for t in found if t and t.strip()))


def compile_questionnaire(
    questionnaire: Questionnaire,
    *,
    page_url: str,
    render: RenderMarkdown,
    use_directory_urls: bool = True,
    content_dir: Path | None = None,
) -> dict[str, Any]:
    """The JSON the form script reads: `{hash, questionnaire, html, links, limits}`.

    `questionnaire` is `to_client_json()` (what scoring.mjs scores) minus Markdown bodies, with every expression
    parsed here, in Python, into its AST (`parsed_questionnaire`), so the page loads an evaluator, not a parser;
    `html` holds the rendered Markdown fields by id; `links` holds guide URLs relative to `page_url` and their
    page titles; `limits` holds the caps the browser shares with Python (`limits.CLIENT_LIMITS`). `hash` is
    taken over the expressions' texts, so it only changes when the questionnaire does.
    """
    data = questionnaire.to_client_json()

    def link(guide: str | None) -> dict[str, str] | None:
        if not guide:
            return None
        return {
            "href": content_link(page_url, guide, use_directory_urls=use_directory_urls),
            "title": guide_title(content_dir, guide) or "",
        }

    texts = _texts(questionnaire)
    rendered = dict(zip(texts, render_many(render, texts), strict=True))

    def text(value: str | None) -> str:
        return rendered.get(value, "") if value else ""

    questions: dict[str, dict[str, str]] = {}
    for q in questionnaire.questions:
        entry = {"help": text(q.help), "explanation": text(q.explanation), "text": inline(text(q.text))}
        questions[q.id] = {k: v for k, v in entry.items() if v}
    dimensions: dict[str, dict[str, Any]] = {}
    dimension_links: dict[str, dict[str, str]] = {}
    for d in questionnaire.dimensions:
        feedback = {band: text(body) for band, body in d.feedback.items()}
        dimensions[d.id] = {"feedback": {k: v for k, v in feedback.items() if v}}
        found = link(d.guide)
        if found:
            dimension_links[d.id] = found
    recommendations: dict[str, str] = {}
    recommendation_links: dict[str, dict[str, str]] = {}
    for r in questionnaire.recommendations:
        recommendations[r.id] = text(r.text)
        found = link(r.guide)
        if found:
            recommendation_links[r.id] = found
    overall = {band: text(body) for band, body in questionnaire.feedback.items()}
    return {
        "hash": content_hash(data),
        "questionnaire": parsed_questionnaire(_without_markdown(data)),
        "html": {
            "intro": text(questionnaire.intro),
            "questions": questions,
            "dimensions": dimensions,
            "feedback": {k: v for k, v in overall.items() if v},
            "recommendations": recommendations,
        },
        "links": {"dimensions": dimension_links, "recommendations": recommendation_links},
        "limits": dict(CLIENT_LIMITS),
    }
