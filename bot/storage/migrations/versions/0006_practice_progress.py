"""Practice that coaches: persona state, learning-goal scores, team reflections (bot/flows/practice).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # filled in with the tables of this part


def downgrade() -> None:
    pass
