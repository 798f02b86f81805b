"""What an agent should know about the person behind a conversation.

Earlier conversations with any brand, every post Escalada saw from them in the last
seven days, and the signals behind the troll score of their latest message: the
words (insults, shouting, absolutes) and the profile (new account, no avatar, few
followers, many posts a week), so an agent can judge the score instead of trusting it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from escalada.auth.principal import Principal
from escalada.inbox.batch_triage import author_signals
from escalada.inbox.service import get_conversation
from escalada.kit.clock import utc_now
from escalada.models import Author, Conversation, Message
from escalada.triage.categories import find_signals
from escalada.triage.pipeline import _is_shouting  # the pipeline's own shouting rule
from escalada.triage.sentiment import score_sentiment
from escalada.triage.text import clean, find_details, tokenize
from escalada.triage.troll import THRESHOLD, TrollAssessment, assess_troll

RECENT_DAYS = 7
MAX_CONVERSATIONS = 10
MAX_POSTS = 20


@dataclass
class AuthorContext:
    author: Author
    earlier: list[Conversation]
    recent_posts: list[Message]
    posts_last_7_days: int
    troll: TrollAssessment | None
    troll_threshold: float = THRESHOLD


def troll_assessment(text: str, author: Author, *, posts_last_7_days: int) -> TrollAssessment:
    """The troll score of ``text`` with the signals it used, as the triage pipeline computes it."""
    cleaned = clean(text)
    tokens = tokenize(cleaned)
    signals = find_signals(tokens)
    details = find_details(cleaned)
    shouting = _is_shouting(cleaned)
    sentiment = score_sentiment(cleaned, tokens, signals, shouting)
    profile = replace(author_signals(author), posts_last_7_days=posts_last_7_days)
    return assess_troll(cleaned, tokens, signals, details, sentiment, shouting, profile)


def author_context(session: Session, *, conversation_id: int, principal: Principal) -> AuthorContext:
    conversation = get_conversation(session, conversation_id=conversation_id, principal=principal)
    author = conversation.author
    since = utc_now() - timedelta(days=RECENT_DAYS)
    earlier = list(session.scalars(
        select(Conversation)
        .where(Conversation.author_id == author.id, Conversation.id != conversation.id)
        .options(joinedload(Conversation.brand))
        .order_by(Conversation.last_message_at.desc())
        .limit(MAX_CONVERSATIONS)
    ))
    recent_filter = (Message.author_id == author.id, Message.direction == "inbound",
                     Message.created_at >= since)
    recent = list(session.scalars(
        select(Message).where(*recent_filter).order_by(Message.created_at.desc()).limit(MAX_POSTS)
    ))
    count = session.scalar(select(func.count()).select_from(Message).where(*recent_filter)) or 0
    latest_text = session.scalar(
        select(Message.text)
        .where(Message.conversation_id == conversation.id, Message.direction == "inbound")
        .order_by(Message.created_at.desc(), Message.id.desc()).limit(1)
    )
    troll = troll_assessment(latest_text, author, posts_last_7_days=count) if latest_text else None
    return AuthorContext(author=author, earlier=earlier, recent_posts=recent,
                         posts_last_7_days=count, troll=troll)
