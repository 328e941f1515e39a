"""A user's personnummer, so a municipality's e-identification (OpenID Connect) can find the
guardian it signed in.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("personnummer", sa.String(13), nullable=True))
        batch.create_unique_constraint("uq_app_user_personnummer", ["personnummer"])


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_constraint("uq_app_user_personnummer", type_="unique")
        batch.drop_column("personnummer")
