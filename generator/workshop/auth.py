"""Who may see the dashboard: the facilitator's token, once in the URL, then in a strict cookie; CSRF for actions.

- `/facilitator?token=…` checks the token, puts it in an HttpOnly, SameSite=Strict cookie and redirects to the
  bare address, so the token leaves the address bar (and the history) at once;
- the token is checked against the room's stored SHA-256 hashes with `hmac.compare_digest` (store.token_matches);
- exports also take `Authorization: Bearer <token>`, for scripts;
- actions that change state (POST, riding on the cookie) also need `X-CSRF-Token`, an HMAC of the token that only
  the dashboard page carries, and a same-origin `Origin` header when the browser sends one.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from starlette.requests import Request

__all__ = ["COOKIE", "CSRF_HEADER", "csrf_ok", "csrf_token", "presented_token"]

COOKIE = "dealcraft_facilitator"
CSRF_HEADER = "x-csrf-token"


def presented_token(request: Request, *, bearer: bool = False) -> str | None:
    """The token this request carries: the cookie, or (for exports) an `Authorization: Bearer` header."""
    if bearer:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    return request.cookies.get(COOKIE) or None


def csrf_token(token: str) -> str:
    """The dashboard's CSRF token: derived from the facilitator token, so no server state is needed."""
    return hmac.new(token.encode("utf-8"), b"dealcraft-csrf", hashlib.sha256).hexdigest()


def csrf_ok(request: Request, token: str) -> bool:
    """A state-changing request from the dashboard page itself: matching CSRF header, and same origin if stated."""
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        parts = urlsplit(origin)
        if parts.netloc != request.headers.get("host", ""):
            return False
    elif origin == "null":
        return False
    sent = request.headers.get(CSRF_HEADER, "")
    return hmac.compare_digest(sent.encode("utf-8"), csrf_token(token).encode("utf-8"))
