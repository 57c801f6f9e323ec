"""Our NLU pipeline side by side with two baselines, in one run, on the same data and the same splits.

    .venv/bin/python bench/nlu_compare.py                   # held-out sets only (~20 min on 2 cores)
    .venv/bin/python bench/nlu_compare.py --folds 3         # + 3-fold cross-validation (~60 min)
    .venv/bin/python bench/nlu_compare.py --systems ours tfidf_lr --folds 3

Systems:
- `ours`: config.yml (spaCy blank Dutch with lookup lemmas, DIET averaged with a second opinion, fallback);
- `rasa_init`: the pipeline `rasa init` writes, i.e. Rasa 3.6's default config
  (rasa/engine/recipes/config_files/default_config.yml) with `language: nl`;
- `tfidf_lr`: TF-IDF on words (1-2 grams) and characters (1-4) + logistic regression (scikit-learn),
  which is also the second opinion inside ours (bot/understanding/second_opinion.py);
- any `--config NAME=PATH` given, for trying a candidate pipeline.

Each system is trained on data/nlu and tested on the held-out sets, and, with --folds K, trained
and tested on the same K stratified folds of data/nlu (seed 42). Figures per system:
- resident intents on tests/nlu/holdout.yml: accuracy, macro F1, the confusion pairs (of the best
  intent of each system's ranking: `nlu_fallback` is not counted as a prediction);
- free text -> smiley score on the held-out `rate_domain` examples with one `score` entity and on
  the 100 answers of tests/nlu/scores_holdout.yml: the model alone (DIET's `score` entity; for
  tfidf_lr a second logistic regression text -> score), and as the guide reads it (the lexicon
  bot/content/scale.yml first, then the model);
- practice mode on tests/nlu/practice_moves.yml: act accuracy (best worker intent), via
  bot.practice.evaluation, the same code practice mode uses;
- cross-validation: accuracy and macro F1 over all intents, pooled over the folds, and the
  confusion pairs.
Rasa systems are trained with `rasa train nlu` in a subprocess (two at a time) and evaluated in a
fresh process that loads the model and parses every test text. Results: JSON on stdout and
appended to bench/results/nlu_compare.jsonl.
"""

import argparse
import asyncio
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import append_result, git_commit, machine, now_iso  # noqa: E402

HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
PRACTICE_MOVES = ROOT / "tests" / "nlu" / "practice_moves.yml"
BLIND_SCORES = ROOT / "tests" / "nlu" / "scores_holdout.yml"
RASA_DEFAULT_CONFIG = "rasa/engine/recipes/config_files/default_config.yml"
ENV = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", PYTHONPATH=str(ROOT))
SEED = 42


# ---- data --------------------------------------------------------------------------------------


def load_training_data(path: Path):
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(str(path), language="nl")


def single_score(message):
    scores = [e["value"] for e in message.get("entities") or [] if e["entity"] == "score"]
    return int(scores[0]) if message.get("intent") == "rate_domain" and len(scores) == 1 and str(scores[0]).isdigit() else None


