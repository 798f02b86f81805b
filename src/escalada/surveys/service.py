"""CSAT surveys: sent by private message when a conversation is resolved, answered once.

``check_*`` functions validate, ``do_*`` mutate. The survey link carries a random token;
only its SHA-256 is stored, so a database leak reveals no working links.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.auth.principal import Principal
from escalada.config import get_settings
from escalada.errors import Conflict, InvalidInput, NotFound
from escalada.kit.clock import utc_now
from escalada.models import Conversation, CsatSurvey, Message
from escalada.replies.outbox import queue_reply

VALID_FOR = timedelta(days=7)
# One survey per conversation in this window, however often it is resolved and reopened.
QUIET_PERIOD = timedelta(days=7)
SURVEYOR = Principal(role="admin", label="CSAT survey")
MAX_COMMENT = 2000


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_text(url: str) -> str:
    return f"Thanks for talking to us. How did we do? One tap to rate us from 1 to 5: {url}"


def survey_url(token: str) -> str:
    return f"{get_settings().public_url.rstrip('/')}/s/{token}"


def token_in(text: str) -> str:
    """The token of the survey link in a survey message (what ``survey_text`` wrote)."""
    return text.rsplit("/s/", 1)[-1]


def send_after_resolution(session: Session, conversation: Conversation) -> CsatSurvey | None:
    """Queue a survey to the customer unless nobody answered them or one went out recently."""
    answered = session.scalar(
        select(Message.id).where(Message.conversation_id == conversation.id,
                                 Message.direction == "outbound",
                                 Message.sender_user_id.is_not(None)).limit(1))
    if answered is None:
        return None  # closed as noise, or handled elsewhere: nobody to rate
    now = utc_now()
    recent = session.scalar(
        select(CsatSurvey.id).where(CsatSurvey.conversation_id == conversation.id,
                                    CsatSurvey.sent_at > now - QUIET_PERIOD).limit(1))
    if recent is not None:
        return None
    token = secrets.token_urlsafe(24)
    message = queue_reply(session, conversation=conversation, text=survey_text(survey_url(token)),
                          visibility="private", principal=SURVEYOR)
    survey = CsatSurvey(conversation_id=conversation.id, agent_id=conversation.assignee_id,
                        message_id=message.id, token_hash=hash_token(token), sent_at=now,
                        expires_at=now + VALID_FOR)
    session.add(survey)
    session.flush()
    return survey


def find_survey(session: Session, *, token: str) -> CsatSurvey:
    """The survey behind a link; "not found" alike for unknown and malformed tokens."""
    if not 16 <= len(token) <= 64:
        raise NotFound("this survey link is not valid")
    survey = session.scalar(select(CsatSurvey).where(CsatSurvey.token_hash == hash_token(token)))
    if survey is None:
        raise NotFound("this survey link is not valid")
    return survey


def check_open(survey: CsatSurvey) -> None:
    if survey.answered_at is not None:
        raise Conflict("thank you, this survey has already been answered")
    if utc_now() > survey.expires_at:
        raise Conflict("this survey has closed")


def do_answer(session: Session, *, token: str, score: int, comment: str | None) -> CsatSurvey:
    """Record the answer; a second answer to the same link is refused (single use)."""
    if score not in range(1, 6):
        raise InvalidInput("choose a score from 1 to 5")
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > MAX_COMMENT:
        raise InvalidInput(f"the comment is longer than {MAX_COMMENT} characters")
    survey = session.scalar(
        select(CsatSurvey).where(CsatSurvey.token_hash == hash_token(token)).with_for_update())
    if survey is None:
        raise NotFound("this survey link is not valid")
    check_open(survey)
    survey.score = score
    survey.comment = comment
    survey.answered_at = utc_now()
    return survey
