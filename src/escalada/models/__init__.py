"""All tables, importable from one place so features never import each other in a circle."""

from escalada.models.audit import AuditEvent
from escalada.models.author import Author
from escalada.models.base import Base
from escalada.models.brand import Brand, BrandAccount
from escalada.models.conversation import (
    ACTIVE_STATUSES,
    PRIORITY_RANK,
    STATUSES,
    Conversation,
    ConversationTag,
    Note,
)
from escalada.models.message import DELIVERY_STATES, Message, SandboxDelivery
from escalada.models.rule import Rule
from escalada.models.routing import (
    AGENT_STATUSES,
    CHANNEL_TYPES,
    STRATEGIES,
    TEAM_KINDS,
    AgentProfile,
    ConversationRouting,
    Team,
)
from escalada.models.sla import (
    STAKEHOLDER_KINDS,
    BusinessCalendar,
    ConversationSla,
    ExecutiveSponsorship,
    Notification,
    SlaPolicy,
    Stakeholder,
)
from escalada.models.user import ApiToken, User

__all__ = [
    "AGENT_STATUSES",
    "CHANNEL_TYPES",
    "STAKEHOLDER_KINDS",
    "STRATEGIES",
    "TEAM_KINDS",
    "AgentProfile",
    "BusinessCalendar",
    "ConversationRouting",
    "ConversationSla",
    "ExecutiveSponsorship",
    "Notification",
    "Rule",
    "SlaPolicy",
    "Stakeholder",
    "Team",
    "ACTIVE_STATUSES",
    "DELIVERY_STATES",
    "PRIORITY_RANK",
    "STATUSES",
    "ApiToken",
    "AuditEvent",
    "Author",
    "Base",
    "Brand",
    "BrandAccount",
    "Conversation",
    "ConversationTag",
    "Message",
    "Note",
    "SandboxDelivery",
    "User",
]
