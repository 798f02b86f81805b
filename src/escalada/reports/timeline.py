"""Plain data the metrics read: one conversation's history as a list of events.

Nothing here touches the database; ``service.py`` builds timelines from rows and tests
build them by hand. Event kinds:

- ``customer``: an inbound message (with its sentiment)
- ``reply``: an outbound message from an agent (``agent`` is the user id, None for
  replies sent from elsewhere, e.g. imported brand replies)
- ``action``: an agent's work without a reply: tag, assign, status change, note
- ``resolved`` / ``reopened``: status moves into resolved/closed, or back out of them
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

EventKind = Literal["customer", "reply", "action", "resolved", "reopened"]


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    kind: EventKind
    agent: int | None = None
    sentiment: float | None = None


@dataclass(slots=True)
class Timeline:
    conversation_id: int
    created_at: datetime
    tier: int = 1
    status: str = "new"
    brand: str = ""
    channel: str = ""
    assignee: int | None = None
    tags: tuple[str, ...] = ()
    brand_id: int | None = None
    priority: str = "normal"
    team: str | None = None  # the routing team that owns it (routing record, else the assignee's team)
    events: list[Event] = field(default_factory=list)
    csat: int | None = None
    csat_agent: int | None = None  # who the conversation was with when the survey went out

    def ordered(self) -> list[Event]:
        # Same instant: the customer's message comes before the answer to it.
        order = {"customer": 0, "reply": 1, "action": 2, "resolved": 3, "reopened": 4}
        return sorted(self.events, key=lambda e: (e.at, order[e.kind]))

    @property
    def needs_reply(self) -> bool:
        return self.tier > 0

    @property
    def is_resolved(self) -> bool:
        return self.status in ("resolved", "closed")
