"""The school whose refusal an appeal is about — for statistics of appeals by school (issue 13).

Revision ID: 0025
Revises: 0024
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("appeal") as batch:
        batch.add_column(sa.Column("school_id", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("appeal") as batch:
        batch.drop_column("school_id")
