"""What families read about a school, from the school register: its address, profile,
fritids and the languages taught (issue 15).

Revision ID: 0030
Revises: 0029
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

TEXTS = (("address", 200), ("profile", 300), ("languages", 200))


def upgrade() -> None:
    # plain ADD COLUMN (no table copy: on SQLite other tables' foreign keys point at school)
    for name, length in TEXTS:
        op.add_column("school", sa.Column(name, sa.String(length), nullable=False,
                                          server_default=""))
    op.add_column("school", sa.Column("fritids", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("school") as batch:
        batch.drop_column("fritids")
        for name, _length in reversed(TEXTS):
            batch.drop_column(name)
