"""Tables → API shapes. Kept apart so the API and the web pages show the same things."""

from __future__ import annotations

from sqlalchemy.orm import Session

from escalada.audit.service import conversation_timeline
from escalada.auth.principal import Principal
from escalada.inbox import service
from escalada.inbox.schemas import (
    AuthorOut,
    ConversationDetail,
    ConversationSummary,
    EventOut,
    MessageOut,
    NoteOut,
    UserRef,
)
from escalada.models import Conversation, Message


def conversation_summary(c: Conversation) -> ConversationSummary:
    return ConversationSummary(**_summary_fields(c))


def _summary_fields(c: Conversation) -> dict:
    return {
        "id": c.id,
        "brand": c.brand.slug,
        "brand_account": c.brand_account.display_handle,
        "channel": c.channel,
        "status": c.status,
        "tier": c.tier,
        "priority": c.priority,
        "language": c.language,
        "sentiment": c.sentiment,
        "categories": list(c.categories),
        "executive": c.executive,
        "needs_private": c.needs_private,
        "troll": c.troll,
        "author": AuthorOut.model_validate(c.author),
        "assignee": UserRef.model_validate(c.assignee) if c.assignee else None,
        "tags": [t.tag for t in c.tags],
        "preview": c.preview,
        "message_count": c.message_count,
        "created_at": c.created_at,
        "last_message_at": c.last_message_at,
    }


def message_out(m: Message) -> MessageOut:
    return MessageOut(
        id=m.id,
        direction=m.direction,  # type: ignore[arg-type]
        platform=m.platform,
        platform_message_id=m.platform_message_id,
        visibility=m.visibility,
        text=m.text,
        created_at=m.created_at,
        in_reply_to_platform_id=m.in_reply_to_platform_id,
        sender=m.sender_label,
        language=m.language,
        sentiment=m.sentiment,
        triage=m.triage,
        delivery_state=m.delivery_state,
        delivery_error=m.delivery_error,
    )


def conversation_detail(
    session: Session, *, conversation_id: int, principal: Principal
) -> ConversationDetail:
    c = service.get_conversation(session, conversation_id=conversation_id, principal=principal)
    return ConversationDetail(
        **_summary_fields(c),
        reasons=list(c.reasons),
        messages=[message_out(m) for m in service.thread(session, conversation=c)],
        notes=[NoteOut.model_validate(n) for n in service.notes(session, conversation=c)],
        timeline=[EventOut.model_validate(e) for e in conversation_timeline(session, conversation_id=c.id)],
    )
