"""Flagged schools (the early warning's flags, each raised once per school year) and advisers
assigned to schools with the log of their work — issue 16.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "school_flag",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"), nullable=False),
        sa.Column("period", sa.String(9), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("school_id", "period"),
    )
    op.create_table(
        "adviser_assignment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"), nullable=False),
        sa.Column("adviser_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("assigned_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "adviser_note",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("adviser_assignment.id"),
                  nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_adviser_note_assignment_id", "adviser_note", ["assignment_id"])


def downgrade() -> None:
    op.drop_index("ix_adviser_note_assignment_id", "adviser_note")
    op.drop_table("adviser_note")
    op.drop_table("adviser_assignment")
    op.drop_table("school_flag")
