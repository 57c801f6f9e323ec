"""NLU quality: held-out intent accuracy / F1, optional cross-validation, and the free-text ->
smiley-score mapping (lexicon alone, DIET's `score` entity alone, and the guide's order, on the
annotated held-out examples; and the lexicon on tests/nlu/scores_holdout.yml, written blind to it);
and practice mode's reading of worker moves (act, question form, domains) on tests/nlu/practice_moves.yml.

    .venv/bin/python bench/nlu_quality.py                    # held-out + score mapping (~2 min)
    .venv/bin/python bench/nlu_quality.py --folds 3          # + 3-fold cross-validation (~15 min)

Results are printed as JSON and appended to bench/results/nlu_quality.jsonl.
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MODEL = ROOT / "models" / "wat-telt.tar.gz"
HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
ENV = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", PYTHONPATH=str(ROOT))


def rasa(*args) -> None:
    subprocess.run(
        [sys.executable, "-m", "rasa", *args], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def intent_figures(report_dir: Path) -> dict:
    report = json.loads((report_dir / "intent_report.json").read_text())
    weakest = sorted(
        (
            (name, round(v["f1-score"], 3))
            for name, v in report.items()
            if isinstance(v, dict) and "support" in v and name not in ("macro avg", "weighted avg", "micro avg")
        ),
        key=lambda item: item[1],
    )[:5]
    errors_file = report_dir / "intent_errors.json"
    confusions = {}
    if errors_file.exists():
        for error in json.loads(errors_file.read_text()):
            pair = f"{error['intent']} -> {error['intent_prediction']['name']}"
            confusions[pair] = confusions.get(pair, 0) + 1
    return {
        "accuracy": round(report["accuracy"], 4),
        "macro_f1": round(report["macro avg"]["f1-score"], 4),
        "weighted_f1": round(report["weighted avg"]["f1-score"], 4),
        "weakest_intents": weakest,
        "confusions": dict(sorted(confusions.items(), key=lambda item: -item[1])[:8]),
    }


def score_examples() -> list:
    """(text, expected score) for every held-out example annotated with a `score` entity."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(HOLDOUT))
    examples = []
    for message in data.intent_examples:
        scores = [e["value"] for e in message.get("entities") or [] if e["entity"] == "score"]
        if message.get("intent") == "rate_domain" and len(scores) == 1:
            examples.append((message.get("text"), int(scores[0])))
    return examples


async def score_mapping(examples: list) -> dict:
    from rasa.core.agent import Agent

    from bot.dialogue.messages import UserMessage
    from bot.understanding.scores import read_score

    agent = Agent.load(str(MODEL))
    lexicon = entity = combined = 0
    misses = []
    for text, expected in examples:
        parsed = await agent.parse_message(text)
        message = UserMessage(text, entities=tuple({"entity": e["entity"], "value": e.get("value")} for e in parsed["entities"]))
        by_lexicon = read_score(text)
        by_entity = int(message.entity("score")) if message.entity("score") in ("1", "2", "3", "4", "5") else None
        by_guide = by_lexicon or by_entity
        lexicon += by_lexicon == expected
        entity += by_entity == expected
        combined += by_guide == expected
        if by_guide != expected:
            misses.append(f"{text!r}: expected {expected}, got {by_guide}")
    n = len(examples)
    return {
        "examples": n,
        "lexicon_accuracy": round(lexicon / n, 4),
        "diet_entity_accuracy": round(entity / n, 4),
        "guide_accuracy": round(combined / n, 4),
        "misses": misses,
    }


async def practice_moves() -> dict:
    """Practice mode's reading of worker moves on tests/nlu/practice_moves.yml (written blind)."""
    import yaml
    from rasa.core.agent import Agent

    from bot.practice.evaluation import evaluate_moves

    moves = yaml.safe_load((ROOT / "tests" / "nlu" / "practice_moves.yml").read_text(encoding="utf-8"))["moves"]
    agent = Agent.load(str(MODEL))
    parsed = {m["text"]: await agent.parse_message(m["text"]) for m in moves}
    return evaluate_moves(parsed.__getitem__, moves)


def blind_score_set() -> dict:
    """The lexicon (bot/content/scale.yml) on tests/nlu/scores_holdout.yml, written blind to it."""
    import yaml

    from bot.understanding.scores import read_score

    path = ROOT / "tests" / "nlu" / "scores_holdout.yml"
    if not path.exists():
        return {"skipped": f"{path.name} missing"}
    answers = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
    read = [(a["text"], a["score"], read_score(a["text"])) for a in answers]
    exact = sum(got == want for _, want, got in read)
    within_one = sum(got is not None and abs(got - want) <= 1 for _, want, got in read)
    unread = sum(got is None for _, _, got in read)
    return {
        "examples": len(read),
        "exact_accuracy": round(exact / len(read), 4),
        "within_one": round(within_one / len(read), 4),
        "not_understood": unread,
        "wrong": [f"{text!r}: expected {want}, got {got}" for text, want, got in read if got != want],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=0, help="also run k-fold cross-validation on data/nlu (0 = skip)")
    args = parser.parse_args()
    if not MODEL.exists():
        sys.exit(f"{MODEL} missing: run `make setup` first")
    result = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        rasa("test", "nlu", "--model", str(MODEL), "--nlu", str(HOLDOUT), "--out", f"{tmp}/holdout")
        result["holdout"] = intent_figures(Path(tmp) / "holdout")
        if args.folds:
            started = time.monotonic()
            rasa(
                "test",
                "nlu",
                "--nlu",
                "data/nlu",
                "--config",
                "config.yml",
                "--cross-validation",
                "--folds",
                str(args.folds),
                "--out",
                f"{tmp}/cv",
            )
            result["cross_validation"] = dict(
                intent_figures(Path(tmp) / "cv"), folds=args.folds, seconds=round(time.monotonic() - started)
            )
    result["score_mapping"] = asyncio.run(score_mapping(score_examples()))
    result["score_mapping_blind_set"] = blind_score_set()
    result["practice_moves"] = asyncio.run(practice_moves())
    print(json.dumps(result, indent=2, ensure_ascii=False))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "nlu_quality.jsonl", "a") as handle:
        handle.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
