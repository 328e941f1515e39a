"""Siblings and special reasons in the store, so a portal run gives the rule chain every field
it reads (issue 12: the register import used to drop them on the way to the engine).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sibling_school",
        sa.Column("child_id", sa.Integer, sa.ForeignKey("child.id"), primary_key=True),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"),
                  primary_key=True),
    )
    op.create_table(
        "special_reason",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("child_id", sa.Integer, sa.ForeignKey("child.id"), nullable=False),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"),
                  nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("decided_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("child_id", "school_id"),
    )
    op.create_index("ix_special_reason_child_id", "special_reason", ["child_id"])


def downgrade() -> None:
    op.drop_index("ix_special_reason_child_id", "special_reason")
    op.drop_table("special_reason")
    op.drop_table("sibling_school")
