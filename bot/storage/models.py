"""Tables of the app's database. Their meaning follows shared/contracts/ (export schema).

Everything of one participant hangs off `participants` (ON DELETE CASCADE) or names the
participant in a column listed in bot/storage/forget.py, so "vergeet mij" reaches every row.
"""

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

Base: Any = declarative_base()  # untyped in SQLAlchemy 1.4

PERSPECTIVES = ("inwoner", "professional", "naaste")
DOMAIN_STATUSES = ("open", "answered", "skipped", "not_applicable")
GOAL_REVIEWS = ("reached", "partly", "not_yet")
PARTICIPANT_ID_LENGTH = 255


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect: object) -> Optional[datetime]:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime; use an aware UTC datetime")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value: Optional[datetime], dialect: object) -> Optional[datetime]:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Participant(Base):
    """A resident who agreed that their board is kept. No row: nothing of them is stored."""

    __tablename__ = "participants"

    id = Column(String(PARTICIPANT_ID_LENGTH), primary_key=True)
    consented_at = Column(UTCDateTime, nullable=False, default=utc_now)
    training_consent = Column(Boolean, nullable=False, default=False)
    follow_up_consent = Column(Boolean, nullable=False, default=False)  # check-ins and one reminder
    measurements = relationship(
        "Measurement",
        back_populates="participant",
        cascade="all, delete-orphan",
        passive_deletes=True,
        foreign_keys="Measurement.participant_id",
    )


