"""The learned layer of the safety net: TF-IDF over words and characters, logistic regression.

The patterns (bot/content/safety.yml) miss many fresh phrasings; this layer reads every message
the patterns let through and raises the alarm when its danger probability reaches the threshold
in safety.yml (`learned.threshold`). A second model gives the kind (acute, suicide,
danger_at_home). Both are trained on bot/content/safety_training.yml (assembled from the
development sets and the NLU data by `bench/safety_eval.py --assemble`).

Features: the text as the safety net normalises it (lower case, no accents, informal spelling
rewritten, sentences separated by " . "); word 1-2 grams in which the words after a negation
("niet", "nooit", "geen", ...) up to the next comma or conjunction are marked ("neg_geslagen");
character 2-5 grams within words. Both blocks are TF-IDF with sublinear tf and L2 norm, as
scikit-learn's TfidfVectorizer computes them.

Reading a message needs no scikit-learn: the vocabularies, idf values and weights are folded into
one table per block and scored in plain Python (well under a millisecond). scikit-learn is needed
only to train, which `scripts/setup.sh` does once into build/safety-model.json; when that file
is missing or was built from other training data, the model is trained when first used.

    .venv/bin/python -m bot.understanding.safety_model build/safety-model.json   # build it
"""

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Pattern, Sequence, Tuple

import yaml

from bot.config import PROJECT_ROOT
from bot.content.errors import ContentError
from bot.content.validation import read_yaml
from bot.understanding.tfidf import (
    CHAR_NGRAMS,
    WORD_NGRAMS,
    WORD_TOKEN,
    LinearModel,
    built_model,
    digest_of,
    fit_features,
    fold_block,
    mark_negation,
    sigmoid,
    word_ngrams,
    write_built_model,
)

TRAINING_FILE = PROJECT_ROOT / "bot" / "content" / "safety_training.yml"
MODEL_FILE = PROJECT_ROOT / "build" / "safety-model.json"
KINDS = ("acute", "danger_at_home", "suicide")  # the kind model's outputs, in this order
VERSION = 2  # raise when the features or the training change: a built file of another version is retrained
CHAR_MIN_DF = 2  # character n-grams seen in one sentence only are left out
C_DANGER = 16.0  # inverse regularisation of the danger model (chosen by cross-validation)
C_KIND = 16.0
SETTINGS = {
    "version": VERSION,
    "word_ngrams": WORD_NGRAMS,
    "char_ngrams": CHAR_NGRAMS,
    "char_min_df": CHAR_MIN_DF,
    "C": C_DANGER,
    "C_kind": C_KIND,
}
Normaliser = Callable[[str], str]


@dataclass(frozen=True)
class Features:
    """What the model reads: word n-grams (negation marked), character n-grams and, for the words
    that belong to a word class of the safety net's terms (`learned.word_classes` in safety.yml:
    weapon, pills, partner, ...), the same word n-grams with the class in place of the word
    ("t_partner pakte", "het t_weapon"), so a knife or a relative never seen in training counts."""

    classes: Tuple[Tuple[str, Pattern], ...] = ()
    known: Dict[str, Optional[str]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def word_class(self, word: str) -> Optional[str]:
        if word not in self.known:
            if len(self.known) > 100_000:
                self.known.clear()
            self.known[word] = next((name for name, pattern in self.classes if pattern.fullmatch(word)), None)
        return self.known[word]

    def words(self, normalised: str) -> List[str]:
        grams = word_ngrams(normalised)
        if not self.classes:
            return grams
        tokens = WORD_TOKEN.findall(mark_negation(normalised))
        classed, found = [], False
        for token in tokens:
            negated = token.startswith("neg_")
            name = self.word_class(token[4:] if negated else token)
            found = found or name is not None
            classed.append(("neg_" if negated else "") + "t_" + name if name else token)
        if not found:
            return grams
        low, high = WORD_NGRAMS
        for n in range(low, high + 1):
            for i in range(len(classed) - n + 1):
                window = classed[i : i + n]
                if any(token.startswith(("t_", "neg_t_")) for token in window):
                    grams.append("c:" + " ".join(window))
        return grams

    def signature(self) -> List[Tuple[str, str]]:
        return [(name, pattern.pattern) for name, pattern in self.classes]


@dataclass(frozen=True)
class SafetyModel(LinearModel):
    """The linear model with the danger output first, then one output per kind (one-vs-rest)."""

    features: Features = Features()

    def read(self, normalised: str) -> Tuple[float, Dict[str, float]]:
        """(the probability of danger, the probability of each kind if it is danger)."""
        danger, *kinds = (sigmoid(score) for score in self.outputs(self.features.words(normalised), normalised))
        total = sum(kinds) or 1.0
        return danger, {kind: value / total for kind, value in zip(KINDS, kinds)}

    @classmethod
    def from_json(cls, raw: Dict[str, Any], features: Features = Features()) -> "SafetyModel":
        return cls(**LinearModel.fields_from_json(raw), features=features)


# --- the training data ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Example:
    text: str
    kind: Optional[str]  # None: everyday
    near_miss: bool = False  # an everyday sentence written as a look-alike of a danger sentence


def read_training(path: Path = TRAINING_FILE) -> List[Example]:
    """The examples of bot/content/safety_training.yml (checked: kinds known, texts present)."""
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("danger"), dict):
        raise ContentError(f"{path}: needs danger (per kind), near_misses and everyday")
    examples = []
    for kind, texts in raw["danger"].items():
        if kind not in KINDS or not isinstance(texts, list) or not texts:
            raise ContentError(f"{path}: danger.{kind}: needs a list of sentences for a kind in {', '.join(KINDS)}")
        examples += [Example(_sentence(text, path, f"danger.{kind}"), kind) for text in texts]
    for group in ("near_misses", "everyday"):
        texts = raw.get(group)
        if not isinstance(texts, list) or not texts:
            raise ContentError(f"{path}: {group}: needs a list of sentences")
        examples += [Example(_sentence(text, path, group), None, group == "near_misses") for text in texts]
    return examples


