"""Worker moves through practice mode's reader (bot/flows/practice/moves.py): act, jargon, broad and
domains, per act. Plain Python (rules over Dutch question form and a small classifier trained when
loaded), no Rasa.

    .venv/bin/python bench/worker_moves_eval.py                          # the blind held-out set: figures only
    .venv/bin/python bench/worker_moves_eval.py --set dev --show-errors  # a development set, with its misses
    .venv/bin/python bench/worker_moves_eval.py --set dev2

Sets (same fields: text, act, jargon, domains, broad): `heldout` = tests/heldout/worker_moves.yml
(287 lines written blind: never trained on, never read item by item; this script prints aggregate
figures only for it), `dev` = data/practice/moves_dev.yml and `dev2` = data/practice/moves_dev2.yml
(for tuning and error analysis). The classifier learns from bot/content/practice/moves.yml only.

Figures: per act the share of that act's lines read as that act (`per_act_accuracy`, i.e. recall)
and the share of lines read as the act that were that act (`per_act_precision`); overall act
accuracy; confusions (counts of "labelled -> read" pairs); jargon (accuracy, precision, recall of
"uses jargon"); broad (accuracy); domains (exactly the labelled set); the classifier's training
time (CPU seconds) and the time per line. Appends to bench/results/worker_moves_eval.jsonl.
"""

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import append_result, git_commit, machine, now_iso  # noqa: E402

SETS = {
    "heldout": ROOT / "tests" / "heldout" / "worker_moves.yml",
    "dev": ROOT / "data" / "practice" / "moves_dev.yml",
    "dev2": ROOT / "data" / "practice" / "moves_dev2.yml",
}


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def evaluate(moves: List[dict]) -> Dict[str, object]:
    import sklearn.svm  # noqa: F401  (imported before the timer: the import is not training)

    from bot.content import load_instrument
    from bot.flows.practice.lexicon import ACTS
    from bot.flows.practice.moves import ActClassifier, classifier, move_examples, read_move

    instrument = load_instrument()
    move_examples()
    started = time.process_time()
    ActClassifier(move_examples().acts)  # timed alone: what the first practice turn pays
    train_cpu = time.process_time() - started
    classifier()
    labelled: Counter = Counter()
    read_as: Counter = Counter()
    right: Counter = Counter()
    confusions: Counter = Counter()
    jargon = Counter()
    broad_right = domains_right = 0
    rows = []
    started = time.perf_counter()
    for item in moves:
        move = read_move(item["text"], instrument)
        gold = item["act"]
        labelled[gold] += 1
        read_as[move.act] += 1
        if move.act == gold:
            right[gold] += 1
        else:
            confusions[f"{gold} -> {move.act}"] += 1
        said, wanted = bool(move.jargon), bool(item.get("jargon"))
        jargon["tp" if said and wanted else "fp" if said else "fn" if wanted else "tn"] += 1
        broad_right += move.broad == bool(item.get("broad"))
        domains_right += set(move.domains) == set(item.get("domains") or ())
        rows.append((item, move))
    seconds = time.perf_counter() - started
    n = len(moves)
    per_act = {act: _ratio(right[act], labelled[act]) for act in ACTS if labelled[act]}
    return {
        "lines": n,
        "labelled_per_act": {act: labelled[act] for act in ACTS if labelled[act]},
        "act_accuracy": _ratio(sum(right.values()), n),
        "per_act_accuracy": per_act,
        "per_act_precision": {act: _ratio(right[act], read_as[act]) for act in ACTS if read_as[act]},
        "lowest_act": min(per_act.items(), key=lambda pair: pair[1]) if per_act else None,
        "all_acts_at_least_0_85": all(value >= 0.85 for value in per_act.values()),
        "confusions": dict(confusions.most_common()),
        "jargon": {
            "accuracy": _ratio(jargon["tp"] + jargon["tn"], n),
            "precision": _ratio(jargon["tp"], jargon["tp"] + jargon["fp"]),
            "recall": _ratio(jargon["tp"], jargon["tp"] + jargon["fn"]),
            "labelled": jargon["tp"] + jargon["fn"],
        },
        "broad_accuracy": _ratio(broad_right, n),
        "domains_exact": _ratio(domains_right, n),
        "train_cpu_s": round(train_cpu, 3),
        "ms_per_line": round(seconds * 1000 / (n or 1), 2),
        "_rows": rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=sorted(SETS), default="heldout")
    parser.add_argument("--file", type=Path, help="another file in the same format (not the held-out set)")
    parser.add_argument("--show-errors", action="store_true", help="list the misses (never for the held-out set)")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    path = args.file or SETS[args.set]
    blind = path.resolve() == SETS["heldout"].resolve()
    if blind and args.show_errors:
        parser.error("the held-out set is reported as figures only: use --set dev to see errors")
    moves = yaml.safe_load(path.read_text(encoding="utf-8"))["moves"]
    figures = evaluate(moves)
    rows = figures.pop("_rows")
    result = {
        "benchmark": "worker_moves_eval",
        "timestamp": now_iso(),
        "git_commit": git_commit(),
        **machine(),
        "set": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
        **figures,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.show_errors:
        for item, move in rows:
            problems = []
            if move.act != item["act"]:
                problems.append(f"act {item['act']} read as {move.act} ({move.confidence:.2f})")
            if bool(move.jargon) != bool(item.get("jargon")):
                problems.append(f"jargon {bool(item.get('jargon'))} read {list(move.jargon)}")
            if move.broad != bool(item.get("broad")):
                problems.append(f"broad {bool(item.get('broad'))}")
            if set(move.domains) != set(item.get("domains") or ()):
                problems.append(f"domains {item.get('domains')} read {list(move.domains)}")
            if problems:
                print(f"{'; '.join(problems)} | {item['text']}")
    if not args.no_save:
        append_result("worker_moves_eval.jsonl", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
