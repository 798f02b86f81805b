"""Indexes the reports need on tables owned by other features.

Declared here (not in conversation.py/message.py) so that reporting owns them: reports
select conversations by creation time, and volume counts customer messages by time.
"""

from sqlalchemy import Index

from escalada.models.conversation import Conversation
from escalada.models.message import Message

ix_conversations_created = Index("ix_conversations_created", Conversation.created_at, Conversation.id)
# Volume counts customer messages by time and channel, whatever conversation they belong
# to; with the platform in the index those counts are index-only scans on PostgreSQL.
ix_messages_direction_created = Index("ix_messages_direction_created", Message.direction,
                                      Message.created_at, Message.platform)
