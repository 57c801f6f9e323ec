"""Which residents' boards a worker may see, and granting access with a share code.

A worker sees a board only while the resident shares it:
- "code": the worker entered the resident's share code; access lasts as long as that code works
  (SHARE_CODE_DAYS, 14 days, or until the resident says "stop met delen"). A newer code renews it.
- "professional_view": the worker's linked chat identity (`python -m bot worker link`) filled in
  the professional view of this resident's board; access lasts while the resident has a working
  share code (the same rule: "stop met delen" ends it).
Everything else is refused (the routes answer 403). Boards are named by the resident's pseudonym
(bot/pseudonyms.py), never by their channel id.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Dict, List, Optional

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.orm import Session

from bot.pseudonyms import pseudonym
from bot.storage import models
from bot.storage.share_codes import read_code
from bot.wijkteam import audit
from bot.wijkteam.sessions import CurrentWorker
from bot.wijkteam.settings import Limits
from bot.wijkteam.tables import VIA_CODE, VIA_PROFESSIONAL_VIEW, board_access, worker_links


@dataclass(frozen=True)
class SharedBoard:
    reference: str  # the resident's pseudonym: the only name a worker sees
    owner_id: str  # internal: never shown, never in a URL
    via: str
    granted_at: datetime
    until: Optional[datetime]  # when the sharing ends, unless renewed
    measurements: int  # the resident's own boards
    latest_at: Optional[datetime]  # when the resident's latest board was started


class CodeOutcome(Enum):
    GRANTED = "granted"
    UNREADABLE = "unreadable"  # not 8 characters of the code alphabet
    REFUSED = "refused"  # unknown, expired or withdrawn: one answer for all
    TOO_MANY = "too_many"  # too many refused codes lately


@dataclass(frozen=True)
class CodeResult:
    outcome: CodeOutcome
    reference: Optional[str] = None


def _usable_code(now: datetime):
    return and_(models.ShareCode.withdrawn_at.is_(None), models.ShareCode.expires_at > now)


def enter_code(session: Session, worker: CurrentWorker, typed: str, now: datetime, limits: Limits) -> CodeResult:
    code = read_code(typed)
    if code is None:
        return CodeResult(CodeOutcome.UNREADABLE)
    refused = session.execute(
        select(func.count())
        .select_from(models.AuditEntry)
        .where(
            models.AuditEntry.worker_id == worker.id,
            models.AuditEntry.action == "code_refused",
            models.AuditEntry.at > now - limits.code_window,
        )
    ).scalar_one()
    if refused >= limits.max_refused_codes:
        return CodeResult(CodeOutcome.TOO_MANY)
    share = session.get(models.ShareCode, code)
    if share is None or share.withdrawn_at is not None or share.expires_at <= now:
        audit.record(session, "code_refused", now, worker.actor, worker.id)
        return CodeResult(CodeOutcome.REFUSED)
    key = and_(board_access.c.worker_id == worker.id, board_access.c.owner_id == share.owner_id)
    existing = session.execute(select(board_access.c.via, board_access.c.code).where(key)).one_or_none()
    if existing is None:
        session.execute(
            board_access.insert().values(worker_id=worker.id, owner_id=share.owner_id, granted_at=now, via=VIA_CODE, code=code)
        )
    elif (existing.via, existing.code) != (VIA_CODE, code):
        session.execute(update(board_access).where(key).values(granted_at=now, via=VIA_CODE, code=code))
    if existing is None or (existing.via, existing.code) != (VIA_CODE, code):
        audit.record(session, "grant_access", now, worker.actor, worker.id, subject_id=share.owner_id)
    return CodeResult(CodeOutcome.GRANTED, pseudonym(share.owner_id))


def _grant_professional_views(session: Session, worker: CurrentWorker, now: datetime) -> None:
    """Access for the residents whose professional view this worker filled in (through a linked chat)."""
    authored = (
        select(models.Measurement.participant_id)
        .join(worker_links, worker_links.c.chat_id == models.Measurement.author_id)
        .where(worker_links.c.worker_id == worker.id, models.Measurement.perspective == "professional")
        .distinct()
    )
    already = select(board_access.c.owner_id).where(board_access.c.worker_id == worker.id)
    for (owner,) in session.execute(authored.where(models.Measurement.participant_id.not_in(already))).all():
        session.execute(
            board_access.insert().values(
                worker_id=worker.id, owner_id=owner, granted_at=now, via=VIA_PROFESSIONAL_VIEW, code=None
            )
        )
        audit.record(session, "grant_access", now, worker.actor, worker.id, subject_id=owner)


def shared_boards(session: Session, worker: CurrentWorker, now: datetime) -> List[SharedBoard]:
    """The boards this worker may see now, the most recently shared first."""
    _grant_professional_views(session, worker, now)
    grants = session.execute(select(board_access).where(board_access.c.worker_id == worker.id)).all()
    if not grants:
        return []
    owners = [grant.owner_id for grant in grants]
    codes: Dict[str, models.ShareCode] = {
        row.code: row
        for row in session.execute(
            select(models.ShareCode).where(models.ShareCode.owner_id.in_(owners), _usable_code(now))
        ).scalars()
    }
    latest_code_end: Dict[str, datetime] = {}
    for row in codes.values():
        latest_code_end[row.owner_id] = max(row.expires_at, latest_code_end.get(row.owner_id, row.expires_at))
    linked = _professional_view_owners(session, worker, owners)
    boards = {
        owner: (count, latest)
        for owner, count, latest in session.execute(
            select(models.Measurement.participant_id, func.count(), func.max(models.Measurement.started_at))
            .where(models.Measurement.participant_id.in_(owners), models.Measurement.perspective == "inwoner")
            .group_by(models.Measurement.participant_id)
        ).all()
    }
    shared = []
    for grant in grants:
        if grant.via == VIA_CODE:
            code = codes.get(grant.code or "")
            if code is None or code.owner_id != grant.owner_id:
                continue
            until: Optional[datetime] = code.expires_at
        elif grant.via == VIA_PROFESSIONAL_VIEW:
            if grant.owner_id not in linked or grant.owner_id not in latest_code_end:
                continue
            until = latest_code_end[grant.owner_id]
        else:
            continue
        count, latest = boards.get(grant.owner_id, (0, None))
        shared.append(SharedBoard(pseudonym(grant.owner_id), grant.owner_id, grant.via, grant.granted_at, until, count, latest))
    return sorted(shared, key=lambda board: board.granted_at, reverse=True)


def _professional_view_owners(session: Session, worker: CurrentWorker, owners: List[str]) -> set:
    rows = session.execute(
        select(models.Measurement.participant_id).where(
            models.Measurement.participant_id.in_(owners),
            models.Measurement.perspective == "professional",
            exists().where(worker_links.c.worker_id == worker.id, worker_links.c.chat_id == models.Measurement.author_id),
        )
    ).scalars()
    return set(rows)


def shared_board(session: Session, worker: CurrentWorker, reference: str, now: datetime) -> Optional[SharedBoard]:
    """The board behind a pseudonym, when this worker may see it now; None otherwise."""
    for board in shared_boards(session, worker, now):
        if board.reference == reference:
            return board
    return None
