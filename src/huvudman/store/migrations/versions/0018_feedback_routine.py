"""Feedback as the complaint routine: kind, category, channel, language; anonymous senders with
a receipt code; deadlines to acknowledge and answer; the answer, consent and publication; the
sweep's reminder and escalation; the deviation it became — issue 17. Rows from before keep
their text and get the deadlines their day of arrival gives.

Revision ID: 0018
Revises: 0017
"""

from datetime import UTC

import sqlalchemy as sa
from alembic import op

from huvudman.workdays import WORKING_DAYS, deadline_at

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.alter_column("user_id", existing_type=sa.Integer, nullable=True)
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False,
                                   server_default="opinion"))
        batch.add_column(sa.Column("category", sa.String(20), nullable=False,
                                   server_default="other"))
        batch.add_column(sa.Column("channel", sa.String(8), nullable=False,
                                   server_default="portal"))
        batch.add_column(sa.Column("lang", sa.String(8), nullable=False, server_default="sv"))
        batch.add_column(sa.Column("reply_to", sa.String(320), nullable=True))
        batch.add_column(sa.Column("receipt_sha256", sa.String(64), nullable=True))
        batch.add_column(sa.Column("state", sa.String(16), nullable=False,
                                   server_default="received"))
        batch.add_column(sa.Column("acknowledge_by", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("answer_by", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("remind_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("acknowledged_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("answer", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("answered_by", sa.Integer, sa.ForeignKey(
            "app_user.id", name="fk_feedback_answered_by"), nullable=True))
        batch.add_column(sa.Column("consent", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("public_question", sa.Text, nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("escalated_for", sa.String(16), nullable=True))
        batch.add_column(sa.Column("deviation_id", sa.Integer, sa.ForeignKey(
            "deviation.id", name="fk_feedback_deviation_id"), nullable=True))
        batch.create_unique_constraint("uq_feedback_receipt_sha256", ["receipt_sha256"])
    feedback = sa.table("feedback", sa.column("id", sa.Integer),
                        sa.column("received_at", sa.DateTime(timezone=True)),
                        sa.column("answered_at", sa.DateTime(timezone=True)),
                        sa.column("state", sa.String),
                        sa.column("acknowledge_by", sa.DateTime(timezone=True)),
                        sa.column("answer_by", sa.DateTime(timezone=True)),
                        sa.column("remind_at", sa.DateTime(timezone=True)))
    bind = op.get_bind()
    for key, received, answered in bind.execute(sa.select(
            feedback.c.id, feedback.c.received_at, feedback.c.answered_at)).all():
        received = received if received.tzinfo else received.replace(tzinfo=UTC)

        def end_of(n: int, received=received):
            return deadline_at(received, n, WORKING_DAYS).astimezone(UTC)

        bind.execute(sa.update(feedback).where(feedback.c.id == key).values(
            state="answered" if answered else "received", acknowledge_by=end_of(2),
            answer_by=end_of(10), remind_at=end_of(8)))
    with op.batch_alter_table("feedback") as batch:
        batch.alter_column("acknowledge_by", existing_type=sa.DateTime(timezone=True),
                           nullable=False)
        batch.alter_column("answer_by", existing_type=sa.DateTime(timezone=True),
                           nullable=False)
        batch.alter_column("remind_at", existing_type=sa.DateTime(timezone=True),
                           nullable=False)
        batch.drop_column("due_on")
        batch.create_index("ix_feedback_answer_by", ["answer_by"])


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_index("ix_feedback_answer_by")
        batch.add_column(sa.Column("due_on", sa.String(10), nullable=False,
                                   server_default=""))
        batch.drop_constraint("uq_feedback_receipt_sha256", type_="unique")
        for column in ("deviation_id", "escalated_for", "escalated_at", "reminded_at",
                       "public_question", "published_at", "consent", "answered_by", "answer",
                       "acknowledged_at", "remind_at", "answer_by", "acknowledge_by", "state",
                       "receipt_sha256", "reply_to", "lang", "channel", "category", "kind"):
            batch.drop_column(column)
