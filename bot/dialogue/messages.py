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
        """The text lowercased with spacing folded and end punctuation removed."""
        return " ".join((self.text or "").lower().split()).strip(" .!?")

    @property
    def is_button(self) -> bool:
        """A button press: Rasa's '/intent{...}' payload, understood without NLU."""
        return (self.text or "").startswith("/")

    def entity(self, name: str) -> Optional[str]:
        return next((str(e["value"]) for e in self.entities if e.get("entity") == name and e.get("value") is not None), None)


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Tuple[Button, ...] = ()
    image: Optional[str] = None  # URL of a picture
    document: Optional[str] = None  # URL of a PDF


@dataclass
class Turn:
    replies: List[Reply]
    state: DialogueState
    events: List[str] = field(default_factory=list)  # names of what happened, for logs and tests

    @property
    def consent(self) -> bool:
        return self.state.consented
