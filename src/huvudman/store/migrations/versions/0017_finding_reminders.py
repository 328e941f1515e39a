"""The countdown status of an inspection finding last told by mail — issue 16.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspection_finding") as batch:
        batch.add_column(sa.Column("reminded", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inspection_finding") as batch:
        batch.drop_column("reminded")
