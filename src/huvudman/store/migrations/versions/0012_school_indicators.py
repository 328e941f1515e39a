"""School indicators for the evaluator's early warning (Skolverket's school-unit statistics and
the municipality's own) — issue 16.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "school_indicator",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"), nullable=False),
        sa.Column("period", sa.String(9), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("school_id", "period", "code"),
    )


def downgrade() -> None:
    op.drop_table("school_indicator")
