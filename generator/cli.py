"""The `dealcraft` command: a thin shell that parses arguments and calls the modules that do the work."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from rich.console import Console

from generator import __version__
from generator.errors import DealcraftError, Problem

Handler = Callable[[argparse.Namespace, Console], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dealcraft",
        description="Build the negotiation guide site, check and score questionnaires, render PDF reports.",
    )
    parser.add_argument("--version", action="version", version=f"dealcraft {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("build", help="build the site (the same as `mkdocs build`)")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the MkDocs config (default: mkdocs.yml)")
    p.add_argument("--site-dir", help="where to write the site (default: site_dir from the config)")
    p.add_argument("--strict", action="store_true", help="fail on warnings")
    p.set_defaults(handler=_build)

    p = sub.add_parser("serve", help="live preview: rebuild on every change to content/ or questionnaires/")
    p.add_argument("-f", "--config-file", default="mkdocs.yml")
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="host:port (default 127.0.0.1:8000)")
    p.set_defaults(handler=_serve)

    p = sub.add_parser(
        "demo", help="build the site, render the sample workshop's reports into it, and serve it"
    )
    p.add_argument("-f", "--config-file", default="mkdocs.yml")
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="host:port (default 127.0.0.1:8000)")
    p.add_argument("--no-serve", action="store_true", help="build and render, then stop")
    p.set_defaults(handler=_demo)

    p = sub.add_parser("validate", help="check questionnaires; every problem is shown as path:line:col")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: questionnaires/)")
    p.add_argument("--content-dir", type=Path, default=Path("content"), help="where guide: links must point")
    p.add_argument("-v", "--verbose", action="store_true", help="item counts and reachable score ranges")
    p.set_defaults(handler=_validate)

    p = sub.add_parser("score", help="score one answers document")
    p.add_argument("answers", type=Path, help="an answers document (.json)")
    p.add_argument("--questionnaires", type=Path, help="folder of questionnaires (or $DEALCRAFT_QUESTIONNAIRES)")
    p.add_argument("--json", action="store_true", help="print the result as JSON (unrounded scores)")
    p.set_defaults(handler=_score)

    p = sub.add_parser("schema", help="print the JSON Schema of the questionnaire format")
    p.set_defaults(handler=_schema)

    p = sub.add_parser("report", help="render personalised PDF reports (and a group summary)")
    p.add_argument("inputs", nargs="+", type=Path, help="answers .json files, folders, .jsonl or .csv")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder for the PDFs")
    p.add_argument("--questionnaires", type=Path, help="folder of questionnaires (or $DEALCRAFT_QUESTIONNAIRES)")
    p.add_argument("--map", type=Path, help="YAML column mapping for a Google/Microsoft Forms CSV export")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: CPU count)")
    p.add_argument("--summary", action="store_true", help="also render the group summary")
    p.add_argument("--named", action="store_true", help="show names in the group summary")
    p.add_argument("--title")
    p.add_argument("--event")
    p.add_argument("--facilitator")
    p.add_argument("--logo", type=Path)
    p.add_argument("--accent", help="accent colour, #rrggbb")
    p.add_argument("--paper", choices=["a4", "letter"], default=None)
    p.add_argument("-f", "--config-file", default="mkdocs.yml", help="branding comes from the plugin's section")
    p.set_defaults(handler=_report)
    return parser


def _questionnaires_dir(arg: Path | None) -> Path:
    """--questionnaires, else $DEALCRAFT_QUESTIONNAIRES, else ./questionnaires."""
    if arg is not None:
        return arg
    env = os.environ.get("DEALCRAFT_QUESTIONNAIRES")
    return Path(env) if env else Path("questionnaires")


def _mkdocs_logging(console: Console) -> None:
    """Show MkDocs' own messages the way `mkdocs build` does, without its end-of-life banner noise."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_dealcraft", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._dealcraft = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _build(args: argparse.Namespace, console: Console) -> int:
    from generator.build import build_site

    _mkdocs_logging(console)
    build_site(args.config_file, site_dir=args.site_dir, strict=args.strict)
    return 0


def _serve(args: argparse.Namespace, console: Console) -> int:
    from generator.build import serve_site

    _mkdocs_logging(console)
    serve_site(args.config_file, dev_addr=args.dev_addr)
    return 0


def _demo(args: argparse.Namespace, console: Console) -> int:
    from generator.build import run_demo

    _mkdocs_logging(console)
    return run_demo(args.config_file, dev_addr=args.dev_addr, serve=not args.no_serve, console=console)


def _validate(args: argparse.Namespace, console: Console) -> int:
    raise DealcraftError("`dealcraft validate` is not available yet")


def _score(args: argparse.Namespace, console: Console) -> int:
    raise DealcraftError("`dealcraft score` is not available yet")


def _schema(args: argparse.Namespace, console: Console) -> int:
    raise DealcraftError("`dealcraft schema` is not available yet")


def _report(args: argparse.Namespace, console: Console) -> int:
    raise DealcraftError("`dealcraft report` is not available yet")


def print_problems(problems: Sequence[Problem], console: Console) -> None:
    """Print located problems, errors and warnings together, one a line, in file order."""
    for problem in sorted(problems):
        style = "red" if problem.is_error else "yellow"
        console.print(str(problem), style=style, markup=False, highlight=False, soft_wrap=True)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command; return the exit code (0 ok, 1 user error, 2 usage error)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(stdout)
        return 2
    console = Console(file=stdout or sys.stdout, highlight=False)
    err_console = Console(file=sys.stderr, highlight=False)
    try:
        handler: Handler = args.handler
        return handler(args, console)
    except DealcraftError as exc:
        print_problems(exc.problems, err_console)
        return 1
    except KeyboardInterrupt:
        return 130
