"""What a flow gets for one turn and what it gives back.

A flow reads the message, changes the participant's conversation records and boards through
the turn's store, and adds replies. Nothing is written before the turn service saves it all in
one transaction; a flow that raises leaves nothing behind.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import List, Optional

from bot.flows.replies import Reply
from bot.storage.records import ConversationRecord
from bot.storage.turn_store import TurnStore
from bot.understanding.message import UserMessage


@dataclass
class Effects:
    """What the turn service does beyond saving records, after the flow decided it."""

    forget: bool = False  # delete everything of this participant, everywhere


@dataclass
class FlowContext:
    participant_id: str
    message: UserMessage
    store: TurnStore
    records: List[ConversationRecord]
    now: datetime
    replies: List[Reply] = field(default_factory=list)
    events: List[str] = field(default_factory=list)  # what happened, for logs and tests (no personal data)
    effects: Effects = field(default_factory=Effects)

    @property
    def active(self) -> Optional[ConversationRecord]:
        return next((record for record in self.records if record.active), None)

    def record(self, role: str) -> Optional[ConversationRecord]:
        return next((record for record in self.records if record.role == role), None)

    def activate(self, record: ConversationRecord) -> ConversationRecord:
        """Make `record` the one the next message goes to (adding it when new)."""
        if record not in self.records:
            self.records.append(record)
        for other in self.records:
            other.active = other is record
        return record

    def drop(self, record: ConversationRecord) -> None:
        self.records = [other for other in self.records if other is not record]

    def say(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def happened(self, *events: str) -> None:
        self.events.extend(events)
