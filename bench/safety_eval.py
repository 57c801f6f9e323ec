"""Safety net quality: recall per kind, the right kind first, and false alarms on near misses.

    .venv/bin/python bench/safety_eval.py               # tests/heldout/safety.yml (written blind; measure only)
    .venv/bin/python bench/safety_eval.py --dev         # tests/safety_dev.yml
    .venv/bin/python bench/safety_eval.py --set tests/safety_dev2.yml --list  # any development file, with its errors
    .venv/bin/python bench/safety_eval.py --patterns    # the patterns alone, without the learned layer
    .venv/bin/python bench/safety_eval.py --nlu         # also with the trained model's intent (models/)
    .venv/bin/python bench/safety_eval.py --cv          # grouped cross-validation of the learned layer
    .venv/bin/python bench/safety_eval.py --assemble    # write bot/content/safety_training.yml
    .venv/bin/python bench/safety_eval.py --answers     # alarms and questions on the residents' board answers

Prints one JSON object and appends it to bench/results/safety_eval.jsonl. On the held-out set
only aggregate figures are printed (never a sentence): recall per kind, the kind confusion,
false alarms per topic. `worst_case_intent` assumes Rasa said `safety_concern` with confidence
1.0 on every near miss: the false alarms the intent net could add at most.

The learned layer (bot/understanding/safety_model.py) trains on bot/content/safety_training.yml,
which `--assemble` writes from the development sets (tests/safety_dev.yml, tests/safety_dev2.yml),
the sentences written for it (data/safety/written.yml),
the NLU examples (data/nlu/*.yml: `safety_concern` as danger with the kind the patterns give,
every other intent as everyday talk) and every tests/dev/answers_dev*.yml (everyday, except an answer that
says it goes badly in a domain where that may tell of danger: DANGER_DOMAINS).
Sentences the patterns flag are never taken as everyday. `--cv` trains it five times on 4/5 of
that data, with look-alike sentences kept in the same fold (groups of up to 8 sentences whose
word TF-IDF cosine is 0.45 or more), and scores the fifth: recall and false alarms per source
with the patterns, and the threshold for a false-alarm budget on the near misses.
"""

import argparse
import json
import logging
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import append_result, git_commit, machine, now_iso  # noqa: E402
from bot.understanding.safety import KINDS, SAFETY_INTENT, learned_model, safety_net  # noqa: E402
from bot.understanding.safety_model import TRAINING_FILE, Example, Features, train, write_training  # noqa: E402

HELDOUT = ROOT / "tests" / "heldout" / "safety.yml"
# every blind set (safety.yml, safety_fresh.yml, safety_fresh2.yml ...): measured, never read, never trained on
HELD_OUT_SETS = tuple(sorted(HELDOUT.parent.glob("safety*.yml")))
DEV = ROOT / "tests" / "safety_dev.yml"
# every development set, in the order of its round (safety_dev.yml, safety_dev2.yml, ... safety_dev19.yml; each
# file's first line says what its writers wrote): training data, and a group in --cv
DEV_SETS = tuple(sorted(DEV.parent.glob("safety_dev*.yml"), key=lambda path: int(path.stem.removeprefix("safety_dev") or 1)))
ANSWERS_DEV = tuple(sorted((ROOT / "tests" / "dev").glob("answers_dev*.yml")))  # every development answer set: everyday talk
# answers to the board's other questions (the life rating's why, goals, own step, helper, who is around): everyday talk
OTHER_ANSWERS_DEV = tuple(sorted((ROOT / "tests" / "dev").glob("other_answers_dev*.yml")))
OTHER_ANSWERS_HELD_OUT = tuple(sorted((ROOT / "tests" / "heldout").glob("other_answers*.yml")))
NLU_DIR = ROOT / "data" / "nlu"
WRITTEN = ROOT / "data" / "safety" / "written.yml"  # extra sentences written for the learned layer
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


