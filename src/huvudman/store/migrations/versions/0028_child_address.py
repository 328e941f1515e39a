"""A child's home address as the population register gives it, how it was found in the
municipality's address register, and the address point taken (issue 19).

Revision ID: 0028
Revises: 0027
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

COLUMNS = (("address", 200), ("address_quality", 20), ("address_point", 200))


def upgrade() -> None:
    # plain ADD COLUMN (no table copy: on SQLite other tables' foreign keys point at child)
    for name, length in COLUMNS:
        op.add_column("child", sa.Column(name, sa.String(length), nullable=False,
                                         server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("child") as batch:
        for name, _length in reversed(COLUMNS):
            batch.drop_column(name)
