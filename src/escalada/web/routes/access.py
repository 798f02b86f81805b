"""Sign in and out."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from escalada.auth import service
from escalada.auth.csrf import check_csrf, verify_csrf
from escalada.audit.service import record
from escalada.auth.dependencies import SessionDep, login_session, logout_session
from escalada.web import templates

router = APIRouter(include_in_schema=False)

MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60
_failures: dict[str, deque[float]] = defaultdict(deque)


def _safe_next(target: str | None) -> str:
    # Only same-site paths, so the login form cannot bounce a user to another site.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/inbox"


def _too_many_failures(key: str) -> bool:
    attempts = _failures[key]
    cutoff = time.monotonic() - FAILURE_WINDOW_SECONDS
    while attempts and attempts[0] < cutoff:
        attempts.popleft()
    return len(attempts) >= MAX_FAILURES


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> Response:
    return templates.TemplateResponse(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form()] = "/inbox",
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    check_csrf(request, csrf_token)
    key = email.strip().lower()
    error = None
    if _too_many_failures(key):
        error = "Too many failed attempts. Wait 15 minutes and try again."
    else:
        user = service.authenticate(session, email=email, password=password)
        if user is None:
            _failures[key].append(time.monotonic())
            error = "Email or password is wrong."
        else:
            _failures.pop(key, None)
            login_session(request, user)
            record(session, actor=service.principal_for_user(user), action="user.signed_in")
            return RedirectResponse(_safe_next(next), status_code=303)
    return templates.TemplateResponse(
        request, "login.html", {"next": _safe_next(next), "error": error, "email": email},
        status_code=401,
    )


@router.post("/logout")
async def logout(request: Request) -> Response:
    await verify_csrf(request)
    logout_session(request)
    return RedirectResponse("/login", status_code=303)
