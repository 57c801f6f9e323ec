"""The audit log: which worker did what with which resident's board, and when.

Rows of bot/storage/models.py's AuditEntry. `view_board` and `print_board` are what a resident is
told when they ask "wie heeft mijn bord bekeken?" (TurnStore.board_views). The resident appears
only as `subject_id` (SET NULL when they are forgotten); lists for people show their pseudonym.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.pseudonyms import pseudonym
from bot.storage import models

BOARD_ACTIONS = ("view_board", "print_board", "view_picture", "grant_access")
ACTIONS = BOARD_ACTIONS + (
    "login",
    "logout",
    "login_failed",
    "login_locked",
    "code_refused",
    "worker_added",
    "worker_removed",
    "password_set",
    "chat_linked",
    "chat_unlinked",
    "view_callbacks",
    "callback_claimed",
    "callback_handled",
)


def record(
    session: Session,
    action: str,
    now: datetime,
    actor: str,
    worker_id: Optional[int] = None,
    subject_id: Optional[str] = None,
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(models.AuditEntry(at=now, worker_id=worker_id, actor=actor[:128], action=action, subject_id=subject_id))
    session.flush()


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    worker: Optional[str]  # the worker's display name (None: no worker, or the row outlived them)
    action: str
    board: Optional[str]  # the resident's pseudonym; None when there is none or they were forgotten

    def as_dict(self) -> dict:
        return {"at": self.at.isoformat(), "actor": self.actor, "worker": self.worker, "action": self.action, "board": self.board}


def entries(
    session: Session,
    worker: Optional[str] = None,
    board: Optional[str] = None,
    since: Optional[datetime] = None,
    limit: Optional[int] = None,
) -> List[AuditRow]:
    """Rows oldest first; `worker` a username, `board` a pseudonym ("deelnemer-...")."""
    query = select(models.AuditEntry, models.Worker.username, models.Worker.display_name).outerjoin(
        models.Worker, models.Worker.id == models.AuditEntry.worker_id
    )
    if worker:
        query = query.where(models.Worker.username == worker.strip().lower())
    if since is not None:
        query = query.where(models.AuditEntry.at >= since)
    query = query.order_by(models.AuditEntry.at.desc(), models.AuditEntry.id.desc())
    rows = []
    for entry, _username, display_name in session.execute(query):
        reference = pseudonym(entry.subject_id) if entry.subject_id else None
        if board and reference != board:
            continue
        rows.append(AuditRow(entry.at, entry.actor, display_name, entry.action, reference))
        if limit is not None and len(rows) >= limit:
            break
    return list(reversed(rows))
