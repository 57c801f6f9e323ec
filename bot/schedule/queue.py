"""The durable schedule as a queue: due rows of `scheduled_messages`, claimed atomically.

A scheduler claims a row with one conditional UPDATE (pending -> sending, claimed_by = itself);
only when that UPDATE changed the row does it start the turn and send. Two schedulers on one
database therefore never both send a row: PostgreSQL re-checks the condition after the other's
commit, SQLite serialises writers. A claim older than the claim timeout belongs to a scheduler that
died and may be taken over (counted as a failed attempt). Every change after the claim names the
claimer, so a scheduler that lost its claim changes nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Dict, List, Sequence

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.orm import Session

from bot.storage.models import ScheduledMessage as Row


@dataclass(frozen=True)
class Due:
    id: int
    participant_id: str
    kind: str


def _claimable(now: datetime, claim_timeout: timedelta):
    return and_(
        Row.due_at <= now,
        or_(Row.status == "pending", and_(Row.status == "sending", Row.claimed_at < now - claim_timeout)),
    )


def _channel(prefixes: Sequence[str]):
    return or_(*(Row.participant_id.like(f"{prefix}%") for prefix in prefixes))


def due(session: Session, now: datetime, prefixes: Sequence[str], claim_timeout: timedelta, limit: int) -> List[Due]:
    """Rows due now for participants on one of these channels (`telegram:`), oldest first."""
    if not prefixes:
        return []
    rows = session.execute(
        select(Row.id, Row.participant_id, Row.kind)
        .where(_claimable(now, claim_timeout), _channel(prefixes))
        .order_by(Row.due_at, Row.id)
        .limit(limit)
    ).all()
    return [Due(int(row.id), row.participant_id, row.kind) for row in rows]


def claim(session: Session, row_id: int, claimant: str, now: datetime, claim_timeout: timedelta) -> bool:
    """True when this claimant now holds the row (and nobody else does)."""
    result = session.execute(
        update(Row)
        .where(Row.id == row_id, _claimable(now, claim_timeout))
        .values(
            status="sending",
            claimed_by=claimant,
            claimed_at=now,
            attempts=Row.attempts + case((Row.status == "sending", 1), else_=0),  # a claim that died
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _held(row_id: int, claimant: str):
    return and_(Row.id == row_id, Row.status == "sending", Row.claimed_by == claimant)


def still_held(session: Session, row_id: int, claimant: str) -> bool:
    return session.execute(select(Row.id).where(_held(row_id, claimant))).first() is not None


def mark_sent(session: Session, row_id: int, claimant: str, now: datetime) -> bool:
    result = session.execute(
        update(Row).where(_held(row_id, claimant)).values(status="sent", sent_at=now).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release(session: Session, row_id: int, claimant: str, due_at: datetime) -> None:
    """Back to pending, due again at `due_at` (the resident is busy: the check-in waits)."""
    session.execute(
        update(Row)
        .where(_held(row_id, claimant))
        .values(status="pending", claimed_by=None, claimed_at=None, due_at=due_at)
        .execution_options(synchronize_session=False)
    )


def failed_attempt(session: Session, row_id: int, claimant: str, now: datetime, max_attempts: int, delay) -> str:
    """A delivery failed: pending again after `delay(attempts)`, or 'failed' after the last attempt. The new status."""
    attempts = session.execute(select(Row.attempts).where(_held(row_id, claimant))).scalar_one_or_none()
    if attempts is None:
        return "gone"
    attempts += 1
    status = "failed" if attempts >= max_attempts else "pending"
    values: Dict[str, Any] = {"status": status, "attempts": attempts, "claimed_by": None, "claimed_at": None}
    if status == "pending":
        values["due_at"] = now + delay(attempts)
    session.execute(update(Row).where(_held(row_id, claimant)).values(**values).execution_options(synchronize_session=False))
    return status


def cancel(session: Session, row_id: int, claimant: str) -> None:
    """Not needed any more (no consent, nothing to ask about, the board was finished)."""
    session.execute(
        update(Row).where(_held(row_id, claimant)).values(status="cancelled").execution_options(synchronize_session=False)
    )


def cancel_unsendable_reminders(session: Session, now: datetime, prefixes: Sequence[str]) -> int:
    """Due reminders of participants on a channel nothing can be pushed to (web chat, REST): the resident
    sees where they were when they come back, so the reminder is dropped."""
    query = update(Row).where(Row.kind == "reminder", Row.status == "pending", Row.due_at <= now)
    if prefixes:
        query = query.where(~_channel(prefixes))
    return int(session.execute(query.values(status="cancelled").execution_options(synchronize_session=False)).rowcount or 0)
