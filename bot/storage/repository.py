"""The answer store: the small API the dialogue uses to keep a participant's board.

Every method is one transaction: it either stores everything it was given or nothing.
"""

from contextlib import contextmanager
from typing import Iterator, Optional

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import database_url
from bot.content import Instrument
from bot.storage.database import create_database_engine
from bot.storage.export import measurement_export, participant_export
from bot.storage.models import (
    DOMAIN_STATUSES,
    PERSPECTIVES,
    DomainAnswer,
    Goal,
    Measurement,
    Participant,
    utc_now,
)
from bot.storage.practice import PracticeStore
from bot.storage.tracker_events import delete_tracker_events

TEXT_FIELDS = ("goes_well", "wish")


class AnswerStore:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, future=True, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: Optional[str] = None) -> "AnswerStore":
        return cls(create_database_engine(url or database_url()))

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    # --- participants -------------------------------------------------------------
    def give_consent(self, participant_id: str) -> None:
        if not participant_id:
            raise ValueError("participant id is empty")
        with self._transaction() as session:
            if session.get(Participant, participant_id) is None:
                session.add(Participant(id=participant_id, consented_at=utc_now()))

    def has_consent(self, participant_id: str) -> bool:
        with self._transaction() as session:
            return session.get(Participant, participant_id) is not None

    def set_training_consent(self, participant_id: str, allowed: bool) -> None:
        """Whether the conversation may be used, anonymised, to train workers (asked at the end; default no)."""
        with self._transaction() as session:
            participant = session.get(Participant, participant_id)
            if participant is None:
                raise PermissionError("no consent recorded for this participant")
            participant.training_consent = bool(allowed)

    def has_training_consent(self, participant_id: str) -> bool:
        with self._transaction() as session:
            participant = session.get(Participant, participant_id)
            return bool(participant and participant.training_consent)

    def forget_participant(self, participant_id: str) -> bool:
        """Delete every stored answer of the participant, their practice sessions and their Rasa tracker.

        Returns whether anything was stored.
        """
        with self._transaction() as session:
            participant = session.get(Participant, participant_id)
            if participant is not None:
                session.delete(participant)
                session.flush()
            removed_events = delete_tracker_events(session.connection(), participant_id)
            removed_practice = PracticeStore.delete_participant_sessions(session, participant_id)
        return participant is not None or removed_events > 0 or removed_practice > 0

    # --- measurements ------------------------------------------------------------
    def open_measurement(self, participant_id: str, instrument: Instrument, perspective: str = "inwoner") -> int:
        """The id of the participant's unfinished measurement for this perspective, or of a new one."""
        if perspective not in PERSPECTIVES:
            raise ValueError(f"unknown perspective {perspective!r}")
        with self._transaction() as session:
            if session.get(Participant, participant_id) is None:
                raise PermissionError("no consent recorded for this participant")
            same_board = (
                Measurement.participant_id == participant_id,
                Measurement.instrument == instrument.key,
                Measurement.perspective == perspective,
            )
            unfinished = (
                session.execute(
                    select(Measurement.id)
                    .where(*same_board, Measurement.completed_at.is_(None))
                    .order_by(Measurement.number.desc())
                )
                .scalars()
                .first()
            )
            if unfinished is not None:
                return unfinished
            last_number = session.execute(select(func.max(Measurement.number)).where(*same_board)).scalar_one()
            measurement = Measurement(
                participant_id=participant_id,
                number=(last_number or 0) + 1,
                instrument=instrument.key,
                perspective=perspective,
                started_at=utc_now(),
                domain_answers=[
                    DomainAnswer(domain_key=key, position=position, status="open") for position, key in enumerate(instrument.keys)
                ],
            )
            session.add(measurement)
            session.flush()
            return measurement.id

    def set_life_rating(self, measurement_id: int, rating: int) -> None:
        if not isinstance(rating, int) or not 0 <= rating <= 10:
            raise ValueError("life rating must be an integer 0..10")
        with self._transaction() as session:
            self._measurement(session, measurement_id).life_rating = rating

    def record_domain_status(self, measurement_id: int, domain_key: str, status: str, score: Optional[int] = None) -> None:
        """Set how a domain goes: answered with a score 1..5, or skipped / not_applicable / open."""
        if status not in DOMAIN_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        if (status == "answered") != (score is not None):
            raise ValueError("a score goes with status 'answered', and only with it")
        if score is not None and (not isinstance(score, int) or not 1 <= score <= 5):
            raise ValueError("score must be an integer 1..5")
        with self._transaction() as session:
            answer = self._domain_answer(session, measurement_id, domain_key)
            answer.status, answer.score = status, score

    def record_domain_text(self, measurement_id: int, domain_key: str, field: str, text: Optional[str]) -> None:
        """Store the participant's own words for what goes well ('goes_well') or their wish ('wish')."""
        if field not in TEXT_FIELDS:
            raise ValueError(f"unknown text field {field!r}")
        with self._transaction() as session:
            setattr(self._domain_answer(session, measurement_id, domain_key), field, text)

    def add_goal(self, measurement_id: int, text: str, domain_key: Optional[str] = None) -> int:
        """Add a goal after the earlier ones (priority 1, 2, ...); returns its priority."""
        if not text or not text.strip():
            raise ValueError("a goal needs text")
        with self._transaction() as session:
            measurement = self._measurement(session, measurement_id)
            priority = max((goal.priority for goal in measurement.goals), default=0) + 1
            measurement.goals.append(Goal(priority=priority, domain_key=domain_key, text=text))
            return priority

    def complete_measurement(self, measurement_id: int) -> None:
        with self._transaction() as session:
            measurement = self._measurement(session, measurement_id)
            if measurement.completed_at is None:
                measurement.completed_at = utc_now()

    # --- reading -----------------------------------------------------------------
    def export_participant(self, participant_id: str) -> dict:
        with self._transaction() as session:
            return participant_export(session, participant_id)

    def measurement(self, measurement_id: int) -> dict:
        """One measurement in the export's shape."""
        with self._transaction() as session:
            return measurement_export(self._measurement(session, measurement_id))

    def domain_score(self, measurement_id: int, domain_key: str) -> Optional[int]:
        with self._transaction() as session:
            return self._domain_answer(session, measurement_id, domain_key).score

    def previous_measurement(self, measurement_id: int) -> Optional[dict]:
        """The completed measurement of the same board and perspective just before this one."""
        with self._transaction() as session:
            current = self._measurement(session, measurement_id)
            previous = (
                session.execute(
                    select(Measurement)
                    .where(
                        Measurement.participant_id == current.participant_id,
                        Measurement.instrument == current.instrument,
                        Measurement.perspective == current.perspective,
                        Measurement.number < current.number,
                        Measurement.completed_at.is_not(None),
                    )
                    .order_by(Measurement.number.desc())
                )
                .scalars()
                .first()
            )
            return measurement_export(previous) if previous is not None else None

    def owner_of(self, measurement_id: int) -> Optional[str]:
        with self._transaction() as session:
            measurement = session.get(Measurement, measurement_id)
            return measurement.participant_id if measurement is not None else None

    @staticmethod
    def _measurement(session: Session, measurement_id: int) -> Measurement:
        measurement = session.get(Measurement, measurement_id)
        if measurement is None:
            raise LookupError(f"measurement {measurement_id} does not exist")
        return measurement

    @staticmethod
    def _domain_answer(session: Session, measurement_id: int, domain_key: str) -> DomainAnswer:
        answer = session.execute(
            select(DomainAnswer).where(DomainAnswer.measurement_id == measurement_id, DomainAnswer.domain_key == domain_key)
        ).scalar_one_or_none()
        if answer is None:
            raise LookupError(f"measurement {measurement_id} has no domain {domain_key!r}")
        return answer
