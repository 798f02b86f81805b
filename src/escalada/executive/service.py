"""Enrol a customer with entry and exit criteria and a named sponsor; exit when met."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from escalada.audit.service import record
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.errors import Conflict, InvalidInput, NotFound
from escalada.inbox.service import get_conversation
from escalada.kit.clock import utc_now
from escalada.models import ACTIVE_STATUSES, Conversation, ExecutiveSponsorship, User
from escalada.sla import notify

SPONSOR_ROLES = ("lead", "escalation_manager", "admin")


def list_sponsorships(session: Session, *, active_only: bool = False) -> list[ExecutiveSponsorship]:
    query = select(ExecutiveSponsorship).options(
        joinedload(ExecutiveSponsorship.author), joinedload(ExecutiveSponsorship.brand),
        joinedload(ExecutiveSponsorship.sponsor),
    ).order_by(ExecutiveSponsorship.status, ExecutiveSponsorship.enrolled_at.desc())
    if active_only:
        query = query.where(ExecutiveSponsorship.status == "active")
    return list(session.scalars(query))


def for_author(session: Session, *, author_id: int) -> ExecutiveSponsorship | None:
    return session.scalar(
        select(ExecutiveSponsorship).options(joinedload(ExecutiveSponsorship.sponsor))
        .where(ExecutiveSponsorship.author_id == author_id, ExecutiveSponsorship.status == "active")
    )


def candidates(session: Session, *, limit: int = 50) -> list[Conversation]:
    """Open executive conversations whose customer is not enrolled yet."""
    enrolled = select(ExecutiveSponsorship.author_id).where(ExecutiveSponsorship.status == "active")
    return list(session.scalars(
        select(Conversation).options(joinedload(Conversation.author))
        .where(Conversation.executive.is_(True), Conversation.status.in_(ACTIVE_STATUSES),
               Conversation.author_id.not_in(enrolled))
        .order_by(Conversation.last_message_at.desc()).limit(limit)
    ))


def sponsors(session: Session) -> list[User]:
    return list(session.scalars(
        select(User).where(User.role.in_(SPONSOR_ROLES), User.is_active.is_(True)).order_by(User.name)))


def enrol(session: Session, *, conversation_id: int, sponsor_user_id: int, entry_criteria: str,
          exit_criteria: str, principal: Principal) -> ExecutiveSponsorship:
    principal.require(Permission.EXECUTIVE_MANAGE)
    conversation = get_conversation(session, conversation_id=conversation_id, principal=principal)
    if not entry_criteria.strip() or not exit_criteria.strip():
        raise InvalidInput("write both the entry criteria and the exit criteria")
    sponsor = session.get(User, sponsor_user_id)
    if sponsor is None or not sponsor.is_active or sponsor.role not in SPONSOR_ROLES:
        raise InvalidInput("the sponsor must be an active lead, escalation manager or admin")
    if for_author(session, author_id=conversation.author_id) is not None:
        raise Conflict(f"@{conversation.author.handle} is already in the programme")
    row = ExecutiveSponsorship(
        author_id=conversation.author_id, brand_id=conversation.brand_id, sponsor_user_id=sponsor.id,
        conversation_id=conversation.id, entry_criteria=entry_criteria.strip(),
        exit_criteria=exit_criteria.strip(),
    )
    session.add(row)
    session.flush()
    record(session, actor=principal, action="executive.enrolled", conversation_id=conversation.id,
           to=sponsor.name, reason=entry_criteria.strip()[:200])
    notify.notify_user(session, user=sponsor, conversation_id=conversation.id,
                       subject=f"[Escalada] You sponsor @{conversation.author.handle}",
                       body=f"Entry: {row.entry_criteria}\nExit when: {row.exit_criteria}\n"
                            f"Open /conversations/{conversation.id}")
    return row


def exit_programme(session: Session, *, sponsorship_id: int, note: str, principal: Principal) -> ExecutiveSponsorship:
    principal.require(Permission.EXECUTIVE_MANAGE)
    row = session.get(ExecutiveSponsorship, sponsorship_id)
    if row is None:
        raise NotFound(f"sponsorship {sponsorship_id} not found")
    if row.status != "active":
        raise Conflict("this customer has already left the programme")
    if not note.strip():
        raise InvalidInput("say how the exit criteria were met")
    row.status, row.exited_at, row.exit_note = "exited", utc_now(), note.strip()
    record(session, actor=principal, action="executive.exited", conversation_id=row.conversation_id,
           reason=row.exit_note[:200])
    return row
