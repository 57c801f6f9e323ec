"""TF-IDF features and linear models read in plain Python, for the learned layers.

Both learned layers (the safety net's, bot/understanding/safety_model.py, and the answer reader's,
bot/understanding/answer_model.py) are trained with scikit-learn and then folded into one table per
feature block: n-gram -> (idf, one weight per output). Reading a message then needs no
scikit-learn: count the known n-grams, apply sublinear tf and the L2 norm as TfidfVectorizer does,
and add up the weights.

Features: word 1-2 grams in which the words after a negation ("niet", "nooit", "geen", ...) up to
the next comma or conjunction are marked ("neg_geslagen"), and character 2-5 grams within words.
"""

import contextlib
import hashlib
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
NEGATIONS = frozenset({"niet", "nooit", "geen", "niks", "niets", "nee", "nergens"})
NEGATION_ENDS = frozenset({",", ".", "en", "maar", "want", "dus", "omdat", "als", "toen", "dan", "terwijl", "zodat"})
NEGATION_SPAN = 3
WORD_TOKEN = re.compile(r"[a-z0-9_]+|[,.]")


def mark_negation(normalised: str) -> str:
    """'hij heeft me nooit geslagen' -> 'hij heeft me nooit neg_geslagen' (up to 3 words, not past a comma)."""
    words, left = [], 0
    for word in normalised.split():
        if word in NEGATION_ENDS:
            left = 0
            words.append(word)
            continue
        if left > 0 and word not in NEGATIONS:
            words.append("neg_" + word)
            left -= 1
        else:
            words.append(word)
        if word in NEGATIONS:
            left = NEGATION_SPAN
    return " ".join(words)


def word_ngrams(normalised: str) -> List[str]:
    tokens = WORD_TOKEN.findall(mark_negation(normalised))
    low, high = WORD_NGRAMS
    return [" ".join(tokens[i : i + n]) for n in range(low, high + 1) for i in range(len(tokens) - n + 1)]


def char_ngrams(normalised: str) -> List[str]:
    """Like scikit-learn's `char_wb` analyser: n-grams inside each word padded with a space."""
    grams: List[str] = []
    for word in normalised.split():
        grams.extend(_word_char_ngrams(word))
    return grams


@lru_cache(maxsize=50_000)
def _word_char_ngrams(word: str) -> Tuple[str, ...]:
    low, high = CHAR_NGRAMS
    padded = f" {word} "
    grams: List[str] = []
    for n in range(low, high + 1):
        if len(padded) <= n:
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return tuple(grams)


@dataclass(frozen=True)
class Block:
    """One TF-IDF block folded with the weights: n-gram -> (idf, weight for each output)."""

    table: Dict[str, Tuple[float, ...]]

    def weighted(self, grams: Sequence[str]) -> List[Tuple[float, Tuple[float, ...]]]:
        """(normalised tf-idf value, the n-gram's row) for every known n-gram."""
        table = self.table
        counts: Dict[str, int] = {}
        for gram in grams:
            if gram in table:
                counts[gram] = counts.get(gram, 0) + 1
        rows = [((1.0 + math.log(count)) * table[gram][0], table[gram]) for gram, count in counts.items()]
        norm = math.sqrt(sum(value * value for value, _ in rows)) or 1.0
        return [(value / norm, row) for value, row in rows]

    def to_json(self) -> Dict[str, List[float]]:
        return {gram: list(values) for gram, values in self.table.items()}

    @classmethod
    def from_json(cls, raw: Dict[str, Any]) -> "Block":
        return cls({gram: tuple(values) for gram, values in raw.items()})


def fit_features(texts: Sequence[str], words: Callable[[str], List[str]], char_min_df: int) -> Tuple[Any, Any, Any]:
    """Fitted word and character TfidfVectorizers (sublinear tf) and the stacked matrix of `texts`."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    word_block = TfidfVectorizer(analyzer=words, sublinear_tf=True, lowercase=False)
    char_block = TfidfVectorizer(analyzer=char_ngrams, sublinear_tf=True, lowercase=False, min_df=char_min_df)
    matrix = hstack([word_block.fit_transform(texts), char_block.fit_transform(texts)]).tocsr()
    return word_block, char_block, matrix


@dataclass(frozen=True)
class LinearModel:
    """Linear outputs over a word block and a character block, and the fingerprint of what it was
    trained on. The learned layers add what their outputs mean (a sigmoid, a softmax)."""

    fingerprint: str
    words: Block
    chars: Block
    intercepts: Tuple[float, ...]  # one per output

    def outputs(self, word_grams: Sequence[str], normalised: str) -> List[float]:
        """The raw output scores for a text's word n-grams and its normalised form (characters)."""
        weighted = self.words.weighted(word_grams) + self.chars.weighted(char_ngrams(normalised))
        return [intercept + sum(value * row[k + 1] for value, row in weighted) for k, intercept in enumerate(self.intercepts)]

    def to_json(self) -> Dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "intercepts": list(self.intercepts),
            "words": self.words.to_json(),
            "chars": self.chars.to_json(),
        }

    @staticmethod
    def fields_from_json(raw: Dict[str, Any]) -> Dict[str, Any]:
        """The fields of a LinearModel from its to_json(), for a subclass's from_json."""
        return {
            "fingerprint": str(raw["fingerprint"]),
            "words": Block.from_json(raw["words"]),
            "chars": Block.from_json(raw["chars"]),
            "intercepts": tuple(float(value) for value in raw["intercepts"]),
        }


def digest_of(*parts: str) -> str:
    """A short stamp of a model's settings and training data: a built file is used only when it matches."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()[:16]


def fold_block(vectoriser: Any, weights: Any, offset: int) -> Block:
    """A fitted TfidfVectorizer and the classifier's weights (outputs x features, this block's
    columns from `offset`) as one Block."""
    idf = vectoriser.idf_.round(6).tolist()  # a property that sklearn recomputes on every access
    columns = weights[:, offset : offset + len(idf)].round(6).T.tolist()
    return Block({gram: (idf[column], *columns[column]) for gram, column in vectoriser.vocabulary_.items()})


def sigmoid(value: float) -> float:
    if value < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-value))


def softmax(values: Sequence[float]) -> List[float]:
    top = max(values)
    exps = [math.exp(value - top) for value in values]
    total = sum(exps)
    return [value / total for value in exps]


# --- the built file ---------------------------------------------------------------------------------
def built_model(path: Path, fingerprint: str) -> Optional[Dict[str, Any]]:
    """The JSON of a built model file when it was built with this fingerprint, else None."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("fingerprint") == fingerprint:
            return raw
    return None


def write_built_model(target: Path, model_json: Dict[str, Any]) -> Path:
    """Write a model file, unless the file there already has this fingerprint."""
    if built_model(target, model_json["fingerprint"]) is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(model_json, separators=(",", ":")), encoding="utf-8")
    return target
