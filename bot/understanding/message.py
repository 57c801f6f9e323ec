"""A user message as the app receives it: the text, what Rasa's NLU made of it, and what the
channel knows for sure (a button's choice, a typed command, the message id)."""

import json
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional, Tuple

CHOICE_PAYLOAD = re.compile(r"^/choose(\{.*\})$", re.DOTALL)
MAX_CHOICE_LENGTH = 64


def choice_payload(choice: str) -> str:
    """The payload of a button that means `choice` (what channels send back when it is pressed)."""
    return "/choose" + json.dumps({"choice": choice}, ensure_ascii=False, separators=(",", ":"))


def choice_of_payload(text: str) -> Optional[str]:
    """The choice of a button payload, or None when `text` is no well-formed button payload."""
    match = CHOICE_PAYLOAD.match((text or "").strip())
    if not match:
        return None
    try:
        value = json.loads(match.group(1))
    except ValueError:
        return None
    choice = value.get("choice") if isinstance(value, dict) and len(value) == 1 else None
    return choice if isinstance(choice, str) and 0 < len(choice) <= MAX_CHOICE_LENGTH else None


# Metadata keys our code puts on Rasa's messages: the web page's "Verwijder mijn gegevens" was pressed
# (asked there first), on a user message; the turn's events (names, never text) on the last reply of a
# turn, in the transcript, where a trainer's replay shows them (bot/replay/turns.py)
FORGET_FLAG = "wattelt_forget"
READING_KEY = "wattelt_reading"


@dataclass(frozen=True)
class UserMessage:
    text: str
    intent: Optional[str] = None
    confidence: float = 0.0
    ranking: Tuple[Tuple[str, float], ...] = ()  # every intent the NLU considered, best first
    choice: Optional[str] = None  # a button press: the choice behind it ("yes", "score:3", "domain:geld")
    command: Optional[str] = None  # a typed slash command without the slash ("oefenen robert", "professional ABCD-EFGH")
    message_id: Optional[str] = None  # the channel's id: a resend of the same id is applied once
    channel: Optional[str] = None  # "rest", "webchat", "telegram", ...
    metadata: dict = field(default_factory=dict, compare=False)

    @property
    def words(self) -> str:
        """The text lowercased with spacing folded and end punctuation removed."""
        return " ".join((self.text or "").lower().split()).strip(" .!?")

    @property
    def is_button(self) -> bool:
        return self.choice is not None

    def best_of(self, intents: Iterable[str]) -> Tuple[Optional[str], float]:
        """The most likely of `intents` with its confidence, or (None, 0.0)."""
        wanted = set(intents)
        ranking = self.ranking or ((self.intent, self.confidence),)
        return next(((name, confidence) for name, confidence in ranking if name in wanted), (None, 0.0))

    def without(self, intents: Iterable[str]) -> "UserMessage":
        """The same message as understood when `intents` are impossible here."""
        excluded = set(intents)
        if self.intent not in excluded:
            return self
        remaining = tuple((name, confidence) for name, confidence in self.ranking if name not in excluded)
        intent, confidence = remaining[0] if remaining else (None, 0.0)
        return replace(self, intent=intent, confidence=confidence, ranking=remaining)
