"""Approvals: lead-configured rules hold some replies until an approver lets them go.

A held reply is a :class:`ReplyApproval`. The approver may edit the text, approve (the
reply then goes to the outbox under the agent's name) or reject with a note; each step
is audited and the agent is notified.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from escalada.audit.service import record
from escalada.auth.permissions import Permission, Role
from escalada.auth.principal import Principal
from escalada.errors import Conflict, InvalidInput, NotFound, ReplyBlocked
from escalada.inbox import service as inbox
from escalada.kit.clock import utc_now
from escalada.models import ApprovalRule, Author, Conversation, Message, ReplyApproval
from escalada.notifications.service import notify, notify_everyone_who_can
from escalada.presence.live import publish_after_commit
from escalada.replies.guard import check_reply
from escalada.sla.service import Clock, clocks_now
from escalada.triage.contract import CATEGORIES

APPROVALS_CHANNEL = "approvals"
ROLES = tuple(r.value for r in Role)


def rule_matches(rule: ApprovalRule, *, role: str, tier: int, categories: Iterable[str]) -> bool:
    """Pure: does this rule hold a reply by ``role`` on a conversation like this one?"""
    if not rule.is_active:
        return False
    if rule.roles and role not in rule.roles:
        return False
    if rule.min_tier is not None and tier < rule.min_tier:
        return False
    if rule.categories and not set(rule.categories) & set(categories):
        return False
    return True


def rule_for(session: Session, *, conversation: Conversation, principal: Principal) -> ApprovalRule | None:
    """The first active rule that holds this reply; approvers' own replies are never held."""
    if principal.can(Permission.APPROVALS_DECIDE):
        return None
    rules = session.scalars(select(ApprovalRule).where(ApprovalRule.is_active.is_(True))
                            .order_by(ApprovalRule.id))
    for rule in rules:
        if rule_matches(rule, role=principal.role, tier=conversation.tier,
                        categories=conversation.categories):
            return rule
    return None


def hold(session: Session, *, conversation: Conversation, text: str, visibility: str,
         principal: Principal, rule: ApprovalRule) -> ReplyApproval:
    approval = ReplyApproval(
        conversation_id=conversation.id, rule_id=rule.id, rule_name=rule.name,
        requested_by_user_id=principal.user_id, requested_by_label=principal.label,
        requested_by_role=principal.role, original_text=text, text=text, visibility=visibility,
    )
    session.add(approval)
    session.flush()
    record(session, actor=principal, action="reply.held", conversation_id=conversation.id,
           approval_id=approval.id, rule=rule.name)
    _tell_approvers(session, approval, conversation, principal)
    publish_after_commit(session, APPROVALS_CHANNEL, {"type": "approval", "id": approval.id})
    return approval


#: A held reply whose conversation's clock is in its warning stretch or overdue is
#: escalated: every approver is told at once that the customer is about to wait past
#: the target (the warning point is the SLA policy's own).
NEAR_BREACH_STATES = frozenset({"warning", "breached"})


def _tell_approvers(session: Session, approval: ReplyApproval, conversation: Conversation,
                    principal: Principal) -> None:
    """Approvers are notified the moment a reply is held; near breach, as an escalation."""
    reading = clocks_now(session, [conversation])[conversation.id].reading
    due = reading.due_at
    handle = session.scalar(select(Author.handle).where(Author.id == conversation.author_id)) or "the customer"
    text = f"{principal.label} asks you to approve a {approval.visibility} reply to @{handle}"
    kind = "approval"
    if due is not None and reading.state in NEAR_BREACH_STATES:
        minutes = int((due - utc_now()).total_seconds() // 60)
        when = f"due in {minutes} min" if minutes >= 0 else f"{-minutes} min overdue"
        text = f"Near SLA breach ({when}): {text}"
        kind = "approval_near_breach"
        record(session, actor=principal, action="reply.held_near_breach", conversation_id=conversation.id,
               approval_id=approval.id, due_at=due.isoformat())
    notify_everyone_who_can(session, Permission.APPROVALS_DECIDE, kind=kind, actor=principal,
                            text=f"{text}: {approval.text[:200]}", conversation_id=conversation.id)


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ReplyApproval)
                          .where(ReplyApproval.status == "pending")) or 0


def pending_for(session: Session, *, conversation_id: int) -> list[ReplyApproval]:
    return list(session.scalars(
        select(ReplyApproval)
        .where(ReplyApproval.conversation_id == conversation_id, ReplyApproval.status == "pending")
        .order_by(ReplyApproval.id)
    ))


def queue(session: Session, *, principal: Principal, status: str = "pending",
          limit: int = 200) -> list[tuple[ReplyApproval, Conversation]]:
    principal.require(Permission.APPROVALS_DECIDE)
    if status not in ("pending", "approved", "rejected"):
        raise InvalidInput("status is pending, approved or rejected")
    order = ReplyApproval.created_at.asc() if status == "pending" else ReplyApproval.decided_at.desc()
    rows = session.execute(
        select(ReplyApproval, Conversation)
        .join(Conversation, Conversation.id == ReplyApproval.conversation_id)
        .where(ReplyApproval.status == status)
        .options(joinedload(Conversation.author), joinedload(Conversation.brand))
        .order_by(order, ReplyApproval.id).limit(limit)
    ).all()
    return [(a, c) for a, c in rows]


def queue_by_deadline(session: Session, *, principal: Principal, limit: int = 200
                      ) -> list[tuple[ReplyApproval, Conversation, Clock]]:
    """Pending replies with their conversations' SLA clocks, the soonest due first (those
    with no running clock last, oldest first)."""
    rows = queue(session, principal=principal, status="pending", limit=limit)
    clocks = clocks_now(session, [c for _, c in rows])
    far = datetime.max.replace(tzinfo=UTC)
    ranked = sorted(rows, key=lambda row: (clocks[row[1].id].reading.due_at or far, row[0].created_at))
    return [(a, c, clocks[c.id]) for a, c in ranked]


