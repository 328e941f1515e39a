"""Threads between the levels of the chain of command, and management-team meetings with their
generated agenda, decisions and action items — issue 16.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "management_thread",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("from_role", sa.String(32), nullable=False),
        sa.Column("to_role", sa.String(32), nullable=False),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"), nullable=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "thread_message",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("thread_id", sa.Integer, sa.ForeignKey("management_thread.id"),
                  nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_thread_message_thread_id", "thread_message", ["thread_id"])
    op.create_table(
        "management_meeting",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("level", sa.String(32), nullable=False),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"), nullable=True),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "meeting_item",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("management_meeting.id"),
                  nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ref", sa.String(64), nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("owner_role", sa.String(32), nullable=True),
        sa.Column("due_on", sa.Date, nullable=True),
        sa.Column("done_on", sa.Date, nullable=True),
    )
    op.create_index("ix_meeting_item_meeting_id", "meeting_item", ["meeting_id"])


def downgrade() -> None:
    op.drop_index("ix_meeting_item_meeting_id", "meeting_item")
    op.drop_table("meeting_item")
    op.drop_table("management_meeting")
    op.drop_index("ix_thread_message_thread_id", "thread_message")
    op.drop_table("thread_message")
    op.drop_table("management_thread")

