"""`dealcraft workshop`: build the site if needed, open (or resume) the room, print its two addresses, serve.

The two lines scripts read are printed exactly as `Participants: <URL>` and `Facilitator: <URL>`, then a QR code
of the join address. It binds 127.0.0.1 unless `--lan`. `dealcraft workshop purge` deletes expired rooms.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from rich.console import Console

from generator.errors import DealcraftError, Problem

if TYPE_CHECKING:
    from generator.exercise import Exercise
    from generator.project import Project
    from generator.questionnaire.model import Questionnaire
    from generator.workshop.store import Store

__all__ = ["WorkshopOptions", "lan_address", "purge", "run"]

DEFAULT_DATABASE = "workshop.db"


@dataclass(frozen=True)
class WorkshopOptions:
    config_file: Path = Path("mkdocs.yml")
    questionnaires: Path | None = None  # default: the project's (the plugin's `questionnaires`, from mkdocs.yml)
    database: str = DEFAULT_DATABASE
    port: int = 8000
    lan: bool = False
    min_group: int = 5
    keep_days: int = 30
    new_room: bool = False
    rebuild: bool = False
    site_dir: Path | None = None
    workers: int | None = None


def lan_address() -> str:
    """This machine's address on the local network (the route a packet would take; nothing is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, no packet leaves for a UDP connect
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def open_store(database: str) -> Store:
    """The store at --database; one that cannot be opened (no server, a bad URL, a folder that cannot be written)
    is a user error naming the option, with the password left out."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from generator.workshop.store import Store

    try:
        return Store.open(database)
    except SQLAlchemyError as exc:
        try:
            shown = make_url(database).render_as_string(hide_password=True) if "://" in database else database
        except SQLAlchemyError:
            shown = "the database"
        reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["unknown error"])[0]
        raise DealcraftError(Problem("--database", message=f"cannot open {shown}: {reason}")) from None


def purge(database: str, console: Console) -> int:
    store = open_store(database)
    try:
        gone = store.purge_expired()
    finally:
        store.close()
    console.print(f"Deleted {len(gone)} expired room(s).", markup=False, highlight=False)
    return 0


def edited_since_built(site_dir: Path, questionnaires: Mapping[str, Questionnaire]) -> list[str]:
    """The questionnaires whose forms the built site publishes from another text than the one in the folder now
    (edited since the build): by the hash each compiled questionnaire carries (site/compile.py). A questionnaire
    the site does not publish is not judged."""
    from generator.site.assets import COMPILED_PREFIX
    from generator.workshop.rescore import questionnaire_hash

    edited = []
    for qid, questionnaire in sorted(questionnaires.items()):
        published = set()
        for path in (site_dir / COMPILED_PREFIX).glob(f"{qid}.*.json"):
            try:
                published.add(json.loads(path.read_text(encoding="utf-8")).get("hash"))
            except (OSError, ValueError, AttributeError):
                published.add(None)  # unreadable: not this text
        if published and questionnaire_hash(questionnaire) not in published:
            edited.append(qid)
    return edited


def _site(
    options: WorkshopOptions,
    project: Project,
    join_url: str,
    console: Console,
    questionnaires: Mapping[str, Questionnaire] | None = None,
) -> Path:
    """The built site: built now when it is missing (or --rebuild), with the join address as its site_url, and
    built again when its dealcraft files are not this dealcraft's (a site from an older version, reused without
    --rebuild, would lack modules the send button imports) or its forms carry an earlier text of a questionnaire
    (the browser would score with it, the server with the current one)."""
    from generator.build import build_site, load_mkdocs_config
    from generator.site.assets import stale_assets

    config = project.config if project.config is not None else load_mkdocs_config(options.config_file)
    site_dir = options.site_dir.absolute() if options.site_dir is not None else Path(config.site_dir)
    if not options.rebuild and (site_dir / "index.html").is_file():
        stale = stale_assets(site_dir)
        edited = edited_since_built(site_dir, questionnaires or {})
        if not stale and not edited:
            return site_dir
        if stale:
            more = f" and {len(stale) - 1} more" if len(stale) > 1 else ""
            note = f"The site in {site_dir} was built by another version of dealcraft ({stale[0]}{more} missing or "
            note += "changed); rebuilding it …"
        else:  # its forms would score with the earlier text, and the server with the current one
            more = f" and {len(edited) - 1} more" if len(edited) > 1 else ""
            note = f"The site in {site_dir} was built from an earlier text of {edited[0]}{more}; rebuilding it …"
        console.print(note, markup=False, highlight=False, soft_wrap=True)
    else:
        console.print(f"Building the site into {site_dir} …", markup=False, highlight=False)
    site_dir = build_site(options.config_file, site_dir=site_dir, site_url=join_url)
    stale = stale_assets(site_dir)
    if stale:  # the build wrote somewhere else, or could not write these
        raise DealcraftError(
            Problem(
                str(site_dir / stale[0]), message="not this dealcraft's file even after a rebuild; delete the folder"
            )
        )
    return site_dir


def _answer_key(path: Path, questionnaires: Mapping[str, Questionnaire]) -> Exercise | None:
    """The role-play's answer key for the facilitator's deal debrief and the debrief reports' personal page, read
    once before serving (a broken key is a located error then, not a failed request later). None, with a note,
    when the project has no key."""
    from generator.exercise import load_exercise, shows_role_play_money
    from generator.report.debrief import DEBRIEF_ID

    if DEBRIEF_ID not in questionnaires and not shows_role_play_money(questionnaires):
        return None
    if not path.is_file():
        note = f"{path}: no role-play answer key here, so the facilitator's deal debrief stays empty"
        note += " and the debrief reports have no personal debrief page"
        Console(stderr=True, highlight=False, emoji=False).print(note, style="yellow", markup=False, soft_wrap=True)
        return None
    return load_exercise(path)


def _rescore(store: Store, room_id: str, questionnaires: Mapping[str, Questionnaire]) -> None:
    """Score again the answers stored with an earlier text of a questionnaire edited without a new version, and
    say so in one line per questionnaire (workshop/rescore.py); before serving, so the dashboard shows them."""
    from generator.workshop.rescore import rescore_room

    for found in rescore_room(store, room_id, questionnaires):
        note = found.line()
        Console(stderr=True, highlight=False, emoji=False).print(note, style="yellow", markup=False, soft_wrap=True)


def run(options: WorkshopOptions, console: Console) -> int:
    """Start the workshop server and serve until Ctrl-C (or SIGTERM)."""
    import segno
    import uvicorn

    from generator.exercise import in_project_units
    from generator.project import load_project
    from generator.questionnaire.load import load_questionnaires
    from generator.report.context import branding_from_config
    from generator.workshop.app import Workshop, create_app
    from generator.workshop.jobs import ReportJobs

    if not 0 <= options.port <= 65535:
        raise DealcraftError(Problem("--port", message="must be 0..65535"))
    if options.min_group < 1 or options.keep_days < 1:
        raise DealcraftError(Problem("--min-group/--keep-days", message="must be 1 or more"))
    host = "0.0.0.0" if options.lan else "127.0.0.1"
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, options.port))
    except OSError as exc:
        sock.close()
        raise DealcraftError(Problem(f"port {options.port}", message=f"cannot listen: {exc.strerror}")) from None
    sock.listen(2048)  # connections wait in the backlog until uvicorn accepts them: none is refused at start-up
    port = sock.getsockname()[1]
    address = lan_address() if options.lan else "127.0.0.1"
    join_url = f"http://{address}:{port}/"

    project = load_project(options.config_file)  # every path the project names is read from its folder
    questionnaires = load_questionnaires(options.questionnaires or project.questionnaires)
    exercise = _answer_key(project.exercise, questionnaires)
    store = open_store(options.database)  # before the build: a database that cannot be opened fails at once
    try:
        branding = branding_from_config(project.config, source=str(options.config_file))
        # In the project's units (report currency, role-play unit), as the site's build shows and hashes them
        questionnaires = in_project_units(questionnaires, exercise, branding.currency)
        # The site is built from the project's questionnaires: judged against them only when they are the ones served
        same = questionnaires if options.questionnaires is None else None
        site_dir = _site(options, project, join_url, console, same)
    except BaseException:
        store.close()
        raise
    room = store.open_room(new=options.new_room, keep_days=options.keep_days)
    _rescore(store, room.id, questionnaires)
    token = store.new_token(room.id)
    workers = max(1, (os.cpu_count() or 2) // 2) if options.workers is None else options.workers
    jobs = ReportJobs(store, room.id, questionnaires, branding, workers=workers, exercise=exercise) if workers else None
    workshop = Workshop(
        store=store,
        room_id=room.id,
        questionnaires=questionnaires,
        site_dir=site_dir,
        join_url=join_url,
        branding=branding,
        min_group=options.min_group,
        jobs=jobs,
        exercise=exercise,
    )
    out = console.file
    out.write(f"Participants: {join_url}\n")
    out.write(f"Facilitator: http://127.0.0.1:{port}/facilitator?token={token}\n")
    if out.isatty():
        segno.make(join_url, error="m").terminal(out=cast(TextIO, out), compact=True)
        out.write(f"Room {room.id[:8]}, kept until {room.expires_at[:10]}. Projector page: {join_url}join\n")
    out.flush()
    config = uvicorn.Config(create_app(workshop), access_log=False, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        store.close()
    return 0


if __name__ == "__main__":  # pragma: no cover - `python -m generator.workshop.serve` for debugging
    sys.exit(run(WorkshopOptions(), Console()))
