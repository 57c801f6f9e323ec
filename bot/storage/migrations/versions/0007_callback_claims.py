"""Call-back requests on the wijkteam page: who is calling ("Ik bel"), so two workers do not call
the same resident.

- callback_requests.claimed_by: the worker who said "Ik bel" (SET NULL when the worker is removed);
- callback_requests.claimed_at: when.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("callback_requests") as batch:
        batch.add_column(sa.Column("claimed_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key("fk_callback_requests_claimed_by", "workers", ["claimed_by"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("callback_requests") as batch:
        batch.drop_constraint("fk_callback_requests_claimed_by", type_="foreignkey")
        batch.drop_column("claimed_at")
        batch.drop_column("claimed_by")
