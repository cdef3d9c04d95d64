"""The `dealcraft` MkDocs plugin: a thin shell that hands the generation core's pages and assets to MkDocs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.config import DealcraftConfig
from generator.errors import DealcraftError
from generator.project import anchored_snippets, answer_key_path, config_root
from generator.questionnaire.source import display_path
from generator.site import (
    FormOptions,
    GeneratedSite,
    add_to_nav,
    expand_embeds,
    fill_slots,
    generate,
    markdown_renderer,
)
from generator.site.hidden import initially_hidden


class DealcraftPlugin(BasePlugin[DealcraftConfig]):  # type: ignore[no-untyped-call]
    """Registered under the `mkdocs.plugins` entry point as `dealcraft`."""

    def on_config(self, config: Any) -> Any:
        """Load and validate the questionnaires (a broken one fails the build with located messages), then generate."""
        from generator.exercise import in_project_units
        from generator.questionnaire.load import load_questionnaires

        root = config_root(config)
        self.folder = (root / self.config.questionnaires).resolve()
        self.content_dir = Path(config.docs_dir)
        config.mdx_configs = anchored_snippets(config.markdown_extensions, config.mdx_configs, root)
        try:
            questionnaires = load_questionnaires(self.folder, self.content_dir)
        except DealcraftError as exc:
            raise PluginError("invalid questionnaires:\n" + "\n".join(str(p) for p in exc.problems)) from None
        # In the project's units: zone money in the report currency when set; `money: role-play` questions in the
        # role-play's unit (the answer key's, else the report currency)
        self.answer_key = answer_key_path(self.config, self.content_dir)
        try:
            self.questionnaires = in_project_units(questionnaires, self.answer_key, self.config.report.currency)
        except DealcraftError as exc:
            raise PluginError("invalid role-play answer key:\n" + "\n".join(str(p) for p in exc.problems)) from None
        self.forms = FormOptions(
            render=markdown_renderer(config.markdown_extensions, config.mdx_configs),
            use_directory_urls=bool(config.use_directory_urls),
            content_dir=self.content_dir,
            initially_hidden=initially_hidden,
        )
        self.site: GeneratedSite = generate(self.questionnaires, self.forms)
        add_to_nav(config.nav, [{p.title: p.path} for p in self.site.pages])
        # Form HTML per page (src path -> slot key -> HTML), filled in after Markdown and search have run.
        self.generated: dict[str, Mapping[str, str]] = {p.path: p.fragments for p in self.site.pages}
        self.embedded: dict[str, Mapping[str, str]] = {}
        return config

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        """Escape the titles written in the nav of mkdocs.yml (and the quiz pages' titles put there from the
        questionnaires), which Material prints as HTML in the sidebar, tabs, breadcrumbs and footer."""
        _escape_nav_titles(nav.items)
        return nav

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        """Escape the site-wide text Material prints raw before any template (404.html included) is rendered; see
        `_escape_head`. The table of contents' title too: by now every page's Markdown (which reads it as text, and
        would escape it again) has been rendered. `copyright` is left as written: Material documents it as HTML."""
        _escape_head(config, ("site_name", "site_author", "site_description", "repo_name"))
        toc = config.mdx_configs.get("toc")
        if isinstance(toc, Mapping) and isinstance(toc.get("title"), str):
            config.mdx_configs = {**config.mdx_configs, "toc": {**toc, "title": escape(toc["title"])}}
        extra = config.extra
        if isinstance(extra.get("status"), dict):
            extra["status"] = {k: escape(v) if isinstance(v, str) else v for k, v in extra["status"].items()}
        if isinstance(extra.get("consent"), dict):  # the title is text; the description may hold links, as HTML
            _escape_head(extra["consent"], ("title",))
        env.filters["striptags"] = _striptags
        return env

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        """Escape the page's own head values (front matter), as `on_env` does the site's; see `_escape_head`.
        Here, once every page is read and before any is rendered, so the nav of every page has the title escaped."""
        if page.meta:
            _escape_head(page.meta, ("title", "subtitle", "author", "description"))
        if "title" not in vars(page) and "title" not in page.meta:
            # The first heading's text, which MkDocs gives as HTML already, marked so (Material's `| e` in the
            # footer's aria-label read "B &amp;amp; c"); else the file name's, which is text.
            rendered = getattr(page, "_title_from_render", None)
            page.title = Markup(rendered) if isinstance(rendered, str) and rendered else escape(page.title)
        return html

    def on_files(self, files: Files, *, config: Any) -> Files:
        """Add the quiz pages and the browser assets as generated files."""
        for page in self.site.pages:
            files.append(File.generated(config, page.path, content=page.markdown))
        for asset in self.site.assets:
            files.append(File.generated(config, asset.path, content=asset.content()))
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        """Turn `::quiz{id=...}` lines into slots for their forms; an unknown id fails the build at its line."""
        try:
            expanded = expand_embeds(
                markdown, page_path=page.file.src_uri, questionnaires=self.questionnaires, options=self.forms
            )
        except DealcraftError as exc:
            raise PluginError("\n".join(str(p) for p in exc.problems)) from None
        self.embedded[page.file.src_uri] = expanded.fragments
        return expanded.markdown

    @event_priority(100)  # before any other plugin (a minifier, say) rewrites the page
    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        """Put each form into its slot in the finished page."""
        src = page.file.src_uri
        fragments = {**self.generated.get(src, {}), **self.embedded.get(src, {})}
        if not fragments:
            return output
        try:
            return fill_slots(output, fragments)
        except ValueError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        """Rebuild when a questionnaire changes, or the answer key whose unit the role-play's prices show; say a
        mkdocs.yml that no longer reads in one located line."""
        server.watch(str(self.folder))
        if self.answer_key.is_file() and not self.answer_key.is_relative_to(self.content_dir):  # MkDocs watches that
            server.watch(str(self.answer_key))
        if config.config_file_path:
            shown = Path(display_path(Path(config.config_file_path)))  # as the command line names it: mkdocs.yml
            server.builder = _located_config_errors(server.builder, shown)
        return server


def _located_config_errors(builder: Callable[[], None], config_file: Path) -> Callable[[], None]:
    """The preview's rebuild, with a mkdocs.yml MkDocs cannot read (a YAML syntax error) said as `path:line:col`.

    Each rebuild reads mkdocs.yml again in MkDocs' own `load_config`, before any plugin runs; its ConfigurationError
    reaches the rebuild loop (`LiveReloadServer._build_loop`), which prints a traceback for it and only the message
    of an Abort. So it is raised again as an Abort; the config's other errors are Aborts already."""

    def rebuild() -> None:
        try:
            builder()
        except ConfigurationError as exc:
            from generator.build import yaml_problem

            raise Abort(str(yaml_problem(exc, config_file))) from None

    return rebuild


