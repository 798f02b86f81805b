"""Who am I, users and API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from escalada.auth import service
from escalada.auth.dependencies import SessionDep, current_principal, require
from escalada.auth.permissions import ROLE_PERMISSIONS, Permission, Role
from escalada.auth.principal import Principal
from escalada.auth.schemas import Me, TokenCreated, TokenIn, TokenOut, UserIn, UserOut

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
