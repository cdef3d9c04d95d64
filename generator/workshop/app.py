"""The workshop's web application (Starlette): the guide site, the participants' API and the facilitator's room.

Participants post answers documents to `/api/answers` (JSON, no cookie, no CSRF token: any page of the room may
post); each is read with limits, validated by the same validator as `dealcraft report`, scored in Python and
stored, and the reply carries the server's scores. The room decides which round (before or after the workshop) a
submission belongs to; a `round` in the body is only checked against it. A participant is known only by the
random key their browser keeps (`X-Dealcraft-Participant`), so they can read and replace their own submission
and nobody else's. The facilitator's pages need the room's token (auth.py). Every response carries a
Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import re
import threading
import time
import zipfile
from base64 import b64encode
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator.answers.validate import load_json_bytes, parse_answers_document
from generator.errors import DealcraftError, Problem
from generator.exercise import Exercise
from generator.limits import MAX_ANSWERS_BYTES
from generator.questionnaire.model import Questionnaire
from generator.report.context import Branding, ReportInput, human_date
from generator.report.summary import SummaryContext
from generator.scoring import score
from generator.site.assets import ASSETS_PREFIX, workshop_scripts
from generator.workshop import auth, dealcheck
from generator.workshop.jobs import PEERS, ReportJobs
from generator.workshop.live import questionnaire_view, stored_scores
from generator.workshop.rescore import questionnaire_hash
from generator.workshop.store import ROUNDS, Refused, Store, Submission

__all__ = ["RateLimiter", "Workshop", "create_app"]

log = logging.getLogger("dealcraft.workshop")

PACKAGE = Path(__file__).resolve().parent.parent
STATIC = Path(__file__).resolve().parent / "static"
TEMPLATES = PACKAGE / "templates" / "workshop"
PARTICIPANT_HEADER = "x-dealcraft-participant"
PARTICIPANT_KEY = re.compile(r"[A-Za-z0-9_-]{16,128}")
REPORT_WAIT = 120.0
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'{scripts}; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SCRIPTS = workshop_scripts()  # the workshop's browser modules, beside the site's (site/assets.py)
INJECT = (
    '<meta name="dealcraft-workshop" content="/">'
    f'<script type="module" src="/{ASSETS_PREFIX}javascripts/workshop/send.mjs"></script>'
)


class RateLimiter:
    """A token bucket per client address: `burst` requests at once, refilled at `rate` a second.

    The defaults let a whole room behind one NAT address send at once (the load test's 300 participants all come
    from 127.0.0.1) while a runaway script is slowed down. Memory is bounded: idle addresses are forgotten.
    """

    def __init__(self, rate: float = 100.0, burst: float = 1000.0, max_clients: int = 10_000) -> None:
        self.rate, self.burst, self.max_clients = rate, burst, max_clients
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, since = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - since) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
            if len(self._buckets) > self.max_clients:
                full = [k for k, (t, s) in self._buckets.items() if t + (now - s) * self.rate >= self.burst]
                for key in full[: len(self._buckets) - self.max_clients // 2]:
                    del self._buckets[key]
            return allowed


@dataclass
class Workshop:
    """What the application serves: one room of one store, the questionnaires, the built site."""

    store: Store
    room_id: str
    questionnaires: Mapping[str, Questionnaire]
    site_dir: Path | None = None
    join_url: str = "http://127.0.0.1:8000/"
    branding: Branding = field(default_factory=Branding)
    min_group: int = 5
    jobs: ReportJobs | None = None
    limiter: RateLimiter = field(default_factory=RateLimiter)
    exercise: Exercise | None = None  # the role-play's answer key, for the deal debrief (read once at start-up)


# ------------------------------------------------------------------ reading the body


def problem_response(status: int, problems: list[Problem] | Problem, error: str) -> JSONResponse:
    """A 4xx reply naming each field: {"error", "message", "field", "problems": [{"field", "message"}]}."""
    items = problems if isinstance(problems, list) else [problems]
    listed = [{"field": p.field or "body", "message": p.message} for p in items]
    first = listed[0] if listed else {"field": "body", "message": error}
    return JSONResponse(
        {
            "error": error,
            "field": first["field"],
            "message": "; ".join(f"{p['field']}: {p['message']}" for p in listed) or error,
            "problems": listed,
        },
        status_code=status,
    )


async def _body(request: Request, limit: int) -> bytes | None:
    """The body, or None when it is longer than `limit` (stops reading at once)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


