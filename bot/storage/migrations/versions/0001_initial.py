"""Participants, measurements, domain answers and goals.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "participants",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("training_consent", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("participant_id", sa.String(255), sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(64), nullable=False),
        sa.Column("perspective", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("life_rating", sa.Integer(), nullable=True),
        sa.UniqueConstraint("participant_id", "instrument", "perspective", "number", name="uq_measurement_number"),
        sa.CheckConstraint("number >= 1", name="ck_measurement_number"),
        sa.CheckConstraint("perspective IN ('inwoner', 'professional', 'naaste')", name="ck_measurement_perspective"),
        sa.CheckConstraint("life_rating IS NULL OR (life_rating BETWEEN 0 AND 10)", name="ck_measurement_life_rating"),
    )
    op.create_index("ix_measurements_participant_id", "measurements", ["participant_id"])
    op.create_table(
        "domain_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("measurement_id", sa.Integer(), sa.ForeignKey("measurements.id", ondelete="CASCADE"), nullable=False),
        sa.Column("domain_key", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("goes_well", sa.Text(), nullable=True),
        sa.Column("wish", sa.Text(), nullable=True),
        sa.UniqueConstraint("measurement_id", "domain_key", name="uq_domain_answer"),
        sa.CheckConstraint("status IN ('open', 'answered', 'skipped', 'not_applicable')", name="ck_domain_answer_status"),
        sa.CheckConstraint("score IS NULL OR (score BETWEEN 1 AND 5)", name="ck_domain_answer_score"),
        sa.CheckConstraint("(status = 'answered') = (score IS NOT NULL)", name="ck_domain_answer_score_iff_answered"),
    )
    op.create_index("ix_domain_answers_measurement_id", "domain_answers", ["measurement_id"])
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("measurement_id", sa.Integer(), sa.ForeignKey("measurements.id", ondelete="CASCADE"), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("domain_key", sa.String(64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.UniqueConstraint("measurement_id", "priority", name="uq_goal_priority"),
    )
    op.create_index("ix_goals_measurement_id", "goals", ["measurement_id"])


def downgrade() -> None:
    op.drop_table("goals")
    op.drop_table("domain_answers")
    op.drop_table("measurements")
    op.drop_table("participants")
