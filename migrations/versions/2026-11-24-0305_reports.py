"""Reports: CSAT surveys, tracked links, and the index reports select conversations by.

Revision ID: reports
Revises: routing_sla
Create Date: 2026-11-24 02:54:48.525323
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import escalada.models.base


revision = "reports"
down_revision = "routing_sla"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('csat_surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('sent_at', escalada.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', escalada.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', escalada.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_csat_surveys_agent_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_csat_surveys_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_csat_surveys_message_id_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_csat_surveys')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_csat_surveys_token_hash'))
    )
    with op.batch_alter_table('csat_surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_csat_surveys_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index('ix_csat_surveys_conversation', ['conversation_id', 'id'], unique=False)

    op.create_table('tracked_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('created_at', escalada.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.Column('first_clicked_at', escalada.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_tracked_links_agent_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_tracked_links_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_tracked_links_message_id_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tracked_links')),
    sa.UniqueConstraint('code', name=op.f('uq_tracked_links_code'))
    )
    with op.batch_alter_table('tracked_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tracked_links_conversation_id'), ['conversation_id'], unique=False)

    op.create_index('ix_conversations_created', 'conversations', ['created_at', 'id'], unique=False)
    op.create_index('ix_messages_direction_created', 'messages', ['direction', 'created_at', 'platform'],
                    unique=False)



def downgrade() -> None:
    op.drop_index('ix_messages_direction_created', table_name='messages')
    op.drop_index('ix_conversations_created', table_name='conversations')

    with op.batch_alter_table('tracked_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracked_links_conversation_id'))

    op.drop_table('tracked_links')
    with op.batch_alter_table('csat_surveys', schema=None) as batch_op:
        batch_op.drop_index('ix_csat_surveys_conversation')
        batch_op.drop_index(batch_op.f('ix_csat_surveys_agent_id'))

    op.drop_table('csat_surveys')
