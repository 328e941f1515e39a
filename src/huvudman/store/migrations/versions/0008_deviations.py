"""Deviations (avvikelser) and every event of each: the governance half begins — issue 16.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deviation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("severity", sa.Integer, nullable=False),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("escalations", sa.Integer, nullable=False),
        sa.Column("cause_found", sa.Boolean, nullable=False),
        sa.Column("actions", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Boolean, nullable=False),
        sa.Column("reporter_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("reporter_kind", sa.String(16), nullable=False),
        sa.Column("receipt_sha256", sa.String(64), nullable=True, unique=True),
        sa.Column("outcome", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_deviation_open", "deviation", ["state", "level", "school_id"])
    op.create_index("ix_deviation_due_at", "deviation", ["due_at"])
    op.create_table(
        "deviation_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("deviation_id", sa.Integer, sa.ForeignKey("deviation.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("text", sa.Text, nullable=False, server_default=""),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
    )
    op.create_index("ix_deviation_event_deviation_id", "deviation_event", ["deviation_id"])


def downgrade() -> None:
    op.drop_index("ix_deviation_event_deviation_id", "deviation_event")
    op.drop_table("deviation_event")
    op.drop_index("ix_deviation_due_at", "deviation")
    op.drop_index("ix_deviation_open", "deviation")
    op.drop_table("deviation")
