"""Post-mortems for executive escalations: a post-mortem belongs to an incident or a conversation.

Revision ID: escalation_postmortems
Revises: triage_policies
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "escalation_postmortems"
down_revision = "triage_policies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("postmortems") as batch:
        batch.alter_column("incident_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("conversation_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_postmortems_conversation_id_conversations"), "conversations",
                                 ["conversation_id"], ["id"], ondelete="CASCADE")
        batch.create_unique_constraint(op.f("uq_postmortems_conversation_id"), ["conversation_id"])


def downgrade() -> None:
    op.execute("DELETE FROM postmortems WHERE incident_id IS NULL")
    with op.batch_alter_table("postmortems") as batch:
        batch.drop_constraint(op.f("uq_postmortems_conversation_id"), type_="unique")
        batch.drop_constraint(op.f("fk_postmortems_conversation_id_conversations"), type_="foreignkey")
        batch.drop_column("conversation_id")
        batch.alter_column("incident_id", existing_type=sa.Integer(), nullable=False)
