"""Admin pages: API tokens, users, brands and their accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from escalada.auth import service as auth_service
from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission, Role
from escalada.auth.principal import Principal
from escalada.brands import service as brand_service
from escalada.errors import EscaladaError
from escalada.kit.ids import RowId
from escalada.inbox.schemas import PLATFORMS
from escalada.web import flash, templates

router = APIRouter(prefix="/settings", include_in_schema=False)
TokenAdmin = Annotated[Principal, Depends(require(Permission.TOKENS_MANAGE))]
UserViewer = Annotated[Principal, Depends(require(Permission.USERS_VIEW))]
UserAdmin = Annotated[Principal, Depends(require(Permission.USERS_MANAGE))]
BrandViewer = Annotated[Principal, Depends(require(Permission.BRANDS_VIEW))]
BrandAdmin = Annotated[Principal, Depends(require(Permission.BRANDS_MANAGE))]
ROLES = [r.value for r in Role]


@router.get("/tokens", response_class=HTMLResponse)
def tokens(request: Request, session: SessionDep, _: TokenAdmin) -> Response:
    created = request.session.pop("new_token", None)
    context = {"tokens": auth_service.list_tokens(session), "roles": ROLES, "created": created}
    return templates.TemplateResponse(request, "settings/tokens.html", context)


@router.post("/tokens")
def create_token(request: Request, session: SessionDep, principal: TokenAdmin,
                 name: Annotated[str, Form(max_length=120)], role: Annotated[str, Form()]) -> Response:
    token, plain = auth_service.create_token(session, name=name, role=role, actor=principal)
    # Kept in the signed session for exactly one page view, then gone.
    request.session["new_token"] = {"name": token.name, "token": plain}
    return RedirectResponse("/settings/tokens", status_code=303)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(token_id: int, request: Request, session: SessionDep, principal: TokenAdmin) -> Response:
    token = auth_service.revoke_token(session, token_id=token_id, actor=principal)
    flash(request, f"Token “{token.name}” revoked.")
    return RedirectResponse("/settings/tokens", status_code=303)


def _users_page(request: Request, session: SessionDep, *, status_code: int = 200,
                form_error: dict[str, str] | None = None, draft: dict[str, str] | None = None) -> Response:
    context = {"users": auth_service.list_users(session), "roles": ROLES,
               "form_error": form_error or {}, "draft": draft or {}}
    return templates.TemplateResponse(request, "settings/users.html", context, status_code=status_code)


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, session: SessionDep, _: UserViewer) -> Response:
    return _users_page(request, session)


@router.post("/users")
def create_user(request: Request, session: SessionDep, principal: UserAdmin,
                email: Annotated[str, Form(max_length=254)], name: Annotated[str, Form(max_length=120)],
                role: Annotated[str, Form()], password: Annotated[str, Form(max_length=200)]) -> Response:
    try:
        with session.begin_nested():
            user = auth_service.create_user(session, email=email, name=name, role=role, password=password,
                                            actor=principal)
    except EscaladaError as exc:  # shown next to the form, with what was typed (but the password)
        return _users_page(request, session, status_code=exc.status_code,
                           form_error={"new": exc.message}, draft={"email": email, "name": name, "role": role})
    flash(request, f"{user.name} can now sign in as {user.email}.")
    return RedirectResponse("/settings/users", status_code=303)


@router.post("/users/{user_id}")
def update_user(user_id: RowId, request: Request, session: SessionDep, principal: UserAdmin,
                role: Annotated[str, Form()], active: Annotated[str, Form()] = "",
                name: Annotated[str, Form(max_length=120)] = "") -> Response:
    try:
        with session.begin_nested():
            user = auth_service.update_user(session, user_id=user_id, actor=principal, name=name or None,
                                            role=role, is_active=active == "on")
    except EscaladaError as exc:
        return _users_page(request, session, status_code=exc.status_code,
                           form_error={f"user-{user_id}": exc.message})
    state = "active" if user.is_active else "deactivated and signed out"
    flash(request, f"{user.name}: {state}, role {user.role.replace('_', ' ')}.")
    return RedirectResponse("/settings/users", status_code=303)


@router.post("/users/{user_id}/password")
def reset_password(user_id: RowId, request: Request, session: SessionDep, principal: UserAdmin,
                   password: Annotated[str, Form(max_length=200)]) -> Response:
    try:
        with session.begin_nested():
            user = auth_service.reset_password(session, user_id=user_id, password=password, actor=principal)
    except EscaladaError as exc:
        return _users_page(request, session, status_code=exc.status_code,
                           form_error={f"password-{user_id}": exc.message})
    flash(request, f"New password set for {user.name}; their sessions have ended.")
    return RedirectResponse("/settings/users", status_code=303)


@router.get("/brands", response_class=HTMLResponse)
def brands(request: Request, session: SessionDep, _: BrandViewer) -> Response:
    context = {"brands": brand_service.list_brands(session), "platforms": PLATFORMS}
    return templates.TemplateResponse(request, "settings/brands.html", context)


@router.post("/brands")
def create_brand(request: Request, session: SessionDep, principal: BrandAdmin,
                 slug: Annotated[str, Form(max_length=64)], name: Annotated[str, Form(max_length=120)]) -> Response:
    brand = brand_service.create_brand(session, slug=slug, name=name, actor=principal)
    flash(request, f"Brand {brand.name} created; connect its accounts below.")
    return RedirectResponse("/settings/brands", status_code=303)


@router.post("/brands/{slug}/accounts")
def add_account(slug: str, request: Request, session: SessionDep, principal: BrandAdmin,
                platform: Annotated[str, Form()], handle: Annotated[str, Form(max_length=120)]) -> Response:
    brand = brand_service.get_brand(session, slug=slug)
    account = brand_service.add_account(session, brand=brand, platform=platform, handle=handle,
                                        actor=principal)
    flash(request, f"{platform} account @{account.display_handle} connected to {brand.name}.")
    return RedirectResponse("/settings/brands", status_code=303)
