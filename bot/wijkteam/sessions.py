"""Server-side login sessions: the signed cookie holds a random id, the database its SHA-256.

A session ends when the worker logs out, after SESSION_IDLE without a request, after
SESSION_LIFETIME in any case, and when the worker is removed or gets a new password.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.storage import models
from bot.wijkteam.settings import Limits
from bot.wijkteam.tables import worker_sessions

TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often


@dataclass(frozen=True)
class CurrentWorker:
    id: int
    username: str
    display_name: str

    @property
    def actor(self) -> str:
        return f"worker:{self.username}"


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, worker_id: int, now: datetime, limits: Limits) -> str:
    """A new session for the worker; the token goes into the cookie (never stored as such)."""
    session.execute(
        delete(worker_sessions).where(
            or_(
                worker_sessions.c.last_seen_at < now - limits.session_idle,
                worker_sessions.c.created_at < now - limits.session_lifetime,
            )
        )
    )
    token = secrets.token_urlsafe(32)
    session.execute(worker_sessions.insert().values(id=_key(token), worker_id=worker_id, created_at=now, last_seen_at=now))
    return token


def current(session: Session, token: Optional[str], now: datetime, limits: Limits) -> Optional[CurrentWorker]:
    """The worker of a live session, or None (an ended session is removed)."""
    if not token or not isinstance(token, str) or len(token) > 100:
        return None
    key = _key(token)
    row = session.execute(
        select(worker_sessions, models.Worker.username, models.Worker.display_name, models.Worker.active)
        .join(models.Worker, models.Worker.id == worker_sessions.c.worker_id)
        .where(worker_sessions.c.id == key)
    ).one_or_none()
    if row is None:
        return None
    expired = row.last_seen_at + limits.session_idle <= now or row.created_at + limits.session_lifetime <= now
    if expired or not row.active:
        session.execute(delete(worker_sessions).where(worker_sessions.c.id == key))
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        session.execute(update(worker_sessions).where(worker_sessions.c.id == key).values(last_seen_at=now))
    return CurrentWorker(row.worker_id, row.username, row.display_name)


def end(session: Session, token: Optional[str]) -> None:
    if token and isinstance(token, str):
        session.execute(delete(worker_sessions).where(worker_sessions.c.id == _key(token)))
