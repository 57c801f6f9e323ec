"""Whether the NLU's intent can be trusted, and whether a free-text answer says "nothing"."""

from typing import Iterable

from bot.understanding.message import UserMessage
from bot.understanding.text import normalise

INTENT_MIN_CONFIDENCE = 0.5
NOTHING_CHOICES = ("skip", "next", "dont_know", "nobody")
NOTHING_WORDS = frozenset(
    {
        "niets", "niks", "nee", "nope", "geen", "geen idee", "niet", "nvt", "n v t", "sla over", "overslaan", "skip",
        "volgende", "weet ik niet", "weet niet", "weet ik nog niet", "geen antwoord", "liever niet", "ga verder",
        "verder", "door", "nee hoor", "nee dank je", "niets aan toe te voegen", "nada", "x", "",
    }
)  # fmt: skip


# a nod, not words to keep where own words are asked ("Wat gaat er goed bij wonen?" -> "ok", "👍")
ACKNOWLEDGEMENTS = frozenset(
    {
        "ja", "jaa", "jep", "jup", "yes", "ok", "oke", "okay", "okee", "oki", "klopt", "ja klopt", "ja hoor", "top",
        "dank je", "dank je wel", "dankjewel", "bedankt", "thanks", "thx", "duidelijk", "ja ok", "ja oke",
    }
)  # fmt: skip


GREETINGS = frozenset(
    {
        "hoi", "hallo", "hey", "hee", "hai", "hi", "hallo daar", "hoi daar", "goedemorgen", "goedemiddag", "goedenavond",
        "goeiemorgen", "goeiemiddag", "goeienavond", "dag", "hoihoi", "hallootjes", "yo", "salam", "salaam", "ik ben er weer",
        "daar ben ik weer", "ik ben terug", "hoi ik ben er weer", "hallo ik ben er weer",
    }
)  # fmt: skip


def is_greeting(message: UserMessage) -> bool:
    """A greeting and nothing else ("hoi", "goedemorgen"): never an answer to keep."""
    return not message.is_button and normalise(message.text) in GREETINGS


def is_acknowledgement(text: str) -> bool:
    """A nod and nothing else: "ok", "ja, klopt", "👍", "..." (no letter or digit): no words to keep."""
    said = normalise(text)
    return said in ACKNOWLEDGEMENTS or not any(character.isalnum() for character in said)


def intent_is(message: UserMessage, intents: Iterable[str]) -> bool:
    """The NLU read one of `intents` with enough confidence."""
    return message.intent in set(intents) and message.confidence >= INTENT_MIN_CONFIDENCE


def is_nothing(message: UserMessage) -> bool:
    """A free-text answer that gives nothing to keep: a skip button, "niets", "weet ik niet", "-"."""
    if message.choice is not None:
        return message.choice in NOTHING_CHOICES
    return normalise(message.text) in NOTHING_WORDS
