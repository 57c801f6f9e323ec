"""What comes in (a user message as understood) and what goes out (replies with buttons)."""
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from bot.dialogue.state import DialogueState


@dataclass(frozen=True)
class UserMessage:
    text: str
    intent: Optional[str] = None
    confidence: float = 0.0
    entities: Tuple[dict, ...] = ()

    @property
    def words(self) -> str:
        """The text lowercased with spacing folded; button payloads ('/affirm') keep their slash."""
        return " ".join((self.text or "").lower().split())


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Tuple[Button, ...] = ()
    image: Optional[str] = None


@dataclass
class Turn:
    replies: List[Reply]
    state: DialogueState
    consent: bool = False
    events: List[str] = field(default_factory=list)  # names of what happened, for logs and tests
