"""Appeals of placement decisions — issue 13: each appeal with its way (förvaltningsbesvär or
laglighetsprövning), the day the time limit counts from, its steps and ruling; and the day a
guardian first read a published decision (the day they received it, when read in the portal).

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appeal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("child_id", sa.Integer, sa.ForeignKey("child.id"), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("placement_run.id"), nullable=False),
        sa.Column("route", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("guardian_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("registered_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("forwarded_on", sa.Date, nullable=True),
        sa.Column("ruled_on", sa.Date, nullable=True),
    )
    op.create_index("ix_appeal_child_id", "appeal", ["child_id"])
    op.create_index("ix_appeal_state", "appeal", ["state"])
    with op.batch_alter_table("placement") as batch:
        batch.add_column(sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("placement") as batch:
        batch.drop_column("notified_at")
    op.drop_index("ix_appeal_state", "appeal")
    op.drop_index("ix_appeal_child_id", "appeal")
    op.drop_table("appeal")
