"""Who am I, users and API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from escalada.auth import service
from escalada.auth.dependencies import SessionDep, current_principal, require
from escalada.auth.permissions import ROLE_PERMISSIONS, Permission, Role
from escalada.auth.principal import Principal
from escalada.auth.schemas import (
    Me,
    PasswordChange,
    PasswordReset,
    TokenCreated,
    TokenIn,
    TokenOut,
    UserIn,
    UserOut,
    UserUpdate,
)
from escalada.errors import PermissionDenied
from escalada.kit.ids import RowId

router = APIRouter(prefix="/api/v1", tags=["access"])


@router.get("/me", response_model=Me)
def me(principal: Annotated[Principal, Depends(current_principal)]) -> Me:
    return Me(
        label=principal.label,
        role=principal.role,
        user_id=principal.user_id,
        permissions=sorted(p.value for p in ROLE_PERMISSIONS[Role(principal.role)]),
    )


@router.get("/users", response_model=list[UserOut])
def list_users(
    session: SessionDep, _: Annotated[Principal, Depends(require(Permission.USERS_VIEW))]
) -> list[UserOut]:
    return [UserOut.model_validate(u) for u in service.list_users(session)]


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(
    body: UserIn,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require(Permission.USERS_MANAGE))],
) -> UserOut:
    user = service.create_user(
        session, email=body.email, name=body.name, role=body.role.value, password=body.password,
        actor=principal,
    )
    return UserOut.model_validate(user)


@router.patch("/users/{user_id}", response_model=UserOut)
def update_user(
    user_id: RowId,
    principal: Annotated[Principal, Depends(require(Permission.USERS_MANAGE))],
    body: UserUpdate,
    session: SessionDep,
) -> UserOut:
    """Rename, re-role, deactivate or reactivate someone; a new role or deactivation signs them out."""
    user = service.update_user(session, user_id=user_id, actor=principal, name=body.name,
                               role=body.role.value if body.role else None, is_active=body.is_active)
    return UserOut.model_validate(user)


@router.post("/users/{user_id}/password", response_model=UserOut)
def reset_password(
    user_id: RowId,
    principal: Annotated[Principal, Depends(require(Permission.USERS_MANAGE))],
    body: PasswordReset,
    session: SessionDep,
) -> UserOut:
    """Set a new password for someone; their sessions end."""
    return UserOut.model_validate(
        service.reset_password(session, user_id=user_id, password=body.password, actor=principal))


@router.post("/me/password", status_code=204)
def change_password(
    principal: Annotated[Principal, Depends(current_principal)],
    body: PasswordChange,
    session: SessionDep,
) -> None:
    """Change your own password; every session of yours ends (sign in again)."""
    if principal.user_id is None:
        raise PermissionDenied("an API token has no password; sign in as a person")
    service.change_own_password(session, user_id=principal.user_id, current=body.current_password,
                                new=body.password)


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(
    session: SessionDep, _: Annotated[Principal, Depends(require(Permission.TOKENS_MANAGE))]
) -> list[TokenOut]:
    return [TokenOut.model_validate(t) for t in service.list_tokens(session)]


@router.post("/tokens", response_model=TokenCreated, status_code=201)
def create_token(
    body: TokenIn,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require(Permission.TOKENS_MANAGE))],
) -> TokenCreated:
    token, plain = service.create_token(session, name=body.name, role=body.role.value, actor=principal)
    return TokenCreated(**TokenOut.model_validate(token).model_dump(), token=plain)


@router.delete("/tokens/{token_id}", response_model=TokenOut)
def revoke_token(
    token_id: int,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require(Permission.TOKENS_MANAGE))],
) -> TokenOut:
    return TokenOut.model_validate(service.revoke_token(session, token_id=token_id, actor=principal))
