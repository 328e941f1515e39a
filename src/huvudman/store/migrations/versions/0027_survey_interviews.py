"""The dialogue's telephone survey (its sample, callers, attempts and answers), its interviews,
the contact centre's calls per year, and guardians' telephone numbers from the population
register (issue 17).

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no table copy: on SQLite other tables' foreign keys point at app_user)
    op.add_column("app_user", sa.Column("phone", sa.String(32), nullable=True))
    op.create_table(
        "survey",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round", sa.String(32), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("design", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "survey_family",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("survey_id", sa.Integer(), sa.ForeignKey("survey.id"), nullable=False),
        sa.Column("child_id", sa.Integer(), sa.ForeignKey("child.id"), nullable=True),
        sa.Column("stratum", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reserve", sa.Boolean(), nullable=False),
        sa.Column("caller_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("language", sa.String(16), nullable=False, server_default=""),
        sa.Column("interpreter", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("consent", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("quote_consent", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("answers", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("free_text", sa.Text(), nullable=False, server_default=""),
        sa.UniqueConstraint("survey_id", "child_id"),
    )
    op.create_index("ix_survey_family_survey_id", "survey_family", ["survey_id"])
    op.create_index("ix_survey_family_caller_id", "survey_family", ["caller_id"])
    op.create_table(
        "survey_attempt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("family_id", sa.Integer(), sa.ForeignKey("survey_family.id"), nullable=False),
        sa.Column("caller_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
    )
    op.create_index("ix_survey_attempt_family_id", "survey_attempt", ["family_id"])
    op.create_table(
        "interview",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("interviewer_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("quote_consent", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "contact_calls",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("contact_calls")
    op.drop_table("interview")
    op.drop_index("ix_survey_attempt_family_id", "survey_attempt")
    op.drop_table("survey_attempt")
    op.drop_index("ix_survey_family_caller_id", "survey_family")
    op.drop_index("ix_survey_family_survey_id", "survey_family")
    op.drop_table("survey_family")
    op.drop_table("survey")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("phone")
