"""Per-brand triage policy (tiers, keywords, thresholds) as JSON.

Revision ID: triage_policies
Revises: reports
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "triage_policies"
down_revision = "reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "brand_triage_policies",
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column(
            "settings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brands.id"],
            name=op.f("fk_brand_triage_policies_brand_id_brands"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("brand_id", name=op.f("pk_brand_triage_policies")),
    )


def downgrade() -> None:
    op.drop_table("brand_triage_policies")
