"""Inspection decisions (Skolinspektionen), their findings and the corrective actions taken
for each — issue 16.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inspection_decision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"), nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("registered_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "inspection_finding",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("decision_id", sa.Integer, sa.ForeignKey("inspection_decision.id"),
                  nullable=False),
        sa.Column("area", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("report_by", sa.Date, nullable=False),
        sa.Column("reported_on", sa.Date, nullable=True),
    )
    op.create_index("ix_inspection_finding_decision_id", "inspection_finding", ["decision_id"])
    op.create_table(
        "corrective_action",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("finding_id", sa.Integer, sa.ForeignKey("inspection_finding.id"),
                  nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("owner_role", sa.String(32), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("done_on", sa.Date, nullable=True),
        sa.Column("evidence", sa.Text, nullable=False, server_default=""),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_corrective_action_finding_id", "corrective_action", ["finding_id"])


def downgrade() -> None:
    op.drop_index("ix_corrective_action_finding_id", "corrective_action")
    op.drop_table("corrective_action")
    op.drop_index("ix_inspection_finding_decision_id", "inspection_finding")
    op.drop_table("inspection_finding")
    op.drop_table("inspection_decision")
