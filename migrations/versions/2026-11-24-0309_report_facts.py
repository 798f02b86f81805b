"""Report facts: each conversation measured once, so report pages aggregate in SQL.

Revision ID: report_facts
Revises: listening_matches
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import escalada.models.base


revision = "report_facts"
down_revision = "listening_matches"
branch_labels = None
depends_on = None

# PostgreSQL: the detail tables' indexes carry the columns reports read (index-only scans).
DIMENSIONS = ['conversation_id', 'brand_id', 'channel', 'tier', 'assignee_id']


def upgrade() -> None:
    op.create_table('report_agent_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('replies', sa.Integer(), nullable=False),
    sa.Column('actions', sa.Integer(), nullable=False),
    sa.Column('reply_work', sa.Double(), nullable=False),
    sa.Column('action_work', sa.Double(), nullable=False),
    sa.Column('reply_work_business', sa.Double(), nullable=False),
    sa.Column('action_work_business', sa.Double(), nullable=False),
    sa.Column('created_at', escalada.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_report_agent_facts_conversation_id_conversations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_agent_facts'))
    )
    with op.batch_alter_table('report_agent_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_agent_facts_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index('ix_report_agent_facts_created', ['created_at'], unique=False, postgresql_include=[
            'agent_id', 'replies', 'actions', 'reply_work', 'action_work', 'reply_work_business',
            'action_work_business', *DIMENSIONS])

    op.create_table('report_arrival_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quarter_hour', sa.Integer(), nullable=False),
    sa.Column('messages', sa.Integer(), nullable=False),
    sa.Column('created_at', escalada.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_report_arrival_facts_conversation_id_conversations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_arrival_facts'))
    )
    with op.batch_alter_table('report_arrival_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_arrival_facts_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index('ix_report_arrival_facts_created', ['created_at'], unique=False,
                              postgresql_include=['quarter_hour', 'messages', *DIMENSIONS])

    op.create_table('report_conversation_facts',
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', escalada.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.Column('responded', sa.Boolean(), nullable=False),
    sa.Column('first_response', sa.Double(), nullable=True),
    sa.Column('resolution', sa.Double(), nullable=True),
    sa.Column('reply_work', sa.Double(), nullable=False),
    sa.Column('action_work', sa.Double(), nullable=False),
    sa.Column('handle_time', sa.Double(), nullable=False),
    sa.Column('sla_state', sa.String(length=8), nullable=True),
    sa.Column('sla_breach_at', sa.Double(), nullable=True),
    sa.Column('sla_target', sa.Integer(), nullable=True),
    sa.Column('sla_policy', sa.String(length=200), nullable=True),
    sa.Column('first_response_business', sa.Double(), nullable=True),
    sa.Column('resolution_business', sa.Double(), nullable=True),
    sa.Column('reply_work_business', sa.Double(), nullable=False),
    sa.Column('action_work_business', sa.Double(), nullable=False),
    sa.Column('handle_time_business', sa.Double(), nullable=False),
    sa.Column('sla_state_business', sa.String(length=8), nullable=True),
    sa.Column('sla_breach_at_business', sa.Double(), nullable=True),
    sa.Column('waiting_since', sa.Double(), nullable=True),
    sa.Column('first_sentiment', sa.Double(), nullable=True),
    sa.Column('last_sentiment', sa.Double(), nullable=True),
    sa.Column('csat', sa.Integer(), nullable=True),
    sa.Column('csat_agent_id', sa.Integer(), nullable=True),
    sa.Column('interactions', sa.Integer(), nullable=False),
    sa.Column('likes', sa.Integer(), nullable=False),
    sa.Column('replies', sa.Integer(), nullable=False),
    sa.Column('shares', sa.Integer(), nullable=False),
    sa.Column('policy_digest', sa.String(length=16), nullable=False),
    sa.Column('computed_at', escalada.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_report_conversation_facts_conversation_id_conversations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('conversation_id', name=op.f('pk_report_conversation_facts'))
    )
    with op.batch_alter_table('report_conversation_facts', schema=None) as batch_op:
        batch_op.create_index('ix_report_conversation_facts_created', ['created_at', 'policy_digest'], unique=False)

    op.create_table('report_fact_marks',
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('marked_at', escalada.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_report_fact_marks_conversation_id_conversations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('conversation_id', name=op.f('pk_report_fact_marks'))
    )
    op.create_table('report_wait_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('seconds', sa.Double(), nullable=False),
    sa.Column('seconds_business', sa.Double(), nullable=False),
    sa.Column('created_at', escalada.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_report_wait_facts_conversation_id_conversations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_wait_facts'))
    )
    with op.batch_alter_table('report_wait_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_wait_facts_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index('ix_report_wait_facts_kind_created', ['kind', 'created_at'], unique=False,
                              postgresql_include=['seconds', 'seconds_business', 'agent_id', *DIMENSIONS])



def downgrade() -> None:
    with op.batch_alter_table('report_wait_facts', schema=None) as batch_op:
        batch_op.drop_index('ix_report_wait_facts_kind_created')
        batch_op.drop_index(batch_op.f('ix_report_wait_facts_conversation_id'))

    op.drop_table('report_wait_facts')
    op.drop_table('report_fact_marks')
    with op.batch_alter_table('report_conversation_facts', schema=None) as batch_op:
        batch_op.drop_index('ix_report_conversation_facts_created')

    op.drop_table('report_conversation_facts')
    with op.batch_alter_table('report_arrival_facts', schema=None) as batch_op:
        batch_op.drop_index('ix_report_arrival_facts_created')
        batch_op.drop_index(batch_op.f('ix_report_arrival_facts_conversation_id'))

    op.drop_table('report_arrival_facts')
    with op.batch_alter_table('report_agent_facts', schema=None) as batch_op:
        batch_op.drop_index('ix_report_agent_facts_created')
        batch_op.drop_index(batch_op.f('ix_report_agent_facts_conversation_id'))

    op.drop_table('report_agent_facts')
