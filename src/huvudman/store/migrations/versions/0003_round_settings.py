"""The rules of a placement round as staff set them in the portal (rule chain preset,
mechanism, fallback), and each run's copy of them.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "round_setting",
        sa.Column("round", sa.String(32), primary_key=True),
        sa.Column("preset", sa.String(64), nullable=False),
        sa.Column("mechanism", sa.String(32), nullable=False),
        sa.Column("fallback", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
    )
    with op.batch_alter_table("placement_run") as batch:
        batch.add_column(sa.Column("rules", sa.String(200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("placement_run") as batch:
        batch.drop_column("rules")
    op.drop_table("round_setting")
