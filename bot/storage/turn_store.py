"""What one turn may read and change, inside the turn's one database transaction.

The flows work on typed records (bot/storage/records.py) and call this store; nothing is written
until the turn service calls `save()` at the end, and the transaction commits (or nothing at all).
Records and boards of participants who may not be stored live in a MemoryDocument instead, which
the turn service keeps in memory only (bot/storage/ephemeral.py).
"""

import os
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Dict, List, Optional, Sequence, Set, Tuple

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.content.instruments import Instrument
from bot.storage import models
from bot.storage.ephemeral import MemoryDocument
from bot.storage.mapping import apply_board, apply_record, assign_new_ids, board_from_row, record_from_row, row_for_new_board
from bot.storage.practice import PracticeRecords
from bot.storage.queries import boards_with_answers
from bot.storage.records import Board, ConversationRecord, DomainEntry, ParticipantConsent, ShareCodeInfo

DEFAULT_FOLLOW_UP_AFTER = 28 * 24 * 3600
DEFAULT_REMINDER_AFTER = 3 * 24 * 3600
CHAT_ACTOR = "chat"  # the audit log's actor for what happens in the chat (never a participant id)
CHAT_CODE_REFUSED = "chat_code_refused"
VISIT_CLAIMANT = "visit"  # a check-in shown at the resident's next visit, not sent by a scheduler


def follow_up_after() -> timedelta:
    return timedelta(seconds=float(os.environ.get("FOLLOW_UP_AFTER", DEFAULT_FOLLOW_UP_AFTER)))


def reminder_after() -> timedelta:
    return timedelta(seconds=float(os.environ.get("REMINDER_AFTER", DEFAULT_REMINDER_AFTER)))


class NotStored(PermissionError):
    """Something may only be stored with consent, and there is none."""


