"""Listening matches: which query brought in which post, for the listening report.

Revision ID: listening_matches
Revises: escalation_postmortems
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "listening_matches"
down_revision = "escalation_postmortems"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listening_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["query_id"], ["listening_queries.id"],
                                name=op.f("fk_listening_matches_query_id_listening_queries"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"],
                                name=op.f("fk_listening_matches_message_id_messages"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listening_matches")),
        sa.UniqueConstraint("query_id", "message_id", name=op.f("uq_listening_matches_query_id_message_id")),
    )
    with op.batch_alter_table("listening_matches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listening_matches_query_id"), ["query_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_listening_matches_message_id"), ["message_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_listening_matches_matched_at"), ["matched_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("listening_matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listening_matches_matched_at"))
        batch_op.drop_index(batch_op.f("ix_listening_matches_message_id"))
        batch_op.drop_index(batch_op.f("ix_listening_matches_query_id"))
    op.drop_table("listening_matches")
