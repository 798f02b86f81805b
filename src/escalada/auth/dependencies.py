"""FastAPI dependencies: the acting principal, CSRF on cookie sessions, permission gates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from escalada.auth import service
from escalada.auth.csrf import check_csrf, sent_csrf_token
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import AuthenticationRequired
from escalada.models import User

SESSION_USER = "uid"


@dataclass(frozen=True, slots=True)
class SignedInUser:
    id: int
    name: str
    email: str
    role: str


SESSION_EPOCH = "epoch"


def get_session(request: Request) -> Iterator[Session]:
    read_only = request.method in ("GET", "HEAD")
    with request.app.state.db.unit_of_work(read_only=read_only) as session:
        request.state.db_session = session  # pages rendered in this request read through it
        yield session


# "function" scope commits before the response is sent, so a failed commit is a 500,
# never a success the client was already told about.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def login_session(request: Request, user: User) -> None:
    request.session.clear()  # a fresh session (and CSRF token) on every login
    request.session[SESSION_USER] = user.id
    request.session[SESSION_EPOCH] = user.session_epoch


def logout_session(request: Request) -> None:
    request.session.clear()


def _user_from_session(request: Request, session: Session) -> User | None:
    user_id = request.session.get(SESSION_USER)
    if not isinstance(user_id, int):
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return None
    if request.session.get(SESSION_EPOCH) != user.session_epoch:
        return None
    return user


def current_principal(
    request: Request,
    session: SessionDep,
    sent_csrf: Annotated[str | None, Depends(sent_csrf_token)],
) -> Principal:
    # Plain ``def``: FastAPI runs it in a worker thread. Database work must never run on
    # the event loop, where waiting for SQLite's write lock would stall every request.
    authorization = request.headers.get("authorization", "")
    if authorization:
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise AuthenticationRequired("use 'Authorization: Bearer <token>'")
        principal = service.principal_for_token(session, plain=credentials.strip())
        if principal is None:
            raise AuthenticationRequired("the API token is unknown or revoked")
        return principal
    user = _user_from_session(request, session)
    if user is None:
        raise AuthenticationRequired("sign in to continue")
    check_csrf(request, sent_csrf)
    # A plain snapshot: pages (even error pages after a rollback) read it without a session.
    request.state.user = SignedInUser(id=user.id, name=user.name, email=user.email, role=user.role)
    return service.principal_for_user(user)


def require(permission: Permission) -> Callable[..., Principal]:
    def gate(principal: Principal = Depends(current_principal)) -> Principal:
        principal.require(permission)
        return principal

    gate.__name__ = f"require_{permission.value.replace('.', '_')}"
    return gate
