"""Check-ins, reminders and their durable schedule (bot/schedule).

- scheduled_messages: what the assistant sends unasked later, claimed by one scheduler before it is sent;
- check_ins: the answers to a check-in (felt heard, own words; the goals' answers live on `goals`);
- apscheduler_jobs: APScheduler's SQLAlchemyJobStore table (the scheduler's own dispatch job; no
  personal data), created here so that two schedulers starting at once never race to create it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scheduled_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "participant_id", sa.String(255), sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("board_id", sa.Integer(), sa.ForeignKey("measurements.id", ondelete="CASCADE"), nullable=True),
        sa.CheckConstraint("kind IN ('check_in', 'reminder')", name="ck_scheduled_kind"),
        sa.CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')", name="ck_scheduled_status"),
    )
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "participant_id", sa.String(255), sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("board_id", sa.Integer(), sa.ForeignKey("measurements.id", ondelete="CASCADE"), nullable=True, index=True),
        sa.Column(
            "scheduled_message_id", sa.Integer(), sa.ForeignKey("scheduled_messages.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("felt_heard", sa.Integer(), nullable=True),
        sa.Column("no_talk_yet", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("remarks", sa.Text(), nullable=True),
    )
    # Exactly APScheduler 3's SQLAlchemyJobStore table (apscheduler/jobstores/sqlalchemy.py).
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(191), primary_key=True),
        sa.Column("next_run_time", sa.Float(25), index=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("apscheduler_jobs")
    op.drop_table("check_ins")
    op.drop_table("scheduled_messages")
