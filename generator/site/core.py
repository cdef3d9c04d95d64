"""The engine-agnostic generation core: questionnaires in, Markdown pages and static assets out.

A site engine (MkDocs today through generator/plugin.py) only has to add these pages and assets to its build,
pass content pages through `expand_embeds`, and put each form's HTML into its slot after Markdown conversion
(`fill_slots`); an engine that cannot post-process pages uses `inline_markdown` instead. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import DealcraftError, Problem
from generator.questionnaire.model import Questionnaire
from generator.site.assets import (
    ASSETS_PREFIX,
    COMPILED_PREFIX,
    QUIZ_MODULES,
    ZONE_MODULES,
    Asset,
    DataAsset,
    assets,
    compiled_asset,
)
from generator.site.compile import compile_questionnaire
from generator.site.forms import html_block, render_form
from generator.site.markdown import RenderMarkdown, markdown_renderer
from generator.site.urls import page_url, relative_url

QUIZ_DIR = "quizzes"
QUIZ_INDEX = "quizzes/index.md"

# `::quiz{id=trust-readiness}` on a line of its own (the generic-directive syntax), outside fenced code.
EMBED = re.compile(r"^::quiz\{\s*id\s*=\s*([\"']?)([^\"'\s}]*)\1\s*\}\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")

# Which questions start hidden (show_if false with no answers); given by the caller so the core needs no scorer.
InitiallyHidden = Callable[[Questionnaire], Collection[str]]


# A form's place in a page's Markdown: a raw HTML block that Markdown passes through untouched, filled with the
# form's HTML only after conversion, so the converter never re-parses ~100 KB of form markup per page.
_SLOT = '<div data-dealcraft-slot="{}"></div>'


def slot(key: str) -> str:
    """The placeholder that `fill_slots` replaces with the fragment stored under `key`."""
    return _SLOT.format(key)


def fill_slots(text: str, fragments: Mapping[str, str]) -> str:
    """`text` (Markdown or the converted HTML) with every slot replaced by its fragment.

    A slot that is missing (another tool rewrote the page) is an error naming it, not a silently empty form.
    """
    for key, html in fragments.items():
        placeholder = slot(key)
        if placeholder not in text:
            raise ValueError(f"the placeholder for form {key!r} is missing from the converted page")
        text = text.replace(placeholder, html, 1)
    return text


class _Slotted:
    markdown: str
    fragments: Mapping[str, str]

    @property
    def inline_markdown(self) -> str:
        """The Markdown with the fragments inlined as raw HTML blocks (for engines without a post-conversion hook)."""
        return fill_slots(self.markdown, self.fragments)


@dataclass(frozen=True)
class Markup(_Slotted):
    """Markdown with slots, and the HTML fragments that go into them (slot key -> HTML)."""

    markdown: str
    fragments: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Page(_Slotted):
    """A generated page at `path` (relative to the content folder, e.g. `quizzes/trust-readiness.md`)."""

    path: str
    title: str
    markdown: str
    fragments: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GeneratedSite:
    """Everything the core adds to a site: the quiz pages, the browser files and each compiled questionnaire."""

    pages: tuple[Page, ...]
    assets: tuple[Asset | DataAsset, ...]


def _no_hidden(_: Questionnaire) -> Collection[str]:
    return ()


def _escape_heading(text: str) -> str:
    """`text` as Markdown that reads back as that text: `&` and `<` as entities (Python-Markdown keeps a backslash
    before `<`, so the heading showed it), the rest of Markdown's punctuation backslash-escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([\\`*_{}\[\]>#|!])", r"\\\1", text)


@dataclass(frozen=True)
class FormOptions:
    """How one site's engine wants the forms built; the same for its quiz pages and for its `::quiz` embeds."""

    render: RenderMarkdown = field(default_factory=markdown_renderer)  # the engine's Markdown, for question text
    use_directory_urls: bool = True
    content_dir: Path | None = None  # where guide pages are looked up, for the links in results
    initially_hidden: InitiallyHidden = _no_hidden
    # The form's own <link>/<script> URLs count from the page's URL, or with this from its source file, for an
    # engine that resolves raw HTML against the .md file (Zensical). The compiled JSON's URL (a data attribute,
    # which no engine rewrites) always counts from the page; the links inside it from the JSON file itself.
    urls_from_source: bool = False


def form_html(
    questionnaire: Questionnaire,
    *,
    page_path: str,
    options: FormOptions | None = None,
    prefix: str | None = None,
    show_intro: bool = True,
) -> str:
    """The form of `questionnaire` as an HTML fragment for the content page `page_path` (links made relative)."""
    return _form(
        questionnaire, page_path=page_path, options=options or FormOptions(), prefix=prefix, show_intro=show_intro
    )[1]


