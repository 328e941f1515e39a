"""The first schema: schools, children, users and guardianship, applications with ranked
choices and confirmations, notices, feedback, and the append-only audit log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

_APPEND_ONLY_PG = """
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
"""
_APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)


def upgrade() -> None:
    op.create_table(
        "school",
        sa.Column("school_id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("district", sa.String(100), nullable=False),
    )
    op.create_table(
        "child",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("child_id", sa.String(64), nullable=False, unique=True),
        sa.Column("personnummer", sa.String(13), unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("district", sa.String(100), nullable=False),
        sa.Column("grade", sa.String(8), nullable=False),
        sa.Column("protected", sa.Boolean, nullable=False),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("password_hash", sa.String(200)),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id")),
        sa.Column("locale", sa.String(16), nullable=False),
    )
    op.create_table(
        "guardianship",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), primary_key=True),
        sa.Column("child_id", sa.Integer, sa.ForeignKey("child.id"), primary_key=True),
    )
    op.create_table(
        "application",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("child_id", sa.Integer, sa.ForeignKey("child.id"), nullable=False),
        sa.Column("round", sa.String(32), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("child_id", "round"),
    )
    op.create_table(
        "choice",
        sa.Column("application_id", sa.Integer, sa.ForeignKey("application.id"),
                  primary_key=True),
        sa.Column("rank", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(32), sa.ForeignKey("school.school_id"),
                  nullable=False),
    )
    op.create_table(
        "confirmation",
        sa.Column("application_id", sa.Integer, sa.ForeignKey("application.id"),
                  primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), primary_key=True),
        sa.Column("choices_sha256", sa.String(64), nullable=False),
        sa.Column("confirmed_at", TZ, nullable=False),
    )
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("starts_at", TZ, nullable=False),
        sa.Column("ends_at", TZ),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("child_id", sa.Integer, sa.ForeignKey("child.id")),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("due_on", sa.String(10), nullable=False),
        sa.Column("answered_at", TZ),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_APPEND_ONLY_PG)
    elif op.get_bind().dialect.name == "sqlite":
        for statement in _APPEND_ONLY_SQLITE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_update ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    for table in ("audit_log", "feedback", "notice", "confirmation", "choice", "application",
                  "guardianship", "app_user", "child", "school"):
        op.drop_table(table)
