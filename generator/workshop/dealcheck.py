"""The paired deal check of the role-play, in workshop mode: is there a zone, without either side learning the
other's number.

Before the round, each side of a pair enters its walk-away limit privately (`POST /api/dealcheck`). Each side is
told only whether a zone exists once both have entered; the zone's width is added only when both sides ticked
"we agree to see it". Neither side ever receives the other's limit, and no log line carries a limit. The
facilitator sees every pair's zone, and the debrief of the answers sent so far, as `dealcraft debrief` gives it.
The page names the role-play's unit (exercise.money_unit) beside the limit and in its label, the unit the width
is told in.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from generator.debrief import normalise_pair, zone_of
from generator.errors import Problem
from generator.exercise import money_unit
from generator.workshop.store import DealCheckRow, hash_secret
from generator.zone import parse_amount

Helper = Callable[..., Any]


def side_view(rows: Sequence[DealCheckRow], participant_key: str) -> dict[str, Any] | None:
    """What one side may see: its own entry, whether the other side has entered, whether a zone exists, and the
    width only when both agreed. None when this participant has entered nothing."""
    who = hash_secret(participant_key)
    mine = next((r for r in rows if r.participant == who), None)
    if mine is None:
        return None
    other = next((r for r in rows if r.pair == mine.pair and r.role != mine.role), None)
    view: dict[str, Any] = {
        "entered": True,
        "pair": mine.pair,
        "role": mine.role,
        "my_limit": mine.limit,
        "you_agreed": mine.consent,
        "other_entered": other is not None,
        "they_agreed": bool(other and other.consent),
        "zone_exists": None,
        "width": None,
    }
    if other is None:
        return view
    buyer, seller = (mine, other) if mine.role == "buyer" else (other, mine)
    zone = zone_of(buyer.limit, seller.limit)
    view["zone_exists"] = zone.exists
    if zone.exists and mine.consent and other.consent:
        view["width"] = zone.width
    return view


def facilitator_view(rows: Sequence[DealCheckRow]) -> list[dict[str, Any]]:
    """Every pair as the facilitator sees it: both limits, the zone, and who agreed to see the width."""
    pairs: dict[str, dict[str, DealCheckRow]] = {}
    for r in rows:
        pairs.setdefault(r.pair, {})[r.role] = r
    out = []
    for code in sorted(pairs):
        sides = pairs[code]
        buyer, seller = sides.get("buyer"), sides.get("seller")
        zone = zone_of(buyer.limit, seller.limit).to_json() if buyer and seller else None
        out.append(
            {
                "pair": code,
                "buyer_limit": buyer.limit if buyer else None,
                "seller_limit": seller.limit if seller else None,
                "zone": zone,
                "both_agreed": bool(buyer and seller and buyer.consent and seller.consent),
            }
        )
    return out


def _entry(data: Any) -> tuple[tuple[str, str, float, bool] | None, list[Problem]]:
    """The posted entry, checked field by field: pair code, role, limit (an amount as the zone rules take it: 0 to
    1e12, at most two decimals, so the width the page prints to the cent is the width), consent (a boolean)."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return None, [Problem("request body", field="body", message="must be a JSON object")]
    unknown = sorted(set(data) - {"pair", "role", "limit", "consent"})
    problems += [Problem("request body", field=k[:40], message="unknown field") for k in unknown]
    pair = normalise_pair(data.get("pair")) if isinstance(data.get("pair"), str) else None
    if pair is None or len(pair) > 40:
        problems.append(Problem("request body", field="pair", message="the pair code from your card, such as P07"))
    role = data.get("role")
    if role not in ("buyer", "seller"):
        problems.append(Problem("request body", field="role", message='must be "buyer" or "seller"'))
    limit = data.get("limit")
    if isinstance(limit, bool) or not isinstance(limit, int | float) or not math.isfinite(limit):
        problems.append(Problem("request body", field="limit", message="must be a number"))
    elif (refused := parse_amount(limit, "my_limit")[1]) is not None:  # the zone rules' amount: 0..1e12, to the cent
        problems.append(Problem("request body", field="limit", message=refused.message))
    consent = data.get("consent", False)
    if not isinstance(consent, bool):
        problems.append(Problem("request body", field="consent", message="must be true or false"))
    if problems:
        return None, problems
    assert pair is not None and isinstance(limit, int | float)
    return (pair, str(role), float(limit), consent), []


