"""Posts in the organisation with who held them when — issue 16. Every staff account holds the
post of its role from the moment of the upgrade.

Revision ID: 0015
Revises: 0014
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    post = op.create_table(
        "post",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by", sa.String(320), nullable=False),
    )
    op.create_index("ix_post_user_id", "post", ["user_id"])
    users = sa.table("app_user", sa.column("id", sa.Integer), sa.column("role", sa.String),
                     sa.column("school_id", sa.String))
    now = datetime.now(UTC)
    rows = op.get_bind().execute(sa.select(users.c.id, users.c.role, users.c.school_id)
                                 .where(users.c.role != "guardian")).all()
    if rows:
        op.bulk_insert(post, [{"user_id": i, "role": r, "school_id": s, "started_at": now,
                               "ended_at": None, "recorded_by": "upgrade"} for i, r, s in rows])


def downgrade() -> None:
    op.drop_index("ix_post_user_id", "post")
    op.drop_table("post")
