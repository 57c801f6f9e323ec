"""The app owns the conversation: conversation records, perspectives on one board, share codes,
call-back requests, richer boards (stories, "hier wil ik over praten", goals with own step,
helper and review, the people around the resident). Boards in progress are carried over from
the Rasa slot `dialogue_state` into conversation records.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import json
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Old step names (bot/dialogue/state.py) that are questions of the resident's board, as they are now.
QUESTION_STEPS = {
    "life_rating",
    "first_domain",
    "domain_score",
    "goes_well",
    "wish",
    "look_further",
    "goals",
    "training_consent",
    "done",
}
INTERRUPTIONS = {"safety_check", "confirm_forget", "correction"}


def upgrade() -> None:
    with op.batch_alter_table("participants") as table:
        table.add_column(sa.Column("follow_up_consent", sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table("measurements") as table:
        table.add_column(sa.Column("author_id", sa.String(255), nullable=True))
        table.add_column(sa.Column("round", sa.Integer(), nullable=True))
        table.add_column(sa.Column("rating_reason", sa.Text(), nullable=True))
        table.add_column(sa.Column("rating_next", sa.Text(), nullable=True))
        table.add_column(sa.Column("appointments_per_week", sa.Integer(), nullable=True))
        table.add_column(sa.Column("conflicting_advice", sa.Boolean(), nullable=True))
        table.add_column(sa.Column("one_contact", sa.Text(), nullable=True))
        table.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        table.create_index("ix_measurements_author_id", ["author_id"])
    op.execute("UPDATE measurements SET author_id = participant_id WHERE author_id IS NULL")

    with op.batch_alter_table("domain_answers") as table:
        table.drop_constraint("ck_domain_answer_score", type_="check")  # the instrument's scale decides (0-10 boards)
        table.add_column(sa.Column("story", sa.Text(), nullable=True))
        table.add_column(sa.Column("talk_about", sa.Boolean(), nullable=False, server_default=sa.false()))
        table.add_column(sa.Column("talk_rank", sa.Integer(), nullable=True))

    with op.batch_alter_table("goals") as table:
        table.add_column(sa.Column("own_step", sa.Text(), nullable=True))
        table.add_column(sa.Column("helper", sa.Text(), nullable=True))
        table.add_column(sa.Column("review", sa.String(16), nullable=True))
        table.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        table.create_check_constraint("ck_goal_review", "review IS NULL OR review IN ('reached', 'partly', 'not_yet')")

    op.create_table(
        "network_members",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "measurement_id", sa.Integer(), sa.ForeignKey("measurements.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('person', 'professional')", name="ck_network_kind"),
    )
    op.create_table(
        "conversations",
        sa.Column("participant_id", sa.String(255), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("flow", sa.String(32), nullable=False),
        sa.Column("step", sa.String(48), nullable=False),
        sa.Column("board_id", sa.Integer(), sa.ForeignKey("measurements.id", ondelete="SET NULL"), nullable=True),
        sa.Column("board_owner", sa.String(255), nullable=True),
        sa.Column("order_keys", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("counters", sa.JSON(), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("resume", sa.JSON(), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("pending", sa.JSON(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("offered", sa.JSON(), nullable=False),
        sa.Column("seen_messages", sa.JSON(), nullable=False),
        sa.Column("last_replies", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_conversations_board_owner", "conversations", ["board_owner"])
    op.create_table(
        "share_codes",
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("owner_id", sa.String(255), sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "callback_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "participant_id", sa.String(255), sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("how_to_reach", sa.Text(), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
    )
    if not sa.inspect(op.get_bind()).has_table("events"):  # Rasa's transcript table, also on a fresh database
        op.create_table(
            "events",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("sender_id", sa.String(255), nullable=False, index=True),
            sa.Column("type_name", sa.String(255), nullable=False),
            sa.Column("timestamp", sa.Float()),
            sa.Column("intent_name", sa.String(255)),
            sa.Column("action_name", sa.String(255)),
            sa.Column("data", sa.Text()),
        )
    _carry_over_boards_in_progress()


def downgrade() -> None:
    op.drop_table("callback_requests")
    op.drop_table("share_codes")
    op.drop_index("ix_conversations_board_owner", table_name="conversations")
    op.drop_table("conversations")
    op.drop_table("network_members")
    with op.batch_alter_table("goals") as table:
        table.drop_constraint("ck_goal_review", type_="check")
        for column in ("reviewed_at", "review", "helper", "own_step"):
            table.drop_column(column)
    with op.batch_alter_table("domain_answers") as table:
        for column in ("talk_rank", "talk_about", "story"):
            table.drop_column(column)
        table.create_check_constraint("ck_domain_answer_score", "score IS NULL OR (score BETWEEN 1 AND 5)")
    with op.batch_alter_table("measurements") as table:
        table.drop_index("ix_measurements_author_id")
        for column in (
            "version",
            "one_contact",
            "conflicting_advice",
            "appointments_per_week",
            "rating_next",
            "rating_reason",
            "round",
            "author_id",
        ):
            table.drop_column(column)
    with op.batch_alter_table("participants") as table:
        table.drop_column("follow_up_consent")


# --- boards in progress: from the Rasa slot to a conversation record -------------------------------


def _last_dialogue_states(connection: sa.engine.Connection) -> Dict[str, dict]:
    """sender -> the last value of the old `dialogue_state` slot, from Rasa's SQL tracker store."""
    if not sa.inspect(connection).has_table("events"):
        return {}
    rows = connection.execute(
        sa.text("SELECT sender_id, data FROM events WHERE type_name = 'slot' AND action_name = 'dialogue_state' ORDER BY id")
    )
    states: Dict[str, dict] = {}
    for sender, data in rows:
        try:
            value = json.loads(data).get("value")
        except (TypeError, ValueError):
            continue
        if isinstance(value, dict):
            states[sender] = value
    return states


