"""Rules on the database: edit, import from YAML, apply at ingest, dry-run on recent messages.

Each rule that fires writes a ``rule.applied`` event on the conversation's timeline naming
the rule and what it did, so the audit trail answers "why is this tagged / closed / here".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from escalada.audit.service import record
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.auth.service import active_users
from escalada.channels.visibility import thread_visibility
from escalada.errors import InvalidInput, NotFound
from escalada.inbox import threading
from escalada.inbox.status import transition
from escalada.kit.clock import utc_now
from escalada.listening import stream
from escalada.models import PRIORITY_RANK, Author, Brand, Conversation, Message, Rule, SavedReply, Team, User
from escalada.rules import acknowledge, engine
from escalada.sla import notify

RULES = Principal(role="admin", label="rules")
MAX_RULES_PER_IMPORT = 500


def spec_of(rule: Rule) -> engine.RuleSpec:
    return engine.RuleSpec(name=rule.name, conditions=tuple(rule.conditions), actions=tuple(rule.actions),
                           stop_processing=rule.stop_processing, timezone=rule.timezone, id=rule.id)


def list_rules(session: Session) -> list[Rule]:
    return list(session.scalars(select(Rule).order_by(Rule.position, Rule.id)))


def get_rule(session: Session, rule_id: int) -> Rule:
    rule = session.get(Rule, rule_id)
    if rule is None:
        raise NotFound(f"rule {rule_id} not found")
    return rule


def save_rule(session: Session, *, principal: Principal, name: str, conditions: list[dict[str, Any]],
              actions: list[dict[str, Any]], stop_processing: bool = False, enabled: bool = True,
              timezone: str = "UTC", rule_id: int | None = None) -> Rule:
    """Create (appended last) or replace a rule, after checking every condition and action."""
    principal.require(Permission.RULES_MANAGE)
    conditions, actions = engine.check_rule(name=name, conditions=conditions, actions=actions, timezone=timezone)
    for action in actions:
        if action["type"] == "assign_team" and session.scalar(select(Team.id).where(Team.slug == action["value"])) is None:
            raise InvalidInput(f"no team called {action['value']!r}")
        if action["type"] == "assign_agent" and session.scalar(
                select(User.id).where(User.email == str(action["value"]).lower())) is None:
            raise InvalidInput(f"no user with e-mail {action['value']!r}")
        if action.get("saved_reply_id") is not None and session.scalar(
                select(SavedReply.id).where(SavedReply.id == action["saved_reply_id"],
                                            SavedReply.is_active.is_(True))) is None:
            raise InvalidInput(f"no saved reply {action['saved_reply_id']}")
    if rule_id is None:
        last = session.scalar(select(func.max(Rule.position))) or 0
        rule = Rule(position=last + 1)
        session.add(rule)
    else:
        rule = get_rule(session, rule_id)
    rule.name, rule.conditions, rule.actions = name.strip()[:120], conditions, actions
    rule.stop_processing, rule.enabled, rule.timezone = stop_processing, enabled, timezone
    rule.updated_at = utc_now()
    session.flush()
    record(session, actor=principal, action="rule.saved", rule=rule.name, rule_id=rule.id)
    return rule


def delete_rule(session: Session, *, rule_id: int, principal: Principal) -> None:
    principal.require(Permission.RULES_MANAGE)
    rule = get_rule(session, rule_id)
    record(session, actor=principal, action="rule.deleted", rule=rule.name, rule_id=rule.id)
    session.delete(rule)


def move_rule(session: Session, *, rule_id: int, direction: int, principal: Principal) -> None:
    """Swap a rule with its neighbour (direction -1 = earlier, +1 = later)."""
    principal.require(Permission.RULES_MANAGE)
    rules = list_rules(session)
    index = next((i for i, r in enumerate(rules) if r.id == rule_id), None)
    if index is None:
        raise NotFound(f"rule {rule_id} not found")
    other = index + direction
    if 0 <= other < len(rules):
        rules[index], rules[other] = rules[other], rules[index]
    for position, rule in enumerate(rules, start=1):
        rule.position = position
    record(session, actor=principal, action="rule.moved", rule_id=rule_id, direction=direction)


def import_yaml(session: Session, *, text: str, principal: Principal) -> list[Rule]:
    """Append every rule of a YAML document (a list, or ``{rules: [...]}``); all or nothing."""
    principal.require(Permission.RULES_MANAGE)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInput(f"not valid YAML: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("rules")
    if not isinstance(data, list) or not data:
        raise InvalidInput("expected a list of rules (or a mapping with a 'rules' list)")
    if len(data) > MAX_RULES_PER_IMPORT:
        raise InvalidInput(f"at most {MAX_RULES_PER_IMPORT} rules per import")
    created = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(f"rule {number}: expected a mapping with name, conditions and actions")
        try:
            created.append(save_rule(
                session, principal=principal, name=str(item.get("name", "")),
                conditions=list(item.get("conditions") or []), actions=list(item.get("actions") or []),
                stop_processing=bool(item.get("stop_processing", False)),
                enabled=bool(item.get("enabled", True)), timezone=str(item.get("timezone", "UTC")),
            ))
        except InvalidInput as exc:
            raise InvalidInput(f"rule {number} ({item.get('name', 'unnamed')}): {exc.message}") from exc
    return created


def message_facts(message: Message, conversation: Conversation, author: Author, brand_slug: str,
                  listening: bool | None = None) -> dict[str, Any]:
    age = None
    if author.account_created_at is not None:
        age = max(0, (message.created_at - author.account_created_at).days)
    return engine.facts(
        triage=message.triage or {}, channel=message.platform, brand=brand_slug, visibility=message.visibility,
        text=message.text, at=message.created_at,
        author={"handle": author.handle, "followers": author.followers, "following": author.following,
                "verified": author.verified, "account_age_days": age},
        listening=(any(t.tag == stream.LISTENING_TAG for t in conversation.tags) if listening is None
                   else listening),
    )


@dataclass
class RuleRun:
    forced_team_id: int | None = None
    fired: int = 0


def apply_rules(session: Session, conversation: Conversation, message: Message, *, is_first: bool) -> RuleRun:
    """Run the enabled rules on one inbound message and carry out what fires."""
    run = RuleRun()
    rules = [spec_of(r) for r in session.scalars(
        select(Rule).where(Rule.enabled.is_(True)).order_by(Rule.position, Rule.id))]
    if not rules:
        return run
    author = session.get(Author, message.author_id) if message.author_id else None
    brand_slug = session.scalar(select(Brand.slug).where(Brand.id == conversation.brand_id)) or ""
    data = message_facts(message, conversation, author or Author(handle="", platform_user_id=""), brand_slug,
                         listening=stream.is_listening(session, conversation))
    for rule in engine.evaluate(rules, data):
        done = [_act(session, conversation, message, action, run, is_first=is_first, rule=rule)
                for action in rule.actions]
        run.fired += 1
        record(session, actor=RULES, action="rule.applied", conversation_id=conversation.id,
               to=rule.name, rule_id=rule.id, reason="; ".join(d for d in done if d))
    return run


def _act(session: Session, conversation: Conversation, message: Message, action: dict[str, Any],
         run: RuleRun, *, is_first: bool, rule: engine.RuleSpec) -> str:
    kind, value = action["type"], action.get("value")
    if kind == "tag":
        threading.add_tags(session, conversation, [str(value).strip().lower()], added_by="rules")
        return f"tagged {value}"
    if kind == "set_tier":
        conversation.tier = int(value)
        return f"tier {value}"
    if kind == "set_priority":
        conversation.priority, conversation.priority_rank = value, PRIORITY_RANK[value]
        return f"priority {value}"
    if kind == "escalate":
        conversation.tier, conversation.priority, conversation.priority_rank = 3, "urgent", PRIORITY_RANK["urgent"]
        _notify_role(session, conversation, "escalation_manager", f"Escalated by rule “{rule.name}”")
        return "escalated (tier 3, urgent, escalation managers told)"
    if kind == "assign_team":
        run.forced_team_id = session.scalar(select(Team.id).where(Team.slug == value))
        return f"team {value}" if run.forced_team_id else f"team {value} no longer exists"
    if kind == "assign_agent":
        user = session.scalar(select(User).where(User.email == str(value).lower(), User.is_active.is_(True)))
        if user is None:
            return f"{value} is not an active user"
        conversation.assignee_id = user.id
        return f"assigned to {user.name}"
    if kind == "auto_acknowledge":
        if not is_first:
            return "no acknowledgement (not the first message)"
        from escalada.replies.outbox import queue_reply

        ack = acknowledge.acknowledgement(session, conversation, action)
        if ack is None:
            return f"no acknowledgement (no saved reply in {conversation.language} and no rule text)"
        # The first message decides the thread: a Messenger message stays private even
        # when its payload did not say so.
        queue_reply(session, conversation=conversation, text=ack.text,
                    visibility=thread_visibility(conversation.channel, message.visibility),
                    principal=RULES)
        return f"acknowledged automatically with the {ack.how}"
    if kind == "archive":
        threading.add_tags(session, conversation, ["noise"], added_by="rules")
        if conversation.status != "closed":
            transition(session, conversation, "closed", actor=RULES, reason=f"archived as noise by “{rule.name}”")
        return "archived as noise (action only)"
    if kind == "promote":
        if stream.leave_stream(session, conversation, actor=RULES, reason=f"promoted by “{rule.name}”"):
            return "moved from listening into the inbox"
        return ""
    if kind == "notify":
        recipients = _recipients(session, str(value))
        for user in recipients:
            notify.notify_user(session, user=user, conversation_id=conversation.id,
                               subject=f"[Escalada] Rule “{rule.name}”: conversation {conversation.id}",
                               body=f"“{conversation.preview}”. Open /conversations/{conversation.id}")
        return "notified " + (", ".join(u.name for u in recipients) or f"nobody ({value} not found)")
    return ""


def _recipients(session: Session, value: str) -> list[User]:
    if "@" in value:
        return list(session.scalars(
            select(User).where(User.is_active.is_(True), User.email == value.lower())))
    return active_users(session, value)


def _notify_role(session: Session, conversation: Conversation, role: str, subject: str) -> None:
    for user in _recipients(session, role):
        notify.notify_user(session, user=user, conversation_id=conversation.id, subject=f"[Escalada] {subject}",
                           body=f"“{conversation.preview}”. Open /conversations/{conversation.id}")


@dataclass(frozen=True)
class DryRunHit:
    message: Message
    conversation: Conversation
    matched: bool


def dry_run(session: Session, *, spec: engine.RuleSpec, last: int = 100) -> list[DryRunHit]:
    """Test a rule (saved or not) on the last ``last`` inbound messages; nothing changes."""
    last = max(1, min(last, 1000))
    rows = session.execute(
        select(Message, Conversation, Author, Brand.slug)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .join(Author, Author.id == Message.author_id)
        .join(Brand, Brand.id == Conversation.brand_id)
        .where(Message.direction == "inbound").order_by(Message.id.desc()).limit(last)
        .options(joinedload(Conversation.author), selectinload(Conversation.tags))
    ).all()
    return [DryRunHit(m, c, engine.matches(spec, message_facts(m, c, a, slug))) for m, c, a, slug in rows]
