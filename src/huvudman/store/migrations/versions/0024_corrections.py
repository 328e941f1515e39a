"""Corrections of published decisions (rättelse) — issue 13: a correction run names the run
it corrects and its policy; each child it moves is listed with where from and where to.

Revision ID: 0024
Revises: 0023
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("placement_run") as batch:
        batch.add_column(sa.Column("corrects", sa.Integer,
                                   sa.ForeignKey("placement_run.id", name="fk_run_corrects"),
                                   nullable=True))
        batch.add_column(sa.Column("policy", sa.String(16), nullable=True))
    op.create_table(
        "correction_move",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("placement_run.id"), primary_key=True),
        sa.Column("child_id", sa.Integer, sa.ForeignKey("child.id"), primary_key=True),
        sa.Column("from_school", sa.String(32), nullable=True),
        sa.Column("to_school", sa.String(32), nullable=True),
        sa.Column("from_rank", sa.Integer, nullable=False),
        sa.Column("to_rank", sa.Integer, nullable=False),
        sa.Column("worse_off", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("correction_move")
    with op.batch_alter_table("placement_run") as batch:
        batch.drop_column("policy")
        batch.drop_column("corrects")
