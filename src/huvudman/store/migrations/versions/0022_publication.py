"""Publication a municipality can stand behind — issue 13: the run's audit redone after
overrides, a justification of its findings and a second person's approval, who published.

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("placement_run") as batch:
        batch.add_column(sa.Column("current_audit", sa.Text, nullable=True))
        batch.add_column(sa.Column("justification", sa.Text, nullable=True))
        batch.add_column(sa.Column("justified_by", sa.Integer,
                                   sa.ForeignKey("app_user.id", name="fk_run_justified_by"),
                                   nullable=True))
        batch.add_column(sa.Column("justified_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("approved_by", sa.Integer,
                                   sa.ForeignKey("app_user.id", name="fk_run_approved_by"),
                                   nullable=True))
        batch.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("published_by", sa.Integer,
                                   sa.ForeignKey("app_user.id", name="fk_run_published_by"),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("placement_run") as batch:
        for name in ("published_by", "approved_at", "approved_by", "justified_at",
                     "justified_by", "justification", "current_audit"):
            batch.drop_column(name)
