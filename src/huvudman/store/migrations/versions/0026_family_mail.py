"""Mail to families (issue 15): a message's key so that nothing is queued twice, and a
guardian's choice not to receive reminders (with the token of the link that turns them off).

Revision ID: 0026
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no table copy: on SQLite other tables' foreign keys point at app_user)
    op.add_column("outbox", sa.Column("once_key", sa.String(160), nullable=True))
    op.create_index("ix_outbox_once_key", "outbox", ["once_key"], unique=True)
    op.add_column("app_user", sa.Column("reminders_off", sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    op.add_column("app_user", sa.Column("unsubscribe_token", sa.String(64), nullable=True))
    op.create_index("ix_app_user_unsubscribe_token", "app_user", ["unsubscribe_token"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("ix_app_user_unsubscribe_token", "app_user")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("unsubscribe_token")
        batch.drop_column("reminders_off")
    op.drop_index("ix_outbox_once_key", "outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("once_key")
