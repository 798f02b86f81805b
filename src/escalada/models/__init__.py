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
from escalada.models.triage_policy import BrandTriagePolicy
from escalada.models.user import ApiToken, User

__all__ = [
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
    "BrandTriagePolicy",
    "Conversation",
    "ConversationTag",
    "Message",
    "Note",
    "SandboxDelivery",
    "User",
]