class TurnStore:
    def __init__(self, session: Session, memory: MemoryDocument, now: datetime):
        self.session = session
        self.memory = memory
        self.now = now
        self._boards: Dict[int, Board] = {}
        self._stored_roles: Set[Tuple[str, str]] = set()
        self._rows: Dict[int, models.Measurement] = {}
        self._previous: Dict[int, Optional[Board]] = {}  # board id -> previous_board, once per turn

    # --- participants and consent ------------------------------------------------------------------
    def consent(self, participant_id: str) -> Optional[ParticipantConsent]:
        row = self.session.get(models.Participant, participant_id)
        if row is None:
            return None
        return ParticipantConsent(participant_id, bool(row.training_consent), bool(row.follow_up_consent))

    def give_consent(self, participant_id: str) -> None:
        if not participant_id:
            raise ValueError("participant id is empty")
        if self.session.get(models.Participant, participant_id) is None:
            self.session.add(models.Participant(id=participant_id, consented_at=self.now))
            self.session.flush()

    def set_consents(self, participant_id: str, training: Optional[bool] = None, follow_up: Optional[bool] = None) -> None:
        row = self.session.get(models.Participant, participant_id)
        if row is None:
            raise NotStored("no consent recorded for this participant")
        if training is not None:
            row.training_consent = training
        if follow_up is not None:
            row.follow_up_consent = follow_up

    @property
    def practice(self) -> PracticeRecords:
        return PracticeRecords(self.session, self.now)

    # --- conversation records ----------------------------------------------------------------------
    def records(self, participant_id: str) -> List[ConversationRecord]:
        rows = self.session.execute(
            select(models.Conversation).where(models.Conversation.participant_id == participant_id)
        ).scalars()
        stored = [record_from_row(row) for row in rows]
        self._stored_roles = {(record.participant_id, record.role) for record in stored}
        return stored + [record for record in self.memory.records if record.role not in {r.role for r in stored}]

    def visiting_order(self, owner: str, board_id: Optional[int]) -> List[str]:
        """The order in which a resident went through this board (read only; empty when unknown)."""
        row = self.session.execute(
            select(models.Conversation.order_keys).where(
                models.Conversation.participant_id == owner,
                models.Conversation.role == "inwoner",
                models.Conversation.board_id == board_id,
            )
        ).scalar_one_or_none()
        return list(row or [])

    def save_records(self, records: Sequence[ConversationRecord]) -> None:
        """Stored records to their rows (a dropped one deleted); the rest into the memory document."""
        self.memory.records = [replace(record) for record in records if not record.stored]
        keep = {(record.participant_id, record.role) for record in records if record.stored}
        for participant_id, role in self._stored_roles - keep:
            self.session.execute(
                delete(models.Conversation).where(
                    models.Conversation.participant_id == participant_id, models.Conversation.role == role
                )
            )
        for record in records:
            if not record.stored:
                continue
            row = self.session.get(models.Conversation, (record.participant_id, record.role))
            if row is None:
                row = models.Conversation(participant_id=record.participant_id, role=record.role)
                self.session.add(row)
            apply_record(record, row)
            row.updated_at = self.now

    # --- boards ------------------------------------------------------------------------------------
    def board(self, board_id: Optional[int]) -> Optional[Board]:
        """The board, loaded once per turn; its changes are saved with the turn."""
        if board_id is None:
            return None
        if board_id < 0:
            return self.memory.boards.get(board_id)
        if board_id not in self._boards:
            row = self.session.execute(boards_with_answers().where(models.Measurement.id == board_id)).scalar_one_or_none()
            if row is None:
                return None
            self._rows[board_id], self._boards[board_id] = row, board_from_row(row)
        return self._boards[board_id]

    def new_board(
        self,
        owner: str,
        author: str,
        instrument: Instrument,
        perspective: str = "inwoner",
        round: Optional[int] = None,
        stored: bool = True,
    ) -> Board:
        """A new, empty board: numbered after the owner's earlier ones of this perspective."""
        domains = [DomainEntry(key=key) for key in instrument.keys]
        if not stored:
            board = Board(owner=owner, author=author, instrument=instrument.key, perspective=perspective, number=1,
                          started_at=self.now, domains=domains, id=self.memory.new_board_id(), round=round)  # fmt: skip
            self.memory.boards[board.id] = board  # type: ignore[index]
            return board
        if self.consent(owner) is None:
            raise NotStored("a board is stored only for a resident who agreed")
        last = self.session.execute(
            select(func.max(models.Measurement.number)).where(
                models.Measurement.participant_id == owner,
                models.Measurement.instrument == instrument.key,
                models.Measurement.perspective == perspective,
            )
        ).scalar_one()
        board = Board(owner=owner, author=author, instrument=instrument.key, perspective=perspective, number=(last or 0) + 1,
                      started_at=self.now, domains=domains, round=round)  # fmt: skip
        row = row_for_new_board(board)
        self.session.add(row)
        self.session.flush()
        board.id = row.id
        self._rows[row.id], self._boards[row.id] = row, board
        return board

    def forget_memory_board(self, board_id: Optional[int]) -> None:
        if board_id is not None and board_id < 0:
            self.memory.boards.pop(board_id, None)

    def boards(self, owner: str, perspective: Optional[str] = None, completed_only: bool = False) -> List[Board]:
        """The owner's stored boards, oldest first (boards already loaded this turn as they are now)."""
        query = select(models.Measurement.id).where(models.Measurement.participant_id == owner)
        if perspective:
            query = query.where(models.Measurement.perspective == perspective)
        if completed_only:
            query = query.where(models.Measurement.completed_at.is_not(None))
        ids = self.session.execute(query.order_by(models.Measurement.started_at, models.Measurement.id)).scalars().all()
        return [board for board in (self.board(board_id) for board_id in ids) if board is not None]

    def previous_board(self, board: Board) -> Optional[Board]:
        """The completed board of the same owner and perspective just before this one (looked up once
        a turn: a repeat measurement asks for it with every question and answer)."""
        if board.id is None or board.id < 0:
            return None
        if board.id not in self._previous:
            earlier = [
                other
                for other in self.boards(board.owner, board.perspective, completed_only=True)
                if other.number < board.number and other.author == board.author
            ]
            self._previous[board.id] = earlier[-1] if earlier else None
        return self._previous[board.id]

    def save_boards(self) -> None:
        for board_id, board in self._boards.items():
            row = self._rows[board_id]
            if apply_board(board, row, self.session):
                self.session.flush()
                assign_new_ids(board, row)

    # --- sharing -----------------------------------------------------------------------------------
    def add_share_code(self, owner: str, code: str, valid_for: timedelta) -> ShareCodeInfo:
        row = models.ShareCode(code=code, owner_id=owner, created_at=self.now, expires_at=self.now + valid_for)
        self.session.add(row)
        self.session.flush()
        return ShareCodeInfo(row.code, row.owner_id, row.created_at, row.expires_at, None)

    def share_code(self, code: str) -> Optional[ShareCodeInfo]:
        row = self.session.get(models.ShareCode, code)
        if row is None:
            return None
        return ShareCodeInfo(row.code, row.owner_id, row.created_at, row.expires_at, row.withdrawn_at)

    def refused_codes_since(self, since: datetime) -> int:
        """How often this participant typed a share code that opened nothing, since `since`."""
        return sum(1 for at in self.memory.refused_codes if datetime.fromisoformat(at) >= since)

    def note_refused_code(self, keep_since: datetime) -> None:
        """One more refused code (now); older ones than `keep_since` are forgotten. The audit log
        gets a line without the participant, so that the refusals of everyone can be counted."""
        recent = [at for at in self.memory.refused_codes if datetime.fromisoformat(at) >= keep_since]
        self.memory.refused_codes = recent + [self.now.isoformat()]
        self.session.add(models.AuditEntry(at=self.now, actor=CHAT_ACTOR, action=CHAT_CODE_REFUSED))

    def refused_codes_everywhere_since(self, since: datetime) -> int:
        """How often anyone typed a share code in the chat that opened nothing, since `since`."""
        query = select(func.count()).select_from(models.AuditEntry)
        return int(
            self.session.execute(
                query.where(models.AuditEntry.action == CHAT_CODE_REFUSED, models.AuditEntry.at >= since)
            ).scalar_one()
        )

    def share_code_taken(self, code: str) -> bool:
        return self.session.get(models.ShareCode, code) is not None

    def withdraw_share_codes(self, owner: str) -> int:
        result = self.session.execute(
            update(models.ShareCode)
            .where(
                models.ShareCode.owner_id == owner,
                models.ShareCode.withdrawn_at.is_(None),
                models.ShareCode.expires_at > self.now,
            )
            .values(withdrawn_at=self.now)
        )
        return int(result.rowcount or 0)

    def usable_share_codes(self, owner: str) -> List[ShareCodeInfo]:
        rows = self.session.execute(
            select(models.ShareCode).where(
                models.ShareCode.owner_id == owner,
                models.ShareCode.withdrawn_at.is_(None),
                models.ShareCode.expires_at > self.now,
            )
        ).scalars()
        return [ShareCodeInfo(row.code, row.owner_id, row.created_at, row.expires_at, None) for row in rows]

    # --- asking for a person -------------------------------------------------------------------------
    def add_callback_request(self, owner: str, how_to_reach: Optional[str]) -> None:
        if self.consent(owner) is None:
            raise NotStored("a call-back request is stored only with consent")
        self.session.add(models.CallbackRequest(participant_id=owner, created_at=self.now, how_to_reach=how_to_reach))

    # --- messages sent later ----------------------------------------------------------------------------
    def schedule_check_in(self, owner: str) -> None:
        """A check-in FOLLOW_UP_AFTER seconds from now (default 28 days), replacing one still pending."""
        self.cancel_scheduled(owner, "check_in")
        self.session.add(models.ScheduledMessage(participant_id=owner, kind="check_in", due_at=self.now + follow_up_after()))

    def schedule_reminder(self, owner: str) -> bool:
        """One reminder for a paused board, REMINDER_AFTER seconds from now (default 3 days); never a second."""
        earlier = self.session.execute(
            select(func.count())
            .select_from(models.ScheduledMessage)
            .where(models.ScheduledMessage.participant_id == owner, models.ScheduledMessage.kind == "reminder")
        ).scalar_one()
        if earlier:
            return False
        self.session.add(models.ScheduledMessage(participant_id=owner, kind="reminder", due_at=self.now + reminder_after()))
        return True

    def cancel_scheduled(self, owner: str, kind: Optional[str] = None) -> int:
        query = update(models.ScheduledMessage).where(
            models.ScheduledMessage.participant_id == owner, models.ScheduledMessage.status == "pending"
        )
        if kind:
            query = query.where(models.ScheduledMessage.kind == kind)
        return int(self.session.execute(query.values(status="cancelled")).rowcount or 0)

    # --- follow-up: check-ins, and the claims of scheduled messages (bot/flows/board/check_in.py, bot/schedule) ---
    def due_check_in(self, owner: str) -> Optional[int]:
        """The id of a check-in that is due and not yet taken by a scheduler, or None."""
        return self.session.execute(
            select(models.ScheduledMessage.id)
            .where(
                models.ScheduledMessage.participant_id == owner,
                models.ScheduledMessage.kind == "check_in",
                models.ScheduledMessage.status == "pending",
                models.ScheduledMessage.due_at <= self.now,
            )
            .order_by(models.ScheduledMessage.due_at)
            .limit(1)
        ).scalar_one_or_none()

    def take_for_visit(self, message_id: int) -> bool:
        """The resident came back before a scheduler sent it: this turn shows it (False: a scheduler has it)."""
        result = self.session.execute(
            update(models.ScheduledMessage)
            .where(models.ScheduledMessage.id == message_id, models.ScheduledMessage.status == "pending")
            .values(status="sent", claimed_by=VISIT_CLAIMANT, claimed_at=self.now, sent_at=self.now)
        )
        return bool(result.rowcount)

    def claimed_kind(self, message_id: int, claimant: str) -> Optional[str]:
        """The kind of a scheduled message this claimant holds (status 'sending'), or None (gone, cancelled, taken)."""
        return self.session.execute(
            select(models.ScheduledMessage.kind).where(
                models.ScheduledMessage.id == message_id,
                models.ScheduledMessage.status == "sending",
                models.ScheduledMessage.claimed_by == claimant,
            )
        ).scalar_one_or_none()

    def begin_check_in(self, owner: str, board_id: Optional[int], message_id: Optional[int]) -> int:
        if self.consent(owner) is None:
            raise NotStored("a check-in is stored only with consent")
        row = models.CheckIn(participant_id=owner, board_id=board_id, scheduled_message_id=message_id, started_at=self.now)
        self.session.add(row)
        self.session.flush()
        return int(row.id)

    def answer_check_in(
        self,
        check_in_id: int,
        felt_heard: Optional[int] = None,
        no_talk_yet: bool = False,
        remarks: Optional[str] = None,
        finished: bool = False,
    ) -> None:
        """Keep what the resident answered (None leaves a field as it is)."""
        row = self.session.get(models.CheckIn, check_in_id)
        if row is None:  # forgotten meanwhile by another conversation of theirs: nothing to keep
            return
        if felt_heard is not None or no_talk_yet:
            row.felt_heard, row.no_talk_yet = felt_heard, no_talk_yet
            row.answered_at = row.answered_at or self.now
        if remarks is not None:
            row.remarks = remarks
        if finished:
            row.finished_at = self.now

    # --- who looked ------------------------------------------------------------------------------------
    def board_views(self, owner: str) -> List[tuple]:
        """(worker's name, when) for every time a worker opened this resident's board, oldest first."""
        rows = self.session.execute(
            select(models.Worker.display_name, models.AuditEntry.at)
            .join(models.Worker, models.Worker.id == models.AuditEntry.worker_id)
            .where(models.AuditEntry.subject_id == owner, models.AuditEntry.action.in_(("view_board", "print_board")))
            .order_by(models.AuditEntry.at)
        ).all()
        return [(name, at) for name, at in rows]

    # --- the end of the turn -------------------------------------------------------------------------
    def save(self, records: Sequence[ConversationRecord]) -> None:
        self.save_boards()
        self.save_records(records)
        self.session.flush()
