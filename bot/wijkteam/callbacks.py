""" "Ik wil iemand spreken": the call-back requests residents left in the chat, for the team.

Every logged-in worker sees the open requests (the resident asked the wijkteam, not one worker),
oldest first, each with how to reach them in the resident's own words. Seeing the list is written
to the audit log per resident shown; "Gebeld" closes a request, is audited too, and erases how to
reach the resident: a phone number is kept only as long as it is needed.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.pseudonyms import pseudonym
from bot.storage import models
from bot.understanding.contact_details import dialable
from bot.wijkteam import audit
from bot.wijkteam.sessions import CurrentWorker


@dataclass(frozen=True)
class CallbackRequest:
    id: int
    reference: str  # the resident's pseudonym
    asked_at: datetime
    how_to_reach: Optional[str]  # the resident's own words, with the number
    dial: Optional[str] = None  # the number to call, digits only (with a leading +): a tel: link
    caller: Optional[str] = None  # the worker who said "Ik bel" (their display name)
    calling_since: Optional[datetime] = None
    mine: bool = False  # this worker is the one calling


def open_requests(session: Session, worker: CurrentWorker, now: datetime) -> List[CallbackRequest]:
    """The requests nobody has handled yet, oldest first; audited as seen by this worker."""
    rows = session.execute(
        select(models.CallbackRequest, models.Worker.display_name)
        .outerjoin(models.Worker, models.Worker.id == models.CallbackRequest.claimed_by)
        .where(models.CallbackRequest.handled_at.is_(None))
        .order_by(models.CallbackRequest.created_at, models.CallbackRequest.id)
    ).all()
    requests = []
    for row, caller in rows:
        requests.append(
            CallbackRequest(
                row.id,
                pseudonym(row.participant_id),
                row.created_at,
                row.how_to_reach,
                dialable(row.how_to_reach or ""),
                caller,
                row.claimed_at if caller else None,
                row.claimed_by == worker.id,
            )
        )
        audit.record(session, "view_callbacks", now, worker.actor, worker.id, subject_id=row.participant_id)
    return requests


def open_count(session: Session) -> int:
    return int(
        session.execute(
            select(func.count()).select_from(models.CallbackRequest).where(models.CallbackRequest.handled_at.is_(None))
        ).scalar_one()
    )


def _open_request(session: Session, request_id: int) -> Optional[models.CallbackRequest]:
    """The request while it is open; None when it is gone (forgotten) or closed."""
    row = session.get(models.CallbackRequest, request_id)
    return row if row is not None and row.handled_at is None else None


def claim(session: Session, worker: CurrentWorker, request_id: int, now: datetime) -> bool:
    """ "Ik bel": this worker calls; False when the request is gone or closed."""
    row = _open_request(session, request_id)
    if row is None:
        return False
    row.claimed_by, row.claimed_at = worker.id, now
    audit.record(session, "callback_claimed", now, worker.actor, worker.id, subject_id=row.participant_id)
    return True


def mark_handled(session: Session, worker: CurrentWorker, request_id: int, now: datetime) -> bool:
    """Close an open request and erase how to reach the resident; False when it is gone or closed."""
    row = _open_request(session, request_id)
    if row is None:
        return False
    row.handled_at, row.how_to_reach = now, None
    audit.record(session, "callback_handled", now, worker.actor, worker.id, subject_id=row.participant_id)
    return True
