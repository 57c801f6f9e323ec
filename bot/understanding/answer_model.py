"""The answer reader's learned second opinion: what a typed answer to a board question means.

The word lists of the scale reader (bot/understanding/scale_reader.py) are precise but reach only
the expressions they hold. This model reads a whole answer and gives a probability to each of nine
meanings: the five smileys ("1" to "5"), "skipped", "dont_know", "not_applicable", and "other" for
a message that is no answer at all (a question, a greeting, a command). The scale reader uses it
(`scale_reader.with_learned_opinion`) where the words read nothing (a very sure meaning is
stored, a less sure one is proposed with one tap, "other" or an unsure model leaves the question)
and where the words are unsure (stored when the model is very sure of the same meaning).

Features and reading as the safety net's learned layer (bot/understanding/tfidf.py): TF-IDF word
1-2 grams with negation marked and character 2-5 grams, here with multinomial logistic
regression; read in plain Python. Trained on bot/content/answer_training.yml (the development
answers, written blind by helpers, and the NLU examples of intents that are no answer; assembled
by `bench/answer_model_eval.py --assemble`), never on the held-out sets. scripts/setup.sh builds it once into build/answer-model.json; when that file is
missing or was built from other training data, it is trained when first used (about a second).

    .venv/bin/python -m bot.understanding.answer_model build/answer-model.json   # build it
"""

import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Sequence

import yaml

from bot.config import PROJECT_ROOT
from bot.content.errors import ContentError
from bot.content.validation import read_yaml
from bot.understanding.text import normalise
from bot.understanding.tfidf import (
    CHAR_NGRAMS,
    WORD_NGRAMS,
    LinearModel,
    built_model,
    digest_of,
    fit_features,
    fold_block,
    softmax,
    word_ngrams,
    write_built_model,
)

TRAINING_FILE = PROJECT_ROOT / "bot" / "content" / "answer_training.yml"
MODEL_FILE = PROJECT_ROOT / "build" / "answer-model.json"
LABELS = ("1", "2", "3", "4", "5", "skipped", "dont_know", "not_applicable", "other")  # other: no answer
VERSION = 1  # raise when the features or the training change: a built file of another version is retrained
C = 8.0  # inverse regularisation (chosen by leave-one-writer-out cross-validation, bench/answer_model_eval.py)
CHAR_MIN_DF = 2
SETTINGS = {"version": VERSION, "word_ngrams": WORD_NGRAMS, "char_ngrams": CHAR_NGRAMS, "char_min_df": CHAR_MIN_DF, "C": C}


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # one of LABELS


@dataclass(frozen=True)
class AnswerModel(LinearModel):
    """The linear model with one output per label, in the order of LABELS."""

    def probabilities(self, text: str) -> Dict[str, float]:
        """{label: probability} for an answer as typed."""
        normalised = normalise(text)
        return dict(zip(LABELS, softmax(self.outputs(word_ngrams(normalised), normalised))))

    @classmethod
    def from_json(cls, raw: Dict[str, Any]) -> "AnswerModel":
        return cls(**LinearModel.fields_from_json(raw))


# --- the training data ----------------------------------------------------------------------------
def read_training(path: Path = TRAINING_FILE) -> List[Example]:
    """The examples of bot/content/answer_training.yml: {label: [answers]} for every label."""
    raw = read_yaml(path)
    if not isinstance(raw, dict) or set(raw) != set(LABELS):
        raise ContentError(f"{path}: needs a list of answers for each of {', '.join(LABELS)}")
    examples = []
    for label in LABELS:
        texts = raw[label]
        if not isinstance(texts, list) or not texts:
            raise ContentError(f"{path}: {label}: needs a list of answers")
        for text in texts:
            if not isinstance(text, str) or not text.strip():
                raise ContentError(f"{path}: {label}: every entry must be an answer as typed")
            examples.append(Example(text, label))
    return examples


def write_training(path: Path, examples: Sequence[Example], header: str) -> None:
    grouped = {label: [example.text for example in examples if example.label == label] for label in LABELS}
    body = yaml.safe_dump(grouped, allow_unicode=True, sort_keys=False, width=200)
    path.write_text(header + body, encoding="utf-8")


def fingerprint(training_text: str) -> str:
    return digest_of(json.dumps(SETTINGS, sort_keys=True), training_text)


# --- training (scikit-learn) ------------------------------------------------------------------------
def train(examples: Sequence[Example], stamp: str = "", c: float = C) -> AnswerModel:
    """Fit the multinomial model on all examples."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    words, chars, matrix = fit_features([normalise(example.text) for example in examples], word_ngrams, CHAR_MIN_DF)
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(matrix, [example.label for example in examples])
    order = [list(model.classes_).index(label) for label in LABELS]
    weights = np.vstack([model.coef_[i] for i in order])  # labels x features
    intercepts = tuple(float(model.intercept_[i]) for i in order)
    return AnswerModel(stamp, fold_block(words, weights, 0), fold_block(chars, weights, len(words.vocabulary_)), intercepts)


def load_or_train(training: Path = TRAINING_FILE, built: Path = MODEL_FILE) -> AnswerModel:
    """The built model when it was built from this training data and these settings, else train now."""
    stamp = fingerprint(training.read_text(encoding="utf-8"))
    raw = built_model(built, stamp)
    return AnswerModel.from_json(raw) if raw is not None else train(read_training(training), stamp)


@lru_cache(maxsize=1)
def answer_model() -> AnswerModel:
    """The model the running assistant uses (loaded or trained once per process)."""
    return load_or_train()


def build(target: Path = MODEL_FILE) -> Path:
    """Train and write the model file (scripts/setup.sh); nothing is written when it is up to date."""
    return write_built_model(target, load_or_train(built=target).to_json())


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_FILE))
