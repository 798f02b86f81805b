"""Roles and what each may do. Every route names the permission it needs."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    SENIOR_AGENT = "senior_agent"
    ESCALATION_MANAGER = "escalation_manager"
    LEAD = "lead"
    ADMIN = "admin"


class Permission(StrEnum):
    CONVERSATIONS_VIEW = "conversations.view"
    CONVERSATIONS_REPLY = "conversations.reply"
    CONVERSATIONS_NOTE = "conversations.note"
    CONVERSATIONS_TAG = "conversations.tag"
    CONVERSATIONS_STATUS = "conversations.status"
    CONVERSATIONS_CLAIM = "conversations.claim"  # assign to oneself
    CONVERSATIONS_ASSIGN = "conversations.assign"  # assign to anyone
    OUTBOX_VIEW = "outbox.view"
    MESSAGES_INGEST = "messages.ingest"
    BRANDS_VIEW = "brands.view"
    BRANDS_MANAGE = "brands.manage"
    TRIAGE_POLICY_MANAGE = "triage_policy.manage"  # per-brand tiers, keywords, thresholds
    USERS_VIEW = "users.view"
    USERS_MANAGE = "users.manage"
    TOKENS_MANAGE = "tokens.manage"
    AUDIT_VIEW = "audit.view"
    INCIDENTS_VIEW = "incidents.view"
    INCIDENTS_OPEN = "incidents.open"  # open one from a conversation, link conversations
    INCIDENTS_MANAGE = "incidents.manage"  # edit, change status, own, draft updates, post-mortems
    INCIDENTS_APPROVE = "incidents.approve"  # approve and send customer updates
    INCIDENTS_SETTINGS = "incidents.settings"  # detection thresholds per brand
    CHANNELS_MANAGE = "channels.manage"  # platform credentials, webhook deliveries
    LISTENING_MANAGE = "listening.manage"  # social-listening queries
    SAVED_REPLIES_MANAGE = "saved_replies.manage"
    APPROVALS_DECIDE = "approvals.decide"  # approve, edit or reject held replies
    APPROVALS_CONFIGURE = "approvals.configure"  # which replies need approval
    TEAMS_MANAGE = "teams.manage"  # teams, agent profiles, anyone's availability
    SLA_MANAGE = "sla.manage"  # policies, calendars, stakeholders
    RULES_MANAGE = "rules.manage"  # the rules engine
    EXECUTIVE_MANAGE = "executive.manage"  # the executive sponsorship programme
    REPORTS_VIEW = "reports.view"


_AGENT = {
    Permission.CONVERSATIONS_VIEW,
    Permission.CONVERSATIONS_REPLY,
    Permission.CONVERSATIONS_NOTE,
    Permission.CONVERSATIONS_TAG,
    Permission.CONVERSATIONS_STATUS,
    Permission.CONVERSATIONS_CLAIM,
    Permission.OUTBOX_VIEW,
    Permission.BRANDS_VIEW,
    Permission.USERS_VIEW,
    Permission.INCIDENTS_VIEW,
    Permission.INCIDENTS_OPEN,
}
_SENIOR = _AGENT | {Permission.CONVERSATIONS_ASSIGN}
_MANAGER = _SENIOR | {
    Permission.AUDIT_VIEW, Permission.INCIDENTS_MANAGE, Permission.INCIDENTS_APPROVE,
    Permission.APPROVALS_DECIDE, Permission.EXECUTIVE_MANAGE, Permission.REPORTS_VIEW,
}
_LEAD = _MANAGER | {
    Permission.MESSAGES_INGEST, Permission.INCIDENTS_SETTINGS, Permission.CHANNELS_MANAGE,
    Permission.LISTENING_MANAGE, Permission.SAVED_REPLIES_MANAGE, Permission.APPROVALS_CONFIGURE,
    Permission.TEAMS_MANAGE, Permission.SLA_MANAGE, Permission.RULES_MANAGE,
    Permission.TRIAGE_POLICY_MANAGE,
}
_ADMIN = set(Permission)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: frozenset(_AGENT),
    Role.SENIOR_AGENT: frozenset(_SENIOR),
    Role.ESCALATION_MANAGER: frozenset(_MANAGER),
    Role.LEAD: frozenset(_LEAD),
    Role.ADMIN: frozenset(_ADMIN),
}

ROLE_LABELS = {
    Role.AGENT: "Agent",
    Role.SENIOR_AGENT: "Senior agent",
    Role.ESCALATION_MANAGER: "Escalation manager",
    Role.LEAD: "Lead",
    Role.ADMIN: "Admin",
}


def role_can(role: str, permission: Permission) -> bool:
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
