"""A guardian's explicit disagreement with the list the other guardian saved, and why
(issue 15).

Revision ID: 0029
Revises: 0028
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("confirmation", sa.Column("disagrees", sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    op.add_column("confirmation", sa.Column("note", sa.String(500), nullable=False,
                                            server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("confirmation") as batch:
        batch.drop_column("note")
        batch.drop_column("disagrees")
