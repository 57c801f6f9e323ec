"""NLU baselines on the project's own data, for comparison with the trained Rasa model.

    .venv/bin/python bench/nlu_baselines.py        # TF-IDF + logistic regression (scikit-learn), ~10 s

Trains on data/nlu (entity markup removed) and reports held-out intent accuracy and macro F1 on
tests/nlu/holdout.yml (residents) and act accuracy on tests/nlu/practice_moves.yml (workers:
the best worker intent, as practice mode reads it), beside the model's figures from
bench/nlu_quality.py. Results are appended to bench/results/nlu_baselines.jsonl.
(Rasa's stock `rasa init` pipeline and cross-validation side by side are still to come: issue 7.)
"""
import json
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.practice.moves import WORKER_ACTS  # noqa: E402
from bot.replay.stories import plain_text  # noqa: E402


def examples(path: Path):
    """(text, intent) for every example of a Rasa NLU file (or every file in a folder)."""
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    pairs = []
    for file in files:
        for block in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("nlu") or ():
            if "intent" in block:
                for line in block["examples"].splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        pairs.append((plain_text(line[2:]), block["intent"]))
    return pairs


def tfidf_logistic_regression():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.pipeline import make_pipeline, make_union

    train = examples(ROOT / "data" / "nlu")
    model = make_pipeline(
        make_union(TfidfVectorizer(lowercase=True, ngram_range=(1, 2)), TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4))),
        LogisticRegression(max_iter=2000, C=10),
    )
    model.fit([t for t, _ in train], [i for _, i in train])
    holdout = examples(ROOT / "tests" / "nlu" / "holdout.yml")
    predicted = model.predict([t for t, _ in holdout])
    truth = [i for _, i in holdout]
    moves = yaml.safe_load((ROOT / "tests" / "nlu" / "practice_moves.yml").read_text(encoding="utf-8"))["moves"]
    probabilities = model.predict_proba([m["text"] for m in moves])
    classes = list(model.classes_)
    worker = [classes.index(act) for act in WORKER_ACTS]
    acts = [classes[max(worker, key=lambda index: row[index])] for row in probabilities]
    return {
        "training_examples": len(train),
        "holdout_accuracy": round(accuracy_score(truth, predicted), 4),
        "holdout_macro_f1": round(f1_score(truth, predicted, average="macro"), 4),
        "practice_act_accuracy": round(sum(a == m["act"] for a, m in zip(acts, moves)) / len(moves), 4),
    }


def main() -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    result = {"timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"), "commit": commit, "tfidf_logistic_regression": tfidf_logistic_regression()}
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "nlu_baselines.jsonl", "a") as handle:
        handle.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