def _board_position(state: dict) -> Optional[tuple]:
    """(step, index) of the resident's own question behind an interruption or practice session."""
    step, index = state.get("step"), state.get("index", 0)
    if step in INTERRUPTIONS and state.get("resume"):
        step, index = state["resume"][0], state["resume"][1]
    if isinstance(step, str) and step.startswith("practice") and isinstance(state.get("practice"), dict):
        step, index = (state["practice"].get("return_to") or ["start", 0])[:2]
    return (step, int(index or 0)) if step in QUESTION_STEPS else None


def _carry_over_boards_in_progress() -> None:
    connection = op.get_bind()
    states = _last_dialogue_states(connection)
    unfinished = connection.execute(
        sa.text(
            "SELECT m.id, m.participant_id, m.life_rating FROM measurements m "
            "WHERE m.completed_at IS NULL AND m.perspective = 'inwoner' ORDER BY m.id"
        )
    ).fetchall()
    conversations = sa.table(
        "conversations",
        *(
            sa.column(name)
            for name in (
                "participant_id",
                "role",
                "active",
                "flow",
                "step",
                "board_id",
                "board_owner",
                "order_keys",
                "position",
                "failures",
                "counters",
                "history",
                "resume",
                "paused",
                "pending",
                "data",
                "offered",
                "seen_messages",
                "last_replies",
                "updated_at",
            )
        ),
    )
    now = datetime.now(timezone.utc)
    for measurement_id, participant_id, life_rating in unfinished:
        answers = connection.execute(
            sa.text("SELECT domain_key, status FROM domain_answers WHERE measurement_id = :m ORDER BY position"),
            {"m": measurement_id},
        ).fetchall()
        goals = connection.execute(
            sa.text("SELECT COUNT(*) FROM goals WHERE measurement_id = :m"), {"m": measurement_id}
        ).scalar()
        keys = [key for key, _ in answers]
        state = states.get(participant_id) or {}
        position = _board_position(state) if state.get("measurement_id") == measurement_id else None
        order: List[str] = [key for key in state.get("order") or [] if key in keys] if position else []
        if position and (order or position[0] in ("life_rating", "first_domain")):
            step, index = position
            order = order + [key for key in keys if key not in order] if order else []
        else:  # no usable slot: the first open question, from what was answered
            open_positions = [i for i, (_, status) in enumerate(answers) if status == "open"]
            order = keys
            if life_rating is None:
                step, index = "life_rating", 0
            elif open_positions:
                step, index = "domain_score", open_positions[0]
            else:
                step, index = "goals", 0
        record: Dict[str, Any] = {
            "participant_id": participant_id,
            "role": "inwoner",
            "active": True,
            "flow": "board",
            "step": step,
            "board_id": measurement_id,
            "board_owner": participant_id,
            "order_keys": order,
            "position": index,
            "failures": 0,
            "counters": {"goals": int(goals or 0)},
            "history": [],
            "resume": None,
            "paused": bool(state.get("paused")),
            "pending": None,
            "data": {},
            "offered": [],
            "seen_messages": [],
            "last_replies": None,
            "updated_at": now,
        }
        connection.execute(sa.insert(conversations).values(**record))
