"""Channels: platform connections (encrypted credentials) and raw webhook deliveries.

Revision ID: channels
Revises: incidents
Create Date: 2026-11-24 02:50:56.369455
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

revision = 'channels'
down_revision = "incidents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('webhook_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_sha256', sa.String(length=64), nullable=False),
    sa.Column('headers', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('counts', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries'))
    )
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_deliveries_digest', ['source', 'body_sha256'], unique=False)
        batch_op.create_index('ix_webhook_deliveries_state', ['state', 'received_at'], unique=False)

    op.create_table('channel_connections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('brand_account_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=False),
    sa.Column('secrets_encrypted', sa.Text(), nullable=False),
    sa.Column('secret_names', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=False),
    sa.Column('poll_since_id', sa.String(length=32), nullable=True),
    sa.Column('polled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('listen_since_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['brand_account_id'], ['brand_accounts.id'], name=op.f('fk_channel_connections_brand_account_id_brand_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_connections')),
    sa.UniqueConstraint('brand_account_id', name=op.f('uq_channel_connections_brand_account_id'))
    )
    with op.batch_alter_table('channel_connections', schema=None) as batch_op:
        batch_op.create_index('ix_channel_connections_external', ['platform', 'external_id'], unique=False)



    op.create_table('listening_queries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('term', sa.String(length=100), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('matches', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['brand_id'], ['brands.id'], name=op.f('fk_listening_queries_brand_id_brands'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listening_queries')),
    sa.UniqueConstraint('brand_id', 'kind', 'term', name=op.f('uq_listening_queries_brand_id_kind_term')),
    )
    with op.batch_alter_table('listening_queries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listening_queries_brand_id'), ['brand_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('listening_queries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listening_queries_brand_id'))

    op.drop_table('listening_queries')
    with op.batch_alter_table('channel_connections', schema=None) as batch_op:
        batch_op.drop_index('ix_channel_connections_external')

    op.drop_table('channel_connections')
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_deliveries_state')
        batch_op.drop_index('ix_webhook_deliveries_digest')

    op.drop_table('webhook_deliveries')