def _escape_nav_titles(items: Any) -> None:
    """Escape nav titles given in mkdocs.yml, in place. A page's title set there is an attribute of its own (it
    wins over front matter and the first heading, which MkDocs gives as HTML already and are left alone)."""
    for item in items:
        if item.is_page:
            if isinstance(vars(item).get("title"), str):
                item.title = escape(vars(item)["title"])
        elif isinstance(item.title, str):
            item.title = escape(item.title)
        if item.is_section:
            _escape_nav_titles(item.children)


def _striptags(value: Any) -> Markup:
    """Jinja's `striptags`, but its text stays escaped. Jinja's unescapes it, which Material (autoescape off)
    then prints as HTML: `<title>` lost `<chips>` from a nav title "Fish & <chips>"."""
    return escape(Markup(str(value)).striptags())


def _escape_head(values: Any, keys: tuple[str, ...]) -> None:
    """Material writes these values into the page head (`<title>`, `<meta name="author" content="...">`,
    `<meta name="description" ...>`, the logo's aria-label) with autoescape off, so a quote ended the attribute
    and `&amp;` or `<b>` in a title was read as markup. Hand them over escaped, as Markup so that nothing escapes
    them twice: the text reads back as the author wrote it."""
    for key in keys:
        value = values.get(key)
        if isinstance(value, str):
            values[key] = escape(value)
