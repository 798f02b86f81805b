from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from escalada.auth.permissions import Role
from escalada.auth.principal import Principal
from escalada.errors import Conflict, InvalidInput, NotFound
from escalada.kit.clock import utc_now
from escalada.models import ApiToken, User

TOKEN_PREFIX = "esc_"


def check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(f"unknown role {role!r}; use one of: {allowed}") from None


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password must have at least {MIN_PASSWORD_LENGTH} characters")


def create_user(
    session: Session, *, email: str, name: str, role: str, password: str, actor: Principal
) -> User:
    check_role(role)
    check_password(password)
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidInput("email must contain @")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"a user with email {email} already exists")
    user = User(email=email, name=name.strip() or email, role=role, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    record(session, actor=actor, action="user.created", user_id=user.id, role=role)
    return user


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if not verify_password(user.password_hash if user else None, password):
        return None
    assert user is not None
    if not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utc_now()
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def active_users(session: Session, role: str) -> list[User]:
    """The active users who have ``role``, in the order they were added."""
    return list(session.scalars(
        select(User).where(User.role == role, User.is_active.is_(True)).order_by(User.id)))


def get_user(session: Session, *, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    return user


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, *, name: str, role: str, actor: Principal
) -> tuple[ApiToken, str]:
    """Create a token; the plain text is returned once and only its hash is stored."""
    check_role(role)
    name = name.strip()
    if not name:
        raise InvalidInput("token name must not be empty")
    secret = secrets.token_urlsafe(32)
    plain = f"{TOKEN_PREFIX}{secret}"
    token = ApiToken(
        name=name,
        role=role,
        prefix=plain[:10],
        token_hash=_hash_token(plain),
        created_by_id=actor.user_id,
    )
    session.add(token)
    session.flush()
    record(session, actor=actor, action="token.created", token_id=token.id, name=name, role=role)
    return token, plain


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id.desc())))


def revoke_token(session: Session, *, token_id: int, actor: Principal) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"token {token_id} not found")
    if token.revoked_at is None:
        token.revoked_at = utc_now()
        record(session, actor=actor, action="token.revoked", token_id=token.id, name=token.name)
    return token


def principal_for_token(session: Session, *, plain: str) -> Principal | None:
    if not plain.startswith(TOKEN_PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(plain)))
    if token is None or token.revoked_at is not None:
        return None
    now = utc_now()
    # Write at most once a minute so a busy integration does not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        token.last_used_at = now
    return Principal(role=token.role, label=f"token:{token.name}", token_id=token.id)


def principal_for_user(user: User) -> Principal:
    return Principal(role=user.role, label=user.name, user_id=user.id, via_session=True)


def ensure_admin(
    session: Session, *, email: str, password: str | None
) -> tuple[User, str | None]:
    """Create the first admin unless an admin exists; return the generated password, if any."""
    existing = session.scalar(select(User).where(User.role == Role.ADMIN.value).limit(1))
    if existing is not None:
        return existing, None
    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(12)
    system = Principal(role="admin", label="setup")
    user = create_user(
        session, email=email, name="Administrator", role=Role.ADMIN.value, password=password,
        actor=system,
    )
    return user, generated
