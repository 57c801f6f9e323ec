"""Candidate NLU pipelines side by side, in one run, on the same data and the same folds.

    .venv/bin/python bench/nlu_compare.py --folds 3 --keep            # every system below (~45 min on 2 cores)
    .venv/bin/python bench/nlu_compare.py --systems lr_spacy lr_plain --folds 3
    .venv/bin/python bench/nlu_compare.py --config NAME=PATH          # also a pipeline of your own

Systems (bench.nlu_compare.PIPELINES; every Rasa one ends in the FallbackClassifier):
- `old`: the pipeline before issue 15 (git show 17e9372~1:config.yml): spaCy blank Dutch with lookup
  lemmas, lexical-syntactic and count-vector features, DIET 100 epochs, averaged with the TF-IDF + LR
  second opinion (bot.rasa_nlu.IntentEnsemble, DIET weight 0.3);
- `diet_lean`: the same features, DIET with 30 epochs, no transformer layers, no entities, alone;
- `lr_spacy`: spaCy blank Dutch (lemmas from spacy-lookups-data) + count vectors (words, characters
  2-4) + Rasa's LogisticRegressionClassifier (the interim config.yml);
- `lr_plain`: the same without spaCy (whitespace tokens, no lemmas): what the pretrained lemma tables add;
- `tfidf_lr_rasa`: the TF-IDF + LR second opinion alone, as a Rasa component
  (bot.rasa_nlu.TfidfIntentClassifier), whitespace tokens: config.yml since issue 15;
- `tfidf_lr`: the same classifier in scikit-learn, outside Rasa (no fallback, no RSS);
- `rasa_init`: Rasa 3.6's default pipeline with `language: nl`;
- `moodbot`: the stock moodbot's NLU (`rasa init`'s config.yml and data/nlu.yml), for train time,
  NLU time per message and memory only: its intents are not ours.

Figures per system, each on the same texts:
- commands: tests/heldout/commands.yml (written blind; aggregate figures only) and
  tests/dev/commands_dev.yml, read by bot.understanding.commands.read_command with the system's
  intent, as the board reads them while it waits for an answer (free text) and otherwise;
  chit-chat intents of the dev set (greet, goodbye, ...) as the system's best intent;
- answers: tests/heldout/answers.yml through bot.understanding.scale_reader with the system's intent
  as the second opinion (right / confirmed / asked again / wrong, as bench/answers_heldout.py);
- the old resident held-out intents (tests/nlu/holdout.yml);
- with --folds K: K stratified folds of data/nlu (seed 42), accuracy and macro F1 pooled over the
  folds, and the intents with the lowest F1;
- train seconds (`rasa train nlu` of the all-data model, wall), NLU milliseconds per message (a
  fresh process parses every text once, after one warm-up), and that process's peak RSS.
Rasa systems are trained in subprocesses, two at a time (the machine has 2 cores; train times are
only comparable within one run). JSON on stdout, appended to bench/results/nlu_compare.jsonl.
"""

import argparse
import asyncio
import concurrent.futures
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import append_result, git_commit, machine, now_iso  # noqa: E402

OLD_HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
HELDOUT_COMMANDS = ROOT / "tests" / "heldout" / "commands.yml"
HELDOUT_ANSWERS = ROOT / "tests" / "heldout" / "answers.yml"
DEV_COMMANDS = ROOT / "tests" / "dev" / "commands_dev.yml"
RASA_DEFAULT_CONFIG = "rasa/engine/recipes/config_files/default_config.yml"
MOODBOT_TEMPLATE = "rasa/cli/initial_project"
ENV = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", PYTHONPATH=str(ROOT))
SEED = 42
CHITCHAT = ("greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "insult", "out_of_scope")

SPACY = [{"name": "SpacyNLP", "model": "build/spacy-nl", "case_sensitive": False}, {"name": "SpacyTokenizer"}]
WHITESPACE = [{"name": "WhitespaceTokenizer"}]
COUNTS = [
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 4},
]
FALLBACK = {"name": "FallbackClassifier", "threshold": 0.2, "ambiguity_threshold": 0.02}
PIPELINES: Dict[str, Optional[list]] = {
    "old": SPACY
    + [
        {"name": "LexicalSyntacticFeaturizer"},
        {"name": "CountVectorsFeaturizer"},
        {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
        {"name": "DIETClassifier", "epochs": 100, "constrain_similarities": True, "random_seed": SEED},
        {"name": "bot.rasa_nlu.IntentEnsemble", "diet_weight": 0.3},
        {"name": "FallbackClassifier", "threshold": 0.25, "ambiguity_threshold": 0.05},
    ],
    "diet_lean": SPACY
    + COUNTS
    + [
        {
            "name": "DIETClassifier",
            "epochs": 30,
            "number_of_transformer_layers": 0,
            "entity_recognition": False,
            "constrain_similarities": True,
            "random_seed": SEED,
        },
        FALLBACK,
    ],
    "lr_spacy": SPACY + COUNTS + [{"name": "LogisticRegressionClassifier"}, FALLBACK],
    "lr_plain": WHITESPACE + COUNTS + [{"name": "LogisticRegressionClassifier"}, FALLBACK],
    "tfidf_lr_rasa": WHITESPACE + [{"name": "bot.rasa_nlu.TfidfIntentClassifier"}, FALLBACK],
    "tfidf_lr": None,
    "rasa_init": None,
    "moodbot": None,
}
DEFAULT_SYSTEMS = ["old", "diet_lean", "lr_spacy", "lr_plain", "tfidf_lr_rasa", "tfidf_lr", "moodbot"]


# ---- data --------------------------------------------------------------------------------------


def load_training_data(path: Path):
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(str(path), language="nl")


def write_nlu(examples, path: Path) -> Path:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.training_data import TrainingData

    path.write_text(RasaYAMLWriter().dumps(TrainingData(training_examples=list(examples))), encoding="utf-8")
    return path


def folds(data, count: int):
    from sklearn.model_selection import StratifiedKFold

    examples = data.intent_examples
    labels = [m.get("intent") for m in examples]
    splitter = StratifiedKFold(n_splits=count, shuffle=True, random_state=SEED)
    for train, test in splitter.split(examples, labels):
        yield [examples[i] for i in train], [examples[i] for i in test]


def items(path: Path, key: str) -> List[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))[key] if path.exists() else []


