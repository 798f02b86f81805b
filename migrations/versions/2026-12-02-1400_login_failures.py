"""Login failures: the sign-in throttle, shared by every process and host.

Revision ID: login_failures
Revises: report_facts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import escalada.models.base

revision = "login_failures"
down_revision = "report_facts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=254), nullable=False),
        sa.Column("at", escalada.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index("ix_login_failures_client_at", "login_failures", ["client", "at"])
    op.create_index("ix_login_failures_account_at", "login_failures", ["account", "at"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_account_at", table_name="login_failures")
    op.drop_index("ix_login_failures_client_at", table_name="login_failures")
    op.drop_table("login_failures")