def _sentence(value: Any, path: Path, place: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{path}: {place}: every entry must be a sentence")
    return value


def write_training(path: Path, danger: Dict[str, List[str]], near_misses: List[str], everyday: List[str], header: str) -> None:
    body = yaml.safe_dump(
        {"danger": {kind: danger[kind] for kind in KINDS}, "near_misses": near_misses, "everyday": everyday},
        allow_unicode=True,
        sort_keys=False,
        width=200,
    )
    path.write_text(header + body, encoding="utf-8")


def fingerprint(training_text: str, spelling: Dict[str, str], features: Features = Features()) -> str:
    return digest_of(
        json.dumps(SETTINGS, sort_keys=True),
        json.dumps(features.signature()),
        json.dumps(spelling, sort_keys=True),
        training_text,
    )


# --- training (scikit-learn) ------------------------------------------------------------------------
def train(examples: Sequence[Example], normalise: Normaliser, stamp: str = "", features: Features = Features()) -> SafetyModel:
    """Fit the danger model on all examples and the kind model on the danger examples."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    words, chars, matrix = fit_features([normalise(example.text) for example in examples], features.words, CHAR_MIN_DF)
    danger = np.array([example.kind is not None for example in examples])
    model = LogisticRegression(C=C_DANGER, class_weight="balanced", solver="liblinear", max_iter=1000)
    model.fit(matrix, danger)
    rows = np.flatnonzero(danger)
    labels = np.array([examples[i].kind for i in rows])
    kinds = LogisticRegression(C=C_KIND, solver="liblinear", max_iter=1000)  # one-vs-rest
    kinds.fit(matrix[rows], labels)
    order = [list(kinds.classes_).index(kind) for kind in KINDS]
    weights = np.vstack([model.coef_[0]] + [kinds.coef_[i] for i in order])  # outputs x features
    intercepts = (float(model.intercept_[0]),) + tuple(float(kinds.intercept_[i]) for i in order)

    return SafetyModel(
        stamp, fold_block(words, weights, 0), fold_block(chars, weights, len(words.vocabulary_)), intercepts, features
    )


def load_or_train(
    normalise: Normaliser,
    spelling: Dict[str, str],
    training: Path = TRAINING_FILE,
    built: Path = MODEL_FILE,
    features: Features = Features(),
) -> SafetyModel:
    """The built model when it was built from this training data and these settings, else train now."""
    training_text = training.read_text(encoding="utf-8") if training.exists() else ""
    stamp = fingerprint(training_text, spelling, features)
    raw = built_model(built, stamp)
    return SafetyModel.from_json(raw, features) if raw is not None else train(read_training(training), normalise, stamp, features)


def build(target: Path = MODEL_FILE) -> Path:
    """Train and write the model file (scripts/setup.sh); nothing is written when it is up to date."""
    from bot.understanding.safety import safety_net

    net = safety_net()
    model = load_or_train(net.normalise, net.spelling, built=target, features=Features(net.word_classes))
    return write_built_model(target, model.to_json())


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_FILE))