def write_nlu(examples, template, path: Path) -> Path:
    """A Rasa NLU file with these intent examples and the template's synonyms, regexes and lookups."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.training_data import TrainingData

    data = TrainingData(
        training_examples=list(examples),
        entity_synonyms=template.entity_synonyms,
        regex_features=template.regex_features,
        lookup_tables=template.lookup_tables,
    )
    path.write_text(RasaYAMLWriter().dumps(data), encoding="utf-8")
    return path


def folds(data, count: int):
    from sklearn.model_selection import StratifiedKFold

    examples = data.intent_examples
    labels = [m.get("intent") for m in examples]
    splitter = StratifiedKFold(n_splits=count, shuffle=True, random_state=SEED)
    for train, test in splitter.split(examples, labels):
        yield [examples[i] for i in train], [examples[i] for i in test]


# ---- systems -----------------------------------------------------------------------------------


def rasa_init_config(directory: Path) -> Path:
    import rasa

    config = yaml.safe_load((Path(rasa.__file__).parent.parent / RASA_DEFAULT_CONFIG).read_text())
    config["language"] = "nl"
    config["assistant_id"] = "nlu-compare-rasa-init"
    path = directory / "rasa_init_config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def parse_with_rasa(config: Path, train_file: Path, texts, workdir: Path, name: str) -> dict:
    """Train `config` on `train_file` (NLU only) and parse `texts` with it in a fresh process.
    What an earlier, interrupted run left in `workdir` (--workdir) is reused: its parses, or
    its trained model to parse texts it did not parse yet."""
    parsed_file, model = workdir / f"{name}.parsed.json", workdir / f"{name}.tar.gz"
    if parsed_file.exists():
        parsed = json.loads(parsed_file.read_text())
        if set(texts) <= parsed.keys():
            return parsed
    if not model.exists():
        with (workdir / f"{name}.log").open("w") as output:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "rasa",
                    "train",
                    "nlu",
                    "--config",
                    str(config),
                    "--nlu",
                    str(train_file),
                    "--out",
                    str(workdir),
                    "--fixed-model-name",
                    name,
                ],
                cwd=ROOT,
                env=dict(ENV, RASA_CACHE_DIRECTORY=str(workdir / f"{name}.cache")),
                check=True,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
    texts_file = workdir / f"{name}.texts.json"
    texts_file.write_text(json.dumps(sorted(set(texts)), ensure_ascii=False))
    subprocess.run(
        [sys.executable, __file__, "_parse", str(model), str(texts_file), str(parsed_file)],
        cwd=ROOT,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return json.loads(parsed_file.read_text())


def parse_command(model: str, texts_file: str, parsed_file: str) -> None:
    from rasa.core.agent import Agent

    from bot.replay.runner import quiet_rasa

    quiet_rasa()
    agent = Agent.load(model)

    async def parse_all():
        result = {}
        for text in json.loads(Path(texts_file).read_text()):
            parsed = await agent.parse_message(text)
            result[text] = {
                "intent": parsed.get("intent"),
                "intent_ranking": parsed.get("intent_ranking") or [],
                "entities": [{"entity": e["entity"], "value": e.get("value")} for e in parsed.get("entities") or []],
            }
        return result

    Path(parsed_file).write_text(json.dumps(asyncio.run(parse_all()), ensure_ascii=False))


def parse_with_tfidf(train_examples, texts) -> dict:
    """The second opinion of our pipeline on its own (bot/understanding/second_opinion.py): intents,
    and a second such classifier from text to smiley score for the `score` entity."""
    from bot.understanding.second_opinion import probabilities, text_classifier

    intents = text_classifier().fit([m.get("text") for m in train_examples], [m.get("intent") for m in train_examples])
    scored = [(m.get("text"), single_score(m)) for m in train_examples if single_score(m)]
    scores = text_classifier().fit([t for t, _ in scored], [s for _, s in scored])
    texts = sorted(set(texts))
    result = {}
    for text, intent_probabilities, score in zip(texts, probabilities(intents, texts), scores.predict(texts)):
        ranking = [{"name": name, "confidence": p} for name, p in sorted(intent_probabilities.items(), key=lambda item: -item[1])]
        result[text] = {
            "intent": ranking[0],
            "intent_ranking": ranking[:10],
            "entities": [{"entity": "score", "value": str(score)}],
        }
    return result


# ---- figures -----------------------------------------------------------------------------------


def best_intent(parsed: dict) -> str:
    """The classifier's best intent. Rasa's FallbackClassifier puts `nlu_fallback` on top below a
    confidence threshold; that is the dialogue's decision, so the best real intent is scored."""
    ranking = [r["name"] for r in parsed.get("intent_ranking") or () if r["name"] != "nlu_fallback"]
    return ranking[0] if ranking else (parsed.get("intent") or {}).get("name") or "none"


def intent_figures(truth, parsed) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    predicted = [best_intent(parsed[text]) for text, _ in truth]
    wanted = [intent for _, intent in truth]
    confusions = Counter(f"{w} -> {p}" for w, p in zip(wanted, predicted) if w != p)
    return {
        "examples": len(truth),
        "accuracy": round(accuracy_score(wanted, predicted), 4),
        "macro_f1": round(f1_score(wanted, predicted, average="macro", labels=sorted(set(wanted)), zero_division=0), 4),
        "confusions": dict(confusions.most_common(8)),
    }


def score_figures(score_examples, parsed) -> dict:
    """Right, wrong and not understood (asked again): a wrong score is stored, a re-ask is not."""
    from bot.understanding.scores import read_score

    model_right = guide_right = guide_wrong = 0
    for text, expected in score_examples:
        values = [e["value"] for e in parsed[text]["entities"] if e["entity"] == "score"]
        by_model = int(values[0]) if values and str(values[0]) in "12345" else None
        by_guide = read_score(text) or by_model
        model_right += by_model == expected
        guide_right += by_guide == expected
        guide_wrong += by_guide is not None and by_guide != expected
    n = len(score_examples) or 1
    return {
        "examples": len(score_examples),
        "model_accuracy": round(model_right / n, 4),
        "guide_accuracy": round(guide_right / n, 4),
        "guide_wrong": guide_wrong,
        "guide_not_understood": len(score_examples) - guide_right - guide_wrong,
    }


def practice_figures(moves, parsed) -> dict:
    from bot.practice.evaluation import evaluate_moves

    figures = evaluate_moves(parsed.__getitem__, moves)
    return {key: figures[key] for key in ("examples", "act_accuracy", "form_accuracy", "domain_exact", "confusions")}


