"""Incident updates record the languages sent the default text on purpose.

Revision ID: update_default_for
Revises: delivery_progress
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import escalada.models.base

revision = "update_default_for"
down_revision = "delivery_progress"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident_updates") as batch_op:
        batch_op.add_column(sa.Column("default_for", escalada.models.base.JSONType, nullable=False,
                                      server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("incident_updates") as batch_op:
        batch_op.drop_column("default_for")
