"""Special support measures for schools, and pupils' cases from signal to action programme —
issue 16.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "support_measure",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"), nullable=False),
        sa.Column("trigger", sa.String(24), nullable=False),
        sa.Column("trigger_ref", sa.String(64), nullable=False, server_default=""),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("proposal", sa.Text, nullable=False),
        sa.Column("cost", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("proposed_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resources", sa.Text, nullable=False, server_default=""),
        sa.Column("starts_on", sa.Date, nullable=True),
        sa.Column("ends_on", sa.Date, nullable=True),
        sa.Column("effect", sa.String(20), nullable=True),
        sa.Column("evidence", sa.Text, nullable=False, server_default=""),
        sa.Column("followed_up_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_support_measure_school_id", "support_measure", ["school_id"])
    op.create_table(
        "pupil_case",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"), nullable=False),
        sa.Column("pupil_name", sa.String(200), nullable=False),
        sa.Column("pupil_class", sa.String(16), nullable=False, server_default=""),
        sa.Column("signal", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("signalled_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("signalled_on", sa.Date, nullable=False),
        sa.Column("investigation_on", sa.Date, nullable=True),
        sa.Column("decided_on", sa.Date, nullable=True),
        sa.Column("programme", sa.Boolean, nullable=True),
        sa.Column("decision_note", sa.Text, nullable=False, server_default=""),
        sa.Column("followed_up_on", sa.Date, nullable=True),
        sa.Column("evidence", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_pupil_case_school_id", "pupil_case", ["school_id"])


def downgrade() -> None:
    op.drop_index("ix_pupil_case_school_id", "pupil_case")
    op.drop_table("pupil_case")
    op.drop_index("ix_support_measure_school_id", "support_measure")
    op.drop_table("support_measure")
