"""Reminders to guardians who have not confirmed their child's list yet.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("child_id", sa.Integer, sa.ForeignKey("child.id"), nullable=False),
        sa.Column("round", sa.String(32), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
    )
    op.create_index("ix_reminder_user_id", "reminder", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_reminder_user_id", "reminder")
    op.drop_table("reminder")
