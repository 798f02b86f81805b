"""Replies REST API: the guard, claims, saved replies, approvals and notifications."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from escalada.auth.dependencies import SessionDep, current_principal, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.inbox import service as inbox
from escalada.inbox.presenters import message_out
from escalada.notifications import service as notifications
from escalada.replies import approvals, saved
from escalada.replies import service as replies
from escalada.replies.guard import check_reply
from escalada.replies.schemas import (
    ApprovalOut,
    ApprovedOut,
    ApproveIn,
    NotificationOut,
    RejectIn,
    RenderedOut,
    ReplyCheckIn,
    ReplyCheckOut,
    SavedReplyBody,
    SavedReplyOut,
)

router = APIRouter(prefix="/api/v1", tags=["replies"])
Viewer = Annotated[Principal, Depends(current_principal)]
# Checked before the body is read: a caller without the permission gets 403, not a 422.
SavedRepliesAdmin = Annotated[Principal, Depends(require(Permission.SAVED_REPLIES_MANAGE))]
Decider = Annotated[Principal, Depends(require(Permission.APPROVALS_DECIDE))]


@router.post("/replies/check", response_model=ReplyCheckOut, summary="Check a draft reply")
def post_check(body: ReplyCheckIn, principal: Viewer) -> ReplyCheckOut:
    """Tone suggestions and the privacy guard; ``blocked`` only for privacy findings in
    public replies. Nothing is stored."""
    principal.require(Permission.CONVERSATIONS_VIEW)
    result = check_reply(body.text, body.visibility, body.language, serious=body.serious)
    return ReplyCheckOut.model_validate({**result.to_dict(), "advice": result.advice})


@router.post("/conversations/{conversation_id}/claim", status_code=204)
def post_claim(conversation_id: int, session: SessionDep, principal: Viewer) -> None:
    replies.claim(session, conversation_id=conversation_id, principal=principal)


def _saved_out(s) -> SavedReplyOut:  # noqa: ANN001
    return SavedReplyOut.model_validate(s)


@router.get("/conversations/{conversation_id}/saved-replies", response_model=list[SavedReplyOut])
def get_suggestions(conversation_id: int, session: SessionDep, principal: Viewer) -> list[SavedReplyOut]:
    c = inbox.get_conversation(session, conversation_id=conversation_id, principal=principal)
    return [_saved_out(s) for s in saved.suggestions(session, conversation=c)]


@router.post("/conversations/{conversation_id}/saved-replies/{saved_reply_id}/render",
             response_model=RenderedOut)
def post_render(conversation_id: int, saved_reply_id: int, session: SessionDep,
                principal: Viewer) -> RenderedOut:
    c = inbox.get_conversation(session, conversation_id=conversation_id, principal=principal)
    text = saved.use(session, saved_reply_id=saved_reply_id, conversation=c, principal=principal)
    return RenderedOut(saved_reply_id=saved_reply_id, text=text)


@router.get("/saved-replies", response_model=list[SavedReplyOut])
def get_saved_replies(session: SessionDep, principal: Viewer) -> list[SavedReplyOut]:
    return [_saved_out(s) for s in saved.list_all(session, principal=principal)]


@router.post("/saved-replies", response_model=SavedReplyOut, status_code=201)
def post_saved_reply(body: SavedReplyBody, session: SessionDep, principal: SavedRepliesAdmin) -> SavedReplyOut:
    created = saved.create(session, data=saved.SavedReplyIn(**body.model_dump()), principal=principal)
    return _saved_out(created)


@router.put("/saved-replies/{saved_reply_id}", response_model=SavedReplyOut)
def put_saved_reply(saved_reply_id: int, body: SavedReplyBody, session: SessionDep,
                    principal: SavedRepliesAdmin) -> SavedReplyOut:
    updated = saved.update(session, saved_reply_id=saved_reply_id,
                           data=saved.SavedReplyIn(**body.model_dump()), principal=principal)
    return _saved_out(updated)


@router.delete("/saved-replies/{saved_reply_id}", status_code=204)
def delete_saved_reply(saved_reply_id: int, session: SessionDep, principal: Viewer) -> None:
    saved.delete(session, saved_reply_id=saved_reply_id, principal=principal)


@router.get("/approvals", response_model=list[ApprovalOut])
def get_approvals(session: SessionDep, principal: Viewer,
                  status: Annotated[Literal["pending", "approved", "rejected"], Query()] = "pending",
                  ) -> list[ApprovalOut]:
    return [ApprovalOut.model_validate(a) for a, _ in approvals.queue(session, principal=principal,
                                                                      status=status)]


@router.post("/approvals/{approval_id}/approve", response_model=ApprovedOut)
def post_approve(approval_id: int, body: ApproveIn, session: SessionDep, principal: Decider) -> ApprovedOut:
    message = approvals.approve(session, approval_id=approval_id, principal=principal, text=body.text,
                                note=body.note)
    approval = approvals.get(session, approval_id=approval_id, principal=principal)
    return ApprovedOut(approval=ApprovalOut.model_validate(approval), message=message_out(message))


@router.post("/approvals/{approval_id}/reject", response_model=ApprovalOut)
def post_reject(approval_id: int, body: RejectIn, session: SessionDep, principal: Decider) -> ApprovalOut:
    return ApprovalOut.model_validate(
        approvals.reject(session, approval_id=approval_id, principal=principal, note=body.note))


@router.get("/notifications", response_model=list[NotificationOut])
def get_notifications(session: SessionDep, principal: Viewer) -> list[NotificationOut]:
    return [NotificationOut.model_validate(n) for n in notifications.list_for(session, principal=principal)]
