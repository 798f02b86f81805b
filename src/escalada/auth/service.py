from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from escalada.auth.permissions import Permission, Role, role_can
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


def check_password(password: str, *, user_inputs: tuple[str, ...] = ()) -> None:
    problem = password_problem(password, user_inputs=user_inputs)
    if problem:
        raise InvalidInput(problem, details={"field": "password"})


def create_user(
    session: Session, *, email: str, name: str, role: str, password: str, actor: Principal
) -> User:
    check_role(role)
    check_password(password, user_inputs=(email, name, *email.split("@")))
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


def active_user_ids_with(session: Session, permission: Permission) -> list[int]:
    """Active users whose role carries ``permission`` (e.g. who may decide held replies)."""
    roles = [r.value for r in Role if role_can(r.value, permission)]
    return list(session.scalars(select(User.id).where(User.role.in_(roles), User.is_active.is_(True))
                                .order_by(User.id)))


def get_user(session: Session, *, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    return user


def end_sessions(user: User) -> None:
    """Every signed-in session of ``user`` ends at its next request (sessions carry the epoch)."""
    user.session_epoch += 1


def sign_out(session: Session, *, user_id: int, epoch: int) -> None:
    """Sign-out ends the user's sessions everywhere, so a copied cookie dies with it.
    A cookie that is already dead (``epoch`` behind) changes nothing."""
    user = session.get(User, user_id)
    if user is not None and user.session_epoch == epoch:
        end_sessions(user)
        record(session, actor=principal_for_user(user), action="user.signed_out")


def _other_active_admins(session: Session, user: User) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN.value, User.is_active.is_(True), User.id != user.id)) or 0


def update_user(session: Session, *, user_id: int, actor: Principal, name: str | None = None,
                role: str | None = None, is_active: bool | None = None) -> User:
    """An admin edits a person. A new role or deactivation ends their sessions at once;
    the last active admin can be neither demoted nor deactivated."""
    user = get_user(session, user_id=user_id)
    changes: dict[str, object] = {}
    if name is not None and name.strip() and name.strip() != user.name:
        changes["name"] = user.name = name.strip()[:120]
    if role is not None and role != user.role:
        check_role(role)
        changes["role"] = role
    if is_active is not None and is_active != user.is_active:
        changes["is_active"] = is_active
    losing_admin = user.role == Role.ADMIN.value and user.is_active and (
        changes.get("role", Role.ADMIN.value) != Role.ADMIN.value or changes.get("is_active") is False)
    if losing_admin and _other_active_admins(session, user) == 0:
        raise Conflict("keep at least one active admin: make someone else admin first")
    if "role" in changes:
        user.role = role  # type: ignore[assignment]
    if "is_active" in changes:
        user.is_active = bool(is_active)
    if "role" in changes or changes.get("is_active") is False:
        end_sessions(user)
    if changes:
        record(session, actor=actor, action="user.updated", user_id=user.id, **changes)
    return user


def reset_password(session: Session, *, user_id: int, password: str, actor: Principal) -> User:
    """An admin sets a new password for someone (who signs in again everywhere)."""
    user = get_user(session, user_id=user_id)
    check_password(password, user_inputs=(user.email, user.name, *user.email.split("@")))
    user.password_hash = hash_password(password)
    end_sessions(user)
    record(session, actor=actor, action="user.password_reset", user_id=user.id)
    return user


def change_own_password(session: Session, *, user_id: int, current: str, new: str) -> User:
    """A person changes their own password; every session of theirs ends, this one included
    (the caller signs this browser in again)."""
    user = get_user(session, user_id=user_id)
    if not verify_password(user.password_hash, current):
        raise InvalidInput("the current password is wrong", details={"field": "current_password"})
    if new == current:
        raise InvalidInput("choose a password different from the current one", details={"field": "password"})
    check_password(new, user_inputs=(user.email, user.name, *user.email.split("@")))
    user.password_hash = hash_password(new)
    end_sessions(user)
    record(session, actor=principal_for_user(user), action="user.password_changed", user_id=user.id)
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
