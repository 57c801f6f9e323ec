"""Worker accounts, board access and the audit log of the wijkteam web app (bot/wijkteam).

Besides the tables of bot/storage/models.py (workers, board_access, audit_log), the app keeps:
- board_access.code: the share code a worker entered; access through a code lasts as long as that
  code works (bot/wijkteam/access.py), so "stop met delen" ends it;
- worker_sessions: server-side login sessions (the cookie holds a random id; the table its hash),
  so logging out or removing a worker ends every session at once;
- worker_links: a worker's chat identity (e.g. "telegram:123", set with `python -m bot worker link`),
  through which the professional view they filled in gives them access ("professional_view").
These three are defined in bot/wijkteam/tables.py.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(128), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "board_access",
        sa.Column("worker_id", sa.Integer(), sa.ForeignKey("workers.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("owner_id", sa.String(255), sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("via", sa.String(32), nullable=False),
        sa.Column("code", sa.String(8), sa.ForeignKey("share_codes.code", ondelete="SET NULL"), nullable=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("worker_id", sa.Integer(), sa.ForeignKey("workers.id", ondelete="SET NULL"), nullable=True, index=True),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.String(255), sa.ForeignKey("participants.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "worker_sessions",
        sa.Column("id", sa.String(64), primary_key=True),  # sha256 hex of the cookie's random session id
        sa.Column("worker_id", sa.Integer(), sa.ForeignKey("workers.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "worker_links",
        sa.Column("worker_id", sa.Integer(), sa.ForeignKey("workers.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("chat_id", sa.String(255), primary_key=True),  # one chat identity belongs to one worker
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("worker_links")
    op.drop_table("worker_sessions")
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("board_access")
    op.drop_table("workers")
