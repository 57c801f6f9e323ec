"""The turn service: one message in, the replies out, everything in between in ONE transaction.

It loads the participant's conversation records (and the memory-only ones), lets the router and a
flow change them, and saves records and answers together. A turn that fails leaves nothing
behind; a message that comes again with the same id is answered with the same replies and
applied once. On PostgreSQL the participant is locked for the turn, so two servers never
interleave one participant's turns.
"""

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Callable, List, Optional

from bot.flows.context import FlowContext
from bot.flows.replies import Reply, choices_of, typed_choice
from bot.pseudonyms import pseudonym
from bot.storage.database import Database
from bot.storage.ephemeral import EphemeralStore, MemoryDocument
from bot.storage.forget import forget_in_database
from bot.storage.models import utc_now
from bot.storage.records import ConversationRecord
from bot.storage.turn_store import TurnStore
from bot.turn.router import Router
from bot.understanding.message import UserMessage

logger = logging.getLogger(__name__)
SEEN_MESSAGES = 5  # message ids remembered per record, for resends


@dataclass
class TurnOutcome:
    replies: List[Reply]
    events: List[str] = field(default_factory=list)
    forgotten: bool = False  # everything of the participant was deleted: the transcript must go too
    repeated: bool = False  # the same message came again: these are the replies it got before
    stored: bool = False  # the participant's transcript may be kept (they agreed to storing)
    unasked: Optional[str] = None  # start_unasked: "started" | "waiting" | "not_needed"


class TurnService:
    def __init__(
        self,
        database: Database,
        ephemeral: EphemeralStore,
        router: Router,
        clock: Callable[[], datetime] = utc_now,
        on_forget: Optional[Callable[[str], None]] = None,
    ):
        self.database = database
        self.ephemeral = ephemeral
        self.router = router
        self.clock = clock
        self.on_forget = on_forget  # deletes what lives outside the database (Redis, caches)

    def handle(self, participant_id: str, message: UserMessage) -> TurnOutcome:
        memory = MemoryDocument(self.ephemeral.load(participant_id))
        with self.database.turn(participant_id) as session:
            store = TurnStore(session, memory, self.clock())
            records = store.records(participant_id)
            repeated = self._earlier_replies(records, message)
            if repeated is not None:
                return TurnOutcome(repeated, ["repeated"], repeated=True, stored=store.consent(participant_id) is not None)
            ctx = FlowContext(participant_id, message, store, records, store.now)
            ctx.message = self._typed_button(ctx.active, message)
            before = self._position(ctx.active)
            self.router.route(ctx)
            if ctx.effects.forget:
                forget_in_database(session.connection(), participant_id)
            else:
                self._remember(ctx, message)
                store.save(ctx.records)
            stored = not ctx.effects.forget and store.consent(participant_id) is not None
        self._after_commit(participant_id, memory, ctx.effects.forget)
        logger.info("turn %s %s -> %s %s", pseudonym(participant_id), before, self._position(ctx.active), ",".join(ctx.events))
        return TurnOutcome(ctx.replies, ctx.events, forgotten=ctx.effects.forget, stored=stored)

    def start_unasked(
        self, participant_id: str, kind: str, message_id: Optional[int] = None, claimant: Optional[str] = None
    ) -> TurnOutcome:
        """A turn the resident did not start: a check-in or the reminder (bot/schedule), in one transaction.

        With `message_id` the scheduled message must still be held by `claimant` (not cancelled, not
        forgotten). `unasked` says what happened: "started" (the replies to send; the record is at the
        check-in's first question), "waiting" (the resident is not at the end of the board: try later)
        or "not_needed" (no consent any more, or nothing to ask about). Only "started" changes anything.
        """
        memory = MemoryDocument(self.ephemeral.load(participant_id))
        with self.database.turn(participant_id) as session:
            store = TurnStore(session, memory, self.clock())
            if message_id is not None and store.claimed_kind(message_id, claimant or "") != kind:
                status, ctx = "not_needed", None
            else:
                records = store.records(participant_id)
                ctx = FlowContext(participant_id, UserMessage(text=""), store, records, store.now)
                status = self.router.start_unasked(ctx, kind, message_id)
                if status == "started":
                    self._remember(ctx, ctx.message)
                    store.save(ctx.records)
        if ctx is not None and status == "started":
            self._after_commit(participant_id, memory, forgotten=False)
        logger.info("unasked %s %s: %s", kind, pseudonym(participant_id), status)
        replies = ctx.replies if ctx is not None and status == "started" else []
        return TurnOutcome(replies, ctx.events if ctx is not None else [], stored=True, unasked=status)

    def forget(self, participant_id: str) -> None:
        """Everything of this participant, everywhere, under the same lock a turn takes (CLI, web button)."""
        with self.database.turn(participant_id) as session:
            forget_in_database(session.connection(), participant_id)
        self._after_commit(participant_id, MemoryDocument(), forgotten=True)
        logger.info("forgotten %s", pseudonym(participant_id))

    # --- helpers -------------------------------------------------------------------------------------
    @staticmethod
    def _earlier_replies(records: List[ConversationRecord], message: UserMessage) -> Optional[List[Reply]]:
        if not message.message_id:
            return None
        for record in records:
            if message.message_id in record.seen_messages and record.last_replies is not None:
                return [Reply.from_dict(reply) for reply in record.last_replies]
        return None

    @staticmethod
    def _typed_button(active: Optional[ConversationRecord], message: UserMessage) -> UserMessage:
        """A typed button title ("Volgende onderwerp") is that button: the same as a tap."""
        if message.is_button or message.command or active is None or not active.last_replies:
            return message
        choice = typed_choice([Reply.from_dict(reply) for reply in active.last_replies], message.text)
        return replace(message, choice=choice) if choice in active.offered else message

    @staticmethod
    def _remember(ctx: FlowContext, message: UserMessage) -> None:
        """The active record keeps the buttons it offered, the message id and the replies (for a resend)."""
        record = ctx.active
        if record is None:
            return
        record.offered = choices_of(ctx.replies)
        if message.message_id:
            record.seen_messages = (record.seen_messages + [message.message_id])[-SEEN_MESSAGES:]
        record.last_replies = [reply.to_dict() for reply in ctx.replies]

    def _after_commit(self, participant_id: str, memory: MemoryDocument, forgotten: bool) -> None:
        if forgotten:
            self.ephemeral.delete(participant_id)
            if self.on_forget:
                self.on_forget(participant_id)
        elif memory.empty:
            self.ephemeral.delete(participant_id)
        else:
            self.ephemeral.save(participant_id, memory.to_document())

    @staticmethod
    def _position(record: Optional[ConversationRecord]) -> str:
        return f"{record.role}:{record.step}" if record is not None else "-"
