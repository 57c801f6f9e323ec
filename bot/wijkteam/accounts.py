"""Worker accounts: adding, listing, removing, resetting a password, and logging in with lock-out.

A removed worker is deactivated, not deleted: the audit log and the resident's answer to
"wie heeft mijn bord bekeken?" keep their name; their access, sessions and chat links go.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import List, Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.storage import models
from bot.wijkteam import audit
from bot.wijkteam.passwords import hash_password, needs_rehash, spend_equal_time, verify_password
from bot.wijkteam.settings import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, Limits
from bot.wijkteam.tables import board_access, worker_links, worker_sessions

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
CHAT_ID = re.compile(r"^(telegram|web|rest):\S{1,240}$")


class AccountError(ValueError):
    """A clear reason why an account change was refused (shown to the administrator)."""


@dataclass(frozen=True)
class WorkerInfo:
    id: int
    username: str
    display_name: str
    active: bool
    created_at: datetime
    last_login_at: Optional[datetime]
    locked_until: Optional[datetime]
    chat_ids: List[str]


def normal_username(username: str) -> str:
    return (username or "").strip().lower()


def check_username(username: str) -> str:
    name = normal_username(username)
    if not USERNAME.match(name):
        raise AccountError(
            "a username is 2-64 characters: lower case letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"the password may have at most {MAX_PASSWORD_LENGTH} characters")
    return password


def check_display_name(display_name: str) -> str:
    name = " ".join((display_name or "").split())
    if not name or len(name) > 128:
        raise AccountError("the name (shown to residents who ask who viewed their board) needs 1-128 characters")
    return name


def _worker(session: Session, username: str) -> Optional[models.Worker]:
    return session.execute(select(models.Worker).where(models.Worker.username == normal_username(username))).scalar_one_or_none()


def add_worker(session: Session, username: str, display_name: str, password: str, now: datetime) -> models.Worker:
    name = check_username(username)
    display = check_display_name(display_name)
    check_password(password)
    if _worker(session, name) is not None:
        raise AccountError(f"the username {name!r} exists already (also when removed: choose another)")
    worker = models.Worker(username=name, display_name=display, password_hash=hash_password(password), created_at=now)
    session.add(worker)
    session.flush()
    audit.record(session, "worker_added", now, actor="cli", worker_id=worker.id)
    return worker


def active_worker(session: Session, username: str) -> models.Worker:
    worker = _worker(session, username)
    if worker is None or not worker.active:
        raise AccountError(f"there is no active worker {normal_username(username)!r}")
    return worker


def remove_worker(session: Session, username: str, now: datetime) -> None:
    worker = active_worker(session, username)
    worker.active = False
    worker.password_hash = "!removed"  # no password can match
    for table in (board_access, worker_sessions, worker_links):
        session.execute(delete(table).where(table.c.worker_id == worker.id))
    audit.record(session, "worker_removed", now, actor="cli", worker_id=worker.id)


def set_password(session: Session, username: str, password: str, now: datetime) -> None:
    """A new password; it also lifts a lock-out and ends the worker's sessions."""
    worker = active_worker(session, username)
    worker.password_hash = hash_password(check_password(password))
    worker.failed_logins, worker.locked_until = 0, None
    session.execute(delete(worker_sessions).where(worker_sessions.c.worker_id == worker.id))
    audit.record(session, "password_set", now, actor="cli", worker_id=worker.id)


def link_chat(session: Session, username: str, chat_id: str, now: datetime) -> None:
    """The worker's own chat identity: professional views they fill in there give them access."""
    worker = active_worker(session, username)
    chat = chat_id.strip()
    if not CHAT_ID.match(chat):
        raise AccountError("a chat identity looks like telegram:123456789 (or web:..., rest:...)")
    owner = session.execute(select(worker_links.c.worker_id).where(worker_links.c.chat_id == chat)).scalar_one_or_none()
    if owner is not None and owner != worker.id:
        raise AccountError("this chat identity is linked to another worker")
    if owner is None:
        session.execute(worker_links.insert().values(worker_id=worker.id, chat_id=chat, linked_at=now))
        audit.record(session, "chat_linked", now, actor="cli", worker_id=worker.id)


def unlink_chat(session: Session, username: str, chat_id: str, now: datetime) -> None:
    worker = active_worker(session, username)
    removed = session.execute(
        delete(worker_links).where(worker_links.c.worker_id == worker.id, worker_links.c.chat_id == chat_id.strip())
    ).rowcount
    if not removed:
        raise AccountError("this chat identity is not linked to this worker")
    session.execute(delete(board_access).where(board_access.c.worker_id == worker.id, board_access.c.via == "professional_view"))
    audit.record(session, "chat_unlinked", now, actor="cli", worker_id=worker.id)


def list_workers(session: Session, include_removed: bool = False) -> List[WorkerInfo]:
    query = select(models.Worker).order_by(models.Worker.username)
    if not include_removed:
        query = query.where(models.Worker.active.is_(True))
    workers = session.execute(query).scalars().all()
    links = session.execute(select(worker_links.c.worker_id, worker_links.c.chat_id).order_by(worker_links.c.chat_id)).all()
    return [
        WorkerInfo(
            id=worker.id,
            username=worker.username,
            display_name=worker.display_name,
            active=bool(worker.active),
            created_at=worker.created_at,
            last_login_at=worker.last_login_at,
            locked_until=worker.locked_until,
            chat_ids=[chat for owner, chat in links if owner == worker.id],
        )
        for worker in workers
    ]


def count_workers(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(models.Worker)).scalar_one())


# --- logging in ---------------------------------------------------------------------------------------
class LoginOutcome(Enum):
    OK = "ok"
    REFUSED = "refused"  # unknown name or wrong password: the same answer
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    worker_id: Optional[int] = None
    locked_until: Optional[datetime] = None


def log_in(session: Session, username: str, password: str, now: datetime, limits: Limits) -> LoginResult:
    """Check a name and password; count failures, lock the account after too many.

    The worker's row is locked for the transaction (PostgreSQL: FOR UPDATE; SQLite: the whole
    database, BEGIN IMMEDIATE), so concurrent wrong passwords are all counted.
    """
    if len(password) > MAX_PASSWORD_LENGTH:
        return LoginResult(LoginOutcome.REFUSED)
    worker = session.execute(
        select(models.Worker).where(models.Worker.username == normal_username(username)).with_for_update()
    ).scalar_one_or_none()
    if worker is None or not worker.active:
        spend_equal_time(password)
        return LoginResult(LoginOutcome.REFUSED)
    if worker.locked_until is not None and worker.locked_until > now:
        spend_equal_time(password)
        audit.record(session, "login_locked", now, actor=f"worker:{worker.username}", worker_id=worker.id)
        return LoginResult(LoginOutcome.LOCKED, worker.id, worker.locked_until)
    if not verify_password(worker.password_hash, password):
        failures = (worker.failed_logins or 0) + 1
        audit.record(session, "login_failed", now, actor=f"worker:{worker.username}", worker_id=worker.id)
        if failures >= limits.max_failed_logins:
            worker.failed_logins, worker.locked_until = 0, now + limits.lock_out
            return LoginResult(LoginOutcome.LOCKED, worker.id, worker.locked_until)
        worker.failed_logins = failures
        return LoginResult(LoginOutcome.REFUSED)
    if needs_rehash(worker.password_hash):
        worker.password_hash = hash_password(password)
    worker.failed_logins, worker.locked_until, worker.last_login_at = 0, None, now
    audit.record(session, "login", now, actor=f"worker:{worker.username}", worker_id=worker.id)
    return LoginResult(LoginOutcome.OK, worker.id)
