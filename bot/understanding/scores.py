"""Map what a resident says about a domain to the 1..5 smiley scale.

Order: a digit 1..5 or a smiley; then the longest phrase of bot/content/scale.yml in the
text; then a close spelling of a short answer ("slect", "gaad wel"). Rasa's DIET entity
`score` is used by the guide only when this finds nothing.
"""
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

SCALE_FILE = Path(__file__).resolve().parent.parent / "content" / "scale.yml"
FUZZY_MIN_RATIO = 0.75
FUZZY_MAX_WORDS = 3


@dataclass(frozen=True)
class ScaleStep:
    score: int
    emoji: str
    label: str
    words: Tuple[str, ...]


@lru_cache(maxsize=None)
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


@lru_cache(maxsize=None)
def _phrases() -> Dict[str, int]:
    return {phrase: step.score for step in scale() for phrase in step.words}


def read_score(text: str) -> Optional[int]:
    for step in scale():
        if step.emoji in (text or ""):
            return step.score
    words = normalise(text)
    if not words:
        return None
    digits = re.findall(r"\b([0-9]+)\b", words)
    if len(digits) == 1 and 1 <= int(digits[0]) <= 5:
        return int(digits[0])
    padded = f" {words} "
    matches = [(len(phrase), score) for phrase, score in _phrases().items() if f" {phrase} " in padded]
    if matches:
        return max(matches)[1]
    if len(words.split()) <= FUZZY_MAX_WORDS:
        ratio, score = max((SequenceMatcher(None, words, phrase).ratio(), score) for phrase, score in _phrases().items())
        if ratio >= FUZZY_MIN_RATIO:
            return score
    return None
