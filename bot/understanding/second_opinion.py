"""The intent classifier: TF-IDF on words and characters with logistic regression.

Since issue 15 it is the whole intent classifier of config.yml (`bot.rasa_nlu.TfidfIntentClassifier`):
on the same folds it beat DIET, alone and averaged with it, and trains in seconds
(docs/benchmarks.md, "NLU pipelines side by side"). `bot.rasa_nlu.IntentEnsemble` (DIET averaged
with this one, the pipeline before issue 15) is kept for bench/nlu_compare.py's "old" system.
Plain Python and scikit-learn: no Rasa here.
"""

from typing import Dict, Iterable, List, Sequence

DEFAULT_DIET_WEIGHT = 0.3  # chosen on fold 0 of the cross-validation (bench/nlu_compare.py)
RANKING_LENGTH = 10


def text_classifier():
    """An untrained scikit-learn pipeline: TF-IDF words (1-2) + characters (1-4), logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    return make_pipeline(
        make_union(TfidfVectorizer(lowercase=True, ngram_range=(1, 2)), TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4))),
        LogisticRegression(max_iter=2000, C=10),
    )


def probabilities(classifier, texts: Sequence[str]) -> List[Dict[str, float]]:
    """{intent: probability} per text from a trained text_classifier()."""
    return [dict(zip(classifier.classes_, map(float, row))) for row in classifier.predict_proba(list(texts))]


def combine_rankings(
    diet_ranking: Iterable[dict], second: Dict[str, float], diet_weight: float = DEFAULT_DIET_WEIGHT, length: int = RANKING_LENGTH
) -> List[dict]:
    """Weighted average of DIET's ranking ([{name, confidence}], the intents it lists) and the second
    opinion's probabilities, best first. An intent DIET does not list counts as 0 for DIET."""
    scores = {name: (1 - diet_weight) * p for name, p in second.items()}
    for entry in diet_ranking:
        scores[entry["name"]] = scores.get(entry["name"], 0.0) + diet_weight * float(entry["confidence"])
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:length]
    return [{"name": name, "confidence": round(score, 6)} for name, score in ranked]
