"""How an answer says a topic goes compared with last time ("hetzelfde", "beter, de regeling
loopt", "een stuk slechter"), at a repeat measurement where the question showed last time's answer.

Plain Python over bot/content/language/change.yml: the phrase must be the whole first part of the
answer (fillers of `before` and `after` around it allowed); the rest is the resident's own words.
"het mag wel wat beter" is a wish and "beter dan vorig jaar" compares with something else: neither
is read here, the scale reader reads them as any answer.
"""

import re
from dataclasses import dataclass
from typing import Optional, Tuple

from bot.understanding import lexicon
from bot.understanding.text import normalise

FIRST_PART = re.compile(r"\s*(?:[,.;:!?\n()]+|\s-+\s|\s/\s|\s(?=(?:want|maar|omdat|alleen|behalve)\b))\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Change:
    step: int  # points of the scale from last time's answer: 0 the same, -2..+2 a change
    story: Optional[str]  # the words after the first part, as the resident typed them


def _without(words: str, fillers: Tuple[str, ...], at_start: bool) -> str:
    """`words` with fillers taken off one end, again and again ("het is nu" -> "")."""
    changed = True
    while changed and words:
        changed = False
        for filler in sorted(fillers, key=len, reverse=True):
            if at_start and (words == filler or words.startswith(filler + " ")):
                words, changed = words[len(filler) :].strip(), True
            elif not at_start and (words == filler or words.endswith(" " + filler)):
                words, changed = words[: len(words) - len(filler)].strip(), True
    return words


def _words(part: str) -> str:
    """The part's words, normalised, without emoji (an emoji beside "slechter" is its tone)."""
    return " ".join(word for word in normalise(part).split() if word.isalnum())


def read_change(text: str) -> Optional[Change]:
    """The change the answer names first, or None when it does not start with one."""
    change = lexicon.change()
    parts = [part for part in FIRST_PART.split(text or "") if part.strip()]
    while parts and not _without(_words(parts[0]), change.before, at_start=True):
        parts = parts[1:]  # "nou, hetzelfde": a first part of fillers only
    if not parts:
        return None
    words = _without(_without(_words(parts[0]), change.before, at_start=True), change.after, at_start=False)
    step = change.steps.get(words)
    if step is None:
        return None
    rest = (text or "")[text.find(parts[0]) + len(parts[0]) :].strip(" ,.;:!?-\n")
    return Change(step, rest if normalise(rest) else None)
