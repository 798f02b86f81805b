"""All tables, importable from one place so features never import each other in a circle."""

from escalada.models.approval import APPROVAL_STATES, ApprovalRule, ReplyApproval
from escalada.models.audit import AuditEvent
from escalada.models.author import Author
from escalada.models.base import Base
from escalada.models.brand import Brand, BrandAccount
from escalada.models.channel import WEBHOOK_STATES, ChannelConnection, WebhookDelivery
from escalada.models.conversation import (
    ACTIVE_STATUSES,
    PRIORITY_RANK,
    STATUSES,
    Conversation,
    ConversationTag,
    Note,
)
from escalada.models.incident import (
    CAUSE_CATEGORIES,
    INCIDENT_STATUSES,
    OPEN_INCIDENT_STATUSES,
    SEVERITIES,
    ActionItem,
    Incident,
    IncidentConversation,
    IncidentDelivery,
    IncidentEvent,
    IncidentNotification,
    IncidentSettings,
    IncidentSignal,
    IncidentUpdate,
    PostMortem,
)
from escalada.models.listening import LISTENING_KINDS, ListeningMatch, ListeningQuery
from escalada.models.message import DELIVERY_STATES, Message, SandboxDelivery
from escalada.models.notification import Notification
from escalada.models.report_fact import AgentFact, ArrivalFact, ConversationFact, FactMark, WaitFact
from escalada.models.routing import (
    AGENT_STATUSES,
    CHANNEL_TYPES,
    STRATEGIES,
    TEAM_KINDS,
    AgentProfile,
    ConversationRouting,
    Team,
)
from escalada.models.rule import Rule
from escalada.models.saved_reply import SavedReply
from escalada.models.sla import (
    STAKEHOLDER_KINDS,
    BusinessCalendar,
    ConversationSla,
    ExecutiveSponsorship,
    NotificationDelivery,
    SlaPolicy,
    Stakeholder,
)
from escalada.models.survey import CsatSurvey, TrackedLink
from escalada.models.triage_policy import BrandTriagePolicy
from escalada.models.user import ApiToken, LoginFailure, User
from escalada.models import reporting_indexes  # noqa: F401,E402  (indexes on other features' tables)

__all__ = [
    "ACTIVE_STATUSES",
    "AGENT_STATUSES",
    "APPROVAL_STATES",
    "CAUSE_CATEGORIES",
    "CHANNEL_TYPES",
    "DELIVERY_STATES",
    "INCIDENT_STATUSES",
    "LISTENING_KINDS",
    "OPEN_INCIDENT_STATUSES",
    "PRIORITY_RANK",
    "SEVERITIES",
    "STAKEHOLDER_KINDS",
    "STATUSES",
    "STRATEGIES",
    "TEAM_KINDS",
    "WEBHOOK_STATES",
    "ActionItem",
    "AgentProfile",
    "ApiToken",
    "AgentFact",
    "ApprovalRule",
    "ArrivalFact",
    "AuditEvent",
    "Author",
    "Base",
    "Brand",
    "BrandAccount",
    "BrandTriagePolicy",
    "BusinessCalendar",
    "ChannelConnection",
    "Conversation",
    "ConversationFact",
    "ConversationRouting",
    "ConversationSla",
    "ConversationTag",
    "CsatSurvey",
    "ExecutiveSponsorship",
    "FactMark",
    "Incident",
    "IncidentConversation",
    "IncidentDelivery",
    "IncidentEvent",
    "IncidentNotification",
    "IncidentSettings",
    "IncidentSignal",
    "IncidentUpdate",
    "ListeningMatch",
    "ListeningQuery",
    "Message",
    "Note",
    "Notification",
    "NotificationDelivery",
    "PostMortem",
    "ReplyApproval",
    "Rule",
    "SandboxDelivery",
    "SavedReply",
    "SlaPolicy",
    "Stakeholder",
    "Team",
    "TrackedLink",
    "LoginFailure",
    "User",
    "WaitFact",
    "WebhookDelivery",
]