# ---- systems -----------------------------------------------------------------------------------


def write_config(name: str, pipeline: list, directory: Path) -> Path:
    path = directory / f"{name}_config.yml"
    config = {"recipe": "default.v1", "language": "nl", "assistant_id": f"nlu-compare-{name}", "pipeline": pipeline}
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def rasa_package() -> Path:
    import rasa

    return Path(rasa.__file__).parent.parent


def rasa_init_config(directory: Path) -> Path:
    config = yaml.safe_load((rasa_package() / RASA_DEFAULT_CONFIG).read_text())
    config.update(language="nl", assistant_id="nlu-compare-rasa-init")
    path = directory / "rasa_init_config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def train_rasa(config: Path, train_file: Path, workdir: Path, name: str) -> float:
    """`rasa train nlu` into workdir/NAME.tar.gz (kept from an earlier --workdir run); wall seconds."""
    model = workdir / f"{name}.tar.gz"
    seconds_file = workdir / f"{name}.train_seconds"
    if model.exists() and seconds_file.exists():
        return float(seconds_file.read_text())
    started = time.monotonic()
    with (workdir / f"{name}.log").open("w") as output:
        subprocess.run(
            [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config), "--nlu", str(train_file)]
            + ["--out", str(workdir), "--fixed-model-name", name],
            cwd=ROOT,
            env=dict(ENV, RASA_CACHE_DIRECTORY=str(workdir / f"{name}.cache")),
            check=True,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    seconds = time.monotonic() - started
    seconds_file.write_text(str(seconds))
    return seconds


