"""Which life domains a message names, read from the instrument's own words (no Rasa entities).

Every domain is named by its key, its label, its topic and its everyday words (bot/content/
instruments/*.yml). A word of the message that is not one of them exactly is matched to the
domain whose word shares the longest beginning with it (at least MIN_SHARED_PREFIX letters, no
tie), so Dutch compounds and inflections find their domain without listing every one
("werkgever" -> werk, "schuldhulp" -> geld).
"""

import os
import re
from typing import Dict, List, Optional, Set, Tuple

from bot.content.instruments import Instrument
from bot.understanding.text import normalise

MIN_SHARED_PREFIX = 5
SHORT_WORDS_EXACT = 4  # a word this short names a domain only when it is exactly one of its words


def _words_of(domain) -> Tuple[str, ...]:
    topic = getattr(domain, "topic", "")
    return tuple(
        dict.fromkeys(
            word
            for word in (
                domain.key.replace("_", " "),
                normalise(domain.label),
                normalise(topic),
                *(normalise(w) for w in domain.words),
            )
            if word
        )
    )


_VOCABULARIES: Dict[int, Tuple[Instrument, Dict[str, Tuple[str, ...]]]] = {}


def _vocabulary(instrument: Instrument) -> Dict[str, Tuple[str, ...]]:
    """Domain key -> its words, computed once per loaded instrument (instruments are immutable)."""
    cached = _VOCABULARIES.get(id(instrument))
    if cached is None or cached[0] is not instrument:
        cached = (instrument, {domain.key: _words_of(domain) for domain in instrument.domains})
        _VOCABULARIES[id(instrument)] = cached
    return cached[1]


def domain_of_word(word: str, instrument: Instrument) -> Optional[str]:
    """The domain of one word: an exact word of the content, else the longest shared beginning."""
    word = normalise(word)
    if len(word) < SHORT_WORDS_EXACT:
        return None
    best, best_length, tie = None, 0, False
    for key, words in _vocabulary(instrument).items():
        for known in words:
            if known == word:
                return key
            if " " in known:
                continue
            length = len(os.path.commonprefix([word, known]))
            if length < MIN_SHARED_PREFIX or length < len(known) - 2:
                continue
            if length > best_length:
                best, best_length, tie = key, length, False
            elif length == best_length and key != best:
                tie = True
    return None if tie else best


def find_domains(text: str, instrument: Instrument) -> List[str]:
    """Domain keys named in the message, in the order they appear, without repeats."""
    padded = f" {normalise(text)} "
    positions: List[Tuple[int, int, str]] = []
    for key, words in _vocabulary(instrument).items():
        for word in words:
            match = re.search(rf" {re.escape(word)} ", padded)
            if match:
                positions.append((match.start(), -len(word), key))
    covered: Set[int] = set()
    for start, negative_length, _ in sorted(positions):
        covered.update(range(start, start - negative_length + 1))
    offset = 0
    for word in padded.split():
        offset = padded.index(f" {word} ", offset)
        if offset + 1 not in covered:
            found = domain_of_word(word, instrument)
            if found:
                positions.append((offset, -len(word), found))
        offset += len(word)
    return list(dict.fromkeys(key for _, _, key in sorted(positions)))


# words that may stand beside a topic's name without saying anything about it ("mijn werk", "over geld")
TOPIC_COMPANIONS = frozenset({"de", "het", "een", "je", "mijn", "m n", "mn", "en", "of", "over", "met", "bij", "van", "voor"})


def echoes_topic(text: str, instrument: Instrument, key: str) -> bool:
    """The message only repeats the name of the topic asked about ("werk", "mijn werk", "school" at
    "Hoe gaat het met werk, school of wat je overdag doet?"): it says nothing about how it goes."""
    domain = instrument.domain(key)
    named = (key.replace("_", " "), domain.label, getattr(domain, "topic", ""))
    names = {word for name in named for word in normalise(name).split()} - TOPIC_COMPANIONS
    words = normalise(text).split()
    return (
        bool(words) and all(word in names or word in TOPIC_COMPANIONS for word in words) and any(word in names for word in words)
    )
