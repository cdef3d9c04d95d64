"""Building, previewing and demoing the site through MkDocs' own functions, with user errors as values."""

from __future__ import annotations

import functools
import http.server
import logging
from pathlib import Path
from typing import Any

from rich.console import Console

from generator.errors import DealcraftError, Problem


def load_mkdocs_config(config_file: str | Path, **overrides: Any) -> Any:
    """Load mkdocs.yml as `mkdocs build` would; a missing or broken file is a user error."""
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
    errors = _Collect()
    logger = logging.getLogger("mkdocs.config")
    logger.addHandler(errors)
    try:
        return load_config(str(path), **overrides)
    except MkDocsException as exc:
        # MkDocs logs what is wrong and raises a bare "Aborted"; the logged reasons are the message.
        raise DealcraftError(
            [Problem(str(path), message=m) for m in errors.messages]
            or Problem(str(path), message=f"cannot load the config: {exc}")
        ) from None
    finally:
        logger.removeHandler(errors)


class _Collect(logging.Handler):
    """Keeps the errors MkDocs logs while it validates a config."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build(config: Any, config_file: str | Path) -> None:
    """Run MkDocs' own build on a loaded config, with the start-up and shut-down events `mkdocs build` sends."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException
    from pymdownx.snippets import SnippetMissingError  # type: ignore[import-untyped]  # no stubs in the venv

    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except DealcraftError:
        raise
    except MkDocsException as exc:
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
    """Live preview with rebuilds, as `mkdocs serve --livereload` does."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    load_mkdocs_config(config_file)  # fail early, with our message, on a missing config
    try:
        serve(config_file=str(config_file), livereload=True, dev_addr=dev_addr)
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
