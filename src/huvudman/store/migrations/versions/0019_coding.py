"""The dialogue's material and its coding: passages (from feedback, interviews, survey
answers), the codes coders gave them, and which passages each coder has coded — issue 17.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passage",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("source_id", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("quotable", sa.Boolean, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source", "source_id"),
    )
    op.create_table(
        "coding",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("passage_id", sa.Integer, sa.ForeignKey("passage.id"), nullable=False),
        sa.Column("coder_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("suggested", sa.Float, nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("passage_id", "coder_id", "code"),
    )
    op.create_index("ix_coding_passage_id", "coding", ["passage_id"])
    op.create_index("ix_coding_coder_id", "coding", ["coder_id"])
    op.create_table(
        "coded_passage",
        sa.Column("passage_id", sa.Integer, sa.ForeignKey("passage.id"), primary_key=True),
        sa.Column("coder_id", sa.Integer, sa.ForeignKey("app_user.id"), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("coded_passage")
    op.drop_index("ix_coding_coder_id", "coding")
    op.drop_index("ix_coding_passage_id", "coding")
    op.drop_table("coding")
    op.drop_table("passage")
