"""What a resident asks for at any point of the board: progress, back, pause, help, forget, a
person, sharing, comparing, messages, who viewed, resume, start again (shared/contracts/
conversations.md). The phrases are content (bot/content/language/commands.yml); Rasa's intents
are a second way in.

An answer in the resident's own words wins over a guessed command: while the board waits for
free text (`expecting_free_text`), only an exact command phrase, an anchored command pattern on
a short message, or a very sure intent on a short message counts. "ik wil terug naar mijn oude
huis" is never "back".
"""

import re
from functools import cache
from typing import Dict, List, Optional, Tuple

from bot.understanding import lexicon
from bot.understanding.message import UserMessage
from bot.understanding.scale_reader import rates
from bot.understanding.text import normalise

COMMANDS = lexicon.COMMAND_NAMES
# Slash commands every channel knows (Telegram shows them in its menu) and the words they stand for.
SLASH_COMMAND_WORDS = {"start": "hoi", "help": "help", "hulp": "help", "stop": "stop", "vergeet": "vergeet mij"}
SHORT = 12  # words: a command said in passing is short; a longer message is an answer
NLU_SURE = 0.5  # an intent this sure counts when no free text is expected
NLU_SURE_DURING_FREE_TEXT = 0.85  # an answer in own words wins: only a very sure intent on a short message
NLU_SHORT_DURING_FREE_TEXT = 4


@cache
def _exact() -> Dict[str, str]:
    return {phrase: name for name, phrases in lexicon.commands().commands.items() for phrase in phrases.exact}


@cache
def _patterns() -> Tuple[Tuple[re.Pattern, str], ...]:
    return tuple((re.compile(p), name) for name, phrases in lexicon.commands().commands.items() for p in phrases.patterns)


@cache
def _never() -> Tuple[re.Pattern, ...]:
    return tuple(re.compile(pattern) for pattern in lexicon.commands().never)


@cache
def _fillers() -> Tuple[Tuple[str, ...], ...]:
    return tuple(sorted((tuple(f.split()) for f in lexicon.commands().fillers), key=len, reverse=True))


def core(words: List[str]) -> List[str]:
    """The words without the fillers at the start and the end ("ik wil graag terug aub" -> "terug")."""
    changed = True
    while changed and words:
        changed = False
        for filler in _fillers():
            size = len(filler)
            if len(words) > size and tuple(words[:size]) == filler:
                words, changed = words[size:], True
                break
            if len(words) > size and tuple(words[-size:]) == filler:
                words, changed = words[:-size], True
                break
    return words


def phrase_command(text: str) -> Optional[str]:
    """The command the words say by the content's phrases and patterns, without the NLU."""
    normalised = normalise(text)
    if not normalised or any(pattern.search(normalised) for pattern in _never()):
        return None
    words = normalised.split()
    exact = _exact()
    for candidate in (normalised, " ".join(core(words))):
        if candidate in exact:
            return exact[candidate]
    for pattern, name in _patterns():
        if pattern.search(normalised):
            return name
    return None


def intent_command(message: UserMessage) -> Tuple[Optional[str], float]:
    """The command of the NLU's intent, with its confidence."""
    name = lexicon.commands().intents.get(message.intent or "")
    return (name, message.confidence) if name else (None, 0.0)


def read_command(message: UserMessage, expecting_free_text: bool) -> Optional[str]:
    """One of COMMANDS, or None."""
    if message.choice in COMMANDS:
        return message.choice
    text = message.text or ""
    normalised = normalise(text)
    if not normalised or any(pattern.search(normalised) for pattern in _never()):
        return None
    words = normalised.split()
    by_phrase = phrase_command(text)
    if by_phrase is not None and (not expecting_free_text or len(words) <= SHORT or _is_exact(words)):
        return by_phrase
    by_intent, confidence = intent_command(message)
    if by_intent is None:
        return None
    if expecting_free_text:
        if rates(text):
            return None  # "slecht, schuld bij Kevin": an answer, whatever the NLU guessed
        short = len(core(words)) <= NLU_SHORT_DURING_FREE_TEXT
        return by_intent if short and confidence >= NLU_SURE_DURING_FREE_TEXT else None
    return by_intent if confidence >= NLU_SURE else None


def _is_exact(words: List[str]) -> bool:
    exact = _exact()
    return " ".join(words) in exact or " ".join(core(words)) in exact
