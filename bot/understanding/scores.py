"""Map what a resident says about a domain to the 1..5 smiley scale.

Order: a digit 1..5 or a smiley; then the longest phrase of bot/content/scale.yml in the
text, where a negation before a positive phrase ("niet zo geweldig", "nie echt lekker") means
2; then a close spelling of a short answer, word by word ("slect", "gaad wel", "nit zo goed").
Rasa's DIET entity `score` is used by the guide only when this finds nothing.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

SCALE_FILE = Path(__file__).resolve().parent.parent / "content" / "scale.yml"
FUZZY_MIN_RATIO = 0.75
FUZZY_MAX_WORDS = 3
NEGATORS = {"niet", "nie", "nit", "niej", "geen"}
SOFTENERS = {"zo", "echt", "erg", "heel", "super", "helemaal", "bepaald", "bijster", "al", "te", "nou", "meer", "wel"}
NEGATED_POSITIVE = 2


@dataclass(frozen=True)
class ScaleStep:
    score: int
    emoji: str
    label: str
    words: Tuple[str, ...]


@cache
def scale() -> Tuple[ScaleStep, ...]:
    raw = yaml.safe_load(SCALE_FILE.read_text(encoding="utf-8"))["scores"]
    steps = tuple(
        ScaleStep(int(score), entry["emoji"], entry["label"], tuple(normalise(word) for word in entry["words"]))
        for score, entry in sorted(raw.items())
    )
    if [step.score for step in steps] != [1, 2, 3, 4, 5]:
        raise ValueError(f"{SCALE_FILE.name}: scores must be 1..5")
    return steps


def normalise(text: str) -> str:
    text = (text or "").lower().replace("é", "e").replace("ë", "e")
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)  # "superrrr" -> "superr"
    return " ".join(re.findall(r"[a-z0-9]+", text))


@cache
def _phrases() -> Dict[str, int]:
    return {phrase: step.score for step in scale() for phrase in step.words}


def _negated(words_before: list) -> bool:
    """A negator among the last words before a phrase, with only softeners ("zo", "echt") between."""
    for word in reversed(words_before[-3:]):
        if word in NEGATORS:
            return True
        if word not in SOFTENERS:
            return False
    return False


def _close_spelling(words: list) -> Optional[int]:
    """A phrase with as many words, each spelled closely; a word never turns into another word."""
    best = None
    for phrase, score in _phrases().items():
        candidate = phrase.split()
        if len(candidate) != len(words):
            continue
        ratios = [SequenceMatcher(None, said, meant).ratio() for said, meant in zip(words, candidate)]
        if min(ratios) >= FUZZY_MIN_RATIO and (best is None or sum(ratios) > best[0]):
            best = (sum(ratios), score)
    return best[1] if best else None


def read_score(text: str) -> Optional[int]:
    for step in scale():
        if step.emoji in (text or ""):
            return step.score
    words = normalise(text).split()
    if not words:
        return None
    digits = [word for word in words if word.isdigit()]
    if len(digits) == 1 and 1 <= int(digits[0]) <= 5:
        return int(digits[0])
    matches = []
    for phrase, score in _phrases().items():
        size = len(phrase.split())
        for start in range(len(words) - size + 1):
            if " ".join(words[start : start + size]) == phrase:
                matches.append((len(phrase), score, start))
    if matches:
        _, score, start = max(matches)
        if score >= 4 and _negated(words[:start]):
            return NEGATED_POSITIVE
        return score
    if len(words) <= FUZZY_MAX_WORDS:
        return _close_spelling(words)
    return None
