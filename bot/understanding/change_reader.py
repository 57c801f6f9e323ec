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

from bot.content.instruments import Scale
from bot.understanding import lexicon
from bot.understanding.message import UserMessage
from bot.understanding.scale_reader import CONFIRM_BELOW, ScaleReading, read_scale_answer
from bot.understanding.text import normalise

SAME_CONFIDENCE = 0.9  # "hetzelfde" under a question that showed last time's smiley: stored
CHANGE_CONFIDENCE = 0.5  # "beter": how much better is a guess, so it is confirmed

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


def read_against_last_time(change: Change, last: int, scale: Scale, reading: ScaleReading) -> ScaleReading:
    """The reading of an answer whose `change` (read_change) compares with last time's point `last`;
    `reading` (the scale reader's) as it is when `last` is not on the scale. The same is stored, a
    change is proposed with one tap."""
    values = scale.values
    if last not in values:  # a point of another scale (the instrument changed): not compared
        return reading
    value = values[min(len(values) - 1, max(0, values.index(last) + change.step))]
    sure = change.step == 0 and not _rates_otherwise(change.story, value, scale)
    basis = "same_as_last_time" if change.step == 0 else "change_from_last_time"
    return ScaleReading("score", value, SAME_CONFIDENCE if sure else CHANGE_CONFIDENCE, change.story, basis)


def _rates_otherwise(words: Optional[str], value: int, scale: Scale) -> bool:
    """Whether the words after "hetzelfde" rate the topic otherwise ("hetzelfde, nog steeds slecht" after 😐)."""
    if not words:
        return False
    reading = read_scale_answer(UserMessage(words), scale)
    return reading.kind == "score" and reading.value != value and reading.confidence >= CONFIRM_BELOW
