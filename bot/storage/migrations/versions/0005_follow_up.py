"""Check-ins, reminders and their durable schedule (bot/schedule).

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


def downgrade() -> None:
    op.drop_table("scheduled_messages")
