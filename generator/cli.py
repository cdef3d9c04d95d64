"""The `dealcraft` command: a thin shell that parses arguments and calls the modules that do the work."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console

from generator import __version__
from generator.errors import DealcraftError, Problem

if TYPE_CHECKING:
    from generator.project import Project

Handler = Callable[[argparse.Namespace, Console], int]
DEFAULT_CONFIG = "mkdocs.yml"
PROJECT_HELP = "the MkDocs config (default: mkdocs.yml) whose folder the project's paths are read from"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dealcraft",
        description="Build the negotiation guide site, check and score questionnaires, render PDF reports.",
    )
    parser.add_argument("--version", action="version", version=f"dealcraft {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("build", help="build the site (the same as `mkdocs build`)")
    p.add_argument("-f", "--config-file", default=None, help="the MkDocs config (default: mkdocs.yml)")
    p.add_argument("--site-dir", help="where to write the site (default: site_dir from the config)")
    p.add_argument("--strict", action="store_true", help="fail on warnings")
    p.add_argument(
        "--engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="mkdocs (the default; properdocs builds the same site) or zensical (runs no plugins: pages staged first)",
    )
    p.set_defaults(handler=_build)

    p = sub.add_parser("new", help="start a project of your own: a home page, a questionnaire, the plugin set up")
    p.add_argument("directory", type=Path, help="the new project's folder (must not exist, or be empty)")
    p.add_argument("--title", help="the site's name (default: from the folder's name)")
    p.set_defaults(handler=_new)

    p = sub.add_parser("serve", help="live preview: rebuild on every change to content/ or questionnaires/")
    p.add_argument("-f", "--config-file", default=None)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="host:port (default 127.0.0.1:8000)")
    p.set_defaults(handler=_serve)

    p = sub.add_parser("demo", help="build the site, render the sample workshop's reports into it, and serve it")
    p.add_argument("-f", "--config-file", default=None)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="host:port (default 127.0.0.1:8000)")
    p.add_argument("--no-serve", action="store_true", help="build and render, then stop")
    p.set_defaults(handler=_demo)

    p = sub.add_parser("validate", help="check questionnaires; every problem is shown as path:line:col")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the project's questionnaires)")
    p.add_argument("--content-dir", type=Path, help="where guide: links must point (default: the project's docs_dir)")
    p.add_argument("-v", "--verbose", action="store_true", help="item counts and reachable score ranges")
    p.add_argument(
        "--simulate",
        type=int,
        default=0,
        metavar="N",
        help="also score N random answer sets: recommendations that never fire or fire together though one "
        "excludes the other, bands no answer set reaches (each with an example)",
    )
    p.add_argument("--seed", type=int, default=None, help="the random seed of --simulate (default: 13)")
    p.add_argument("-f", "--config-file", default=None, help=PROJECT_HELP)
    p.set_defaults(handler=_validate)

    p = sub.add_parser("score", help="score one answers document")
    p.add_argument("answers", type=Path, help="an answers document (.json)")
    _questionnaires_option(p)
    p.add_argument("--json", action="store_true", help="print the result as JSON (unrounded scores)")
    p.add_argument("-f", "--config-file", default=None, help=PROJECT_HELP)
    p.set_defaults(handler=_score)

    p = sub.add_parser("analyze", help="item analysis of collected answers: alpha, item-total r, floor and ceiling")
    p.add_argument("inputs", nargs="+", type=Path, help="answers .json files, folders, .jsonl or .csv")
    _questionnaires_option(p)
    p.add_argument("--map", type=Path, help="YAML column mapping for a Google/Microsoft Forms CSV export")
    p.add_argument("--json", action="store_true", help="print the figures as JSON (unrounded)")
    p.add_argument("-f", "--config-file", default=None, help=PROJECT_HELP)
    p.set_defaults(handler=_analyze)

    p = sub.add_parser("schema", help="print the JSON Schema of the questionnaire format")
    p.set_defaults(handler=_schema)

    p = sub.add_parser("paper", help="print a questionnaire as a numbered paper booklet with a hand-scoring grid")
    p.add_argument("questionnaire", help="a questionnaire id (from the questionnaires folder) or its YAML file")
    p.add_argument("-o", "--output", type=Path, required=True, help="the booklet PDF to write")
    _questionnaires_option(p)
    p.add_argument("--paper", choices=["a4", "letter"], default="a4")
    p.add_argument("-f", "--config-file", default=None, help="branding comes from the plugin's section")
    p.set_defaults(handler=_paper)

    p = sub.add_parser("report", help="render personalised PDF reports (and a group summary)")
    p.add_argument("inputs", nargs="+", type=Path, help="answers .json files, folders, .jsonl or .csv")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder for the PDFs")
    _questionnaires_option(p)
    p.add_argument("--map", type=Path, help="YAML column mapping for a Google/Microsoft Forms CSV export")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: CPU count)")
    p.add_argument("--summary", action="store_true", help="also render the group summary")
    p.add_argument("--summary-only", action="store_true", help="render only the group summaries (no personal reports)")
    p.add_argument(
        "--analysis", action="store_true", help="add an item-analysis page to the group summary (see `analyze`)"
    )
    p.add_argument("--named", action="store_true", help="show names in the group summary")
    p.add_argument("--title")
    p.add_argument("--event")
    p.add_argument("--facilitator")
    p.add_argument("--logo", type=Path)
    p.add_argument("--accent", help="accent colour, #rrggbb")
    p.add_argument("--paper", choices=["a4", "letter"], default=None)
    p.add_argument("--site-url", metavar="URL", help="the guide's public address, for links and QR codes (this run)")
    p.add_argument(
        "--strict-fonts",
        action="store_true",
        help="a name or answer that no installed font can draw fails its input (default: a warning)",
    )
    p.add_argument(
        "--exercise",
        type=Path,
        help="the role-play's answer key, for the debrief answers' personal page (default: the project's)",
    )
    p.add_argument("-f", "--config-file", default=None, help="branding comes from the plugin's section")
    p.set_defaults(handler=_report)

    p = sub.add_parser(
        "workshop", help="serve the site to a room: participants send answers, the facilitator sees them live"
    )
    p.add_argument("action", nargs="?", choices=["serve", "purge"], default="serve", help="purge: delete expired rooms")
    p.add_argument("--lan", action="store_true", help="listen on every interface and print the LAN address")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--database", default="workshop.db", help="a SQLite file (default) or postgresql+psycopg://…")
    p.add_argument("--min-group", type=int, default=5, help="fewest respondents before any aggregate is shown")
    p.add_argument("--keep-days", type=int, default=30, help="days a new room is kept before purge deletes it")
    p.add_argument("--new-room", action="store_true", help="start another room instead of resuming the open one")
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="build the site even if it is already built (one built by another dealcraft version is rebuilt anyway)",
    )
    p.add_argument("--site-dir", type=Path, help="serve (and if needed build) the site here (default: from the config)")
    p.add_argument("--workers", type=int, help="report render processes (default: half the CPUs; 0 turns reports off)")
    _questionnaires_option(p)
    p.add_argument("-f", "--config-file", default=None)
    p.set_defaults(handler=_workshop)

    p = sub.add_parser("debrief", help="pair the role-play's debrief answers: a group debrief PDF and/or JSON")
    p.add_argument("inputs", nargs="+", type=Path, help="debrief answers: .json files, folders, .jsonl or .csv")
    p.add_argument("-o", "--output", type=Path, help="the group debrief PDF to write")
    p.add_argument("--json", action="store_true", help="print the analysis to stdout as one JSON object")
    p.add_argument("--named", action="store_true", help="show names (and input files) in the PDF")
    p.add_argument("--min-group", type=int, default=5, help="fewest pairs or people behind a group figure (5)")
    p.add_argument(
        "--exercise",
        type=Path,
        help="the role-play's answer key (default: the project's; see `exercise:` in the plugin's section)",
    )
    _questionnaires_option(p)
    p.add_argument("--map", type=Path, help="YAML column mapping for a Google/Microsoft Forms CSV export")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4")
    p.add_argument("-f", "--config-file", default=None, help="branding comes from the plugin's section")
    p.set_defaults(handler=_debrief)
    return parser


def _questionnaires_option(p: argparse.ArgumentParser) -> None:
    """--questionnaires, for every command that reads the folder: one text, saying where `_questionnaires_dir`
    looks when it is not given."""
    p.add_argument(
        "--questionnaires",
        type=Path,
        help="folder of questionnaires (default: $DEALCRAFT_QUESTIONNAIRES, else the project's)",
    )


def _questionnaires_dir(arg: Path | None, project: Project | None = None) -> Path:
    """--questionnaires, else $DEALCRAFT_QUESTIONNAIRES (both from the working folder), else the project's folder
    (the plugin's `questionnaires`, from mkdocs.yml's folder), else ./questionnaires."""
    given = _questionnaires_given(arg)
    if given is not None:
        return given
    return project.questionnaires if project is not None else Path("questionnaires")


def _questionnaires_given(arg: Path | None) -> Path | None:
    """--questionnaires, else $DEALCRAFT_QUESTIONNAIRES, else None."""
    env = os.environ.get("DEALCRAFT_QUESTIONNAIRES")
    return arg if arg is not None else Path(env) if env else None


def _questionnaires_folder(args: argparse.Namespace) -> Path:
    """The questionnaires folder of `_questionnaires_dir`, reading the project (-f) only when no flag names one;
    a folder that is not there is a user error naming it."""
    from generator.questionnaire.source import display_path

    folder = _questionnaires_given(args.questionnaires) or _project(args).questionnaires
    if not folder.is_dir():
        raise DealcraftError(Problem(display_path(folder), message="no such questionnaires folder"))
    return folder


def _project(args: argparse.Namespace) -> Project:
    """The project of -f (mkdocs.yml by default): its paths are read from its folder, not the working folder.

    Without -f and without ./mkdocs.yml, the default layout in the working folder; a file given with -f must exist."""
    from generator.project import load_project

    config_file = Path(args.config_file)
    if args.config_given and not config_file.is_file():
        raise DealcraftError(Problem(str(config_file), message="no MkDocs config file here (-f)"))
    return load_project(config_file)


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
    if args.engine == "zensical":
        import tempfile

        from generator.zensical import build_with_zensical

        with tempfile.TemporaryDirectory(prefix="dealcraft-zensical-") as work:
            site = build_with_zensical(args.config_file, site_dir=args.site_dir, strict=args.strict, work=Path(work))
        console.print(f"Built the site with Zensical in {site}/")
        return 0
    build_site(args.config_file, site_dir=args.site_dir, strict=args.strict)
    return 0


def _new(args: argparse.Namespace, console: Console) -> int:
    from generator.scaffold import scaffold

    target: Path = args.directory
    title = args.title or target.resolve().name.replace("-", " ").replace("_", " ").capitalize()
    written = scaffold(target, title=title)
    console.print(f"Created {target}/ with {len(written)} files. Next:", markup=False)
    console.print(
        f"  cd {target}\n  dealcraft serve           # preview\n  dealcraft build --strict  # publish", markup=False
    )
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
    """Check questionnaires; print every problem as path:line:col and a summary; exit 1 on any error."""
    import json

    from generator.errors import errors_only
    from generator.questionnaire.lint import dimension_ranges
    from generator.questionnaire.load import check_paths
    from generator.questionnaire.messages import fmt_score
    from generator.questionnaire.simulate import DEFAULT_SEED, locate, simulate
    from generator.questionnaire.source import display_path

    paths: list[Path] = args.paths
    content_dir: Path | None = args.content_dir
    if not (paths and content_dir):  # the project's folders, shown from the working folder when inside it
        project = _project(args)
        paths = paths or [Path(display_path(project.questionnaires))]
        content_dir = content_dir or Path(display_path(project.docs_dir))
    if content_dir is not None and not content_dir.is_dir():
        Console(file=sys.stderr, highlight=False, emoji=False).print(
            f"note: {content_dir.as_posix()}/ not found; guide: links were not checked", style="yellow", markup=False
        )
        content_dir = None
    if args.simulate < 0:
        raise DealcraftError(Problem("--simulate", message="must be 0 or more answer sets"))
    checked = check_paths(paths, content_dir)
    print_problems(checked.problems, console)
    simulated = 0
    for qid, model in checked.models.items():
        findings = simulate(model, args.simulate, DEFAULT_SEED if args.seed is None else args.seed)
        for problem, example in locate(findings, checked.paths[qid]):
            simulated += 1
            print_problems([problem], console)
            if example is not None:
                console.print(
                    f"  for example: {json.dumps(example, ensure_ascii=False)}",
                    markup=False,
                    highlight=False,
                    soft_wrap=True,
                )
    if args.verbose:
        for model in checked.models.values():
            console.print(f"{model.id} (version {model.version})", markup=False, highlight=False)
            for did, (count, lo, hi) in dimension_ranges(model).items():
                items = f"{count} item{'s' if count != 1 else ''}"
                console.print(
                    f"  {did}: {items}, scores {fmt_score(lo)}..{fmt_score(hi)}", markup=False, highlight=False
                )
    errors = len(errors_only(checked.problems))
    warnings = len(checked.problems) - errors + simulated
    count = len(checked.files)
    console.print(
        f"{count} questionnaire{'s' if count != 1 else ''} checked: "
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}",
        markup=False,
        highlight=False,
    )
    return 1 if errors else 0


def _score(args: argparse.Namespace, console: Console) -> int:
    """Score one answers document: a table for people, or the issue-3 JSON with --json; warnings on stderr."""
    import json

    from rich.table import Table

    from generator.answers.validate import read_answers_file, version_warnings
    from generator.errors import Severity
    from generator.questionnaire.load import load_questionnaires
    from generator.questionnaire.messages import fmt_score
    from generator.scoring import band_label, score

    questionnaires = load_questionnaires(_questionnaires_folder(args))
    document = read_answers_file(args.answers, questionnaires)
    questionnaire = questionnaires[document.questionnaire]
    result = score(questionnaire, document.answers)
    source = Path(args.answers).as_posix()
    warnings = version_warnings(document, questionnaire, source)
    warnings += [Problem(source, message=w, severity=Severity.WARNING) for w in result.warnings]
    print_problems(warnings, Console(file=sys.stderr, highlight=False, emoji=False))
    if args.json:
        console.file.write(json.dumps(result.to_json(), indent=2) + "\n")
        return 0

    def shown(value: float | None) -> str:
        return "–" if value is None else fmt_score(value)

    def label(did: str, band: str | None) -> str:
        return band_label(questionnaire, did, band) or "not answered"

    table = Table(title=f"{questionnaire.title} (version {questionnaire.version})", title_justify="left")
    table.add_column("Dimension")
    table.add_column("Score", justify="right")
    table.add_column("Band")
    for dim in questionnaire.dimensions:
        outcome = result.dimensions[dim.id]
        lean = dim.side_label(outcome.side)
        table.add_row(dim.title, shown(outcome.score), label(dim.id, outcome.band) + (f" · {lean}" if lean else ""))
    console.print(table)
    console.print(
        f"Overall: {shown(result.overall.score)} ({label('overall', result.overall.band)})",
        markup=False,
        highlight=False,
    )
    texts = {r.id: r for r in questionnaire.recommendations}
    for kind, heading in (("circumstance", "About your situation"), ("advice", "Recommendations")):
        ids = [rid for rid in result.recommendations if texts[rid].kind == kind]
        if not ids:
            continue
        console.print(f"\n{heading}:", markup=False, highlight=False)
        for rid in ids:
            rec = texts[rid]
            guide = f" (see {rec.guide})" if rec.guide else ""
            console.print(f"- {' '.join(rec.text.split())}{guide}", markup=False, highlight=False)
    return 0


def _analyze(args: argparse.Namespace, console: Console) -> int:
    """Item analysis per questionnaire found in the inputs; bad inputs are named on stderr and give exit 1."""
    import json

    from generator.analysis import ItemAnalysis

    round_order = {"": 0, "before": 1, "after": 2}
    from generator.answers.imports import load_map, scored_inputs
    from generator.questionnaire.load import load_questionnaires

    questionnaires = load_questionnaires(_questionnaires_folder(args))
    column_map = load_map(args.map) if args.map else None
    failures: list[Problem] = []
    warnings: list[Problem] = []
    analyses: dict[tuple[str, str], ItemAnalysis] = {}  # by questionnaire and round
    for item in scored_inputs(args.inputs, questionnaires, column_map, failures=failures, warnings=warnings):
        document, questionnaire = item.document, item.questionnaire
        label = (document.respondent.name or "").strip() or item.source
        key = (document.questionnaire, document.round or "")
        if key not in analyses:
            analyses[key] = ItemAnalysis(questionnaire, round=document.round)
        analyses[key].add(label, document.answers, item.result)
    err = Console(file=sys.stderr, highlight=False, emoji=False)
    print_problems(warnings, err)
    results = [analyses[key].result() for key in sorted(analyses, key=lambda k: (k[0], round_order.get(k[1], 0)))]
    if args.json:
        console.file.write(json.dumps({"questionnaires": [a.to_json() for a in results]}, indent=2) + "\n")
    else:
        for lines in (_analysis_lines(a) for a in results):
            for line in lines:
                console.print(line, markup=False, highlight=False, soft_wrap=True)
    if not results and not failures:
        raise DealcraftError(Problem("dealcraft analyze", message="no answers found in the inputs"))
    if failures:
        err.print(f"{len({p.path for p in failures})} input(s) failed:", style="red", markup=False, soft_wrap=True)
        print_problems(failures, err)
        return 1
    return 0


def _analysis_lines(analysis: Any) -> list[str]:
    """An `analysis.Analysis` as text: one block per dimension, one row per item."""

    from generator.analysis import figure as num
    from generator.analysis import percent as share

    people = f"{analysis.respondents} respondent{'s' if analysis.respondents != 1 else ''}"
    round_ = f", round {analysis.round}" if analysis.round else ""
    lines = [f"{analysis.title} ({analysis.questionnaire}, version {analysis.version}{round_}): {people}"]
    if analysis.note:
        lines.append(f"Note: {analysis.note}")
    for d in analysis.dimensions:
        straight = f"{d.straight_liners}" + (f" ({', '.join(d.straight_lined_by)})" if d.straight_lined_by else "")
        lines += [
            "",
            f"{d.title} ({d.id})",
            f"  alpha {num(d.alpha)} over {len(d.alpha_items)} items and {d.complete} complete answer sets; "
            f"score at floor {share(d.floor)}, at ceiling {share(d.ceiling)}; straight-lined: {straight}",
        ]
        width = max(len("item"), *(len(i.id) for i in d.items))
        lines.append(f"  {'item':<{width}}  r(rest)  answered   mean  floor  ceiling")
        for i in d.items:
            shown = "" if i.id in d.alpha_items else "  (shown to some: r against the others' sum)"
            lines.append(
                f"  {i.id:<{width}}  {num(i.item_total):>7}  {i.answered:>8}  {num(i.mean, 0):>5}  "
                f"{share(i.floor):>5}  {share(i.ceiling):>7}{shown}"
            )
    lines.append("")
    return lines


def _schema(args: argparse.Namespace, console: Console) -> int:
    """Print the questionnaire JSON Schema (questionnaires/schema.json is a copy of this output)."""
    from generator.questionnaire.model import schema_text

    console.file.write(schema_text())
    return 0


def _paper(args: argparse.Namespace, console: Console) -> int:
    """Write the booklet; if the questionnaire cannot be scored by hand, say why (file:line) and leave the grid out."""
    from generator.exercise import in_project_units
    from generator.questionnaire.load import load_questionnaire, questionnaire_files
    from generator.report.context import branding_from_config
    from generator.report.paper import render_booklet, typing_files

    project = _project(args)
    given = Path(args.questionnaire)
    if given.suffix in (".yaml", ".yml") or given.is_file():
        path = given
    else:
        folder = _questionnaires_dir(args.questionnaires, project)
        if not folder.is_dir():
            raise DealcraftError(Problem(folder.as_posix(), message="no such questionnaires folder"))
        candidates = [p for p in questionnaire_files(folder) if p.stem == args.questionnaire]
        if not candidates:
            known = ", ".join(p.stem for p in questionnaire_files(folder)) or "none"
            raise DealcraftError(
                Problem(folder.as_posix(), message=f"no questionnaire {args.questionnaire!r} here (found: {known})")
            )
        path = candidates[0]
    if not path.is_file():
        raise DealcraftError(Problem(path.as_posix(), message="no such questionnaire file"))
    questionnaire = load_questionnaire(path)
    branding = branding_from_config(project.config, source=str(args.config_file))
    # In the project's units (zone money in the report currency, the role-play's unit), as the site's form shows
    questionnaire = in_project_units({"": questionnaire}, project.exercise, branding.currency)[""]
    booklet = render_booklet(questionnaire, args.output, source=path, paper=args.paper, branding=branding)
    if booklet.problems:
        print_problems(booklet.problems, Console(stderr=True, highlight=False, emoji=False))
    count = len(questionnaire.questions)
    grid = "with a hand-scoring grid at the end" if booklet.grid else "without a scoring grid (see above)"
    console.print(f"Wrote {args.output}: {count} questions, {grid}", markup=False, soft_wrap=True)
    header, mapping = typing_files(questionnaire)
    sheet = args.output.with_name(f"{args.output.stem}-typing.csv")
    column_map = args.output.with_name(f"{args.output.stem}-typing.map.yaml")
    sheet.write_text(header, encoding="utf-8")
    column_map.write_text(mapping, encoding="utf-8")
    console.print(
        f"To type answers in: fill {sheet} (one row per booklet), then "
        f"dealcraft report {sheet} --map {column_map} -o reports/",
        markup=False,
        soft_wrap=True,
    )
    return 0


def _report(args: argparse.Namespace, console: Console) -> int:
    """Render one PDF per respondent (and group summaries); list every failure at the end, exit 1 if any."""
    from generator.answers.imports import load_map
    from generator.questionnaire.load import load_questionnaires
    from generator.report import render_reports
    from generator.report.context import branding_from_config
    from generator.report.links import check_site_url, site_url_warning

    project = _project(args)
    questionnaires = load_questionnaires(_questionnaires_dir(args.questionnaires, project))
    site_url = None
    if args.site_url is not None:
        try:
            site_url = check_site_url(args.site_url)
        except ValueError as exc:
            raise DealcraftError(Problem("--site-url", message=str(exc))) from None
    overrides = {
        "title": args.title,
        "event": args.event,
        "facilitator": args.facilitator,
        "logo": args.logo,
        "accent": args.accent,
        "site_url": site_url,
    }
    branding = branding_from_config(project.config, overrides, source=str(args.config_file))
    # Once per run, before rendering; `dealcraft demo` is a local preview and does not come through here.
    local = site_url_warning(branding.site_url, args.config_file, from_flag=site_url is not None)
    if local is not None:
        print_problems([local], Console(stderr=True, highlight=False, emoji=False))
    if args.jobs is not None and args.jobs < 1:
        raise DealcraftError(Problem("--jobs", message="must be at least 1"))
    if args.analysis and not (args.summary or args.summary_only):
        raise DealcraftError(Problem("--analysis", message="adds a page to the group summary: add --summary"))
    result = render_reports(
        args.inputs,
        args.output,
        questionnaires,
        branding=branding,
        jobs=args.jobs,
        summary=args.summary,
        summary_only=args.summary_only,
        analysis=args.analysis,
        named=args.named,
        paper=args.paper or "a4",
        column_map=load_map(args.map) if args.map else None,
        console=console,
        strict_fonts=args.strict_fonts,
        exercise=args.exercise or project.exercise,  # --exercise: from the working folder
    )
    err = Console(stderr=True, highlight=False, emoji=False)
    if result.warnings:
        print_problems(result.warnings, err)
    summaries = f" and {len(result.summaries)} group summary(ies)" if result.summaries else ""
    wrote = (
        f"{len(result.summaries)} group summary(ies)"
        if args.summary_only
        else f"{len(result.written)} report(s){summaries}"
    )
    console.print(f"Wrote {wrote} to {args.output}/", markup=False, soft_wrap=True)
    failed = len({p.path for p in result.failures})
    if result.failures:
        err.print(f"{failed} input(s) failed:", style="red", markup=False, soft_wrap=True)
        print_problems(result.failures, err)
    if result.incomplete:  # written, and listed: the facilitator adds the key and runs again
        err.print(
            "Some reports were written without their personal debrief page; give the role-play's answer key "
            f"with --exercise FILE, or set `exercise:` in the dealcraft plugin's section of {args.config_file}:",
            style="red",
            markup=False,
            soft_wrap=True,
        )
        print_problems(result.incomplete, err)
    console.print(f"{len(result.written)} written, {failed} failed", markup=False, soft_wrap=True)
    return 1 if result.failures or result.incomplete else 0


def _debrief(args: argparse.Namespace, console: Console) -> int:
    """Pair the debrief answers; write the group PDF (-o) and/or print the JSON (--json); problems go to stderr.

    Exit 1 when an input could not be read (after writing what could be); pairing problems are findings for
    the facilitator, listed in the PDF and the JSON, and do not change the exit code."""
    import json

    from generator.answers.imports import load_map
    from generator.exercise import load_exercise
    from generator.questionnaire.load import load_questionnaires
    from generator.report.context import branding_from_config
    from generator.report.debrief import debrief_context, read_room, render_debrief_pdf

    if args.output is None and not args.json:
        raise DealcraftError(Problem("--output", message="give -o OUT.pdf, --json, or both"))
    if args.min_group < 1:
        raise DealcraftError(Problem("--min-group", message="must be at least 1"))
    project = _project(args)
    if args.exercise is None and not project.exercise.is_file():
        raise DealcraftError(
            Problem(
                str(project.exercise),
                message="no role-play answer key here; give --exercise FILE, or set `exercise:` in the dealcraft "
                f"plugin's section of {args.config_file}",
            )
        )
    branding = branding_from_config(project.config, source=str(args.config_file))
    # --exercise: from the working folder; priced in the key's unit, else the report currency (exercise.money_unit)
    exercise = load_exercise(args.exercise or project.exercise).priced_in(branding.currency)
    questionnaires = load_questionnaires(_questionnaires_dir(args.questionnaires, project))
    room = read_room(args.inputs, questionnaires, exercise, load_map(args.map) if args.map else None)
    err = Console(stderr=True, highlight=False, emoji=False)
    for problem in room.problems:
        err.print(str(problem), style="yellow" if problem.severity == "note" else "red", markup=False, soft_wrap=True)
    if args.output is not None:
        context = debrief_context(room, exercise, branding, named=args.named, min_group=args.min_group)
        render_debrief_pdf(context, args.output, branding, paper=args.paper)
        pairs = len(room.analysis.pairs)
        message = f"Wrote the group debrief of {pairs} pair{'s' if pairs != 1 else ''} to {args.output}"
        (err if args.json else console).print(message, markup=False, soft_wrap=True)
    if args.json:
        console.file.write(json.dumps(room.to_json(), indent=2, ensure_ascii=False) + "\n")
    return 1 if room.unreadable else 0


def _workshop(args: argparse.Namespace, console: Console) -> int:
    from generator.workshop import serve

    if args.action == "purge":
        return serve.purge(args.database, console)
    _mkdocs_logging(console)
    options = serve.WorkshopOptions(
        config_file=Path(args.config_file),
        questionnaires=_questionnaires_given(args.questionnaires),  # None: the project's
        database=args.database,
        port=args.port,
        lan=args.lan,
        min_group=args.min_group,
        keep_days=args.keep_days,
        new_room=args.new_room,
        rebuild=args.rebuild,
        site_dir=args.site_dir,
        workers=args.workers,
    )
    return serve.run(options, console)


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
    if hasattr(args, "config_file"):
        args.config_given = args.config_file is not None
        args.config_file = args.config_file or DEFAULT_CONFIG
    console = Console(file=stdout or sys.stdout, highlight=False, emoji=False)
    err_console = Console(file=sys.stderr, highlight=False, emoji=False)
    try:
        handler: Handler = args.handler
        return handler(args, console)
    except DealcraftError as exc:
        print_problems(exc.problems, err_console)
        return 1
    except KeyboardInterrupt:
        return 130