class Measurement(Base):
    """One board filled in from one perspective. `participant_id` is the board's owner (the resident);
    `author_id` who filled it in (the resident, their professional or a naaste); `round` the number
    of the resident's own measurement a professional's or naaste's one belongs to."""

    __tablename__ = "measurements"
    __table_args__ = (
        UniqueConstraint("participant_id", "instrument", "perspective", "number", name="uq_measurement_number"),
        CheckConstraint("number >= 1", name="ck_measurement_number"),
        CheckConstraint("perspective IN ('inwoner', 'professional', 'naaste')", name="ck_measurement_perspective"),
        CheckConstraint("life_rating IS NULL OR (life_rating BETWEEN 0 AND 10)", name="ck_measurement_life_rating"),
    )

    id = Column(Integer, primary_key=True)
    participant_id = Column(
        String(PARTICIPANT_ID_LENGTH), ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id = Column(String(PARTICIPANT_ID_LENGTH), nullable=True, index=True)
    number = Column(Integer, nullable=False)
    round = Column(Integer, nullable=True)
    instrument = Column(String(64), nullable=False)
    perspective = Column(String(16), nullable=False)
    started_at = Column(UTCDateTime, nullable=False, default=utc_now)
    completed_at = Column(UTCDateTime, nullable=True)
    life_rating = Column(Integer, nullable=True)
    rating_reason = Column(Text, nullable=True)  # "Wat maakt dat het een 5 is en geen 3?"
    rating_next = Column(Text, nullable=True)  # "Wat zou er nodig zijn voor een 6?"
    appointments_per_week = Column(Integer, nullable=True)
    conflicting_advice = Column(Boolean, nullable=True)
    one_contact = Column(Text, nullable=True)  # whom the resident wants as their one contact
    version = Column(Integer, nullable=False, default=1)  # grows with every change (media cache key)

    participant = relationship("Participant", back_populates="measurements", foreign_keys=[participant_id])
    domain_answers = relationship(
        "DomainAnswer", order_by="DomainAnswer.position", cascade="all, delete-orphan", passive_deletes=True
    )
    goals = relationship("Goal", order_by="Goal.priority", cascade="all, delete-orphan", passive_deletes=True)
    network = relationship("NetworkMember", order_by="NetworkMember.position", cascade="all, delete-orphan", passive_deletes=True)


class DomainAnswer(Base):
    __tablename__ = "domain_answers"
    __table_args__ = (
        UniqueConstraint("measurement_id", "domain_key", name="uq_domain_answer"),
        CheckConstraint("status IN ('open', 'answered', 'skipped', 'not_applicable')", name="ck_domain_answer_status"),
        CheckConstraint("(status = 'answered') = (score IS NOT NULL)", name="ck_domain_answer_score_iff_answered"),
    )

    id = Column(Integer, primary_key=True)
    measurement_id = Column(Integer, ForeignKey("measurements.id", ondelete="CASCADE"), nullable=False, index=True)
    domain_key = Column(String(64), nullable=False)
    position = Column(Integer, nullable=False)
    status = Column(String(16), nullable=False, default="open")
    score = Column(Integer, nullable=True)  # a value of the instrument's scale (checked by the app)
    story = Column(Text, nullable=True)  # own words given with the score ("slecht, ik heb schulden")
    goes_well = Column(Text, nullable=True)
    wish = Column(Text, nullable=True)
    talk_about = Column(Boolean, nullable=False, default=False)  # "hier wil ik over praten"
    talk_rank = Column(Integer, nullable=True)  # 1..3: the resident's order of the marked domains


class Goal(Base):
    __tablename__ = "goals"
    __table_args__ = (
        UniqueConstraint("measurement_id", "priority", name="uq_goal_priority"),
        CheckConstraint("review IS NULL OR review IN ('reached', 'partly', 'not_yet')", name="ck_goal_review"),
    )

    id = Column(Integer, primary_key=True)
    measurement_id = Column(Integer, ForeignKey("measurements.id", ondelete="CASCADE"), nullable=False, index=True)
    priority = Column(Integer, nullable=False)
    domain_key = Column(String(64), nullable=True)
    text = Column(Text, nullable=False)
    own_step = Column(Text, nullable=True)  # what the resident can do themselves
    helper = Column(Text, nullable=True)  # who can help
    review = Column(String(16), nullable=True)  # how it went, reviewed at the next measurement
    reviewed_at = Column(UTCDateTime, nullable=True)


class NetworkMember(Base):
    """Someone around the resident: a person (family, friend, neighbour) or a professional."""

    __tablename__ = "network_members"
    __table_args__ = (CheckConstraint("kind IN ('person', 'professional')", name="ck_network_kind"),)

    id = Column(Integer, primary_key=True)
    measurement_id = Column(Integer, ForeignKey("measurements.id", ondelete="CASCADE"), nullable=False, index=True)
    position = Column(Integer, nullable=False)
    kind = Column(String(16), nullable=False)
    description = Column(Text, nullable=False)  # in the resident's words ("mijn zus", "schuldhulp")


class Conversation(Base):
    """Where one participant is in one of their conversations (the app's conversation record).

    One row per participant and role: 'inwoner' (their own board), 'professional' / 'naaste' (their
    view of someone's board), 'practice' (a worker practising). Stored only while something of this
    participant may be kept; otherwise the same record lives in memory (bot/storage/ephemeral.py).
    """

    __tablename__ = "conversations"

    participant_id = Column(String(PARTICIPANT_ID_LENGTH), primary_key=True)
    role = Column(String(16), primary_key=True)
    active = Column(Boolean, nullable=False, default=True)
    flow = Column(String(32), nullable=False)
    step = Column(String(48), nullable=False)
    board_id = Column(Integer, ForeignKey("measurements.id", ondelete="SET NULL"), nullable=True)
    board_owner = Column(String(PARTICIPANT_ID_LENGTH), nullable=True)
    order_keys = Column(JSON, nullable=False, default=list)  # domain keys in visiting order
    position = Column(Integer, nullable=False, default=0)
    failures = Column(Integer, nullable=False, default=0)
    counters = Column(JSON, nullable=False, default=dict)
    history = Column(JSON, nullable=False, default=list)  # earlier questions, for "terug"
    resume = Column(JSON, nullable=True)  # the question to return to after an interruption
    paused = Column(Boolean, nullable=False, default=False)
    # a reading waiting for the resident's "klopt", or a message held while the safety net asks
    pending = Column(JSON, nullable=True)
    data = Column(JSON, nullable=False, default=dict)  # what one flow keeps beyond the cursor
    offered = Column(JSON, nullable=False, default=list)  # the button choices of the last reply
    seen_messages = Column(JSON, nullable=False, default=list)  # ids of the last messages applied
    last_replies = Column(JSON, nullable=True)  # the replies to the last message (a resend gets them again)
    updated_at = Column(UTCDateTime, nullable=False, default=utc_now)


class ShareCode(Base):
    """A code with which a resident lets their professional or a naaste fill in their view."""

    __tablename__ = "share_codes"

    code = Column(String(8), primary_key=True)  # 8 of A-Z and 2-9 without O, 0, I, 1
    owner_id = Column(
        String(PARTICIPANT_ID_LENGTH), ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    expires_at = Column(UTCDateTime, nullable=False)
    withdrawn_at = Column(UTCDateTime, nullable=True)


class CallbackRequest(Base):
    """ "Ik wil iemand spreken": a request, with consent, that someone of the wijkteam calls back."""

    __tablename__ = "callback_requests"

    id = Column(Integer, primary_key=True)
    participant_id = Column(
        String(PARTICIPANT_ID_LENGTH), ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    how_to_reach = Column(Text, nullable=True)  # in the resident's words ("bel me na 3 uur")
    handled_at = Column(UTCDateTime, nullable=True)
    claimed_by = Column(Integer, ForeignKey("workers.id", ondelete="SET NULL"), nullable=True)  # "Ik bel"
    claimed_at = Column(UTCDateTime, nullable=True)


class PracticeSession(Base):
    """A worker's practice conversation with a persona, kept only when the worker agreed.

    `participant_id` is the worker's sender id; no resident consent (participants row) needed.
    """

    __tablename__ = "practice_sessions"

    id = Column(Integer, primary_key=True)
    participant_id = Column(String(PARTICIPANT_ID_LENGTH), nullable=False, index=True)
    persona = Column(String(64), nullable=False)
    started_at = Column(UTCDateTime, nullable=False, default=utc_now)
    ended_at = Column(UTCDateTime, nullable=True)
    feedback = Column(Text, nullable=True)  # JSON: the figures, tips and messages of the feedback
    turns = relationship("PracticeTurn", order_by="PracticeTurn.position", cascade="all, delete-orphan", passive_deletes=True)


class PracticeTurn(Base):
    __tablename__ = "practice_turns"
    __table_args__ = (UniqueConstraint("session_id", "position", name="uq_practice_turn_position"),)

    id = Column(Integer, primary_key=True)
    session_id = Column(Integer, ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    position = Column(Integer, nullable=False)
    worker_text = Column(Text, nullable=False)
    act = Column(String(64), nullable=True)
    form = Column(String(16), nullable=False)
    domains = Column(String(400), nullable=False, default="")  # domain keys, comma-separated
    reply = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)


class Worker(Base):
    """A wijkteam worker's account for the web app (bot/wijkteam); created with `python -m bot worker add`."""

    __tablename__ = "workers"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    display_name = Column(String(128), nullable=False)
    password_hash = Column(String(255), nullable=False)  # argon2
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(UTCDateTime, nullable=True)
    last_login_at = Column(UTCDateTime, nullable=True)
    active = Column(Boolean, nullable=False, default=True)


class BoardAccess(Base):
    """A worker may see a resident's board: they entered its share code, or filled in the professional view."""

    __tablename__ = "board_access"

    worker_id = Column(Integer, ForeignKey("workers.id", ondelete="CASCADE"), primary_key=True)
    owner_id = Column(String(PARTICIPANT_ID_LENGTH), ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    granted_at = Column(UTCDateTime, nullable=False, default=utc_now)
    via = Column(String(32), nullable=False)  # "code" | "professional_view"


class AuditEntry(Base):
    """Who saw which board, when. Kept when a resident is forgotten, without them (subject_id set NULL)."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(UTCDateTime, nullable=False, default=utc_now)
    worker_id = Column(Integer, ForeignKey("workers.id", ondelete="SET NULL"), nullable=True, index=True)
    actor = Column(String(128), nullable=False)  # "worker:<username>", "cli"
    action = Column(String(32), nullable=False)  # "view_board", "print_board", "grant_access", "login_failed", ...
    subject_id = Column(
        String(PARTICIPANT_ID_LENGTH), ForeignKey("participants.id", ondelete="SET NULL"), nullable=True, index=True
    )


class ScheduledMessage(Base):
    """A message the assistant sends unasked later (a check-in, a reminder): the durable schedule.

    Sent by bot/schedule; a row is claimed (status 'sending') by one server before it is sent, so
    two servers never send it twice. Deleted with the participant ("vergeet mij" cancels it).
    """

    __tablename__ = "scheduled_messages"
    __table_args__ = (
        CheckConstraint("kind IN ('check_in', 'reminder')", name="ck_scheduled_kind"),
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')", name="ck_scheduled_status"),
    )

    id = Column(Integer, primary_key=True)
    participant_id = Column(
        String(PARTICIPANT_ID_LENGTH), ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind = Column(String(16), nullable=False)
    due_at = Column(UTCDateTime, nullable=False, index=True)
    status = Column(String(16), nullable=False, default="pending")
    attempts = Column(Integer, nullable=False, default=0)
    claimed_by = Column(String(64), nullable=True)
    claimed_at = Column(UTCDateTime, nullable=True)
    sent_at = Column(UTCDateTime, nullable=True)
    board_id = Column(Integer, ForeignKey("measurements.id", ondelete="CASCADE"), nullable=True)


class TranscriptEvent(Base):
    """Rasa's tracker events (the table Rasa's SQL tracker store uses): the transcript of a
    conversation, kept only for residents who agreed to storing (bot/channels/tracker_store.py)."""

    __tablename__ = "events"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(PARTICIPANT_ID_LENGTH), nullable=False, index=True)
    type_name = Column(String(255), nullable=False)
    timestamp = Column(Float)
    intent_name = Column(String(255))
    action_name = Column(String(255))
    data = Column(Text)


# --- follow-up: check-ins (bot/flows/board/check_in.py) -------------------------------------------------


class CheckIn(Base):
    """A check-in: some weeks after the board the assistant asks how it went (bot/flows/board/check_in.py).

    `felt_heard` is a value of the board's scale; `remarks` the resident's own words (never in the
    monitor). The goals' answers are kept on the goals themselves (Goal.review). Deleted with the
    participant ("vergeet mij").
    """

    __tablename__ = "check_ins"

    id = Column(Integer, primary_key=True)
    participant_id = Column(
        String(PARTICIPANT_ID_LENGTH), ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True
    )
    board_id = Column(Integer, ForeignKey("measurements.id", ondelete="CASCADE"), nullable=True, index=True)
    scheduled_message_id = Column(Integer, ForeignKey("scheduled_messages.id", ondelete="SET NULL"), nullable=True)
    started_at = Column(UTCDateTime, nullable=False, default=utc_now)
    answered_at = Column(UTCDateTime, nullable=True)  # the first answer (felt heard, or "no talk yet")
    finished_at = Column(UTCDateTime, nullable=True)
    felt_heard = Column(Integer, nullable=True)  # a value of the board's scale
    no_talk_yet = Column(Boolean, nullable=False, default=False)  # "nog geen gesprek gehad"
    remarks = Column(Text, nullable=True)  # own words, skippable


# --- practice that coaches (bot/flows/practice) ----------------------------------------------------------


class PracticeTurnState(Base):
    """The persona's hidden state after one practice turn, for the trainer's replay: trust, how a
    reflection was judged, and what happened (a layer opened, closed down, a signal shown ...)."""

    __tablename__ = "practice_turn_states"

    id = Column(Integer, primary_key=True)
    turn_id = Column(Integer, ForeignKey("practice_turns.id", ondelete="CASCADE"), nullable=False, unique=True)
    trust = Column(Integer, nullable=False)
    verdict = Column(String(32), nullable=True)  # right_feeling | right | wrong | not_said | vague | good | partial | thin
    events = Column(Text, nullable=False, default="[]")  # JSON list of strings


class PracticeGoalScore(Base):
    """A worker's score (1-5) on one learning goal in one stored practice session: progress over time.

    `participant_id` is the worker's sender id ("vergeet mij" deletes their scores with their sessions).
    """

    __tablename__ = "practice_goal_scores"
    __table_args__ = (
        UniqueConstraint("session_id", "goal", name="uq_practice_goal_score"),
        CheckConstraint("score BETWEEN 1 AND 5", name="ck_practice_goal_score"),
    )

    id = Column(Integer, primary_key=True)
    session_id = Column(Integer, ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    participant_id = Column(String(PARTICIPANT_ID_LENGTH), nullable=False, index=True)
    goal = Column(String(32), nullable=False)
    score = Column(Integer, nullable=False)
    scored_at = Column(UTCDateTime, nullable=False, default=utc_now)


class TeamReflection(Base):
    """A team's answers to the ten questions of integraal werken (/teamreflectie), kept only when the
    team agreed. `participant_id` is the sender who led the session."""

    __tablename__ = "team_reflections"

    id = Column(Integer, primary_key=True)
    participant_id = Column(String(PARTICIPANT_ID_LENGTH), nullable=False, index=True)
    started_at = Column(UTCDateTime, nullable=False, default=utc_now)
    finished_at = Column(UTCDateTime, nullable=True)
    answers = Column(Text, nullable=False, default="[]")  # JSON: [{key, question, answer}]
