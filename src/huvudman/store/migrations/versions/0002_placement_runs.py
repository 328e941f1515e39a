"""Placement runs made from the portal, and their placements (with overrides).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "placement_run",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round", sa.String(32), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("run_dir", sa.String(500), nullable=False),
        sa.Column("audit_passed", sa.Boolean, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("published_at", TZ),
    )
    op.create_table(
        "placement",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("placement_run.id"), primary_key=True),
        sa.Column("child_id", sa.Integer, sa.ForeignKey("child.id"), primary_key=True),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id")),
        sa.Column("choice_rank", sa.Integer, nullable=False),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("walking_m", sa.Float),
        sa.Column("override_school_id", sa.String(32), sa.ForeignKey("school.school_id")),
        sa.Column("override_reason", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("placement")
    op.drop_table("placement_run")