def routes(ws: Any, helpers: dict[str, Helper]) -> list[Route]:
    """The deal check's routes; `helpers` are the app's own (rate limit, participant key, token, problems, the
    page's template)."""
    limited, participant_key, bad_key = helpers["limited"], helpers["participant_key"], helpers["bad_key"]
    problem_response, facilitator_token, refused = (
        helpers["problem_response"],
        helpers["facilitator_token"],
        helpers["refused"],
    )
    render: Callable[..., str] = helpers["render"]  # a workshop template, autoescaped
    load_json: Callable[[bytes, str], Any] = helpers["load_json"]
    body_of: Callable[[Request, int], Awaitable[bytes | None]] = helpers["body"]

    async def post_check(request: Request) -> Response:
        if (refused_now := limited(request)) is not None:
            return refused_now  # type: ignore[no-any-return]
        key = participant_key(request)
        if key is None:
            return bad_key()  # type: ignore[no-any-return]
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            return problem_response(  # type: ignore[no-any-return]
                415, Problem("request", field="Content-Type", message="must be application/json"), "unsupported"
            )
        raw = await body_of(request, 4096)
        if raw is None:
            return problem_response(  # type: ignore[no-any-return]
                413, Problem("request", field="body", message="the body is larger than 4 KB"), "too large"
            )
        try:
            data = load_json(raw, "request body")
        except Exception as exc:  # DealcraftError: not JSON, or nested too deeply
            problems = list(getattr(exc, "problems", ())) or [Problem("request body", message="not JSON")]
            return problem_response(400, problems, "not JSON")  # type: ignore[no-any-return]
        entry, problems = _entry(data)
        if entry is None:
            return problem_response(422, problems, "invalid")  # type: ignore[no-any-return]
        pair, role, limit, consent = entry
        ok = await run_in_threadpool(ws.store.set_deal_check, ws.room_id, key, pair, role, limit, consent)
        if not ok:
            message = f"the {role} of pair {pair} has already entered a limit; check your pair code and role"
            return problem_response(409, Problem("request body", field="role", message=message), "taken")  # type: ignore[no-any-return]
        return await own_view(key)

    async def own_view(key: str) -> Response:
        rows = await run_in_threadpool(ws.store.deal_checks, ws.room_id)
        body = {
            **(side_view(rows, key) or {"entered": False}),
            "currency": money_unit(ws.exercise, ws.branding.currency),
        }
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    async def get_check(request: Request) -> Response:
        key = participant_key(request)
        if key is None:
            return bad_key()  # type: ignore[no-any-return]
        return await own_view(key)

    async def page(request: Request) -> Response:
        html = render("dealcheck.html.j2", unit=money_unit(ws.exercise, ws.branding.currency))
        return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

    async def facilitator_json(request: Request) -> Response:
        if await facilitator_token(request, bearer=True) is None:
            return refused(request)  # type: ignore[no-any-return]
        rows = await run_in_threadpool(ws.store.deal_checks, ws.room_id)
        debrief = await run_in_threadpool(_debrief_json, ws)
        return JSONResponse({"deal_checks": facilitator_view(rows), **debrief}, headers={"Cache-Control": "no-store"})

    async def facilitator_pdf(request: Request) -> Response:
        if await facilitator_token(request, bearer=True) is None:
            return refused(request)  # type: ignore[no-any-return]
        if ws.jobs is None:
            return JSONResponse({"error": "unavailable", "field": "report", "message": "reports are off"}, 503)
        if ws.exercise is None:
            message = "this server has no role-play answer key (its start-up message names the file it looked for)"
            return problem_response(  # type: ignore[no-any-return]
                404, Problem("request", field="exercise", message=message), "not found"
            )
        html = await run_in_threadpool(_debrief_html, ws)
        if html is None:
            return problem_response(  # type: ignore[no-any-return]
                404, Problem("request", field="questionnaire", message="no deal-debrief answers yet"), "not found"
            )
        pdf = await run_in_threadpool(ws.jobs.summary_pdf, html)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": 'attachment; filename="debrief.pdf"', "Cache-Control": "no-store"},
        )

    return [
        Route("/dealcheck", page),
        Route("/api/dealcheck", get_check),
        Route("/api/dealcheck", post_check, methods=["POST"]),
        Route("/facilitator/debrief.json", facilitator_json),
        Route("/facilitator/debrief.pdf", facilitator_pdf),
    ]


def _room(ws: Any) -> tuple[Any, Any] | None:
    """The debrief of the deal-debrief answers sent so far, and the answer key; None without either."""
    from generator.answers.validate import parse_answers_document
    from generator.report.debrief import DEBRIEF_ID, room_of
    from generator.scoring import score

    questionnaire = ws.questionnaires.get(DEBRIEF_ID)
    if questionnaire is None or ws.exercise is None:
        return None
    exercise = ws.exercise.priced_in(ws.branding.currency)  # the unit the deal check page shows (money_unit)
    documents = []
    for sub in ws.store.submissions(ws.room_id, DEBRIEF_ID):
        source = f"submission {sub.id}"
        document = parse_answers_document(sub.document, source, ws.questionnaires)
        documents.append((source, document, score(questionnaire, document.answers)))
    return room_of(documents, questionnaire, exercise), exercise


def _debrief_json(ws: Any) -> dict[str, Any]:
    """The debrief of the answers sent so far, exactly as `dealcraft debrief --json` gives it."""
    found = _room(ws)
    return found[0].to_json() if found else {"pairs": [], "problems": []}


def _debrief_html(ws: Any) -> str | None:
    """The group debrief's HTML, as `dealcraft debrief -o` renders it (pair codes only, the room's min group)."""
    from generator.report.debrief import debrief_context
    from generator.report.render import template_env

    found = _room(ws)
    if found is None or not found[0].analysis.debriefs:
        return None
    room, exercise = found
    context = debrief_context(room, exercise, ws.branding, min_group=ws.min_group)
    return template_env().get_template("debrief.html.j2").render(**context.template_vars())