def evaluate(path: Path, intent_of: Optional[Reader] = None, learned: bool = True) -> Tuple[dict, List[Tuple[str, str, str]]]:
    """The figures, and (expected, got, text) for every sentence it gets wrong."""
    net = safety_net()
    if learned:
        learned_model()  # loaded (or trained) before the clock starts
    danger, near = load_set(path)
    wrong: List[Tuple[str, str, str]] = []
    sources: Counter = Counter()
    timings: List[float] = []

    def judge(text: str) -> Tuple[Optional[str], Optional[str]]:
        intent, confidence = intent_of(text) if intent_of else (None, 0.0)
        started = time.perf_counter()
        kind = net.assess(text, intent, confidence, learned=learned, ask=True)  # "doubt": asked first
        timings.append(time.perf_counter() - started)
        return (str(kind) if kind else None), (kind.source if kind else None)

    per_kind: Dict[str, Counter] = {kind: Counter() for kind in KINDS}
    confusion: Counter = Counter()
    for item in danger:
        got, source = judge(item["text"])
        sources[f"danger by {source or 'none'}"] += 1
        counts = per_kind[item["kind"]]
        counts["n"] += 1
        asked = source == "doubt"
        counts["asked"] += asked
        got = None if asked else got  # an alarm only when the resident says yes: not counted as found
        counts["found"] += got is not None
        counts["right_kind"] += got == item["kind"]
        confusion[f"{item['kind']} -> {got or ('asked' if asked else 'none')}"] += 1
        if got != item["kind"]:
            wrong.append((item["kind"], got or ("asked" if asked else "none"), item["text"]))
    per_topic: Dict[str, Counter] = {}
    worst: Counter = Counter()
    intent_alarms = 0
    for item in near:
        got, source = judge(item["text"])
        counts = per_topic.setdefault(str(item.get("topic") or "other"), Counter())
        counts["n"] += 1
        asked = source == "doubt"
        counts["asked"] += asked
        got = None if asked else got
        counts["alarms"] += got is not None
        intent_alarms += source == "intent"
        sources[f"false alarm by {source}"] += got is not None
        worst["alarms"] += net.assess(item["text"], SAFETY_INTENT, 1.0, learned=learned) is not None
        if got or asked:
            wrong.append(("none", got or "asked", item["text"]))
    found = sum(c["found"] for c in per_kind.values())
    right = sum(c["right_kind"] for c in per_kind.values())
    alarms = sum(c["alarms"] for c in per_topic.values())
    asked_danger = sum(c["asked"] for c in per_kind.values())
    asked_near = sum(c["asked"] for c in per_topic.values())
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
        # the learned layer unsure: "Ben je in gevaar, of denk je aan zelfmoord?" first (learned.ask_above)
        "asked_first_on_danger": asked_danger,
        "recall_within_one_question": round((found + asked_danger) / len(danger), 4) if danger else None,
        "asked_first_on_near_misses": asked_near,
        "question_rate_on_near_misses": round(asked_near / len(near), 4) if near else None,
        "false_alarms_per_topic": {
            t: {"n": c["n"], "alarms": c["alarms"], "rate": round(c["alarms"] / c["n"], 4)} for t, c in sorted(per_topic.items())
        },
        "learned_layer": f"on (threshold {net.learned.threshold}, asks from {net.learned.ask_above})" if learned else "off",
        "found_by": dict(sorted((key, value) for key, value in sources.items() if value)),
        "ms_per_message": {
            "mean": round(1000 * sum(timings) / len(timings), 2) if timings else None,
            "p95": round(1000 * sorted(timings)[int(0.95 * (len(timings) - 1))], 2) if timings else None,
        },
        "intent_net": "model" if intent_of else "off",
        "false_alarms_from_intent": intent_alarms if intent_of else None,
        "worst_case_intent_false_alarm_rate": round(worst["alarms"] / len(near), 4) if near else None,
    }
    return figures, wrong


# --- the learned layer's training data and its cross-validation ------------------------------------
ANNOTATION = re.compile(r"\[([^\]]+)\](\{[^}]*\}|\([^)]*\))")
TRAINING_HEADER = """\
# Training sentences for the learned layer of the safety net (bot/understanding/safety_model.py).
# Written by `.venv/bin/python bench/safety_eval.py --assemble` from tests/safety_dev.yml,
# tests/safety_dev2.yml, tests/safety_dev3.yml to tests/safety_dev5.yml, data/safety/written.yml, data/nlu/*.yml, tests/dev/answers_dev*.yml
# and tests/dev/other_answers_dev*.yml: do not edit it by hand,
# edit those and assemble again (then scripts/setup.sh rebuilds build/safety-model.json).
# danger: per kind; near_misses: everyday look-alikes of the development sets; everyday: other
# everyday messages (NLU examples, answers). Never add the held-out set (tests/heldout/).
"""


