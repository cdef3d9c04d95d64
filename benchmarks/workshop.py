"""Workshop mode under a room's load, on loopback only: every participant sends once within a time window.

1. Submit latency: N participants (default 300) each post one answers document at a random moment of the window
   (default 30 s) to `dealcraft workshop` (read with limits, validated, scored, stored, report queued), and the
   same to a bare endpoint of the same stack (Starlette + uvicorn + SQLAlchemy Core, same database settings) that
   only stores the raw body. Prints p50/p95/max latency, errors and rows stored, side by side, for SQLite and (with
   --postgres) a throwaway PostgreSQL server. Goal: p95 at most 2x the bare endpoint's, 0 errors, N rows.
2. "Download every report" (--zip N, default 20): N participants send, the server renders their reports in the
   background; once they are ready the zip is timed, beside rendering the same N reports from scratch with
   `dealcraft report` in one process (what the zip would cost without the background work).

Bounded: a fixed count of requests, each with a timeout; every server is stopped by its PID.

    python benchmarks/workshop.py [--participants 300] [--window 30] [--rounds 2] [--postgres] [--zip 20]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.questionnaire.load import load_questionnaires  # noqa: E402
from generator.questionnaire.model import Questionnaire  # noqa: E402

QID = "trust-readiness"


# ------------------------------------------------------------------ the bare endpoint (run in its own process)


def bare_server(database: str) -> None:
    """POST /api/answers stores the raw body in one row: the stack's floor, with no reading, checking or scoring."""
    import sqlalchemy as sa
    import uvicorn
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from generator.workshop.store import make_engine

    engine = make_engine(database)
    meta = sa.MetaData()
    raw = sa.Table("raw_bodies", meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("body", sa.Text))
    meta.create_all(engine)

    def insert(body: bytes) -> None:
        with engine.begin() as conn:
            conn.execute(sa.insert(raw).values(body=body.decode("utf-8", "replace")))

    async def store(request: Request) -> JSONResponse:
        await run_in_threadpool(insert, await request.body())
        return JSONResponse({"ok": True}, status_code=201)

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)
    print(f"Bare: http://127.0.0.1:{sock.getsockname()[1]}/", flush=True)
    app = Starlette(routes=[Route("/api/answers", store, methods=["POST"])])
    uvicorn.Server(uvicorn.Config(app, access_log=False, log_level="warning")).run(sockets=[sock])


@contextlib.contextmanager
def bare_process(database: str) -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--bare-server", database], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith("Bare: "):
            raise RuntimeError("the bare server did not start")
        yield line.split(": ", 1)[1].strip().rstrip("/")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# ------------------------------------------------------------------ the load


def documents(questionnaire: Questionnaire, count: int) -> list[dict[str, Any]]:
    from tests.server.conftest import answers_document

    return [answers_document(questionnaire, f"Participant {n:03d}", seed=n) for n in range(count)]


@dataclass
class Load:
    latencies: list[float]
    errors: int
    reasons: dict[str, int]

    def row(self, label: str, stored: int) -> str:
        lat = sorted(self.latencies) or [float("nan")]
        p50 = statistics.median(lat) * 1000
        p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] * 1000
        return f"{label:<34} {p50:8.1f} {p95:8.1f} {lat[-1] * 1000:8.1f} {self.errors:7d} {stored:7d}"

    @property
    def p95(self) -> float:
        lat = sorted(self.latencies) or [float("nan")]
        return lat[min(len(lat) - 1, int(0.95 * len(lat)))]


async def _room(base: str, docs: list[dict[str, Any]], window: float, seed: int) -> Load:
    import httpx

    rng = random.Random(seed)
    moments = sorted(rng.uniform(0, window) for _ in docs)
    latencies: list[float] = []
    errors = 0
    reasons: dict[str, int] = {}
    limits = httpx.Limits(max_connections=len(docs), max_keepalive_connections=50)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        start = time.perf_counter()

        async def one(n: int, at: float) -> None:
            nonlocal errors
            await asyncio.sleep(max(0.0, start + at - time.perf_counter()))
            body = json.dumps(docs[n]).encode()
            headers = {"Content-Type": "application/json", "X-Dealcraft-Participant": f"bench-participant-{n:06d}"}
            t0 = time.perf_counter()
            try:
                r = await client.post("/api/answers", content=body, headers=headers)
                ok, reason = r.status_code in (200, 201), f"HTTP {r.status_code}"
            except httpx.HTTPError as exc:
                ok, reason = False, type(exc).__name__
            if ok:
                latencies.append(time.perf_counter() - t0)
            else:
                errors += 1
                reasons[reason] = reasons.get(reason, 0) + 1

        await asyncio.gather(*(one(n, at) for n, at in enumerate(moments)))
    return Load(latencies, errors, reasons)


def run_room(base: str, docs: list[dict[str, Any]], window: float, seed: int) -> Load:
    return asyncio.run(_room(base, docs, window, seed))


def count_rows(database: str, table: str) -> int:
    import sqlalchemy as sa

    from generator.workshop.store import make_engine

    engine = make_engine(database)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() or 0)
    finally:
        engine.dispose()


