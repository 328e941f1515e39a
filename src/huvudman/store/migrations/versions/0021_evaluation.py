"""The school evaluator's plans per school and term, and visit protocols by area — issue 16.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evaluation_plan",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"), nullable=False),
        sa.Column("term", sa.String(6), nullable=False),
        sa.Column("areas", sa.String(300), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("evaluator_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("school_id", "term"),
    )
    op.create_index("ix_evaluation_plan_school_id", "evaluation_plan", ["school_id"])
    op.create_table(
        "evaluation_visit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("evaluation_plan.id"), nullable=False),
        sa.Column("visited_on", sa.Date, nullable=False),
        sa.Column("area", sa.String(32), nullable=False),
        sa.Column("observed", sa.Text, nullable=False),
        sa.Column("strengths", sa.Text, nullable=False, server_default=""),
        sa.Column("to_develop", sa.Text, nullable=False, server_default=""),
        sa.Column("judgement", sa.String(20), nullable=False),
        sa.Column("evaluator_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_evaluation_visit_plan_id", "evaluation_visit", ["plan_id"])


def downgrade() -> None:
    op.drop_index("ix_evaluation_visit_plan_id", "evaluation_visit")
    op.drop_table("evaluation_visit")
    op.drop_index("ix_evaluation_plan_school_id", "evaluation_plan")
    op.drop_table("evaluation_plan")
