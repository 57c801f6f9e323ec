"""Talk to the turn service as a resident would, without Rasa: typed words, or a press on a button
that was offered (its choice). The NLU is left out (no intent), so what is tested is the app's own
reading; tests that need an intent give one."""

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import List, Optional

from bot.channels.http import typed
from bot.flows.board import BoardFlow
from bot.flows.practice import PracticeFlow
from bot.flows.replies import Reply
from bot.storage.database import Database
from bot.storage.ephemeral import MemoryEphemeralStore
from bot.storage.export import participant_export
from bot.turn.router import Router
from bot.turn.service import TurnOutcome, TurnService
from bot.understanding.message import UserMessage

CODE = re.compile(r"\b([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\b")


def make_service(url: str, ephemeral: Optional[MemoryEphemeralStore] = None) -> TurnService:
    return TurnService(Database.from_url(url), ephemeral or MemoryEphemeralStore(), Router(BoardFlow(), PracticeFlow()))


@dataclass
class Chat:
    service: TurnService
    participant: str = field(default_factory=lambda: f"rest:{uuid.uuid4().hex[:10]}")
    replies: List[Reply] = field(default_factory=list)
    turns: int = 0

    def say(
        self, text: str, intent: Optional[str] = None, confidence: float = 0.95, message_id: Optional[str] = None
    ) -> List[Reply]:
        inbound = typed(text)  # as every channel passes what was typed: "/oefenen" a command, "/vergeet" words
        message = UserMessage(
            text=inbound.text,
            intent=intent,
            confidence=confidence if intent else 0.0,
            command=inbound.metadata.get("command"),
            message_id=message_id,
        )
        return self._send(message)

    def press(self, choice: str, message_id: Optional[str] = None) -> List[Reply]:
        """Press the button with this choice; it must be one of the last replies' buttons."""
        offered = self.choices
        assert choice in offered, f"{choice!r} not offered; offered: {offered}"
        return self._send(UserMessage(text=f'/choose{{"choice":"{choice}"}}', choice=choice, message_id=message_id))

    def press_first(self, prefix: str) -> List[Reply]:
        return self.press(next(choice for choice in self.choices if choice.startswith(prefix)))

    def resend(self) -> List[Reply]:
        """The last message again, as a client does when it got no answer (same id, same payload)."""
        return self._send(self.last_message)

    def _send(self, message: UserMessage) -> List[Reply]:
        self.last_message = message
        self.outcome: TurnOutcome = self.service.handle(self.participant, message)
        self.replies = self.outcome.replies
        self.turns += 1
        return self.replies

    @property
    def choices(self) -> List[str]:
        return [button.choice for reply in self.replies for button in reply.buttons]

    @property
    def text(self) -> str:
        return "\n".join(reply.text for reply in self.replies)

    @property
    def events(self) -> List[str]:
        return self.outcome.events

    def share_code(self) -> str:
        found = CODE.search(self.text)
        assert found, f"no share code in: {self.text}"
        return found.group(1)

    def export(self) -> dict:
        with self.service.database.transaction() as session:
            return json.loads(json.dumps(participant_export(session, self.participant)))

    def board(self) -> dict:
        measurements = self.export()["measurements"]
        return [m for m in measurements if m["perspective"] == "inwoner"][-1]

    def domains(self) -> dict:
        return {domain["key"]: domain for domain in self.board()["domains"]}
