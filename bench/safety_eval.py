"""Safety net quality: recall per kind, the right kind first, and false alarms on near misses.

    .venv/bin/python bench/safety_eval.py               # tests/heldout/safety.yml (written blind; measure only)
    .venv/bin/python bench/safety_eval.py --dev         # tests/safety_dev.yml (tune on this one)
    .venv/bin/python bench/safety_eval.py --dev --list  # also print the dev sentences it gets wrong
    .venv/bin/python bench/safety_eval.py --nlu         # also with the trained model's intent (models/)

Prints one JSON object and appends it to bench/results/safety_eval.jsonl. On the held-out set
only aggregate figures are printed (never a sentence): recall per kind, the kind confusion,
false alarms per topic. `worst_case_intent` assumes Rasa said `safety_concern` with confidence
1.0 on every near miss: the false alarms the intent net could add at most.
"""

import argparse
import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import append_result, git_commit, machine, now_iso  # noqa: E402
from bot.understanding.safety import KINDS, SAFETY_INTENT, safety_net  # noqa: E402

HELDOUT = ROOT / "tests" / "heldout" / "safety.yml"
DEV = ROOT / "tests" / "safety_dev.yml"
MODEL = ROOT / "models" / "wat-telt.tar.gz"
Reader = Callable[[str], Tuple[Optional[str], float]]


def load_set(path: Path) -> Tuple[List[dict], List[dict]]:
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    danger, near = raw.get("danger") or [], raw.get("near_misses") or []
    for item in danger:
        if item.get("kind") not in KINDS or not str(item.get("text") or "").strip():
            raise SystemExit(f"{path}: every danger item needs a text and a kind in {KINDS}")
    return danger, near


def evaluate(path: Path, intent_of: Optional[Reader] = None) -> Tuple[dict, List[Tuple[str, str, str]]]:
    """The figures, and (expected, got, text) for every sentence it gets wrong."""
    net = safety_net()
    danger, near = load_set(path)
    wrong: List[Tuple[str, str, str]] = []

    def judge(text: str) -> Tuple[Optional[str], Optional[str]]:
        intent, confidence = intent_of(text) if intent_of else (None, 0.0)
        kind = net.assess(text, intent, confidence)
        return (str(kind) if kind else None), (kind.source if kind else None)

    per_kind: Dict[str, Counter] = {kind: Counter() for kind in KINDS}
    confusion: Counter = Counter()
    for item in danger:
        got, _ = judge(item["text"])
        counts = per_kind[item["kind"]]
        counts["n"] += 1
        counts["found"] += got is not None
        counts["right_kind"] += got == item["kind"]
        confusion[f"{item['kind']} -> {got or 'none'}"] += 1
        if got != item["kind"]:
            wrong.append((item["kind"], got or "none", item["text"]))
    per_topic: Dict[str, Counter] = {}
    worst: Counter = Counter()
    intent_alarms = 0
    for item in near:
        got, source = judge(item["text"])
        counts = per_topic.setdefault(str(item.get("topic") or "other"), Counter())
        counts["n"] += 1
        counts["alarms"] += got is not None
        intent_alarms += source == "intent"
        worst["alarms"] += net.assess(item["text"], SAFETY_INTENT, 1.0) is not None
        if got:
            wrong.append(("none", got, item["text"]))
    found = sum(c["found"] for c in per_kind.values())
    right = sum(c["right_kind"] for c in per_kind.values())
    alarms = sum(c["alarms"] for c in per_topic.values())
    figures = {
        "set": str(path.relative_to(ROOT)),
        "danger": len(danger),
        "near_misses": len(near),
        "recall": round(found / len(danger), 4) if danger else None,
        "recall_per_kind": {
            k: {"n": c["n"], "recall": round(c["found"] / c["n"], 4) if c["n"] else None} for k, c in per_kind.items()
        },
        "missed": len(danger) - found,
        "right_kind_rate": round(right / len(danger), 4) if danger else None,
        "right_kind_per_kind": {k: round(c["right_kind"] / c["n"], 4) if c["n"] else None for k, c in per_kind.items()},
        "kind_confusion": dict(sorted(confusion.items())),
        "false_alarm_rate": round(alarms / len(near), 4) if near else None,
        "false_alarms": alarms,
        "false_alarms_per_topic": {
            t: {"n": c["n"], "alarms": c["alarms"], "rate": round(c["alarms"] / c["n"], 4)} for t, c in sorted(per_topic.items())
        },
        "intent_net": "model" if intent_of else "off",
        "false_alarms_from_intent": intent_alarms if intent_of else None,
        "worst_case_intent_false_alarm_rate": round(worst["alarms"] / len(near), 4) if near else None,
    }
    return figures, wrong


def model_reader() -> Reader:
    """The trained model's best intent and its confidence (Rasa loads in some seconds)."""
    import asyncio
    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # Rasa's debug lines would print every message text
    logging.getLogger().setLevel(logging.WARNING)

    agent = Agent.load(str(MODEL))
    loop = asyncio.new_event_loop()

    def read(text: str) -> Tuple[Optional[str], float]:
        parsed = loop.run_until_complete(agent.parse_message(text))
        intent = parsed.get("intent") or {}
        return intent.get("name"), float(intent.get("confidence") or 0.0)

    return read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", action="store_true", help="measure tests/safety_dev.yml instead of the held-out set")
    parser.add_argument("--list", action="store_true", help="with --dev: print the sentences it gets wrong")
    parser.add_argument("--nlu", action="store_true", help="also use the trained model's intent (the second net)")
    arguments = parser.parse_args()
    if arguments.list and not arguments.dev:
        parser.error("--list shows sentences and is only for the dev set; the held-out set is measured, never read")
    started = time.perf_counter()
    figures, wrong = evaluate(DEV if arguments.dev else HELDOUT, model_reader() if arguments.nlu else None)
    result = {
        "benchmark": "safety_eval",
        "at": now_iso(),
        "commit": git_commit(),
        "machine": machine(),
        **figures,
        "seconds": round(time.perf_counter() - started, 2),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    append_result("safety_eval.jsonl", result)
    if arguments.list:
        for expected, got, text in wrong:
            print(f"{expected:>15} -> {got:<15} {text}", file=sys.stderr)


if __name__ == "__main__":
    main()
