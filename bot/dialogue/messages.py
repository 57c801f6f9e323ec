"""What comes in (a user message as understood) and what goes out (replies with buttons)."""

from dataclasses import dataclass, field, replace
from typing import List, Optional, Tuple

from bot.dialogue.state import DialogueState


@dataclass(frozen=True)
class UserMessage:
    text: str
    intent: Optional[str] = None
    confidence: float = 0.0
    entities: Tuple[dict, ...] = ()
    ranking: Tuple[Tuple[str, float], ...] = ()  # every intent the NLU considered, best first

    def best_of(self, intents) -> Tuple[Optional[str], float]:
        """The most likely of `intents` with its confidence, or (None, 0.0)."""
        ranking = self.ranking or ((self.intent, self.confidence),)
        return next(((name, confidence) for name, confidence in ranking if name in intents), (None, 0.0))

    def without(self, intents) -> "UserMessage":
        """The same message as understood when `intents` are not possible here (another mode's intents)."""
        if self.intent not in intents:
            return self
        remaining = tuple((name, confidence) for name, confidence in self.ranking if name not in intents)
        intent, confidence = remaining[0] if remaining else (None, 0.0)
        return replace(self, intent=intent, confidence=confidence, ranking=remaining)

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
