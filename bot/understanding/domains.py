"""Which life domains a message names: Rasa's `domain` entities, then the content's everyday words.

DIET tags the words that name a domain; its EntitySynonymMapper turns the words it has seen
into a domain key. A tagged word it has not seen ("werkgever", "somberheid") is matched to
the domain whose word shares the longest beginning with it (at least 4 letters, no tie), so
Dutch compounds find their domain without listing every one.
"""

import os
import re
from typing import Iterable, List, Optional

from bot.content import Instrument
from bot.understanding.scores import normalise

MIN_SHARED_PREFIX = 4


def _words_of(domain) -> tuple:
    return (domain.key.replace("_", " "), normalise(domain.label), *(normalise(word) for word in domain.words))


def _shared_prefix(first: str, second: str) -> int:
    return len(os.path.commonprefix([first, second]))


def domain_of_word(word: str, instrument: Instrument) -> Optional[str]:
    """The domain of one tagged word: an exact word of the content, else the longest shared beginning."""
    word = normalise(word)
    if len(word) < MIN_SHARED_PREFIX:
        return None
    best, best_length, tie = None, 0, False
    for domain in instrument.domains:
        for known in _words_of(domain):
            if known == word:
                return domain.key
            length = _shared_prefix(word, known)
            if length >= MIN_SHARED_PREFIX and length > best_length:
                best, best_length, tie = domain.key, length, False
            elif length == best_length and length >= MIN_SHARED_PREFIX and domain.key != best:
                tie = True
    return None if tie else best


def find_domains(text: str, instrument: Instrument, entities: Iterable[dict] = ()) -> List[str]:
    """Domain keys named in the message, in the order they appear, without repeats."""
    found = []
    for entity in entities:
        value = entity.get("value")
        if entity.get("entity") != "domain" or value is None:
            continue
        key = value if value in instrument.keys else domain_of_word(str(value), instrument)
        if key:
            found.append(key)
    padded = f" {normalise(text)} "
    positions = []
    for domain in instrument.domains:
        for word in _words_of(domain):
            match = re.search(rf" {re.escape(word)} ", padded)
            if match:
                positions.append((match.start(), domain.key))
    found += [key for _, key in sorted(positions)]
    return list(dict.fromkeys(found))