# ---- the run -----------------------------------------------------------------------------------


def run(systems: dict, fold_count: int, workdir: Path) -> dict:
    from bench.nlu_quality import score_examples

    data = load_training_data(ROOT / "data" / "nlu")
    holdout = [(m.get("text"), m.get("intent")) for m in load_training_data(HOLDOUT).intent_examples]
    scores = score_examples()
    blind_scores = [(a["text"], a["score"]) for a in yaml.safe_load(BLIND_SCORES.read_text(encoding="utf-8"))["answers"]]
    moves = yaml.safe_load(PRACTICE_MOVES.read_text(encoding="utf-8"))["moves"]
    heldout_texts = [t for t, _ in holdout] + [t for t, _ in scores + blind_scores] + [m["text"] for m in moves]
    all_train = write_nlu(data.intent_examples, data, workdir / "all.yml")
    splits = list(folds(data, fold_count)) if fold_count else []
    split_files = [(write_nlu(train, data, workdir / f"fold{i}.yml"), test) for i, (train, test) in enumerate(splits)]

    parts = [("heldout", all_train, data.intent_examples, heldout_texts)]
    for i, ((train_file, test), (train, _)) in enumerate(zip(split_files, splits)):
        parts.append((f"fold{i}", train_file, train, [m.get("text") for m in test]))
    jobs = {}  # (system, part) -> a callable returning {text: parse result}
    for name, config in systems.items():
        for part, train_file, train_examples, texts in parts:
            if config is None:
                jobs[(name, part)] = lambda e=train_examples, t=texts: parse_with_tfidf(e, t)
            else:
                jobs[(name, part)] = lambda c=config, f=train_file, t=texts, n=f"{name}-{part}": parse_with_rasa(
                    c, f, t, workdir, n
                )

    def timed(key):
        began = time.monotonic()
        return jobs[key](), round(time.monotonic() - began)

    parsed, seconds = {}, {}
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        futures = {pool.submit(timed, key): key for key in jobs}
        for future in concurrent.futures.as_completed(futures):
            key = futures[future]
            parsed[key], seconds[key] = future.result()
            print(f"done: {key[0]} {key[1]} in {seconds[key]} s", file=sys.stderr, flush=True)

    results = {}
    for name in systems:
        heldout = parsed[(name, "heldout")]
        figures = {
            "resident_holdout": intent_figures(holdout, heldout),
            "score_mapping": score_figures(scores, heldout),
            "score_mapping_blind_answers": score_figures(blind_scores, heldout),
            "practice_moves": practice_figures(moves, heldout),
            "train_and_parse_seconds": seconds[(name, "heldout")],
        }
        if splits:
            pooled_truth, pooled_parsed = [], {}
            for i, (_, test) in enumerate(splits):
                fold_parsed = parsed[(name, f"fold{i}")]
                for message in test:
                    key = f"{i}\x1f{message.get('text')}"
                    pooled_truth.append((key, message.get("intent")))
                    pooled_parsed[key] = fold_parsed[message.get("text")]
            figures["cross_validation"] = dict(intent_figures(pooled_truth, pooled_parsed), folds=fold_count)
        results[name] = figures
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=0, help="also K-fold cross-validation on data/nlu (0 = held-out sets only)")
    parser.add_argument(
        "--systems", nargs="+", default=["ours", "rasa_init", "tfidf_lr"], help="which of ours, rasa_init, tfidf_lr"
    )
    parser.add_argument("--config", action="append", default=[], metavar="NAME=PATH", help="an extra Rasa config to compare")
    parser.add_argument("--keep", action="store_true", help="keep the working directory (models, logs)")
    parser.add_argument(
        "--workdir", type=Path, help="continue an interrupted --keep run in this directory: finished parses are reused"
    )
    args = parser.parse_args()
    started = time.monotonic()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="nlu-compare-"))
    args.keep = args.keep or bool(args.workdir)
    systems = {}
    for name in args.systems:
        systems[name] = {"ours": ROOT / "config.yml", "rasa_init": None, "tfidf_lr": None}[name]
        if name == "rasa_init":
            systems[name] = rasa_init_config(workdir)
    for item in args.config:
        name, _, path = item.partition("=")
        systems[name] = Path(path).resolve()
    result = {
        "timestamp": now_iso(),
        "commit": git_commit(),
        "machine": machine(),
        "folds": args.folds,
        "systems": run(systems, args.folds, workdir),
    }
    result["wall_s"] = round(time.monotonic() - started)
    if not args.keep:
        subprocess.run(["rm", "-rf", str(workdir)])
    else:
        result["workdir"] = str(workdir)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    append_result("nlu_compare.jsonl", result)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "_parse":
        parse_command(*sys.argv[2:])
    else:
        main()
