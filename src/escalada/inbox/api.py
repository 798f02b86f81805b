"""Inbox REST API: ingestion, the conversation list and every agent action."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import Field

from escalada.auth.dependencies import SessionDep, current_principal, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.kit.body import read_capped
from escalada.inbox import ingest, service
from escalada.inbox.presenters import conversation_detail, conversation_summary, message_out
from escalada.inbox.schemas import (
    AssigneeIn,
    ConversationDetail,
    ConversationPage,
    IngestItemResult,
    IngestReport,
    MessageOut,
    NoteIn,
    NoteOut,
    Priority,
    ReplyIn,
    Sort,
    Stream,
    StatusIn,
    TagIn,
)
from escalada.replies.outbox import list_outbox
from escalada.replies.schemas import ApprovalOut, ReplyHeldOut
from escalada.replies.service import send_reply

router = APIRouter(prefix="/api/v1", tags=["inbox"])
Viewer = Annotated[Principal, Depends(current_principal)]

_INGEST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "oneOf": [
                    {"$ref": "#/components/schemas/InboundMessage"},
                    {"type": "array", "items": {"$ref": "#/components/schemas/InboundMessage"}},
                ]
            }
        }
    },
}


async def _read_capped(request: Request) -> bytes:
    """Read the body but stop at the limit, so an oversized upload is never buffered."""
    return await read_capped(request, request.app.state.settings.max_request_bytes)


@router.post(
    "/messages",
    summary="Ingest one message or a batch",
    openapi_extra={"requestBody": _INGEST_BODY},
    responses={
        201: {"model": IngestItemResult, "description": "One message stored"},
        200: {"model": IngestReport, "description": "Batch processed; see each item"},
        409: {"description": "Duplicate (single message)"},
        413: {"description": "Body, batch or text too large"},
        422: {"description": "Invalid message"},
    },
)
def post_messages(
    request: Request,
    # The body is read before any database work: on SQLite a transaction holds the write
    # lock, which must not wait on a slow upload. Its size is capped before reading.
    body: Annotated[bytes, Depends(_read_capped)],
    session: SessionDep,
    principal: Annotated[Principal, Depends(require(Permission.MESSAGES_INGEST))],
) -> Response:
    settings = request.app.state.settings
    items, is_batch = ingest.parse_body(body, settings=settings)
    if is_batch:
        report = ingest.ingest_batch(session, items, settings=settings, actor=principal)
        return JSONResponse(report.model_dump(mode="json"))
    message = ingest.validate_item(items[0], settings=settings)
    stored = ingest.store(session, message, raw=items[0], actor=principal)
    result = IngestItemResult(
        index=0, status="created", message_id=stored.id, conversation_id=stored.conversation_id
    )
    return JSONResponse(result.model_dump(mode="json"), status_code=201)


def inbox_filter(
    status: Annotated[list[str], Query(description="Statuses; 'active' = new, open, pending, on_hold")] = [],  # noqa: B006
    channel: Annotated[list[str], Query()] = [],  # noqa: B006
    tier: Annotated[list[Annotated[int, Field(ge=0, le=3)]], Query()] = [],  # noqa: B006
    priority: Annotated[list[Priority], Query()] = [],  # noqa: B006
    language: Annotated[list[str], Query()] = [],  # noqa: B006
    tag: str | None = None,
    brand: str | None = None,
    assignee_id: int | None = None,
    mine: bool = False,
    unassigned: bool = False,
    q: Annotated[str | None, Query(max_length=200, description="Text search in messages")] = None,
    sort: Sort = "urgent",
    stream: Annotated[Stream, Query(description="inbox (default), listening (posts found by social "
                                                "listening, not yet promoted) or all")] = "inbox",
) -> service.InboxFilter:
    return service.InboxFilter(
        statuses=tuple(status), channels=tuple(channel), tiers=tuple(tier),
        priorities=tuple(priority), languages=tuple(language), tag=tag, brand=brand,
        assignee_id=assignee_id, mine=mine, unassigned=unassigned, q=q, sort=sort, stream=stream,
    )


@router.get("/conversations", response_model=ConversationPage)
def get_conversations(
    session: SessionDep,
    principal: Viewer,
    filters: Annotated[service.InboxFilter, Depends(inbox_filter)],
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 50,
) -> ConversationPage:
    rows, next_cursor = service.list_conversations(
        session, principal=principal, filters=filters, cursor=cursor, limit=limit
    )
    return ConversationPage(items=[conversation_summary(c) for c in rows], next_cursor=next_cursor)


@router.get("/conversations/{conversation_id}", response_model=ConversationDetail)
def get_conversation(conversation_id: int, session: SessionDep, principal: Viewer) -> ConversationDetail:
    return conversation_detail(session, conversation_id=conversation_id, principal=principal)


@router.post(
    "/conversations/{conversation_id}/replies", response_model=MessageOut, status_code=201,
    responses={202: {"model": ReplyHeldOut, "description": "Held for approval"},
               409: {"description": "Another reply went out since seen_reply_id"},
               422: {"description": "Invalid, a public reply stopped by the privacy guard, or "
                                    "a public reply to a private thread"}},
)
def post_reply(conversation_id: int, body: ReplyIn, session: SessionDep, principal: Viewer) -> Response:
    outcome = send_reply(
        session, conversation_id=conversation_id, text=body.text, visibility=body.visibility,
        principal=principal, seen_reply_id=body.seen_reply_id,
    )
    if outcome.approval is not None:
        held = ReplyHeldOut(approval=ApprovalOut.model_validate(outcome.approval))
        return JSONResponse(held.model_dump(mode="json"), status_code=202)
    assert outcome.message is not None
    return JSONResponse(message_out(outcome.message).model_dump(mode="json"), status_code=201)


@router.post("/conversations/{conversation_id}/notes", response_model=NoteOut, status_code=201)
def post_note(conversation_id: int, body: NoteIn, session: SessionDep, principal: Viewer) -> NoteOut:
    note = service.add_note(session, conversation_id=conversation_id, text=body.text, principal=principal)
    return NoteOut.model_validate(note)


@router.post("/conversations/{conversation_id}/tags", status_code=204)
def post_tag(conversation_id: int, body: TagIn, session: SessionDep, principal: Viewer) -> None:
    service.add_tag(session, conversation_id=conversation_id, tag=body.tag, principal=principal)


@router.delete("/conversations/{conversation_id}/tags/{tag}", status_code=204)
def delete_tag(conversation_id: int, tag: str, session: SessionDep, principal: Viewer) -> None:
    service.remove_tag(session, conversation_id=conversation_id, tag=tag, principal=principal)


@router.put("/conversations/{conversation_id}/status", status_code=204)
def put_status(conversation_id: int, body: StatusIn, session: SessionDep, principal: Viewer) -> None:
    service.set_status(session, conversation_id=conversation_id, status=body.status, principal=principal)


@router.put("/conversations/{conversation_id}/assignee", status_code=204)
def put_assignee(conversation_id: int, body: AssigneeIn, session: SessionDep, principal: Viewer) -> None:
    service.assign(session, conversation_id=conversation_id, user_id=body.user_id, principal=principal)


@router.get("/outbox", response_model=list[MessageOut])
def get_outbox(
    session: SessionDep,
    principal: Viewer,
    state: Annotated[list[str], Query()] = [],  # noqa: B006
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[MessageOut]:
    rows = list_outbox(session, principal=principal, states=tuple(state), limit=limit)
    return [message_out(m) for m in rows]
