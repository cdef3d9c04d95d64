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


_SPLIT = "<!--dc-split-{}-->"
_SPLIT_RE = re.compile(r"\s*<!--dc-split-(\d+)-->\s*")


# Texts with these can reach past their own end (raw HTML, fences) or act on the whole document (footnotes,
# abbreviation definitions, snippets), so they are never batched.
_UNBATCHABLE = ("<", "```", "~~~", "[^", "*[", "--8<--")


def render_many(render: RenderMarkdown, texts: Sequence[str]) -> list[str]:
    """Render many short texts as `[render(t) for t in texts]` would, but mostly in one Markdown conversion.

    The site's snippets extension appends the abbreviation list to every document, which costs about 4 ms per
    conversion; joining plain texts with comment separators and splitting the HTML afterwards keeps the
    plugin's share of the build small. Texts that could leak across a separator are rendered on their own,
    and if the separators do not come back intact every text is rendered on its own.
    """
    out: list[str | None] = [None] * len(texts)
    batch = [i for i, t in enumerate(texts) if not any(mark in t for mark in _UNBATCHABLE)]
    for i, t in enumerate(texts):
        if i not in batch:
            out[i] = render(t)
    if len(batch) > 1:
        chunks = [f"{_SPLIT.format(n)}\n\n{texts[i]}" for n, i in enumerate(batch)]
        parts = _SPLIT_RE.split(render("\n\n".join([*chunks, _SPLIT.format(len(batch))])))
        # parts = [before, "0", html0, "1", html1, ..., str(n), after]
        if parts[1::2] == [str(n) for n in range(len(batch) + 1)] and not parts[0].strip() and not parts[-1].strip():
            for i, html in zip(batch, parts[2::2], strict=False):
                out[i] = html.strip()
    return [html if html is not None else render(texts[i]) for i, html in enumerate(out)]


def inline(html: str) -> str:
    """Unwrap a single `<p>` so short Markdown (a question, an option) can sit inside a legend or label."""
    match = _SINGLE_PARAGRAPH.match(html.strip())
    if match and "<p>" not in match.group(1):
        return match.group(1)
    return html
