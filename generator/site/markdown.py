"""Markdown fields of a questionnaire (intro, help, feedback...) rendered to HTML with the site's extensions."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import markdown as md  # type: ignore[import-untyped]  # no stubs in the venv

RenderMarkdown = Callable[[str], str]

_SINGLE_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)


def markdown_renderer(
    extensions: Sequence[Any] = ("tables", "attr_list", "abbr"),
    configs: Mapping[str, Mapping[str, Any]] | None = None,
) -> RenderMarkdown:
    """A function Markdown -> HTML using `extensions` (as in mkdocs.yml), reusing one parser for speed."""
    parser = md.Markdown(extensions=list(extensions), extension_configs=dict(configs or {}), output_format="html")

    def render(text: str) -> str:
        parser.reset()
        return str(parser.convert(text or "")).strip()

    return render


def inline(html: str) -> str:
    """Unwrap a single `<p>` so short Markdown (a question, an option) can sit inside a legend or label."""
    match = _SINGLE_PARAGRAPH.match(html.strip())
    if match and "<p>" not in match.group(1):
        return match.group(1)
    return html
