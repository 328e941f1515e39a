"""The dialogue's working group: members, meetings with agenda and minutes, and proposals,
decisions and action items linked to the themes — issue 17.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "group_member",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("email", sa.String(320), nullable=False, server_default=""),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "group_meeting",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes_long", sa.Integer, nullable=False),
        sa.Column("place", sa.String(300), nullable=False),
        sa.Column("agenda", sa.Text, nullable=False),
        sa.Column("minutes", sa.Text, nullable=False, server_default=""),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
    )
    op.create_table(
        "group_item",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("group_meeting.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("theme", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("group_member.id"), nullable=True),
        sa.Column("due_on", sa.Date, nullable=True),
    )
    op.create_index("ix_group_item_meeting_id", "group_item", ["meeting_id"])


def downgrade() -> None:
    op.drop_index("ix_group_item_meeting_id", "group_item")
    op.drop_table("group_item")
    op.drop_table("group_meeting")
    op.drop_table("group_member")
