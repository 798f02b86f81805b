"""Pydantic shapes of the replies API: the guard check, approvals, saved replies, claims."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from escalada.inbox.schemas import MessageOut, StorableText, Visibility

MAX_TEXT = 64 * 1024


class ReplyCheckIn(BaseModel):
    text: Annotated[StorableText, StringConstraints(max_length=MAX_TEXT)]
    visibility: Visibility
    language: Annotated[str, StringConstraints(strip_whitespace=True, max_length=8)] | None = None
    serious: bool = Field(default=False, description="A serious case: humour is flagged too.")


class FindingOut(BaseModel):
    kind: Literal["privacy", "tone"]
    code: str
    message: str
    span: Annotated[list[int], Field(min_length=2, max_length=2)]


class ReplyCheckOut(BaseModel):
    blocked: bool
    findings: list[FindingOut]
    advice: str | None = None


class ApprovalOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    conversation_id: int
    rule_name: str
    requested_by_label: str
    original_text: str
    text: str
    visibility: str
    status: str
    decided_by_label: str | None
    decided_at: datetime | None
    decision_note: str | None
    message_id: int | None
    created_at: datetime


class ReplyHeldOut(BaseModel):
    status: Literal["held_for_approval"] = "held_for_approval"
    approval: ApprovalOut


class ApproveIn(BaseModel):
    text: Annotated[StorableText, StringConstraints(max_length=MAX_TEXT)] | None = None
    note: Annotated[str, StringConstraints(max_length=2000)] | None = None


class RejectIn(BaseModel):
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class ApprovedOut(BaseModel):
    approval: ApprovalOut
    message: MessageOut


class SavedReplyBody(BaseModel):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    body: Annotated[StorableText, StringConstraints(min_length=1, max_length=MAX_TEXT)]
    language: str = "any"
    category: str | None = None
    tag: str | None = None


class SavedReplyOut(SavedReplyBody):
    model_config = ConfigDict(from_attributes=True)

    id: int
    usage_count: int
    last_used_at: datetime | None


class RenderedOut(BaseModel):
    saved_reply_id: int
    text: str


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    conversation_id: int | None
    actor_label: str
    text: str
    created_at: datetime
    read_at: datetime | None
