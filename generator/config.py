"""The `dealcraft` plugin's section of mkdocs.yml, as typed options MkDocs validates (read once, by MkDocs).

Light on purpose: the plugin imports it on every build, so it must not pull in the report renderer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from generator.values import check_accent

DEFAULT_TITLE = "Negotiation readiness report"
DEFAULT_ACCENT = "#3949ab"
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")


class _Accent(c.Type[str]):
    """A #rrggbb colour (values.check_accent), lower-cased."""

    def run_validation(self, value: object) -> str:
        try:
            return check_accent(super().run_validation(value))
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class _Logo(c.File):
    """An existing image file, relative to mkdocs.yml."""

    def run_validation(self, value: object) -> str:
        path = str(super().run_validation(value))
        if Path(path).suffix.lower() not in LOGO_SUFFIXES:
            raise ValidationError(f"the logo must be an {', '.join(LOGO_SUFFIXES)} file, not {Path(path).name!r}")
        return path


class ReportConfig(Config):  # type: ignore[no-untyped-call]
    """`report:`: what every PDF report of this site carries; `dealcraft report` flags override each."""

    title = c.Type(str, default=DEFAULT_TITLE)
    event = c.Type(str, default="")
    facilitator = c.Type(str, default="")
    logo = c.Optional(_Logo(exists=True))
    accent = _Accent(str, default=DEFAULT_ACCENT)
    currency = c.Type(str, default="")  # money amounts in this unit instead of the questionnaire's `currency`


class DealcraftConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's section: where the questionnaires and the role-play's answer key are (relative to mkdocs.yml),
    and the report settings."""

    questionnaires = c.Type(str, default="questionnaires")
    exercise = c.Optional(c.File(exists=True))  # default: exercises/espresso-deal.yaml under docs_dir
    report = c.SubConfig(ReportConfig)


def report_config(config: Any) -> ReportConfig | None:
    """The validated `report:` section of a loaded MkDocs config, or None when the site has no dealcraft plugin."""
    plugin = config.plugins.get("dealcraft")
    return None if plugin is None else plugin.config.report
