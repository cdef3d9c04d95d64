"""`dealcraft build --engine zensical`: Zensical runs no MkDocs plugins, so the plugin's work is staged first.

The content folder is copied with the generated quiz pages, every `::quiz` embed and every browser asset written
in as plain files (forms inlined as raw HTML blocks), beside a copy of mkdocs.yml without the plugin and with the
quiz pages in its nav. Zensical builds that copy as it would any Material project.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from generator.errors import DealcraftError, Problem
from generator.site import add_to_nav, expand_embeds, generate

ZENSICAL_VERSION = "0.0.73"  # the newest release that installs from PyPI alone (0.0.74+ need zensical-ui)

_PAGE_TEXT = ("title", "subtitle", "description", "author")  # front matter Zensical prints unescaped
_SITE_TEXT = ("site_name", "site_author", "site_description", "repo_name")  # the same in mkdocs.yml

# Zensical escapes a title itself in these places, which would escape the staged (already escaped) text twice
# ("Next: B &amp;amp; c"; the first heading's title is HTML already, so it did that even before staging), and
# prints `page.title | striptags`, which unescapes it, raw into <title>. Each title there becomes text
# (`striptags`, as Material's own toc-item.html does) and is escaped once. Checked against ZENSICAL_VERSION.
_TEMPLATE_FIXES = {
    "base.html": [("{{ page.title | striptags }}", "{{ page.title | striptags | e }}")],
    "partials/header.html": [('title="{{ config.site_name | e }}"', 'title="{{ config.site_name | striptags | e }}"')],
    "partials/nav.html": [('title="{{ config.site_name | e }}"', 'title="{{ config.site_name | striptags | e }}"')],
    "partials/footer.html": [
        ("{{ page.previous_page.title | e }}", "{{ page.previous_page.title | striptags | e }}"),
        ("{{ page.next_page.title | e }}", "{{ page.next_page.title | striptags | e }}"),
    ],
    "partials/toc.html": [
        # The table of contents' title is staged as written, since Python-Markdown reads the same setting as text
        # for a page's `[TOC]` marker (staged escaped, a title's "&ndash;" showed there as written): escaped here.
        ("{% set title = config.mdx_configs.toc.title %}", "{% set title = config.mdx_configs.toc.title | e %}"),
        ('aria-label="{{ title | e }}"', 'aria-label="{{ title | striptags | e }}"'),
    ],
}


def _plugin_name(entry: Any) -> str:
    return str(entry if isinstance(entry, str) else next(iter(entry)))


def _absolute(value: str | list[str], base: Path) -> str | list[str]:
    if isinstance(value, list):
        return [str((base / v).resolve()) for v in value]
    return str((base / value).resolve())


def escaped_head(markdown: str) -> str:
    """The page with its front matter's text (`title`, `subtitle`, `description`, `author`) HTML-escaped. Zensical,
    like Material's templates under MkDocs (where the plugin escapes them), prints them unescaped; where it escapes
    a title itself (`| e`), the staged templates read it as the HTML it then is (see `_TEMPLATE_FIXES`)."""
    from mkdocs.utils.meta import get_data

    body, meta = get_data(markdown)
    escaped = {k: html.escape(v) for k in _PAGE_TEXT if isinstance(v := meta.get(k), str)}
    if all(meta[k] == v for k, v in escaped.items()):
        return markdown
    meta.update(escaped)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{front}---\n\n{body}"


def stage(config_file: str | Path, into: Path) -> Path:
    """Write the staged project into `into` (content in `into/docs`, site to `into/site`); return its config file."""
    from mkdocs.utils.yaml import yaml_load

    from generator.build import load_mkdocs_config

    config_path = Path(config_file).resolve()
    config = load_mkdocs_config(config_path)
    plugin = config.plugins.get("dealcraft")
    if plugin is None:
        raise DealcraftError(Problem(str(config_file), message="no dealcraft plugin in this config: nothing to stage"))
    plugin.on_config(config)  # loads and validates the questionnaires (a broken one raises PluginError)
    options = replace(plugin.forms, urls_from_source=True)  # Zensical resolves URLs in raw HTML against the .md file
    docs = into / "docs"
    shutil.copytree(Path(config.docs_dir), docs)
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        path = page.relative_to(docs).as_posix()
        expanded = expand_embeds(text, page_path=path, questionnaires=plugin.questionnaires, options=options)
        staged_text = escaped_head(expanded.inline_markdown if expanded.fragments else text)
        if staged_text != text:
            page.write_text(staged_text, encoding="utf-8")
    site = generate(plugin.questionnaires, options)
    for generated in site.pages:
        (docs / generated.path).parent.mkdir(parents=True, exist_ok=True)
        (docs / generated.path).write_text(escaped_head(generated.inline_markdown), encoding="utf-8")
    for asset in site.assets:
        (docs / asset.path).parent.mkdir(parents=True, exist_ok=True)
        (docs / asset.path).write_bytes(asset.content())

    with config_path.open("rb") as fh:
        data: dict[str, Any] = yaml_load(fh)
    base = config_path.parent
    _escape_config_text(data)
    data["docs_dir"] = "docs"
    data["site_dir"] = "site"  # Zensical refuses a site_dir outside the project
    data["plugins"] = [p for p in data.get("plugins") or [] if _plugin_name(p) != "dealcraft"]
    theme = data.get("theme")
    if isinstance(theme, str):
        theme = data["theme"] = {"name": theme}
    if isinstance(theme, dict):
        user_dir = (base / str(theme["custom_dir"])).resolve() if theme.get("custom_dir") else None
        overrides = _stage_overrides(str(theme.get("name") or "material"), user_dir, into / "overrides")
        if overrides is not None:
            theme["custom_dir"] = str(overrides)
    for ext in data.get("markdown_extensions") or []:
        if isinstance(ext, dict) and isinstance(ext.get("pymdownx.snippets"), dict):
            options = ext["pymdownx.snippets"]
            if "base_path" in options:
                options["base_path"] = _absolute(options["base_path"], base)
    if data.get("nav"):
        add_to_nav(data["nav"], [{p.title: p.path} for p in site.pages])
        data["nav"] = _escaped_nav(data["nav"])
    staged = into / "mkdocs.yml"
    staged.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return staged


def _escape_config_text(data: dict[str, Any]) -> None:
    """HTML-escape, in place, the text in mkdocs.yml that Zensical prints unescaped, as the plugin does under
    MkDocs: the site's names, `extra.status` tooltips and the consent banner's title. `copyright` and the consent
    description stay HTML, as Material documents them. The table of contents' title is not among them: Markdown
    reads it too (a page's `[TOC]` marker), as text, so the staged toc.html escapes it (`_TEMPLATE_FIXES`)."""
    for key in _SITE_TEXT:
        if isinstance(data.get(key), str):
            data[key] = html.escape(data[key])
    extra = data.get("extra")
    if isinstance(extra, dict):
        if isinstance(extra.get("status"), dict):
            extra["status"] = {k: html.escape(v) if isinstance(v, str) else v for k, v in extra["status"].items()}
        consent = extra.get("consent")
        if isinstance(consent, dict) and isinstance(consent.get("title"), str):
            consent["title"] = html.escape(consent["title"])


def _escaped_nav(items: list[Any]) -> list[Any]:
    """The nav with every title (a one-key mapping's key) HTML-escaped: Zensical prints them as HTML."""
    escaped: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            item = {
                html.escape(str(title)): _escaped_nav(value) if isinstance(value, list) else value
                for title, value in item.items()
            }
        escaped.append(item)
    return escaped


def _stage_overrides(theme_name: str, user_dir: Path | None, into: Path) -> Path | None:
    """A theme folder with the project's own overrides (`custom_dir`) and, where it has none, Zensical's
    templates in `_TEMPLATE_FIXES` fixed to escape titles once. None for a theme other than Zensical's own."""
    import importlib.util

    spec = importlib.util.find_spec("zensical")
    if theme_name not in ("material", "zensical") or spec is None or spec.origin is None:
        return user_dir
    templates = Path(spec.origin).parent / "templates"
    if user_dir is not None:
        shutil.copytree(user_dir, into)
    for name, fixes in _TEMPLATE_FIXES.items():
        if (into / name).exists():
            continue  # the project's own template: as written
        text = (templates / name).read_text(encoding="utf-8")
        for old, new in fixes:
            if text.count(old) != 1:
                raise DealcraftError(
                    Problem(
                        str(templates / name),
                        message=f"expected {old!r} once (Zensical {ZENSICAL_VERSION}'s template); "
                        f"install zensical=={ZENSICAL_VERSION}",
                    )
                )
            text = text.replace(old, new)
        (into / name).parent.mkdir(parents=True, exist_ok=True)
        (into / name).write_text(text, encoding="utf-8")
    return into


def zensical_command() -> list[str]:
    """How to run Zensical from this environment; a user error naming the fix when it is not installed."""
    beside = Path(sys.executable).parent / "zensical"
    found = str(beside) if beside.is_file() else shutil.which("zensical")
    if found is None:
        raise DealcraftError(
            Problem("zensical", message=f"Zensical is not installed here: pip install 'zensical=={ZENSICAL_VERSION}'")
        )
    return [found]


def build_with_zensical(config_file: str | Path, *, site_dir: str | Path | None, strict: bool, work: Path) -> Path:
    """Stage the project in `work` and build it with Zensical into `site_dir` (default: the config's site_dir)."""
    from generator.build import load_mkdocs_config

    target = Path(site_dir) if site_dir is not None else Path(load_mkdocs_config(config_file).site_dir)
    command = zensical_command()
    staged = stage(config_file, work)
    run = subprocess.run(
        [*command, "build", "-f", str(staged), *(["--strict"] if strict else [])],
        cwd=work,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stderr.write(run.stdout + run.stderr)
    if run.returncode != 0:
        raise DealcraftError(Problem(str(config_file), message=f"zensical build failed (exit {run.returncode})"))
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(work / "site", target)
    return target
