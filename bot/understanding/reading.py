"""Reading short answers the same way everywhere: yes or no.

The words are content (bot/content/language/yes_no.yml); Rasa's affirm / deny intents count
when the words say nothing and the NLU is sure enough. A button's choice ("yes" / "no") wins.
"""

from functools import cache
from typing import Optional, Tuple

from bot.understanding import lexicon
from bot.understanding.message import UserMessage
from bot.understanding.text import clauses, normalise

YES_NO_MIN_CONFIDENCE = 0.6
SHORT = 6  # words: a longer message is an answer in the resident's own words, not a yes or a no


@cache
def _fillers() -> Tuple[str, ...]:
    return tuple(sorted(lexicon.yes_no().fillers, key=len, reverse=True))


def _core(text: str) -> str:
    words = normalise(text)
    changed = True
    while changed:
        changed = False
        for filler in _fillers():
            if words.startswith(filler + " "):
                words, changed = words[len(filler) + 1 :], True
            elif words.endswith(" " + filler):
                words, changed = words[: -len(filler) - 1], True
    return words


def _made_of(words: str, phrases: Tuple[str, ...]) -> bool:
    """Only one-word phrases of one side, more than one of them: "oke ja", "ja ja", "nee nope"."""
    tokens = words.split()
    return len(tokens) > 1 and all(token in phrases for token in tokens)


def read_yes_no(message: UserMessage) -> Optional[bool]:
    """True for yes, False for no, None when the message is neither."""
    if message.choice in ("yes", "no"):
        return message.choice == "yes"
    if message.is_button:
        return None
    words = _core(message.text)
    lexicons = lexicon.yes_no()
    if words in lexicons.yes or _made_of(words, lexicons.yes):
        return True
    if words in lexicons.no or _made_of(words, lexicons.no):
        return False
    if len(words.split()) > SHORT or message.confidence < YES_NO_MIN_CONFIDENCE:
        return None
    if message.intent == "affirm":
        return True
    if message.intent == "deny":
        return False
    return None


def read_opening_yes_no(message: UserMessage) -> Optional[bool]:
    """Like read_yes_no, and also a yes or no that opens a longer message with its reason ("nee
    hoor, hij zeurt alleen over de omgang"). A no with a contrast in it ("nee, maar soms wel")
    stays None: for a question where a wrong "no" costs more than asking again."""
    whole = read_yes_no(message)
    if message.is_button or whole is True:
        return whole
    lexicons = lexicon.yes_no()
    words = normalise(message.text)
    contrasted = any(f" {word} " in f" {words} " for word in lexicons.contrast)
    if whole is False:
        return None if contrasted else False
    parts = clauses(message.text)
    opening = _core(parts[0][0]) if parts else ""
    if opening not in lexicons.yes and opening not in lexicons.no:
        first = words.split(" ", 1)[0]
        opening = first if first in lexicons.opening_yes or first in lexicons.opening_no else ""
    if opening in lexicons.yes or opening in lexicons.opening_yes:
        return True
    return None if not opening or contrasted else False