def nlu_examples(path: Path) -> List[Tuple[str, str]]:
    import yaml

    found = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        for line in (item.get("examples") or "").splitlines():
            if item.get("intent") and line.strip():
                found.append((item["intent"], ANNOTATION.sub(r"\1", line.strip()[2:])))
    return found


# Domains where an answer that says it goes badly may tell of danger the patterns do not read
# ("Hij had me van iedereen afgesneden"): such answers are not taken as everyday talk.
DANGER_DOMAINS = ("veiligheid", "relaties", "relatie", "kinderen", "psychische_gezondheid", "gevoel", "verslaving", "zingeving")


def may_tell_of_danger(answer: dict) -> bool:
    low = [value for value in [answer.get("expect"), *(answer.get("also_ok") or [])] if isinstance(value, int)]
    return answer.get("domain") in DANGER_DOMAINS and bool(low) and min(low) <= 2


def training_sources(leave_out_held_out: bool = True) -> List[Tuple[str, Example]]:
    """(source, example) from the development files, in order, without duplicates and without any
    sentence that is also in the held-out set (a few short ones are, by chance)."""
    net = safety_net()
    found: List[Tuple[str, Example]] = []
    for path in DEV_SETS:
        danger, near = load_set(path)
        found += [(path.stem, Example(item["text"], item["kind"])) for item in danger]
        found += [(path.stem, Example(item["text"], None, near_miss=True)) for item in near]
    danger, near = load_set(WRITTEN)
    found += [("written", Example(item["text"], item["kind"])) for item in danger]
    found += [("written", Example(item["text"], None, near_miss=True)) for item in near]
    for path in sorted(NLU_DIR.glob("*.yml")):
        for intent, text in nlu_examples(path):
            if intent == SAFETY_INTENT:
                kind = net.assess(text, learned=False)
                if kind:  # tests/unit/test_safety.py: the patterns catch every one
                    found.append(("nlu_safety", Example(text, str(kind))))
            elif not net.assess(text, learned=False):
                found.append((f"nlu_{intent}", Example(text, None)))
    for answers in ANSWERS_DEV:
        for item in _answers(answers):
            text = str(item.get("text") or "")
            if text.strip() and not net.assess(text, learned=False) and not may_tell_of_danger(item):
                found.append(("answers_dev", Example(text, None)))
    for answers in OTHER_ANSWERS_DEV:
        for item in _answers(answers):
            text = str(item.get("text") or "")
            if text.strip() and not net.assess(text, learned=False):
                found.append(("other_answers_dev", Example(text, None)))
    unique: Dict[str, Tuple[str, Example]] = {}
    held_out = held_out_keys() if leave_out_held_out else set()
    for source, example in found:
        key = net.normalise(example.text)
        if key in held_out:
            continue  # the same sentence happens to be in the held-out set: never trained on
        if key and key not in unique:
            unique[key] = (source, example)
        elif key and example.kind and not unique[key][1].kind:
            raise SystemExit(f"the same sentence is danger and everyday: {example.text!r}")
    return list(unique.values())


def held_out_keys() -> set:
    """The normalised held-out sentences, only to keep them out of the training data (never shown)."""
    normalise, keys = safety_net().normalise, set()
    for path in HELD_OUT_SETS:
        danger, near = load_set(path)
        keys |= {normalise(item["text"]) for item in danger + near}
    for path in OTHER_ANSWERS_HELD_OUT:
        keys |= {normalise(str(item.get("text") or "")) for item in _answers(path)}
    return keys


def _answers(path: Path) -> List[dict]:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8")).get("answers") or []


def assemble(target: Path = TRAINING_FILE) -> dict:
    found = training_sources()
    danger: Dict[str, List[str]] = {kind: [] for kind in KINDS}
    near_misses: List[str] = []
    everyday: List[str] = []
    for _, example in found:
        if example.kind:
            danger[example.kind].append(example.text)
        else:
            (near_misses if example.near_miss else everyday).append(example.text)
    write_training(target, danger, near_misses, everyday, TRAINING_HEADER)
    return {
        "left_out_as_in_the_held_out_set": len(
            {safety_net().normalise(e.text) for _, e in training_sources(False)} & held_out_keys()
        ),
        "written": str(target.relative_to(ROOT)),
        "danger": {k: len(v) for k, v in danger.items()},
        "near_misses": len(near_misses),
        "everyday": len(everyday),
        "sources": dict(Counter(s for s, _ in found)),
    }


