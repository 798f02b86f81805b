"""Webhook deliveries remember how many events are stored (chunked, resumable processing).

Revision ID: delivery_progress
Revises: login_failures
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "delivery_progress"
down_revision = "login_failures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_deliveries") as batch_op:
        batch_op.add_column(sa.Column("events_done", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries") as batch_op:
        batch_op.drop_column("events_done")