def compare(
    name: str, new_db: Callable[[str], str], docs: list[dict[str, Any]], window: float, workers: int, rounds: int
) -> None:
    """Alternate the bare endpoint and the workshop `rounds` times, each on a fresh database; print every round."""
    from tests.workshop_process import stand_in_site, workshop_process

    print(f"\n{name}: {len(docs)} participants within {window:g} s, {rounds} round(s) each (latency in ms)")
    print(f"{'':<34} {'p50':>8} {'p95':>8} {'max':>8} {'errors':>7} {'rows':>7}")
    ratios = []
    for r in range(rounds):
        bare_db, ours_db = new_db(f"bare{r}"), new_db(f"ours{r}")
        with bare_process(bare_db) as base:
            bare = run_room(base, docs, window, seed=r)
        print(bare.row("bare endpoint (stores the body)", count_rows(bare_db, "raw_bodies")))
        with tempfile.TemporaryDirectory() as tmp:
            extra = ("--workers", str(workers))
            with workshop_process(ours_db, stand_in_site(Path(tmp) / "site"), extra=extra) as server:
                ours = run_room(server.base, docs, window, seed=r)
        print(ours.row(f"dealcraft workshop (--workers {workers})", count_rows(ours_db, "submissions")))
        for label, load in (("bare", bare), ("ours", ours)):
            if load.reasons:
                print(f"  errors ({label}): {load.reasons}")
        ratios.append(ours.p95 / bare.p95)
    shown = ", ".join(f"{x:.2f}" for x in ratios)
    print(f"p95 ratio ours/bare per round: {shown}; median {statistics.median(ratios):.2f} (goal <= 2)")


# ------------------------------------------------------------------ the zip


def zip_phase(count: int, questionnaires: dict[str, Questionnaire]) -> None:
    import httpx

    from generator.report.batch import render_reports
    from tests.workshop_process import stand_in_site, workshop_process

    docs = documents(questionnaires[QID], count)
    with tempfile.TemporaryDirectory() as tmp:
        database = str(Path(tmp) / "zip.db")
        with workshop_process(database, stand_in_site(Path(tmp) / "site"), extra=("--workers", "1")) as server:
            started = time.perf_counter()
            for n, doc in enumerate(docs):
                headers = {"X-Dealcraft-Participant": f"zip-participant-{n:06d}"}
                httpx.post(f"{server.base}/api/answers", json=doc, headers=headers, timeout=30).raise_for_status()
            with httpx.Client(base_url=server.base, timeout=600) as fac:
                fac.get(f"/facilitator?token={server.token}")
                deadline = time.monotonic() + 600
                while time.monotonic() < deadline:
                    reports = fac.get("/facilitator/state.json").json()["reports"]
                    if reports["ready"] == reports["total"] == count:
                        break
                    time.sleep(0.5)
                background = time.perf_counter() - started
                t0 = time.perf_counter()
                data = fac.get("/facilitator/reports.zip").content
                zipped = time.perf_counter() - t0
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        folder = Path(tmp) / "answers"
        folder.mkdir()
        for n, doc in enumerate(docs):
            (folder / f"{n:03d}.json").write_text(json.dumps(doc))
        t0 = time.perf_counter()
        result = render_reports([folder], Path(tmp) / "out", questionnaires, jobs=1)
        rendered = time.perf_counter() - t0
    print(f"\nDownload every report: {count} participants")
    print(f"  reports rendered in the background while they sent: ready {background:.1f} s after the first send")
    print(f"  the zip once they are ready: {zipped:.2f} s for {len(names)} PDFs")
    print(f"  rendering the same {len(result.written)} reports from scratch (dealcraft report -j 1): {rendered:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--window", type=float, default=30.0, help="seconds over which they send (at most 60)")
    parser.add_argument("--postgres", action="store_true", help="also run against a throwaway PostgreSQL server")
    parser.add_argument("--workers", type=int, default=1, help="the workshop's report render processes")
    parser.add_argument("--rounds", type=int, default=2, help="bare/workshop pairs per database (fresh each time)")
    parser.add_argument("--zip", type=int, default=20, help="participants for the zip timing (0: skip)")
    parser.add_argument("--bare-server", metavar="DATABASE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        bare_server(args.bare_server)
        return 0
    if not 0 < args.window <= 60 or not 0 < args.participants <= 1000:
        parser.error("--window must be in (0, 60] and --participants in 1..1000")
    questionnaires = load_questionnaires(ROOT / "questionnaires")
    docs = documents(questionnaires[QID], args.participants)
    with tempfile.TemporaryDirectory() as tmp:
        compare("SQLite", lambda name: f"{tmp}/{name}.db", docs, args.window, args.workers, args.rounds)
    if args.postgres:
        from tests.pgcluster import fresh_database, postgres_cluster

        with postgres_cluster() as url:
            compare("PostgreSQL", lambda name: fresh_database(url, name), docs, args.window, args.workers, args.rounds)
    if args.zip:
        zip_phase(args.zip, questionnaires)
    return 0


if __name__ == "__main__":
    sys.exit(main())