def look_alike_groups(texts: List[str], threshold: float = 0.45, cap: int = 8) -> List[int]:
    """Groups of similar sentences (word TF-IDF cosine >= threshold, most similar first, at most
    `cap` per group), so a sentence and its twin near miss fall in the same fold."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(token_pattern=r"[a-z]{3,}", stop_words=LIGHT_WORDS, sublinear_tf=True)
    matrix = vectoriser.fit_transform(texts)
    similar = (matrix @ matrix.T).tocoo()
    pairs = sorted(
        ((v, i, j) for v, i, j in zip(similar.data, similar.row, similar.col) if i < j and v >= threshold), reverse=True
    )
    parent, size = list(range(len(texts))), [1] * len(texts)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in pairs:
        a, b = root(i), root(j)
        if a != b and size[a] + size[b] <= cap:
            parent[b], size[a] = a, size[a] + size[b]
    return [root(i) for i in range(len(texts))]


LIGHT_WORDS = re.findall(  # left out when looking for look-alikes
    r"\w+",
    "ik je jij hij zij ze we wij de het een en van in op met aan voor is ben was dat die dit er niet mijn me "
    "mij zijn haar hem om te maar als dan of al nog wel ook naar bij heb heeft had wordt word zo nu wat hoe",
)


def cross_validate(folds: int = 5, seed: int = 0, budgets: Tuple[float, ...] = (0.0025, 0.005, 0.01, 0.02, 0.03)) -> dict:
    """Out-of-fold danger probabilities and kinds for every training sentence; the figures with the
    patterns at the configured threshold, and the thresholds for some false-alarm budgets."""
    import numpy as np
    from sklearn.model_selection import StratifiedGroupKFold

    net = safety_net()
    found = training_sources()
    examples = [example for _, example in found]
    groups_shown = tuple(path.stem for path in DEV_SETS) + ("written",)
    source = np.array([s if s in groups_shown else "other" for s, _ in found])
    danger = np.array([e.kind is not None for e in examples])
    near = np.array([e.near_miss for e in examples])
    normalised = [net.normalise(e.text) for e in examples]
    groups = look_alike_groups(normalised)
    pattern = [net.assess(e.text, learned=False) for e in examples]
    fired = np.array([kind is not None for kind in pattern])
    probability = np.zeros(len(examples))
    kind_of: List[Optional[str]] = [None] * len(examples)
    splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
    for train_rows, test_rows in splitter.split(normalised, danger, groups):
        model = train([examples[i] for i in train_rows], net.normalise, features=Features(net.word_classes))
        for i in test_rows:
            probability[i], kinds = model.read(normalised[i])
            kind_of[i] = net.learned_kind(kinds)

    def figures(threshold: float) -> dict:
        alarm = fired | (probability >= threshold)
        result = {}
        for name in groups_shown:
            mine = source == name
            got = [str(pattern[i] or (kind_of[i] if probability[i] >= threshold else "") or "") for i in range(len(examples))]
            right = [got[i] == examples[i].kind for i in np.flatnonzero(mine & danger)]
            result[name] = {
                "recall": round(float(alarm[mine & danger].mean()), 4),
                "recall_patterns_alone": round(float(fired[mine & danger].mean()), 4),
                "right_kind_rate": round(float(np.mean(right)), 4),
                "false_alarms": int((alarm & mine & near).sum()),
                "false_alarms_patterns": int((fired & mine & near).sum()),
                "near_misses": int((mine & near).sum()),
                "false_alarm_rate": round(float(alarm[mine & near].mean()), 4),
            }
        everyday = ~danger & ~near  # NLU examples of other intents, answers
        result["everyday"] = {"n": int(everyday.sum()), "false_alarms": int(alarm[everyday].sum())}
        return result

    added = np.sort(probability[near & ~fired])[::-1]
    thresholds = {}
    for budget in budgets:
        allowed = int(budget * near.sum())  # near misses the learned layer may add, out of fold
        thresholds[f"{budget:.2%}"] = round(float(added[allowed]) + 1e-4, 4) if allowed < len(added) else 0.0
    # learned.pattern_doubt_below: the pattern alarms (not acute) the learned layer reads as almost no danger
    plain = fired & np.array([str(kind) != "acute" for kind in pattern])
    found_plain = np.sort(probability[danger & plain])
    doubt_below = net.learned.pattern_doubt_below
    pattern_doubt = {
        f"{budget:.2%}": round(float(found_plain[int(budget * len(found_plain))]), 4) for budget in (0.005, 0.01, 0.02)
    }
    kind_right = [str(kind_of[i]) == examples[i].kind for i in np.flatnonzero(danger)]
    return {
        "folds": folds,
        "seed": seed,
        "sentences": len(examples),
        "groups": len(set(groups)),
        "kind_accuracy_out_of_fold": round(float(np.mean(kind_right)), 4),
        "threshold_for_added_near_miss_alarms": thresholds,
        "at_configured_threshold": {"threshold": net.learned.threshold, **figures(net.learned.threshold)},
        "at_budget_thresholds": {budget: {"threshold": t, **figures(t)} for budget, t in thresholds.items()},
        "pattern_doubt_below_for_asked_share_of_found_danger": pattern_doubt,
        "at_configured_pattern_doubt": {
            "below": doubt_below,
            "found_danger_asked_first": int((found_plain < doubt_below).sum()),
            "found_danger": len(found_plain),
            "near_miss_alarms_asked_first": int((probability[near & plain] < doubt_below).sum()),
            "near_miss_alarms": int((near & plain).sum()),
        },
    }


def board_answer_figures() -> dict:
    """Alarms and questions on the answers residents type on the board (tests/dev/answers_dev*.yml,
    training data now; tests/heldout/answers*.yml, written blind), and on their answers to the board's
    other questions (tests/dev/other_answers_dev*.yml, tests/heldout/other_answers*.yml: the life
    rating's why, goals, own step, helper, who is around): no danger set, so every alarm or question
    there is one a resident filling in the board meets, whether it is right or not."""
    net = safety_net()
    learned_model()
    result = {}
    groups = (
        ("development", ANSWERS_DEV),
        ("held_out", sorted(HELDOUT.parent.glob("answers*.yml"))),
        ("other_questions_development", OTHER_ANSWERS_DEV),
        ("other_questions_held_out", OTHER_ANSWERS_HELD_OUT),
    )
    for name, paths in groups:
        counts: Counter = Counter()
        for path in paths:
            for item in _answers(path):
                text = str(item.get("text") or "")
                if not text.strip():
                    continue
                counts["answers"] += 1
                kind = net.assess(text, ask=True)
                counts["questions" if kind is not None and kind.source == "doubt" else "alarms"] += kind is not None
        result[name] = {
            **counts,
            "alarm_rate": round(counts["alarms"] / counts["answers"], 4),
            "question_rate": round(counts["questions"] / counts["answers"], 4),
        }
    return result


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
    parser.add_argument("--set", type=Path, help="measure this development file (danger / near_misses) instead")
    parser.add_argument("--list", action="store_true", help="with --dev or --set: print the sentences it gets wrong")
    parser.add_argument("--nlu", action="store_true", help="also use the trained model's intent (the second net)")
    parser.add_argument("--patterns", action="store_true", help="the patterns alone, without the learned layer")
    parser.add_argument("--cv", action="store_true", help="grouped cross-validation of the learned layer on the training data")
    parser.add_argument("--assemble", action="store_true", help="write bot/content/safety_training.yml from the development data")
    parser.add_argument(
        "--answers", action="store_true", help="alarms and questions on the board answers (development and blind)"
    )
    arguments = parser.parse_args()
    if arguments.answers:
        result = {"benchmark": "safety_on_board_answers", "at": now_iso(), "commit": git_commit(), **board_answer_figures()}
        print(json.dumps(result, ensure_ascii=False, indent=2))
        append_result("safety_eval.jsonl", result)
        return
    if arguments.assemble:
        print(json.dumps(assemble(), ensure_ascii=False, indent=2))
        return
    if arguments.cv:
        started = time.perf_counter()
        result = {
            "benchmark": "safety_eval_cv",
            "at": now_iso(),
            "commit": git_commit(),
            "machine": machine(),
            **cross_validate(),
        }
        result["seconds"] = round(time.perf_counter() - started, 2)
        print(json.dumps(result, ensure_ascii=False, indent=2))
        append_result("safety_eval.jsonl", result)
        return
    path = (arguments.set.resolve() if arguments.set else None) or (DEV if arguments.dev else HELDOUT)
    if path.parent == HELDOUT.resolve().parent and arguments.list:  # tests/heldout/*: written blind, never read
        parser.error("--list shows sentences and is only for development sets; the held-out set is measured, never read")
    started = time.perf_counter()
    figures, wrong = evaluate(path, model_reader() if arguments.nlu else None, learned=not arguments.patterns)
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
