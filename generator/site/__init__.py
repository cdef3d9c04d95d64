"""The generation core (engine-agnostic): questionnaires -> quiz pages and assets, and the `::quiz{id=...}` embed."""

from generator.site.assets import ASSETS_PREFIX, Asset, DataAsset, assets
from generator.site.compile import compile_questionnaire, content_hash
from generator.site.core import (
    EMBED,
    FormOptions,
    GeneratedSite,
    Markup,
    Page,
    add_to_nav,
    compiled_file,
    expand_embeds,
    fill_slots,
    form_html,
    generate,
    slot,
)
from generator.site.markdown import markdown_renderer
from generator.site.urls import content_link, page_url, relative_url

__all__ = [
    "ASSETS_PREFIX",
    "EMBED",
    "Asset",
    "DataAsset",
    "FormOptions",
    "GeneratedSite",
    "Markup",
    "Page",
    "add_to_nav",
    "assets",
    "compile_questionnaire",
    "compiled_file",
    "content_hash",
    "content_link",
    "expand_embeds",
    "fill_slots",
    "form_html",
    "generate",
    "markdown_renderer",
    "page_url",
    "relative_url",
    "slot",
]