def compiled_file(questionnaire: Questionnaire, options: FormOptions | None = None) -> tuple[dict[str, Any], DataAsset]:
    """The compiled questionnaire and the JSON file it is published as, which its forms fetch (kept out of the
    page, whose HTML then fits the first round trip). Its guide links count from that file's folder (the quiz
    resolves them against the file's URL), so one file serves every page that shows the form."""
    options = options or FormOptions()
    compiled = compile_questionnaire(
        questionnaire,
        page_url=COMPILED_PREFIX,
        render=options.render,
        use_directory_urls=options.use_directory_urls,
        content_dir=options.content_dir,
    )
    data = json.dumps(compiled, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return compiled, compiled_asset(questionnaire.id, data)


def _form(
    questionnaire: Questionnaire, *, page_path: str, options: FormOptions, prefix: str | None, show_intro: bool
) -> tuple[str, str, DataAsset]:
    """The intro's HTML (empty when none), the form's HTML and the compiled JSON file the form fetches."""
    url = page_url(page_path, use_directory_urls=options.use_directory_urls)
    base = page_url(page_path, use_directory_urls=False) if options.urls_from_source else url
    compiled, data = compiled_file(questionnaire, options)
    entry, *preload = QUIZ_MODULES + (ZONE_MODULES if compiled["questionnaire"].get("zone") else ())
    html = render_form(
        compiled,
        prefix=prefix or f"dc-{questionnaire.id}",
        assets_url=relative_url(base, ASSETS_PREFIX),
        compiled_url=relative_url(url, data.path),
        compiled_file=data.path.removeprefix(ASSETS_PREFIX),
        entry=entry,
        preload=preload,
        hidden=options.initially_hidden(questionnaire),
        show_intro=show_intro,
    )
    return str(compiled["html"].get("intro") or ""), html, data


def generate(questionnaires: Mapping[str, Questionnaire], options: FormOptions | None = None) -> GeneratedSite:
    """One page per questionnaire at `quizzes/<id>.md` (sorted by title), plus the assets those pages load: the
    browser files and each questionnaire's compiled JSON (which `::quiz` embeds of it fetch too).

    The intro stays in the page's Markdown (so site search finds it); the form goes into a slot.
    """
    options = options or FormOptions()
    pages = []
    compiled: list[DataAsset] = []
    for q in sorted(questionnaires.values(), key=lambda q: (q.title.lower(), q.id)):
        path = f"{QUIZ_DIR}/{q.id}.md"
        intro, body, data = _form(q, page_path=path, options=options, prefix=None, show_intro=False)
        compiled.append(data)
        parts = [f"# {_escape_heading(q.title)}"]
        if intro:
            parts.append(html_block(f'<div class="dc-intro">\n{intro}\n</div>'))
        key = f"{path}#dc-{q.id}"
        parts.append(slot(key))
        pages.append(Page(path=path, title=q.title, markdown="\n\n".join(parts) + "\n", fragments={key: body}))
    return GeneratedSite(pages=tuple(pages), assets=(*assets(), *sorted(compiled, key=lambda a: a.path)))


def expand_embeds(
    markdown: str,
    *,
    page_path: str,
    questionnaires: Mapping[str, Questionnaire],
    options: FormOptions | None = None,
) -> Markup:
    """Replace each `::quiz{id=ID}` line (outside fenced code) with a slot for that questionnaire's form.

    An unknown id is a DealcraftError located at the page's line and column, naming the known ids.
    """
    if "::quiz{" not in markdown:
        return Markup(markdown)
    options = options or FormOptions()
    lines = markdown.split("\n")
    fence: str | None = None
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    fragments: dict[str, str] = {}
    for n, line in enumerate(lines):
        opened = _FENCE.match(line)
        if opened:
            marker = opened.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        match = None if fence else EMBED.match(line.strip())
        if not match:
            continue
        qid = match.group(2)
        q = questionnaires.get(qid)
        if q is None:
            known = ", ".join(sorted(questionnaires)) or "none"
            col = line.index("::quiz") + 1
            problems.append(Problem(page_path, n + 1, col, f"unknown questionnaire {qid!r} in ::quiz (known: {known})"))
            continue
        seen[qid] = seen.get(qid, 0) + 1
        prefix = f"dc-{qid}" if seen[qid] == 1 else f"dc-{qid}-{seen[qid]}"
        key = f"{page_path}#{prefix}"
        fragments[key] = _form(q, page_path=page_path, options=options, prefix=prefix, show_intro=False)[1]
        lines[n] = "\n" + slot(key) + "\n"
    if problems:
        raise DealcraftError(problems)
    return Markup("\n".join(lines), fragments)


def add_to_nav(nav: list[Any] | None, entries: list[dict[str, str]]) -> None:
    """Turn the nav entry for quizzes/index.md into a section holding it and the generated pages (in place)."""
    for i, item in enumerate(nav or []):
        if not isinstance(item, dict) or len(item) != 1:
            continue
        ((title, value),) = item.items()
        if value == QUIZ_INDEX:
            nav[i] = {title: [QUIZ_INDEX, *entries]}  # type: ignore[index]
        elif isinstance(value, list):
            if QUIZ_INDEX in value:
                value.extend(e for e in entries if e not in value)
            else:
                add_to_nav(value, entries)
