"""Pydantic shapes of the inbox API: what comes in and what goes out."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from escalada.kit.clock import as_utc

Platform = Literal["x", "facebook", "instagram", "messenger", "whatsapp", "email", "sandbox", "other"]
PLATFORMS: tuple[str, ...] = Platform.__args__  # type: ignore[attr-defined]
Visibility = Literal["public", "private"]
Status = Literal["new", "open", "pending", "on_hold", "resolved", "closed"]
Priority = Literal["low", "normal", "high", "urgent"]
Sort = Literal["urgent", "newest", "oldest"]
Stream = Literal["inbox", "listening", "all"]

Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
UtcDateTime = Annotated[datetime, AfterValidator(as_utc)]


def _storable_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text contains invalid Unicode (an unpaired surrogate)") from exc
    return value


StorableText = Annotated[str, AfterValidator(_storable_text)]


class AuthorIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    platform_user_id: Identifier | None = Field(
        default=None, description="The platform's user id; the handle is used when absent."
    )
    handle: Identifier
    name: Annotated[str, StringConstraints(max_length=200)] | None = None
    followers: Annotated[int, Field(ge=0)] | None = None
    following: Annotated[int, Field(ge=0)] | None = None
    verified: bool = False
    has_avatar: bool | None = None
    account_created_at: UtcDateTime | None = None
    bio: Annotated[StorableText, StringConstraints(max_length=2000)] | None = None


class InboundMessage(BaseModel):
    """A message as any channel hands it to Escalada, already normalised."""

    model_config = ConfigDict(extra="ignore")

    platform: Platform
    platform_message_id: Identifier
    brand_account: Identifier = Field(description="Handle of the brand's account that received it.")
    author: AuthorIn
    text: StorableText
    visibility: Visibility = "public"
    created_at: UtcDateTime
    in_reply_to: Identifier | None = Field(
        default=None, description="platform_message_id of the message this one answers."
    )


class IngestItemResult(BaseModel):
    index: int
    status: Literal["created", "duplicate", "rejected"]
    message_id: int | None = None
    conversation_id: int | None = None
    error: str | None = None


class IngestReport(BaseModel):
    created: int
    duplicates: int
    rejected: int
    results: list[IngestItemResult]


class AuthorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    platform: str
    handle: str
    name: str | None
    followers: int | None
    following: int | None
    verified: bool
    has_avatar: bool | None
    account_created_at: datetime | None
    bio: str | None


class UserRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    email: str
    role: str


class ConversationSummary(BaseModel):
    id: int
    brand: str
    brand_account: str
    channel: str
    status: str
    tier: int
    priority: str
    language: str
    sentiment: float
    categories: list[str]
    executive: bool
    needs_private: bool
    troll: float
    author: AuthorOut
    assignee: UserRef | None
    tags: list[str]
    preview: str
    message_count: int
    created_at: datetime
    last_message_at: datetime


class ConversationPage(BaseModel):
    items: list[ConversationSummary]
    next_cursor: str | None


class MessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    direction: Literal["inbound", "outbound"]
    platform: str
    platform_message_id: str | None
    visibility: str
    text: str
    created_at: datetime
    in_reply_to_platform_id: str | None
    sender: str | None
    language: str | None
    sentiment: float | None
    triage: dict | None
    delivery_state: str | None
    delivery_error: str | None


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    author_label: str
    text: str
    created_at: datetime


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_label: str
    action: str
    details: dict


class ConversationDetail(ConversationSummary):
    reasons: list[str]
    messages: list[MessageOut]
    notes: list[NoteOut]
    timeline: list[EventOut]


NonEmptyText = Annotated[StorableText, StringConstraints(strip_whitespace=True, min_length=1)]


class ReplyIn(BaseModel):
    text: NonEmptyText
    visibility: Visibility | None = Field(
        default=None,
        description="Leave out to follow the thread: a private message on a private thread "
        "(Messenger, WhatsApp, e-mail, or the customer's latest message was private), else a "
        "public reply. A public reply to a private thread is refused with 422 private_thread.",
    )
    seen_reply_id: Annotated[int, Field(ge=0)] | None = Field(
        default=None,
        description="Id of the newest reply the sender saw (0: none). When given, the reply is "
        "refused with 409 if another reply went out or awaits approval since. Left out, it is "
        "refused when someone else replied (or had a reply held) in the last two minutes, after "
        "the sender's own newest reply.",
    )


class NoteIn(BaseModel):
    text: NonEmptyText


class TagIn(BaseModel):
    tag: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class StatusIn(BaseModel):
    status: Status


class AssigneeIn(BaseModel):
    user_id: int | None
