"""Whether the NLU's intent can be trusted, and whether a free-text answer says "nothing"."""

from typing import Iterable

from bot.understanding import lexicon
from bot.understanding.message import UserMessage
from bot.understanding.text import normalise

INTENT_MIN_CONFIDENCE = 0.5
NOTHING_CHOICES = ("skip", "next", "dont_know", "nobody")


def is_greeting(message: UserMessage) -> bool:
    """A greeting and nothing else ("hoi", "goedemorgen"): never an answer to keep."""
    return not message.is_button and normalise(message.text) in lexicon.free_text().greetings


def is_acknowledgement(text: str) -> bool:
    """A nod and nothing else: "ok", "ja, klopt", "👍", "..." (no letter or digit): no words to keep."""
    said = normalise(text)
    return said in lexicon.free_text().nods or not any(character.isalnum() for character in said)


def is_nobody(message: UserMessage) -> bool:
    """ "Niemand" as a button, or typed ("niemand eigenlijk", "ik heb geen hulp"): no one to name."""
    if message.choice is not None:
        return message.choice == "nobody"
    return normalise(message.text) in lexicon.free_text().nobody


def intent_is(message: UserMessage, intents: Iterable[str]) -> bool:
    """The NLU read one of `intents` with enough confidence."""
    return message.intent in set(intents) and message.confidence >= INTENT_MIN_CONFIDENCE


def is_nothing(message: UserMessage) -> bool:
    """A free-text answer that gives nothing to keep: a skip button, "niets", "weet ik niet", "-"."""
    if message.choice is not None:
        return message.choice in NOTHING_CHOICES
    said = normalise(message.text)
    return not said or said in lexicon.free_text().nothing
