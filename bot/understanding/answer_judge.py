"""Whether a reading of a typed answer is right: the last word on "store it, or ask first".

The scale reader (bot/understanding/scale_reader.py) reads an answer by its words and asks the
learned model of whole answers (bot/understanding/answer_model.py) for a second opinion. Each gives
its own confidence; neither knows how often the two together are right. This judge does: a
logistic regression over what both said (the words' confidence and basis, the model's
probabilities, whether they agree, the answer's length), trained on development answers the model
had not seen (leave-one-writer-out, `bench/answer_judge_fit.py`). A reading it judges right with
at least `store_from` is stored and any other is confirmed with one tap; what the reader knows
best keeps the reader's own confidence (`_left_alone`: an answer of fewer than MIN_WORDS words, a
typed number, praise with an eye roll, a sure reading with nothing beside the rating).

The weights are content (bot/content/answer_judge.yml, written by that command, checked at load).
"""

import math
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

from pydantic import ValidationError, confloat, validator

from bot.config import PROJECT_ROOT
from bot.content.errors import ContentError
from bot.content.validation import StrictModel, describe, read_yaml
from bot.understanding.scale_reader import CONFIRM_BELOW, LEARNED, ScaleReading

JUDGE_FILE = PROJECT_ROOT / "bot" / "content" / "answer_judge.yml"
UNSURE = 0.7  # the confidence of a reading the judge does not trust: below CONFIRM_BELOW, so confirmed
# on a shorter answer the words know best (as for the model's doubt): "niet ongelukkig", "smiley 4",
# and the reader's own reasons to confirm ("het ging slecht", a typo it guessed) stand
MIN_WORDS = LEARNED.doubt_words


class Judge(StrictModel):
    store_from: confloat(gt=0.0, lt=1.0)  # type: ignore[valid-type]
    intercept: float
    weights: Dict[str, float]

    @validator("intercept")
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @validator("weights")
    def _known_and_finite(cls, weights: Dict[str, float]) -> Dict[str, float]:
        for name, weight in weights.items():
            if not math.isfinite(weight):
                raise ValueError(f"{name}: must be a finite number")
            if name.split(":", 1)[0] not in FEATURE_FAMILIES:
                raise ValueError(f"{name}: not a feature the judge knows ({', '.join(FEATURE_FAMILIES)})")
        return weights

    def probability_right(self, features: Dict[str, float]) -> float:
        total = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total))))


FEATURE_FAMILIES = (
    "confidence",
    "words_confidence",
    "words_read_nothing",
    "model_same",
    "model_top",
    "model_margin",
    "model_top_is_same",
    "model_no_answer",
    "log_words",
    "story",
    "neighbours",
    "kind",
    "value",
    "basis",
    "model",
)


def features(words: ScaleReading, reading: ScaleReading, probabilities: Dict[str, float], word_count: int) -> Dict[str, float]:
    """What the judge looks at: the reading (`reading`, after the model's opinion), the words' own
    reading (`words`), the model's probabilities and the answer's length in words."""
    said = reading.label
    ranked = sorted(probabilities.values(), reverse=True)
    top = max(probabilities, key=lambda label: probabilities[label])
    found = {
        "confidence": reading.confidence,
        "words_confidence": words.confidence,
        "words_read_nothing": float(words.kind == "none"),
        "model_same": probabilities.get(said, 0.0),
        "model_top": ranked[0],
        "model_margin": ranked[0] - ranked[1],
        "model_top_is_same": float(top == said),
        "model_no_answer": probabilities.get("other", 0.0),
        "log_words": math.log1p(word_count),
        "story": float(reading.story is not None),
        f"kind:{reading.kind}": 1.0,
    }
    if reading.kind == "score" and reading.value is not None:
        found[f"value:{reading.value}"] = 1.0
        found["neighbours"] = sum(probabilities.get(str(value), 0.0) for value in (reading.value - 1, reading.value + 1))
    found.update({f"basis:{token}": 1.0 for token in set(reading.basis.split("_")) if token})
    found.update({f"model:{label}": probability for label, probability in probabilities.items()})
    return found


def load_judge(path: Path = JUDGE_FILE) -> Judge:
    raw = read_yaml(path)
    try:
        return Judge.parse_obj(raw)
    except ValidationError as error:
        raise ContentError(f"{path}: {describe(error)}") from None


@lru_cache(maxsize=1)
def judge() -> Judge:
    return load_judge()


def judged(
    words: ScaleReading, reading: ScaleReading, probabilities: Dict[str, float], word_count: int, by: Optional[Judge] = None
) -> ScaleReading:
    """The reading, stored (confidence at least CONFIRM_BELOW) when the judge finds it right often
    enough, else confirmed with one tap (confidence UNSURE at most). Nothing read stays nothing, and
    what the reader knows best keeps its own confidence (`_left_alone`)."""
    if reading.kind == "none" or _left_alone(words, reading, word_count):
        return reading
    chosen = by or judge()
    sure = chosen.probability_right(features(words, reading, probabilities, word_count)) >= chosen.store_from
    confidence = max(reading.confidence, CONFIRM_BELOW) if sure else min(reading.confidence, UNSURE)
    return replace(reading, confidence=round(confidence, 3))


def _left_alone(words: ScaleReading, reading: ScaleReading, word_count: int) -> bool:
    """Where the reader's own confidence stands: a short answer; a number the resident typed and
    praise with an eye roll (the reader confirms or stores them by rules of their own); a sure
    reading of words that say nothing beside the rating ("ik kan me niet beter wensen")."""
    if word_count < MIN_WORDS or reading.basis.split("_")[0] in ("digit", "number") or "sarcasm" in reading.basis:
        return True
    return reading.story is None and words.kind != "none" and words.confidence >= CONFIRM_BELOW
