"""The `dealcraft` MkDocs plugin: a thin shell that hands the generation core's pages and assets to MkDocs."""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin


class DealcraftConfig(Config):
    """The plugin's section of mkdocs.yml."""

    questionnaires = c.Type(str, default="questionnaires")
    report = c.Type(dict, default={})


class DealcraftPlugin(BasePlugin[DealcraftConfig]):
    """Registered under the `mkdocs.plugins` entry point as `dealcraft`."""

    def on_config(self, config: Any) -> Any:
        return config
