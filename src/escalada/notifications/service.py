"""Notify users inside Escalada; @mentions in internal notes."""

from __future__ import annotations

import re

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.auth.service import active_user_ids_with
from escalada.kit.clock import utc_now
from escalada.models import IncidentNotification, Notification, User
from escalada.presence.live import publish_after_commit

# @ana, @ana.lopez, @ana@example.com: a mention names a user by their email's local part
# or their whole email.
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9._%+-]+(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?)")


def user_channel(user_id: int) -> str:
    return f"user:{user_id}"


def mentioned_users(session: Session, text: str) -> list[User]:
    """Active users named in ``text``; unknown handles (customers, brands) are ignored."""
    handles = {m.group(1).rstrip(".").lower() for m in MENTION.finditer(text)}
    if not handles:
        return []
    users = session.scalars(select(User).where(User.is_active.is_(True)).order_by(User.id)).all()
    return [u for u in users
            if u.email.lower() in handles or u.email.split("@")[0].lower() in handles]


def mention_handle(user: User, users: list[User]) -> str:
    """How to @mention ``user``: the email's local part, or the whole email when two users share it."""
    local = user.email.split("@")[0].lower()
    shared = sum(1 for u in users if u.email.split("@")[0].lower() == local)
    return local if shared == 1 else user.email.lower()


def mention_candidates(session: Session, *, prefix: str, limit: int = 8) -> list[dict[str, str]]:
    """Active users whose name or handle starts with ``prefix`` (any word of the name), for @-completion."""
    prefix = prefix.strip().lstrip("@").lower()
    users = list(session.scalars(select(User).where(User.is_active.is_(True)).order_by(User.name, User.id)))
    out = []
    for user in users:
        handle = mention_handle(user, users)
        words = [handle, user.email.lower(), *user.name.lower().split()]
        if any(w.startswith(prefix) for w in words):
            out.append({"handle": handle, "name": user.name, "role": user.role})
        if len(out) >= limit:
            break
    return out


def notify(session: Session, *, user_id: int, kind: str, text: str, actor: Principal,
           conversation_id: int | None = None) -> Notification:
    notification = Notification(user_id=user_id, kind=kind, text=text, actor_label=actor.label,
                                conversation_id=conversation_id)
    session.add(notification)
    publish_after_commit(session, user_channel(user_id), {"type": "notification", "kind": kind})
    return notification


def notify_everyone_who_can(session: Session, permission: Permission, *, kind: str, text: str,
                            actor: Principal, conversation_id: int | None = None) -> None:
    """Notify every active user whose role carries ``permission`` (the actor excepted)."""
    for user_id in active_user_ids_with(session, permission):
        if actor.user_id is None or user_id != actor.user_id:
            notify(session, user_id=user_id, kind=kind, text=text, actor=actor, conversation_id=conversation_id)


def notify_mentions(session: Session, *, text: str, conversation_id: int, actor: Principal) -> list[User]:
    users = [u for u in mentioned_users(session, text) if u.id != actor.user_id]
    for user in users:
        notify(session, user_id=user.id, kind="mention", conversation_id=conversation_id, actor=actor,
               text=f"{actor.label} mentioned you: {text[:280]}")
    return users


def list_for(session: Session, *, principal: Principal, limit: int = 100) -> list[Notification]:
    if principal.user_id is None:
        return []
    return list(session.scalars(
        select(Notification).where(Notification.user_id == principal.user_id)
        .order_by(Notification.id.desc()).limit(limit)
    ))


def unread_count(session: Session, *, user_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    ) or 0


def mark_all_read(session: Session, *, principal: Principal, kind: str | None = None) -> int:
    """Mark the user's notifications read (only those of ``kind`` when given).

    Incident alerts are also kept per incident for the incident alerts view; reading
    them here reads them there too.
    """
    if principal.user_id is None:
        return 0
    query = update(Notification).where(Notification.user_id == principal.user_id, Notification.read_at.is_(None))
    if kind is not None:
        query = query.where(Notification.kind == kind)
    result = session.execute(query.values(read_at=utc_now()))
    if kind in (None, "incident"):
        session.execute(update(IncidentNotification)
                        .where(IncidentNotification.user_id == principal.user_id,
                               IncidentNotification.read_at.is_(None))
                        .values(read_at=utc_now()))
    return result.rowcount or 0


_INCIDENT = re.compile(r"\bincident #(\d+)", re.IGNORECASE)


def link_for(notification: Notification) -> tuple[str, str] | None:
    """Where a notification leads, with the link's words."""
    if notification.conversation_id is not None:
        return f"/conversations/{notification.conversation_id}", "Open the conversation"
    found = _INCIDENT.search(notification.text) if notification.kind == "incident" else None
    if found:
        return f"/incidents/{found.group(1)}", "Open the incident"
    return None
