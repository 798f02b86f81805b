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
from escalada.models.listening import LISTENING_KINDS, ListeningQuery
from escalada.models.message import DELIVERY_STATES, Message, SandboxDelivery
from escalada.models.notification import Notification
from escalada.models.saved_reply import SavedReply
from escalada.models.user import ApiToken, User

__all__ = [
    "CAUSE_CATEGORIES",
    "INCIDENT_STATUSES",
    "OPEN_INCIDENT_STATUSES",
    "SEVERITIES",
    "ActionItem",
    "Incident",
    "IncidentConversation",
    "IncidentDelivery",
    "IncidentEvent",
    "IncidentNotification",
    "IncidentSettings",
    "IncidentSignal",
    "IncidentUpdate",
    "PostMortem",
    "ACTIVE_STATUSES",
    "APPROVAL_STATES",
    "ApprovalRule",
    "Notification",
    "ReplyApproval",
    "SavedReply",
    "DELIVERY_STATES",
    "LISTENING_KINDS",
    "PRIORITY_RANK",
    "STATUSES",
    "ApiToken",
    "AuditEvent",
    "Author",
    "Base",
    "Brand",
    "BrandAccount",
    "ChannelConnection",
    "Conversation",
    "ConversationTag",
    "ListeningQuery",
    "Message",
    "Note",
    "SandboxDelivery",
    "User",
    "WEBHOOK_STATES",
    "WebhookDelivery",
]
