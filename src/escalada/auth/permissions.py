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
}
_SENIOR = _AGENT | {Permission.CONVERSATIONS_ASSIGN}
_MANAGER = _SENIOR | {Permission.AUDIT_VIEW}
_LEAD = _MANAGER | {Permission.MESSAGES_INGEST, Permission.TRIAGE_POLICY_MANAGE}
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
