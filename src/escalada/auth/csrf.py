"""Synchronizer-token CSRF protection for cookie-authenticated requests.

The token lives in the signed session; forms carry it in ``csrf_token`` and HTMX/JS
requests in the ``X-CSRF-Token`` header. Bearer-token API calls carry no cookie and
need none.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request

from escalada.errors import PermissionDenied

SESSION_KEY = "csrf"
HEADER = "x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token(request: Request) -> str:
    token = request.session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


async def sent_csrf_token(request: Request) -> str | None:
    """The token the request carries (header or form field). Touches no database, so it
    can run on the event loop while database work stays in worker threads."""
    if request.method in SAFE_METHODS:
        return None
    sent = request.headers.get(HEADER)
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    return sent


def check_csrf(request: Request, sent: str | None) -> None:
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get(SESSION_KEY)
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise PermissionDenied("the form expired or did not come from Escalada; reload and retry")


async def verify_csrf(request: Request) -> None:
    check_csrf(request, await sent_csrf_token(request))