# ------------------------------------------------------------------ the application


def create_app(ws: Workshop) -> Starlette:
    """The ASGI application for one workshop."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=jinja2.StrictUndefined
    )

    hashes = {qid: questionnaire_hash(q) for qid, q in ws.questionnaires.items()}  # the text each send is scored with

    def client_of(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def limited(request: Request) -> JSONResponse | None:
        if ws.limiter.allow(client_of(request)):
            return None
        return JSONResponse(
            {"error": "too many requests", "field": "body", "message": "too many requests from this address; retry"},
            status_code=429,
            headers={"Retry-After": "2"},
        )

    def participant_key(request: Request) -> str | None:
        key = request.headers.get(PARTICIPANT_HEADER, "")
        return key if PARTICIPANT_KEY.fullmatch(key) else None

    def bad_key() -> JSONResponse:
        return problem_response(
            400,
            Problem("request", field="X-Dealcraft-Participant", message="missing or malformed participant key"),
            "bad request",
        )

    # -------------------------------------------------------------- participants

    async def post_answers(request: Request) -> Response:
        if (refused := limited(request)) is not None:
            return refused
        ctype = request.headers.get("content-type", "")
        if ctype.split(";")[0].strip().lower() != "application/json":
            return problem_response(
                415,
                Problem("request", field="Content-Type", message=f"must be application/json, not {ctype[:60]!r}"),
                "unsupported media type",
            )
        key = participant_key(request)
        if key is None:
            return bad_key()
        try:
            raw = await _body(request, MAX_ANSWERS_BYTES)
        except ClientDisconnect:
            return Response(status_code=400)
        if raw is None:
            return problem_response(
                413, Problem("request", field="body", message="the body is larger than 1 MB; refused"), "too large"
            )
        try:
            data = load_json_bytes(raw, "request body")
        except DealcraftError as exc:
            return problem_response(400, list(exc.problems), "not JSON")
        try:
            document = parse_answers_document(data, "request body", ws.questionnaires)
        except DealcraftError as exc:
            return problem_response(422, list(exc.problems), "invalid answers")
        # Rounds and participant keys are the room's to set, not the client's: a body cannot claim another's key,
        # and a round it names is only compared with the one the room collects (store.submit).
        expect_round = document.round
        document = document.model_copy(update={"round": None, "participant": None})
        questionnaire = ws.questionnaires[document.questionnaire]
        if document.version is not None and document.version != questionnaire.version:
            return problem_response(
                422,
                Problem(
                    "request body",
                    field="version",
                    message=f"unknown version {document.version} of {questionnaire.id}; this room uses version "
                    f"{questionnaire.version} (reload the page)",
                ),
                "invalid",
            )
        result = score(questionnaire, document.answers)
        scores = result.to_json()
        stored_doc = document.model_dump(mode="json")
        receipt = await run_in_threadpool(
            ws.store.submit,
            ws.room_id,
            key,
            questionnaire.id,
            questionnaire.version,
            document.respondent.name,
            stored_doc,
            stored_scores(result),
            expect_round=expect_round,
            peers=PEERS.get(questionnaire.id),
            questionnaire_hash=hashes[questionnaire.id],
        )
        if isinstance(receipt, Refused):
            if receipt.reason == "round":
                response = problem_response(
                    409,
                    Problem(
                        "request body",
                        field="round",
                        message=f"the room is collecting the {receipt.current_round!r} round, not {expect_round!r}; "
                        "nothing was stored",
                    ),
                    "wrong round",
                )
            else:
                response = problem_response(
                    409,
                    Problem("request", field="room", message="the facilitator has closed submissions for this room"),
                    "closed",
                )
            response.headers["X-Dealcraft-Round"] = receipt.current_round or ""
            return response
        if ws.jobs is not None and receipt.changed:
            # The report's document is the stored one: with the round the room gave it and the sender's pseudonym
            stored = document.model_copy(update={"round": receipt.round, "participant": receipt.participant})
            ws.jobs.enqueue(receipt.id, receipt.revision, item=ReportInput("workshop", stored, result))
            if receipt.stale_after is not None:  # their second report compares with what just changed
                ws.jobs.enqueue(*receipt.stale_after)
            for peer in receipt.stale_peers:  # the other side of their pair: that debrief page reads this one
                ws.jobs.enqueue(*peer)
        return JSONResponse(
            {
                "ok": True,
                "questionnaire": questionnaire.id,
                "round": receipt.round,
                "revision": receipt.revision,
                "received_at": receipt.received_at,
                "updated_at": receipt.updated_at,
                "scores": scores,
                "report": f"/api/report/{questionnaire.id}",
                "changed": receipt.changed,
            },
            status_code=201 if receipt.revision == 1 and receipt.changed else 200,
        )

    async def own_submission(request: Request) -> Submission | Response:
        """The caller's own submission for the questionnaire in the path, or the response that refuses it."""
        key = participant_key(request)
        if key is None:
            return bad_key()
        found = await run_in_threadpool(ws.store.own_submission, ws.room_id, key, request.path_params["qid"])
        if found is None:
            return JSONResponse({"error": "not found", "field": "questionnaire", "message": "nothing sent yet"}, 404)
        return found

    async def own_answers(request: Request) -> Response:
        found = await own_submission(request)
        if isinstance(found, Response):
            return found
        return JSONResponse(
            {
                "questionnaire": request.path_params["qid"],
                "round": found.round,
                "revision": found.revision,
                "updated_at": found.updated_at,
                "document": found.document,
            }
        )

    async def own_report(request: Request) -> Response:
        if (refused := limited(request)) is not None:
            return refused
        found = await own_submission(request)
        if isinstance(found, Response):
            return found
        if ws.jobs is None:
            return JSONResponse({"error": "unavailable", "field": "report", "message": "reports are off"}, 503)
        pdf = await run_in_threadpool(ws.jobs.wait_for, found.id, found.revision, REPORT_WAIT)
        if pdf is None:
            return JSONResponse(
                {"error": "not ready", "field": "report", "message": "the report is still being made; try again"},
                503,
                headers={"Retry-After": "5"},
            )
        return _pdf(pdf[1], pdf[0])

    async def join(request: Request) -> Response:
        import segno

        qr = segno.make(ws.join_url, error="m")
        svg = qr.svg_inline(scale=12, border=2, dark="#000", light="#fff", omitsize=True)
        room = await run_in_threadpool(ws.store.room, ws.room_id)
        round_ = room.current_round if room else "before"
        html = env.get_template("join.html.j2").render(url=ws.join_url, qr_svg=Markup(svg), round=round_)
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def room_state(request: Request) -> Response:
        """What a participant's page needs to say before they send: which round the room collects, and whether
        it takes answers at all."""
        room = await run_in_threadpool(ws.store.room, ws.room_id)
        return JSONResponse(
            {"round": room.current_round if room else None, "open": bool(room and room.open)},
            headers={"Cache-Control": "no-store"},
        )

    # -------------------------------------------------------------- facilitator

    async def facilitator_token(request: Request, *, bearer: bool = False) -> str | None:
        token = auth.presented_token(request, bearer=bearer)
        if token is None:
            return None
        ok = await run_in_threadpool(ws.store.token_matches, ws.room_id, token)
        return token if ok else None

    def refused(request: Request) -> Response:
        if "text/html" in request.headers.get("accept", ""):
            html = env.get_template("refused.html.j2").render()
            return HTMLResponse(html, status_code=401)
        return JSONResponse(
            {"error": "unauthorized", "field": "token", "message": "the facilitator's token is missing or wrong"},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )

    async def dashboard(request: Request) -> Response:
        query_token = request.query_params.get("token")
        if query_token is not None:
            if not await run_in_threadpool(ws.store.token_matches, ws.room_id, query_token):
                return refused(request)
            response = RedirectResponse("/facilitator", status_code=303)
            response.set_cookie(
                auth.COOKIE, query_token, httponly=True, samesite="strict", path="/", max_age=60 * 60 * 24 * 60
            )
            return response
        token = await facilitator_token(request)
        if token is None:
            return refused(request)
        room = await run_in_threadpool(ws.store.room, ws.room_id)
        html = env.get_template("dashboard.html.j2").render(
            csrf=auth.csrf_token(token),
            join_url=ws.join_url,
            room=room,
            expires=human_date(room.expires_at) if room else "",
            min_group=ws.min_group,
            questionnaires=sorted(ws.questionnaires.values(), key=lambda q: q.title),
        )
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    def state() -> dict[str, Any]:
        room = ws.store.room(ws.room_id)
        subs = list(ws.store.submissions(ws.room_id))
        stale = {sid for sid, _ in ws.store.stale_reports(ws.room_id)}
        blocks = []
        for q in sorted(ws.questionnaires.values(), key=lambda q: q.title):
            mine = [s for s in subs if s.questionnaire == q.id]
            blocks.append(questionnaire_view(q, mine, min_group=ws.min_group, branding=ws.branding))
        rounds_total = {r: sum(1 for s in subs if s.round == r) for r in ROUNDS}
        titles = {q.id: q.title for q in ws.questionnaires.values()}
        return {
            "room": {
                "id": ws.room_id,
                "created_at": room.created_at if room else None,
                "expires_at": room.expires_at if room else None,
                "open": bool(room and room.open),
                "round": room.current_round if room else None,
            },
            "total": len(subs),
            "rounds": rounds_total,
            "questionnaires": blocks,
            "participants": [
                {
                    "id": s.id,
                    "name": s.name or "",
                    "questionnaire": titles.get(s.questionnaire, s.questionnaire),
                    "round": s.round,
                    "updated_at": s.updated_at,
                    "revision": s.revision,
                    "report_ready": s.id not in stale,
                }
                for s in subs
            ],
            "reports": {"ready": len(subs) - len(stale), "total": len(subs), "enabled": ws.jobs is not None},
        }

    async def dashboard_state(request: Request) -> Response:
        if await facilitator_token(request) is None:
            return refused(request)
        return JSONResponse(await run_in_threadpool(state), headers={"Cache-Control": "no-store"})

    async def export_jsonl(request: Request) -> Response:
        if await facilitator_token(request, bearer=True) is None:
            return refused(request)

        def lines() -> str:
            return "".join(
                json.dumps(s.exported(), ensure_ascii=False, sort_keys=True) + "\n"
                for s in ws.store.submissions(ws.room_id)
            )

        body = await run_in_threadpool(lines)
        return attachment(body, "application/x-ndjson; charset=utf-8", "answers.jsonl")

    async def export_csv(request: Request) -> Response:
        if await facilitator_token(request, bearer=True) is None:
            return refused(request)
        qid = request.query_params.get("questionnaire")
        if qid is not None and qid not in ws.questionnaires:
            return problem_response(404, Problem("request", field="questionnaire", message="unknown"), "not found")
        body = await run_in_threadpool(export_csv_text, ws, qid)
        name = f"{qid or 'answers'}.csv"
        return attachment(body, "text/csv; charset=utf-8", name)

    async def reports_zip(request: Request) -> Response:
        if await facilitator_token(request, bearer=True) is None:
            return refused(request)
        if ws.jobs is None:
            return JSONResponse({"error": "unavailable", "field": "report", "message": "reports are off"}, 503)
        data = await run_in_threadpool(build_zip, ws)
        return attachment(data, "application/zip", "reports.zip")

    async def summary_pdf(request: Request) -> Response:
        if await facilitator_token(request, bearer=True) is None:
            return refused(request)
        qid = request.path_params["qid"]
        if qid not in ws.questionnaires:
            return problem_response(404, Problem("request", field="questionnaire", message="unknown"), "not found")
        if ws.jobs is None:
            return JSONResponse({"error": "unavailable", "field": "report", "message": "reports are off"}, 503)
        subs = await run_in_threadpool(lambda: list(ws.store.submissions(ws.room_id, qid)))
        context = await run_in_threadpool(room_summary, ws, ws.questionnaires[qid], subs)
        # A summary as soon as one of its parts has enough people behind its figures (the before round or the
        # after round; pairs are in both); the parts with too few say how many answered and show nothing more
        if context.too_few is not None and (context.after is None or context.after.too_few is not None):
            counts = ", ".join(f"{sum(1 for s in subs if s.round == r)} in the {r} round" for r in ROUNDS)
            return problem_response(
                409,
                Problem(
                    "request",
                    field="questionnaire",
                    message=f"fewer than {ws.min_group} respondents in each round ({counts})",
                ),
                "too few",
            )
        html = await run_in_threadpool(summary_html, context)
        pdf = await run_in_threadpool(ws.jobs.summary_pdf, html)
        return _pdf(pdf, f"summary-{qid}.pdf")

    def action(
        fn: Callable[[Request], Awaitable[dict[str, Any]]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def guarded(request: Request) -> Response:
            token = await facilitator_token(request)
            if token is None:
                return refused(request)
            if not auth.csrf_ok(request, token):
                return JSONResponse(
                    {"error": "forbidden", "field": "X-CSRF-Token", "message": "missing or wrong CSRF token"}, 403
                )
            return JSONResponse(await fn(request))

        return guarded

    async def close(request: Request) -> dict[str, Any]:
        await run_in_threadpool(ws.store.set_closed, ws.room_id, True)
        return {"ok": True, "open": False}

    async def reopen(request: Request) -> dict[str, Any]:
        await run_in_threadpool(ws.store.set_closed, ws.room_id, False)
        return {"ok": True, "open": True}

    async def set_round(request: Request) -> dict[str, Any]:
        """Open the 'after' round (or go back to 'before', for a round opened by mistake)."""
        round_ = request.path_params["round"]
        if round_ not in ROUNDS:
            raise HTTPException(404)
        await run_in_threadpool(ws.store.set_round, ws.room_id, round_)
        return {"ok": True, "round": round_}

    async def delete_participant(request: Request) -> dict[str, Any]:
        try:
            sid = int(request.path_params["sid"])
        except ValueError:
            raise HTTPException(404) from None
        deleted = await run_in_threadpool(ws.store.delete_submission, ws.room_id, sid, PEERS)
        if deleted and ws.jobs is not None:  # a deleted first round (or debrief) leaves others' reports to remake
            await run_in_threadpool(ws.jobs.rescan)
        return {"ok": deleted}

    async def purge(request: Request) -> dict[str, Any]:
        count = await run_in_threadpool(ws.store.purge_submissions, ws.room_id)
        return {"ok": True, "deleted": count}

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        path = STATIC / name
        if name not in {p.name for p in STATIC.iterdir()}:
            raise HTTPException(404)
        media = "text/javascript" if name.endswith(".mjs") else "text/css" if name.endswith(".css") else None
        return FileResponse(path, media_type=media, headers={"Cache-Control": "no-cache"})

    async def script(request: Request) -> Response:
        return FileResponse(
            SCRIPTS[request.url.path], media_type="text/javascript", headers={"Cache-Control": "no-cache"}
        )

    routes: list[Any] = [
        Route("/api/health", health),
        Route("/api/answers", post_answers, methods=["POST"]),
        Route("/api/answers/{qid}", own_answers),
        Route("/api/report/{qid}", own_report),
        Route("/api/room", room_state),
        Route("/join", join),
        Route("/facilitator", dashboard),
        Route("/facilitator/state.json", dashboard_state),
        Route("/facilitator/export.jsonl", export_jsonl),
        Route("/facilitator/export.csv", export_csv),
        Route("/facilitator/reports.zip", reports_zip),
        Route("/facilitator/summary/{qid}.pdf", summary_pdf),
        Route("/facilitator/close", action(close), methods=["POST"]),
        Route("/facilitator/open", action(reopen), methods=["POST"]),
        Route("/facilitator/round/{round}", action(set_round), methods=["POST"]),
        Route("/facilitator/participants/{sid}/delete", action(delete_participant), methods=["POST"]),
        Route("/facilitator/purge", action(purge), methods=["POST"]),
        Route("/_workshop/{name}", static),
        *(Route(path, script) for path in SCRIPTS),
    ]
    helpers: dict[str, Callable[..., Any]] = {
        "limited": limited,
        "participant_key": participant_key,
        "bad_key": bad_key,
        "problem_response": problem_response,
        "facilitator_token": facilitator_token,
        "refused": refused,
        "load_json": load_json_bytes,
        "body": _body,
        "render": lambda name, **values: env.get_template(name).render(**values),
    }
    routes += dealcheck.routes(ws, helpers)
    if ws.site_dir is not None:
        routes.append(Mount("/", app=SiteFiles(directory=ws.site_dir, html=True), name="site"))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if ws.jobs is not None:
            await run_in_threadpool(ws.jobs.start)
        try:
            yield
        finally:
            if ws.jobs is not None:
                await run_in_threadpool(ws.jobs.stop)

    app = Starlette(routes=routes, lifespan=lifespan)
    return SecurityHeaders(app)  # type: ignore[return-value]


def attachment(body: bytes | str, media_type: str, filename: str) -> Response:
    """A download the browser saves under `filename` and no cache keeps (answers and reports are personal)."""
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def _pdf(data: bytes, filename: str) -> Response:
    return attachment(data, "application/pdf", filename)


# ------------------------------------------------------------------ exports


def export_csv_text(ws: Workshop, qid: str | None) -> str:
    """The room's answers as CSV in the layout `dealcraft report` reads (answers/imports.py), every cell a
    participant typed written so that a spreadsheet shows it rather than running it (answers/export.py)."""
    from generator.answers.export import answers_csv

    question_ids: list[str] = []
    for q in sorted(ws.questionnaires.values(), key=lambda q: q.id):
        if qid is None or q.id == qid:
            question_ids.extend(x.id for x in q.questions if x.id not in question_ids)
    return answers_csv((s.exported() for s in ws.store.submissions(ws.room_id, qid)), question_ids)


def build_zip(ws: Workshop, timeout: float = 600.0) -> bytes:
    """Every participant's current report in one zip: stored PDFs are zipped; missing ones are rendered first."""
    assert ws.jobs is not None
    subs = list(ws.store.submissions(ws.room_id))
    deadline = time.monotonic() + timeout
    for s in subs:
        if ws.store.report(s.id, s.revision) is None:
            ws.jobs.enqueue(s.id, s.revision, urgent=True)
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for s in subs:
            found = ws.jobs.wait_for(s.id, s.revision, max(1.0, deadline - time.monotonic()))
            if found is None:
                continue
            name, n = found[0], 1
            while name.lower() in used:
                n += 1
                name = found[0].removesuffix(".pdf") + f"-{n}.pdf"
            used.add(name.lower())
            archive.writestr(name, found[1])
    return buffer.getvalue()


def room_summary(ws: Workshop, questionnaire: Questionnaire, subs: list[Any]) -> SummaryContext:
    """The group summary of the room's submissions of one questionnaire, as `dealcraft report --summary` builds
    it (names left out), with the room's minimum group: a part (the before round, the after round, the shift)
    with fewer people behind it says how many answered and shows nothing more."""
    from generator.report.debrief import DEBRIEF_ID
    from generator.report.rounds import too_few_pairs_note
    from generator.report.summary import summary_context
    from generator.workshop.live import group_tally, rounds_of

    tally, _ = group_tally(questionnaire, [s for s in subs if s.round == "before"])
    second = [s for s in subs if s.round == "after"]
    after = None
    if second and questionnaire.id != DEBRIEF_ID:  # a debrief sent again is one debrief (report/batch.py)
        after, _ = group_tally(questionnaire, second)
    shift, only_after, pairs = rounds_of(questionnaire, subs, min_group=ws.min_group)
    return replace(
        summary_context(tally, ws.branding, min_group=ws.min_group, after=after),
        rounds=shift,
        only_after=only_after,
        too_few_pairs=too_few_pairs_note(pairs, ws.min_group),
    )


def summary_html(context: SummaryContext) -> str:
    """The group summary's HTML."""
    from generator.report.render import template_env

    return template_env().get_template("summary.html.j2").render(**context.template_vars())


# ------------------------------------------------------------------ the site, with the send button's module


class SiteFiles(StaticFiles):
    """The built guide, with every HTML page taught that it is served by a workshop (one meta tag, one module).

    The pages' own inline scripts (Material's) are allowed by their SHA-256 in the page's CSP; nothing else inline.
    """

    _cache: dict[tuple[str, float], tuple[bytes, str]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cache = {}

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if not isinstance(response, FileResponse) or not str(response.path).endswith(".html"):
            return response
        file = Path(response.path)
        key = (str(file), file.stat().st_mtime)
        if key not in self._cache:
            self._cache[key] = _inject(file.read_bytes())
        body, csp = self._cache[key]
        return Response(
            body,
            status_code=response.status_code,
            media_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": csp, "Cache-Control": "no-cache"},
        )


_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def _inject(page: bytes) -> tuple[bytes, str]:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(page):
        if b"application/json" in match.group(1):
            continue
        digest = b64encode(hashlib.sha256(match.group(2)).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    marker = page.find(b"</head>")
    if marker >= 0:
        page = page[:marker] + INJECT.encode() + page[marker:]
    scripts = (" " + " ".join(sorted(set(hashes)))) if hashes else ""
    return page, CSP.format(scripts=scripts)


class SecurityHeaders:
    """Adds the CSP (unless the response set its own), nosniff, no referrer and no framing to every response, and
    logs each request by method and path only: the query string, where a token could be, never reaches a log."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = {"code": 0}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.format(scripts="").encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                headers.append((b"x-frame-options", b"DENY"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            log.info("%s %s %s", scope.get("method"), scope.get("path"), status["code"])