def parse_with_rasa(config: Path, train_file: Path, texts, workdir: Path, name: str) -> dict:
    """Train `config` on `train_file` and parse `texts` in a fresh process: {text: parse, "_meta": ...}."""
    parsed_file = workdir / f"{name}.parsed.json"
    if parsed_file.exists():
        parsed = json.loads(parsed_file.read_text())
        if set(texts) <= parsed.keys():
            return parsed
    train_seconds = train_rasa(config, train_file, workdir, name)
    texts_file = workdir / f"{name}.texts.json"
    texts_file.write_text(json.dumps(sorted(set(texts)), ensure_ascii=False))
    subprocess.run(
        [sys.executable, __file__, "_parse", str(workdir / f"{name}.tar.gz"), str(texts_file), str(parsed_file)],
        cwd=ROOT,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    parsed = json.loads(parsed_file.read_text())
    parsed["_meta"]["train_seconds"] = round(train_seconds, 1)
    parsed_file.write_text(json.dumps(parsed, ensure_ascii=False))
    return parsed


def parse_command(model: str, texts_file: str, parsed_file: str) -> None:
    """In a fresh process: load the model, parse every text once (timed), note the peak RSS."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings

    configure_logging_and_warnings(logging.WARNING)
    agent = Agent.load(model)
    texts = json.loads(Path(texts_file).read_text())

    async def parse_all():
        await agent.parse_message("hallo")  # warm-up
        result, started = {}, time.perf_counter()
        for text in texts:
            parsed = await agent.parse_message(text)
            result[text] = {"intent": parsed.get("intent"), "intent_ranking": parsed.get("intent_ranking") or []}
        return result, time.perf_counter() - started

    result, seconds = asyncio.run(parse_all())
    result["_meta"] = {
        "ms_per_message": round(seconds * 1000 / max(1, len(texts)), 3),
        "parse_process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    Path(parsed_file).write_text(json.dumps(result, ensure_ascii=False))


def parse_with_tfidf(train_examples, texts) -> dict:
    """The second opinion (bot/understanding/second_opinion.py) in scikit-learn, one text at a time."""
    from bot.understanding.second_opinion import probabilities, text_classifier

    started = time.monotonic()
    classifier = text_classifier().fit([m.get("text") for m in train_examples], [m.get("intent") for m in train_examples])
    train_seconds = time.monotonic() - started
    result: dict = {}
    texts = sorted(set(texts))
    started = time.perf_counter()
    for text in texts:
        ranked = sorted(probabilities(classifier, [text])[0].items(), key=lambda item: -item[1])
        ranking = [{"name": name, "confidence": p} for name, p in ranked[:10]]
        result[text] = {"intent": ranking[0], "intent_ranking": ranking}
    result["_meta"] = {
        "ms_per_message": round((time.perf_counter() - started) * 1000 / max(1, len(texts)), 3),
        "train_seconds": round(train_seconds, 1),
        "parse_process_peak_rss_mb": None,
    }
    return result


# ---- figures -----------------------------------------------------------------------------------


def best_intent(parsed: dict) -> str:
    """The best real intent: Rasa's `nlu_fallback` is the dialogue's decision, not a prediction."""
    ranking = [r["name"] for r in parsed.get("intent_ranking") or () if r["name"] != "nlu_fallback"]
    return ranking[0] if ranking else (parsed.get("intent") or {}).get("name") or "none"


def message_of(text: str, parsed: Optional[dict]):
    from bot.understanding.message import UserMessage

    if not parsed:
        return UserMessage(text)
    ranking = tuple(
        (r["name"], float(r["confidence"])) for r in parsed.get("intent_ranking") or () if r["name"] != "nlu_fallback"
    )
    intent, confidence = ranking[0] if ranking else (None, 0.0)
    return UserMessage(text, intent=intent, confidence=confidence, ranking=ranking)


def intent_figures(truth, parsed, show_confusions: bool = True) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    predicted = [best_intent(parsed[text]) for text, _ in truth]
    wanted = [intent for _, intent in truth]
    labels = sorted(set(wanted))
    per_intent = f1_score(wanted, predicted, average=None, labels=labels, zero_division=0)
    figures = {
        "examples": len(truth),
        "accuracy": round(accuracy_score(wanted, predicted), 4),
        "macro_f1": round(f1_score(wanted, predicted, average="macro", labels=labels, zero_division=0), 4),
        "lowest_f1": dict(sorted(((label, round(f, 3)) for label, f in zip(labels, per_intent)), key=lambda x: x[1])[:6]),
    }
    if show_confusions:
        figures["confusions"] = dict(Counter(f"{w} -> {p}" for w, p in zip(wanted, predicted) if w != p).most_common(8))
    return figures


def command_figures(commands: List[dict], parsed: Optional[dict], blind: bool) -> dict:
    """read_command on every item, waiting for free text and not; for a blind set figures only."""
    from bot.understanding.commands import COMMANDS, read_command

    figures: dict = {}
    relevant = [c for c in commands if c["expect"] in COMMANDS or c["expect"] == "none"]
    for free_text in (True, False):
        right = false_command = missed = wrong_command = 0
        for command in relevant:
            got = read_command(message_of(command["text"], parsed.get(command["text"]) if parsed else None), free_text) or "none"
            want = command["expect"]
            right += got == want
            false_command += want == "none" and got != "none"
            missed += want != "none" and got == "none"
            wrong_command += want != "none" and got not in ("none", want)
        figures["while_waiting_for_free_text" if free_text else "otherwise"] = {
            "items": len(relevant),
            "right": right,
            "accuracy": round(right / max(1, len(relevant)), 4),
            "answer_taken_for_a_command": false_command,
            "command_missed": missed,
            "other_command": wrong_command,
        }
    chit = [(c["text"], c["expect"]) for c in commands if c["expect"] in CHITCHAT]
    if chit and parsed:
        figures["chitchat_intents"] = intent_figures(chit, parsed, show_confusions=not blind)
    return figures


def answer_figures(answers: List[dict], parsed: Optional[dict]) -> dict:
    from bench.answers_heldout import evaluate

    figures = evaluate(answers, (lambda text: _triple(message_of(text, parsed.get(text)))) if parsed else None)
    figures.pop("_rows")
    return {key: figures[key] for key in ("answers", "outcomes", "rates")}


def _triple(message):
    return message.intent, message.confidence, message.ranking


# ---- the run -----------------------------------------------------------------------------------


def run(systems: Dict[str, Optional[Path]], fold_count: int, workdir: Path) -> dict:
    data = load_training_data(ROOT / "data" / "nlu")
    old_holdout = [(m.get("text"), m.get("intent")) for m in load_training_data(OLD_HOLDOUT).intent_examples]
    heldout_commands, dev_commands = items(HELDOUT_COMMANDS, "commands"), items(DEV_COMMANDS, "commands")
    heldout_answers = items(HELDOUT_ANSWERS, "answers")
    texts = (
        [t for t, _ in old_holdout] + [c["text"] for c in heldout_commands + dev_commands] + [a["text"] for a in heldout_answers]
    )
    all_train = write_nlu(data.intent_examples, workdir / "all.yml")
    splits = list(folds(data, fold_count)) if fold_count else []
    split_files = [write_nlu(train, workdir / f"fold{i}.yml") for i, (train, _) in enumerate(splits)]

    jobs = {}
    for name, config in systems.items():
        parts = [("heldout", all_train, data.intent_examples, texts)]
        if name == "moodbot":
            template = rasa_package() / MOODBOT_TEMPLATE
            parts = [("heldout", template / "data" / "nlu.yml", None, texts)]
            config = template / "config.yml"
        else:
            for i, (train_file, (train, test)) in enumerate(zip(split_files, splits)):
                parts.append((f"fold{i}", train_file, train, [m.get("text") for m in test]))
        for part, train_file, train_examples, part_texts in parts:
            if config is None:
                jobs[(name, part)] = lambda e=train_examples, t=part_texts: parse_with_tfidf(e, t)
            else:
                jobs[(name, part)] = lambda c=config, f=train_file, t=part_texts, n=f"{name}-{part}": parse_with_rasa(
                    c, f, t, workdir, n
                )

    parsed = {}
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        futures = {pool.submit(jobs[key]): key for key in jobs}
        for future in concurrent.futures.as_completed(futures):
            key = futures[future]
            parsed[key] = future.result()
            print(f"done: {key[0]} {key[1]}", file=sys.stderr, flush=True)

    results = {}
    for name in systems:
        heldout = parsed[(name, "heldout")]
        figures: dict = {"speed_and_memory": heldout["_meta"]}
        if name != "moodbot":
            figures["commands_heldout"] = command_figures(heldout_commands, heldout, blind=True)
            figures["commands_dev"] = command_figures(dev_commands, heldout, blind=False)
            figures["answers_heldout"] = answer_figures(heldout_answers, heldout)
            figures["old_resident_holdout"] = intent_figures(old_holdout, heldout)
        if splits and name != "moodbot":
            pooled_truth, pooled_parsed = [], {}
            for i, (_, test) in enumerate(splits):
                fold_parsed = parsed[(name, f"fold{i}")]
                for message in test:
                    key = f"{i}\x1f{message.get('text')}"
                    pooled_truth.append((key, message.get("intent")))
                    pooled_parsed[key] = fold_parsed[message.get("text")]
            figures["cross_validation"] = dict(intent_figures(pooled_truth, pooled_parsed), folds=fold_count)
        results[name] = figures
    results["_no_nlu"] = {
        "commands_heldout": command_figures(heldout_commands, None, blind=True),
        "answers_heldout": answer_figures(heldout_answers, None),
    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=0, help="also K-fold cross-validation on data/nlu (0 = held-out sets only)")
    parser.add_argument("--systems", nargs="+", default=DEFAULT_SYSTEMS, choices=sorted(PIPELINES))
    parser.add_argument("--config", action="append", default=[], metavar="NAME=PATH", help="an extra Rasa config to compare")
    parser.add_argument("--keep", action="store_true", help="keep the working directory (models, logs)")
    parser.add_argument("--workdir", type=Path, help="continue an interrupted --keep run in this directory")
    args = parser.parse_args()
    started = time.monotonic()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="nlu-compare-"))
    workdir.mkdir(parents=True, exist_ok=True)
    args.keep = args.keep or bool(args.workdir)
    systems: Dict[str, Optional[Path]] = {}
    for name in args.systems:
        pipeline = PIPELINES[name]
        if pipeline is not None:
            systems[name] = write_config(name, pipeline, workdir)
        elif name == "rasa_init":
            systems[name] = rasa_init_config(workdir)
        else:
            systems[name] = None
    for item in args.config:
        name, _, path = item.partition("=")
        systems[name] = Path(path).resolve()
    result = {
        "timestamp": now_iso(),
        "commit": git_commit(),
        "machine": machine(),
        "folds": args.folds,
        "training_examples": len(load_training_data(ROOT / "data" / "nlu").intent_examples),
        "systems": run(systems, args.folds, workdir),
    }
    result["machine_at_end"] = machine()
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
