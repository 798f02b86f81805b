"""Sign in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from escalada.auth import service, throttle
from escalada.auth.csrf import check_csrf
from escalada.audit.service import record
from escalada.auth.dependencies import (
    SESSION_EPOCH,
    SESSION_USER,
    SessionDep,
    current_principal,
    login_session,
    logout_session,
)
from escalada.auth.principal import Principal
from escalada.errors import EscaladaError, InvalidInput, PermissionDenied
from escalada.kit.clock import utc_now
from escalada.web import flash, templates

router = APIRouter(include_in_schema=False)
SignedIn = Annotated[Principal, Depends(current_principal)]


def _client(request: Request) -> str:
    # The peer address; behind a proxy, uvicorn's proxy_headers put the forwarded one here.
    return request.client.host if request.client else "unknown"


def _safe_next(target: str | None) -> str:
    # Only same-site paths, so the login form cannot bounce a user to another site.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/inbox"


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
    account, client, now = email.strip().lower(), _client(request), utc_now()
    error = throttle.refusal(session, client=client, account=account, now=now)
    if error is None:
        user = service.authenticate(session, email=email, password=password)
        if user is None:
            throttle.record_failure(session, client=client, account=account, now=now)
            error = "Email or password is wrong."
        else:
            throttle.forget(session, client=client, account=account)
            login_session(request, user)
            record(session, actor=service.principal_for_user(user), action="user.signed_in")
            return RedirectResponse(_safe_next(next), status_code=303)
    return templates.TemplateResponse(
        request, "login.html", {"next": _safe_next(next), "error": error, "email": email},
        status_code=401,
    )


@router.post("/logout")
def logout(request: Request, session: SessionDep, csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, csrf_token or request.headers.get("x-csrf-token"))
    user_id, epoch = request.session.get(SESSION_USER), request.session.get(SESSION_EPOCH)
    if isinstance(user_id, int) and isinstance(epoch, int):
        service.sign_out(session, user_id=user_id, epoch=epoch)
    logout_session(request)
    return RedirectResponse("/login", status_code=303)


def _person(principal: Principal) -> int:
    if principal.user_id is None or not principal.via_session:
        raise PermissionDenied("your account page is for people signed in with a password")
    return principal.user_id


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, principal: SignedIn) -> Response:
    _person(principal)
    return templates.TemplateResponse(request, "account.html", {"error": None})


@router.post("/account/password")
def change_password(request: Request, session: SessionDep, principal: SignedIn,
                    current_password: Annotated[str, Form(max_length=200)],
                    password: Annotated[str, Form(max_length=200)],
                    confirm: Annotated[str, Form(max_length=200)]) -> Response:
    user_id = _person(principal)
    try:
        if password != confirm:
            raise InvalidInput("the two new passwords differ", details={"field": "confirm"})
        with session.begin_nested():
            user = service.change_own_password(session, user_id=user_id, current=current_password,
                                               new=password)
    except EscaladaError as exc:
        field = exc.details.get("field") if isinstance(exc.details, dict) else None
        return templates.TemplateResponse(request, "account.html", {"error": exc.message, "field": field},
                                          status_code=exc.status_code)
    login_session(request, user)  # every other session has ended; this browser stays signed in
    flash(request, "Password changed. Every other session of yours has been signed out.")
    return RedirectResponse("/account", status_code=303)
