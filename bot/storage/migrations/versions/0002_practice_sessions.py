"""Practice sessions of wijkteam workers with a persona, and their turns.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("participant_id", sa.String(255), nullable=False, index=True),
        sa.Column("persona", sa.String(64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=True),
    )
    op.create_table(
        "practice_turns",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id", sa.Integer(), sa.ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("worker_text", sa.Text(), nullable=False),
        sa.Column("act", sa.String(64), nullable=True),
        sa.Column("form", sa.String(16), nullable=False),
        sa.Column("domains", sa.String(400), nullable=False, server_default=""),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("session_id", "position", name="uq_practice_turn_position"),
    )


def downgrade() -> None:
    op.drop_table("practice_turns")
    op.drop_table("practice_sessions")
