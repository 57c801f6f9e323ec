"""Practice that coaches: persona state per turn, learning-goal scores, team reflections (bot/flows/practice).

- practice_turn_states: per stored turn the persona's trust after it, the verdict on a reflection,
  and what happened (events, JSON) for the trainer's replay;
- practice_goal_scores: a score (1-5) per learning goal per stored session: progress over time;
- team_reflections: a team's answers to the ten questions of integraal werken, kept with consent.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice_turn_states",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("turn_id", sa.Integer(), sa.ForeignKey("practice_turns.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("trust", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(32), nullable=True),
        sa.Column("events", sa.Text(), nullable=False, server_default="[]"),
    )
    op.create_table(
        "practice_goal_scores",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id", sa.Integer(), sa.ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("participant_id", sa.String(255), nullable=False, index=True),
        sa.Column("goal", sa.String(32), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("session_id", "goal", name="uq_practice_goal_score"),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="ck_practice_goal_score"),
    )
    op.create_table(
        "team_reflections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("participant_id", sa.String(255), nullable=False, index=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answers", sa.Text(), nullable=False, server_default="[]"),
    )


def downgrade() -> None:
    op.drop_table("team_reflections")
    op.drop_table("practice_goal_scores")
    op.drop_table("practice_turn_states")
