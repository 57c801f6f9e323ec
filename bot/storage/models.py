"""Tables of the answer store. Their meaning follows shared/contracts/ (export schema)."""

from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

Base = declarative_base()

PERSPECTIVES = ("inwoner", "professional", "naaste")
DOMAIN_STATUSES = ("open", "answered", "skipped", "not_applicable")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime; use an aware UTC datetime")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Participant(Base):
    __tablename__ = "participants"

    id = Column(String(255), primary_key=True)
    consented_at = Column(UTCDateTime, nullable=False, default=utc_now)
    training_consent = Column(Boolean, nullable=False, default=False)
    measurements = relationship("Measurement", back_populates="participant", cascade="all, delete-orphan", passive_deletes=True)


class Measurement(Base):
    __tablename__ = "measurements"
    __table_args__ = (
        UniqueConstraint("participant_id", "instrument", "perspective", "number", name="uq_measurement_number"),
        CheckConstraint("number >= 1", name="ck_measurement_number"),
        CheckConstraint("perspective IN ('inwoner', 'professional', 'naaste')", name="ck_measurement_perspective"),
        CheckConstraint("life_rating IS NULL OR (life_rating BETWEEN 0 AND 10)", name="ck_measurement_life_rating"),
    )

    id = Column(Integer, primary_key=True)
    participant_id = Column(String(255), ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True)
    number = Column(Integer, nullable=False)
    instrument = Column(String(64), nullable=False)
    perspective = Column(String(16), nullable=False)
    started_at = Column(UTCDateTime, nullable=False, default=utc_now)
    completed_at = Column(UTCDateTime, nullable=True)
    life_rating = Column(Integer, nullable=True)

    participant = relationship("Participant", back_populates="measurements")
    domain_answers = relationship(
        "DomainAnswer", order_by="DomainAnswer.position", cascade="all, delete-orphan", passive_deletes=True
    )
    goals = relationship("Goal", order_by="Goal.priority", cascade="all, delete-orphan", passive_deletes=True)


class DomainAnswer(Base):
    __tablename__ = "domain_answers"
    __table_args__ = (
        UniqueConstraint("measurement_id", "domain_key", name="uq_domain_answer"),
        CheckConstraint("status IN ('open', 'answered', 'skipped', 'not_applicable')", name="ck_domain_answer_status"),
        CheckConstraint("score IS NULL OR (score BETWEEN 1 AND 5)", name="ck_domain_answer_score"),
        CheckConstraint("(status = 'answered') = (score IS NOT NULL)", name="ck_domain_answer_score_iff_answered"),
    )

    id = Column(Integer, primary_key=True)
    measurement_id = Column(Integer, ForeignKey("measurements.id", ondelete="CASCADE"), nullable=False, index=True)
    domain_key = Column(String(64), nullable=False)
    position = Column(Integer, nullable=False)
    status = Column(String(16), nullable=False, default="open")
    score = Column(Integer, nullable=True)
    goes_well = Column(Text, nullable=True)
    wish = Column(Text, nullable=True)


class Goal(Base):
    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("measurement_id", "priority", name="uq_goal_priority"),)

    id = Column(Integer, primary_key=True)
    measurement_id = Column(Integer, ForeignKey("measurements.id", ondelete="CASCADE"), nullable=False, index=True)
    priority = Column(Integer, nullable=False)
    domain_key = Column(String(64), nullable=True)
    text = Column(Text, nullable=False)


class PracticeSession(Base):
    """A worker's practice conversation with a persona, kept only when the worker agreed.

    `participant_id` is the worker's sender id; no resident consent (participants row) needed.
    """

    __tablename__ = "practice_sessions"

    id = Column(Integer, primary_key=True)
    participant_id = Column(String(255), nullable=False, index=True)
    persona = Column(String(64), nullable=False)
    started_at = Column(UTCDateTime, nullable=False, default=utc_now)
    ended_at = Column(UTCDateTime, nullable=True)
    feedback = Column(Text, nullable=True)  # JSON: the figures, tips and messages of bot.practice.feedback
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
