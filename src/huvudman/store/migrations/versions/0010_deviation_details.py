"""What a deviation report may add for patterns across cases: when and where it happened, and
the pupil and member of staff involved — kept only as pseudonyms (keyed hashes) — issue 16.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deviation") as table:
        table.add_column(sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("place", sa.String(20), nullable=True))
        table.add_column(sa.Column("pupil_key", sa.String(64), nullable=True))
        table.add_column(sa.Column("staff_key", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deviation") as table:
        for column in ("staff_key", "pupil_key", "place", "occurred_at"):
            table.drop_column(column)