def get(session: Session, *, approval_id: int, principal: Principal) -> ReplyApproval:
    principal.require(Permission.APPROVALS_DECIDE)
    approval = session.get(ReplyApproval, approval_id)
    if approval is None:
        raise NotFound(f"approval {approval_id} not found")
    return approval


def _pending(session: Session, approval_id: int, principal: Principal) -> ReplyApproval:
    principal.require(Permission.APPROVALS_DECIDE)
    approval = session.scalar(select(ReplyApproval).where(ReplyApproval.id == approval_id)
                              .with_for_update())
    if approval is None:
        raise NotFound(f"approval {approval_id} not found")
    if approval.status != "pending":
        raise Conflict(f"this reply was already {approval.status} by {approval.decided_by_label}")
    return approval


def approve(session: Session, *, approval_id: int, principal: Principal,
            text: str | None = None, note: str | None = None) -> Message:
    """Approve (optionally edited): the reply goes to the outbox under the agent's name."""
    approval = _pending(session, approval_id, principal)
    final = (text if text is not None else approval.text).strip()
    if not final:
        raise InvalidInput("the reply is empty")
    conversation = session.get(Conversation, approval.conversation_id)
    assert conversation is not None
    if approval.visibility == "public":
        result = check_reply(final, "public", conversation.language)
        if result.blocked:
            raise ReplyBlocked(result.advice or "", details=result.to_dict())
    author = Principal(role=approval.requested_by_role, label=approval.requested_by_label,
                       user_id=approval.requested_by_user_id)
    message = inbox.reply(session, conversation_id=approval.conversation_id, text=final,
                          visibility=approval.visibility, principal=author)
    approval.text = final
    approval.status = "approved"
    approval.message_id = message.id
    _decided(approval, principal, note)
    record(session, actor=principal, action="reply.approved", conversation_id=conversation.id,
           approval_id=approval.id, message_id=message.id, edited=final != approval.original_text,
           note=note or None)
    _tell_agent(session, approval, principal, f"{principal.label} approved your reply"
                + (" (edited)" if final != approval.original_text else "") + (f": {note}" if note else "."))
    return message


def reject(session: Session, *, approval_id: int, principal: Principal, note: str) -> ReplyApproval:
    note = note.strip()
    if not note:
        raise InvalidInput("say why the reply is rejected, so the agent can fix it")
    approval = _pending(session, approval_id, principal)
    approval.status = "rejected"
    _decided(approval, principal, note)
    record(session, actor=principal, action="reply.rejected", conversation_id=approval.conversation_id,
           approval_id=approval.id, note=note)
    _tell_agent(session, approval, principal, f"{principal.label} rejected your reply: {note}")
    return approval


def _decided(approval: ReplyApproval, principal: Principal, note: str | None) -> None:
    approval.decided_by_user_id = principal.user_id
    approval.decided_by_label = principal.label
    approval.decided_at = utc_now()
    approval.decision_note = (note or "").strip() or None


def _tell_agent(session: Session, approval: ReplyApproval, principal: Principal, text: str) -> None:
    if approval.requested_by_user_id is not None:
        notify(session, user_id=approval.requested_by_user_id, kind="approval", text=text,
               actor=principal, conversation_id=approval.conversation_id)
    publish_after_commit(session, APPROVALS_CHANNEL, {"type": "approval", "id": approval.id})


# -- rules -----------------------------------------------------------------------------

def list_rules(session: Session, *, principal: Principal) -> list[ApprovalRule]:
    principal.require(Permission.APPROVALS_CONFIGURE)
    return list(session.scalars(select(ApprovalRule).order_by(ApprovalRule.id)))


def create_rule(session: Session, *, name: str, roles: Sequence[str], min_tier: int | None,
                categories: Sequence[str], principal: Principal) -> ApprovalRule:
    principal.require(Permission.APPROVALS_CONFIGURE)
    name = name.strip()
    if not name or len(name) > 120:
        raise InvalidInput("a rule needs a name of 1 to 120 characters")
    unknown_roles = sorted(set(roles) - set(ROLES))
    if unknown_roles:
        raise InvalidInput(f"unknown role(s): {', '.join(unknown_roles)}")
    unknown = sorted(set(categories) - set(CATEGORIES))
    if unknown:
        raise InvalidInput(f"unknown categor(y/ies): {', '.join(unknown)}")
    if min_tier is not None and not 0 <= min_tier <= 3:
        raise InvalidInput("tier is 0 to 3")
    if not roles and min_tier is None and not categories:
        raise InvalidInput("a rule needs at least one condition (roles, tier or categories)")
    rule = ApprovalRule(name=name, roles=sorted(set(roles)), min_tier=min_tier,
                        categories=sorted(set(categories)), created_by_label=principal.label)
    session.add(rule)
    session.flush()
    record(session, actor=principal, action="approval_rule.created", rule_id=rule.id, name=rule.name,
           roles=rule.roles, min_tier=min_tier, categories=rule.categories)
    return rule


def set_rule_active(session: Session, *, rule_id: int, active: bool, principal: Principal) -> ApprovalRule:
    principal.require(Permission.APPROVALS_CONFIGURE)
    rule = session.get(ApprovalRule, rule_id)
    if rule is None:
        raise NotFound(f"approval rule {rule_id} not found")
    if rule.is_active != active:
        rule.is_active = active
        record(session, actor=principal, action="approval_rule." + ("enabled" if active else "disabled"),
               rule_id=rule.id, name=rule.name)
    return rule
