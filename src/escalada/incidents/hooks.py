"""Where incidents meet features that live elsewhere: each is one call site.

- :func:`route_to_owner`: a conversation joins an incident. With teams configured it is
  routed to the incident owner's team (else the escalations team) by team routing, the
  decision explained on its timeline; without teams the owner takes it directly.
- :func:`review_draft`: the reply guard (privacy) reviews an update's text before it can
  be approved.
- :func:`send_outside`: e-mail (and the escalation webhook) for a stakeholder alert,
  through the SLA notifier's delivery rows, sent by a job after commit.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from escalada.audit.service import record
from escalada.auth.principal import Principal
from escalada.kit.clock import utc_now
from escalada.models import AgentProfile, Conversation, Incident, Team, User
from escalada.replies.guard import check_reply
from escalada.routing import core as routing_core
from escalada.routing import service as routing
from escalada.sla import notify

log = logging.getLogger(__name__)


def owner_team(session: Session, incident: Incident) -> tuple[Team | None, str]:
    """The team incident work goes to, and why: the owner's own team, else escalations."""
    if incident.owner_id is not None:
        team_id = session.scalar(select(AgentProfile.team_id).where(AgentProfile.user_id == incident.owner_id))
        team = session.get(Team, team_id) if team_id is not None else None
        if team is not None:
            return team, f"{team.name} is the incident owner's team"
    team = session.scalar(select(Team).where(Team.kind == "escalations").order_by(Team.id).limit(1))
    return team, (f"{team.name}: the owner has no team" if team else "no escalations team")


def route_to_owner(session: Session, *, incident: Incident, conversation: Conversation,
                   actor: Principal) -> None:
    if conversation.assignee_id is not None:
        return
    if routing.teams_configured(session):
        _route_to_team(session, incident=incident, conversation=conversation, actor=actor)
        return
    if incident.owner_id is None:
        return
    owner = session.get(User, incident.owner_id)
    if owner is None or not owner.is_active:
        return
    conversation.assignee_id = owner.id
    conversation.updated_at = utc_now()
    record(session, actor=actor, action="conversation.assigned", conversation_id=conversation.id,
           to=owner.name, previous=None, reason=f"incident #{incident.id} owner")


def _route_to_team(session: Session, *, incident: Incident, conversation: Conversation,
                   actor: Principal) -> None:
    team, why = owner_team(session, incident)
    decided = routing.decide_for(session, conversation, forced_team_id=team.id if team else None)
    if decided is None:
        return
    decision, kind = decided
    reason = decision.reason.replace(" (set by a rule)", "")
    routing.apply(session, conversation, routing_core.Decision(decision.team, decision.agent, f"incident #{incident.id} ({why}); {reason}"),
                  kind=kind, actor=actor)


def review_draft(text: str, *, language: str) -> list[str]:
    """Problems the reply guard finds in an update's text; empty means it may be approved.

    The guard itself is a separate feature (``escalada.replies.guard``); this is the
    one place incident updates call it. An update goes out publicly wherever the customer
    wrote publicly, so it is checked as a public reply; only privacy findings block (tone
    findings are suggestions, as in the composer).
    """
    result = check_reply(text, "public", language, serious=True)
    return [finding.message for finding in result.findings if finding.kind == "privacy"]


def send_outside(session: Session, *, emails: list[str], subject: str, text: str) -> int:
    """E-mail each recipient once and post to the escalation webhook (when configured).

    Each message is a delivery row a job sends after the commit; a retried job never
    sends a row twice. Returns how many e-mails were queued.
    """
    seen: set[str] = set()
    for email in emails:
        if email.lower() in seen:
            continue
        seen.add(email.lower())
        notify.notify_email(session, to=email, subject=subject, body=text)
    notify.notify_webhook(session, text=f"{subject}\n{text}" if text != subject else text)
    return len(seen)
