"""The form markup: compiled questionnaire -> HTML fragment (Jinja, autoescaped) that the form script enhances."""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import jinja2


def _number(value: float | int) -> str:
    """A number attribute without a spurious `.0` (`min="0"`, not `min="0.0"`)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates/forms"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = _number
    return env


class _Attr(dict[str, Any]):
    """A dict whose keys also read as attributes with None for missing ones (question fields are optional)."""

    def __getattr__(self, name: str) -> Any:
        return self.get(name)


def _wrap(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _Attr({k: _wrap(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


def render_form(
    compiled: Mapping[str, Any],
    *,
    prefix: str,
    assets_url: str,
    compiled_url: str,
    compiled_file: str,
    entry: str,
    preload: Sequence[str],
    hidden: Collection[str] = (),
    show_intro: bool = True,
) -> str:
    """The HTML of one form. `prefix` makes element ids unique in the page; `assets_url` ends with `/`;
    `compiled_url` is where the form script fetches `compiled` from (the page carries only what it shows), from the
    page, and `compiled_file` the same file's path under `assets_url`, which the page preloads; `entry`
    is the module that mounts the form and `preload` the modules it imports (paths under javascripts/, no suffix).

    Blank lines are dropped so Markdown keeps the fragment as one raw HTML block.
    """
    html = (
        _environment()
        .get_template("quiz.html.j2")
        .render(
            q=_wrap(compiled["questionnaire"]),
            html=_wrap(compiled["html"]),
            hash=compiled["hash"],
            limits=compiled["limits"],
            compiled_url=compiled_url,
            compiled_file=compiled_file,
            prefix=prefix,
            assets=assets_url,
            entry=entry,
            preload=preload,
            hidden=frozenset(hidden),
            show_intro=show_intro,
        )
    )
    return html_block(html) + "\n"


def html_block(html: str) -> str:
    """`html` without blank lines, so Markdown keeps it as one raw HTML block."""
    return "\n".join(line for line in html.splitlines() if line.strip())
