"""Building, previewing and demoing the site through MkDocs' own functions, with user errors as values."""

from __future__ import annotations

import functools
import http.server
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from generator.errors import DealcraftError, Problem


def load_mkdocs_config(config_file: str | Path, **overrides: Any) -> Any:
    """Load mkdocs.yml as `mkdocs build` would; a missing or broken file is a user error."""
    return _load_config(config_file, overrides, warnings=True)


def _load_config(config_file: str | Path, overrides: dict[str, Any], *, warnings: bool) -> Any:
    """`load_mkdocs_config`; without `warnings`, MkDocs' warnings are not shown (a check before MkDocs loads the
    same file again and shows them itself)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    path = Path(config_file)
    if not path.is_file():
        raise DealcraftError(
            Problem(
                str(path),
                message="no MkDocs config file here; run dealcraft from the project folder, or give it with -f",
            )
        )
    errors = _Collect(warnings)
    logger = logging.getLogger("mkdocs.config")
    logger.addFilter(errors)
    try:
        return load_config(str(path), **overrides)
    except MkDocsException as exc:
        # MkDocs logs what is wrong (held back by the filter, so it is said once, here) and raises "Aborted";
        # a file that is not YAML raises with the parser's error, which knows the line and column.
        problems = [_config_problem(m, path) for m in errors.messages] or [yaml_problem(exc, path)]
        raise DealcraftError(problems) from None
    finally:
        logger.removeFilter(errors)


class _Collect(logging.Filter):
    """Keeps the errors MkDocs logs while it validates a config, and keeps them from being printed as well
    (warnings go through: the config loads, and MkDocs' own line is the only one)."""

    def __init__(self, warnings: bool) -> None:
        super().__init__()
        self.warnings = warnings
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return self.warnings or record.levelno < logging.WARNING
        self.messages.append(record.getMessage())
        return False


def _config_problem(message: str, path: Path) -> Problem:
    """MkDocs' "Config value 'theme': ..." as `mkdocs.yml:line:col: theme: ...`, at the key it is about (for a
    plugin's option, at that option) when the file shows where."""
    match = re.fullmatch(r"Config value '([^']+)': (.*)", message, re.DOTALL)
    if match is None:
        return Problem(str(path), message=message)
    key, text = match.groups()
    keys = [key]
    if key == "plugins" and (plugin := re.match(r"Plugin '([^']+)' option '([^']+)'", text)):
        keys += plugin.groups()
    elif key == "plugins" and (plugin := re.match(r'The "([^"]+)" plugin', text)):
        keys.append(plugin.group(1))
    line, col = _key_position(path, keys)
    return Problem(str(path), line, col, text, field=key)


def _key_position(path: Path, keys: Sequence[str]) -> tuple[int, int]:
    """1-based line and column of the deepest of `keys` found in the YAML file (a plugins list entry counts as its
    name), or (0, 0). Composed, not constructed: MkDocs' own tags (!ENV, !relative) need no loader here."""
    import yaml

    try:
        node: Any = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 0, 0
    found = (0, 0)
    for key in keys:
        entries = node.value if isinstance(node, yaml.SequenceNode) else [node]
        mappings = [entry for entry in entries if isinstance(entry, yaml.MappingNode)]
        scalars = [entry for entry in entries if isinstance(entry, yaml.ScalarNode) and entry.value == key]
        pairs = [(k, v) for mapping in mappings for k, v in mapping.value if k.value == key]
        if pairs:
            node = pairs[0][1]
            mark = pairs[0][0].start_mark
        elif scalars:  # `- search` in a plugins list: a name with no options
            node = scalars[0]
            mark = scalars[0].start_mark
        else:
            break
        found = (mark.line + 1, mark.column + 1)
    return found


def yaml_problem(exc: Exception, path: Path) -> Problem:
    """Why a config could not be loaded, at the line and column of a YAML syntax error when there is one."""
    import yaml

    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None:
        mark = cause.problem_mark
        where = str(path) if Path(mark.name).resolve() == path.resolve() else mark.name  # or a file it INHERITs
        message = f"not valid YAML: {cause.problem}"
        context = cause.context_mark
        if cause.context and context is not None and (context.line, context.column) != (mark.line, mark.column):
            message += f" ({cause.context} at line {context.line + 1}, column {context.column + 1})"
        return Problem(where, mark.line + 1, mark.column + 1, message)
    return Problem(str(path), message=f"cannot load the config: {exc}")


def _build(config: Any, config_file: str | Path) -> None:
    """Run MkDocs' own build on a loaded config, with the start-up and shut-down events `mkdocs build` sends."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import BuildError, MkDocsException
    from pymdownx.snippets import SnippetMissingError  # type: ignore[import-untyped]  # no stubs in the venv

    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except DealcraftError:
        raise
    except MkDocsException as exc:
        if isinstance(exc.__context__, BuildError):  # MkDocs has logged it (a plugin's located problems): once
            raise DealcraftError(Problem(str(config_file), message="the build failed (see above)")) from None
        raise DealcraftError(Problem(str(config_file), message=f"the build failed: {exc}")) from None
    except SnippetMissingError as exc:  # the page that includes it is named in MkDocs' log line above
        raise DealcraftError(
            Problem(str(config_file), field="markdown_extensions.pymdownx.snippets", message=f"{exc}")
        ) from None
    except OSError as exc:  # a file where the site folder should be, no permission, a full disk
        raise DealcraftError(_os_problem(exc, config.site_dir, "the build failed")) from None
    finally:
        config.plugins.on_shutdown()


def _os_problem(exc: OSError, where: str | Path, doing: str) -> Problem:
    """An operating-system error as a message naming the file it is about."""
    return Problem(str(exc.filename or where), message=f"{doing}: {exc.strerror or exc}")


def dev_address(dev_addr: str) -> tuple[str, int]:
    """--dev-addr as (host, port); a malformed one is a user error naming the option."""
    host, _, port = dev_addr.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise DealcraftError(Problem("--dev-addr", message=f"{dev_addr!r} is not host:port (port 1..65535)"))
    return host or "127.0.0.1", int(port)


def build_site(
    config_file: str | Path = "mkdocs.yml",
    *,
    site_dir: str | Path | None = None,
    strict: bool = False,
    site_url: str | None = None,
) -> Path:
    """Build the site exactly as `mkdocs build` does and return the folder it was written to.

    A `site_dir` given here is relative to the working folder, as a command-line path is (MkDocs would take it
    from the config's folder); the config's own site_dir is relative to the config's folder."""
    config = load_mkdocs_config(
        config_file,
        site_dir=str(Path(site_dir).absolute()) if site_dir is not None else None,
        strict=strict or None,
        site_url=site_url,
    )
    _build(config, config_file)
    return Path(config.site_dir)


def serve_site(config_file: str | Path = "mkdocs.yml", *, dev_addr: str = "127.0.0.1:8000") -> None:
    """Live preview with rebuilds, as `mkdocs serve --livereload` does.

    MkDocs reads mkdocs.yml again on every rebuild; here through `_load_config`, so a config broken while the
    preview runs is shown as located lines (MkDocs' loop prints an Abort's message, but any other error's
    traceback), and the preview goes on once it is fixed."""
    from unittest import mock

    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, MkDocsException

    def located_load_config(config_file: str, **options: Any) -> Any:
        try:
            return _load_config(config_file, options, warnings=True)
        except DealcraftError as exc:
            raise Abort("\n".join(str(p) for p in exc.problems)) from None

    _load_config(config_file, {}, warnings=False)  # fail early, with our messages; serve shows the warnings
    try:
        with mock.patch.object(mkdocs_serve, "load_config", located_load_config):
            mkdocs_serve.serve(config_file=str(config_file), livereload=True, dev_addr=dev_addr)
    except MkDocsException as exc:
        raise DealcraftError(Problem(str(config_file), message=f"serve failed: {exc}")) from None
    except OSError as exc:  # most often the address is taken
        raise DealcraftError(_os_problem(exc, f"--dev-addr {dev_addr}", "cannot serve")) from None


def serve_static(site_dir: Path, dev_addr: str, console: Console) -> None:
    """Serve a built site on localhost until interrupted."""
    host, port = dev_address(dev_addr)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise DealcraftError(_os_problem(exc, f"--dev-addr {dev_addr}", "cannot serve")) from None
    with server:
        console.print(f"Serving {site_dir} on http://{host}:{port}/ (Ctrl+C to stop)")
        server.serve_forever()


def run_demo(
    config_file: str | Path,
    *,
    dev_addr: str,
    serve: bool,
    console: Console,
    site_dir: str | Path | None = None,
    jobs: int | None = None,
) -> int:
    """The README's main job: build the site, render the demo workshop's reports into it, serve it.

    Returns 1 when a sample report failed (after listing it), so a broken example never passes unnoticed.
    """
    from generator.project import project_of
    from generator.report import render_demo_reports
    from generator.report.context import branding_from_config
    from generator.report.demo import render_demo_debrief

    if serve:
        dev_address(dev_addr)  # a malformed address fails before the build, not after it
    config = load_mkdocs_config(config_file, site_dir=str(Path(site_dir).absolute()) if site_dir is not None else None)
    _build(config, config_file)
    site = Path(config.site_dir)
    console.print(f"Built the site in {site}/")
    plugin = config.plugins.get("dealcraft")
    project = project_of(config, Path(config_file))
    examples = project.root / "examples"
    if plugin is None or not examples.is_dir():
        console.print("No dealcraft plugin or no examples/ folder: no sample reports rendered.")
        failures: tuple[Problem, ...] = ()
    else:
        branding = branding_from_config(config)  # the config loaded above: read once
        result = render_demo_reports(
            examples, site, plugin.questionnaires, branding=branding, jobs=jobs, console=console
        )
        failures = result.failures
        console.print(f"Rendered {len(result.written)} sample reports into {site / 'reports'}/")
        debrief, unread = render_demo_debrief(
            examples,
            site,
            plugin.questionnaires,
            project.exercise,
            branding=branding,
        )
        if debrief is not None:
            console.print(f"Rendered the role-play's group debrief to {debrief}")
        failures = (*failures, *unread)
        for problem in failures:
            console.print(str(problem), style="red", markup=False)
    if serve:
        serve_static(site, dev_addr, console)
    return 1 if failures else 0
