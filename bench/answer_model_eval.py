"""The scale reader's learned second opinion (bot/understanding/answer_model.py): assemble its
training data, choose its settings by cross-validation, and show what it changes.

    .venv/bin/python bench/answer_model_eval.py --assemble        # tests/dev/answers_dev*.yml -> bot/content/answer_training.yml
    .venv/bin/python bench/answer_model_eval.py                   # leave-one-writer-out: each development set in turn
    .venv/bin/python bench/answer_model_eval.py --grid            # the same over a grid of thresholds and C

Leave-one-writer-out: every development set was written by another helper, so the model is trained
on the other sets and judged on the one left out, as on answers nobody has seen. The word lists
were tuned on the development sets, so the words alone score better on them than on blind sets:
the thresholds are chosen for the fewest answers stored wrong first, then the most stored right.
The held-out sets (tests/heldout/) are never read here: bench/answers_heldout.py reports them.
Appends to bench/results/answer_model_eval.jsonl.
"""

import argparse
import itertools
import json
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Dict, List, NamedTuple, Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answers_heldout import OUTCOMES, load_answers, outcome, rates  # noqa: E402
from bench.common import append_result, git_commit, machine, now_iso  # noqa: E402
from bot.understanding.answer_model import LABELS, TRAINING_FILE, Example, train, write_training  # noqa: E402

DEV_SETS = tuple(sorted((ROOT / "tests" / "dev").glob("answers_dev*.yml")))
# every blind answer set (answers.yml, answers_fresh*.yml) and the older one: never trained on
BLIND_SETS = (*sorted((ROOT / "tests" / "heldout").glob("answers*.yml")), ROOT / "tests" / "nlu" / "scores_holdout.yml")
NO_ANSWER_INTENTS = (  # data/nlu intents whose examples are no answer to "how does it go with ...?": label "other"
    "out_of_scope",
    "greet",
    "goodbye",
    "thank",
    "bot_challenge",
    "ask_help",
    "ask_person",
    "ask_progress",
    "who_viewed",
    "share_board",
    "stop_sharing",
    "stop_messages",
    "start_again",
    "resume",
    "forget_me",
    "compare",
    "insult",
    "go_back",
)
HEADER = (
    "# Training data of the scale reader's learned second opinion (bot/understanding/answer_model.py).\n"
    "# Assembled by `bench/answer_model_eval.py --assemble` from the development answers\n"
    '# (tests/dev/answers_dev*.yml, written blind by helpers) and NLU examples that are no answer ("other"), without any answer that a held-out set also\n'
    '# holds ("gaat wel", "geen idee": written by both), so the held-out figures stay blind. Do not edit by hand.\n'
)


def examples_of(path: Path) -> List[Example]:
    found = []
    for answer in load_answers(path):
        label = str(answer["expect"])
        if label in LABELS:
            found.append(Example(answer["text"], label))
    return found


def no_answers() -> List[Example]:
    """The examples of data/nlu for the intents that are no answer, as "other"."""
    found = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if block.get("intent") in NO_ANSWER_INTENTS:
                found += [Example(line[2:].strip(), "other") for line in block["examples"].splitlines() if line.startswith("- ")]
    return found


@cache
def held_out_texts() -> frozenset:
    from bot.understanding.text import normalise

    return frozenset(normalise(answer["text"]) for path in BLIND_SETS for answer in load_answers(path))


def without_held_out(examples: List[Example]) -> List[Example]:
    """The examples whose answer no held-out set holds word for word (after normalising)."""
    from bot.understanding.text import normalise

    held_out = held_out_texts()
    return [example for example in examples if normalise(example.text) not in held_out]


def assemble() -> Dict[str, object]:
    examples = [example for path in DEV_SETS for example in examples_of(path)] + no_answers()
    kept = without_held_out(examples)
    write_training(TRAINING_FILE, kept, HEADER)
    return {
        "written": str(TRAINING_FILE.relative_to(ROOT)),
        "answers": len(kept),
        "left_out_as_in_a_held_out_set": len(examples) - len(kept),
    }


class Fold(NamedTuple):
    """One development set held out: its answers, the words' readings, the answers' word counts,
    and the model's probabilities when trained on the other sets."""

    held: Path
    answers: List[dict]
    readings: list
    word_counts: List[int]
    probabilities: List[Dict[str, float]]


def cross_validated(c: float) -> List[Fold]:
    """Per development set, trained without it (and without the answers a held-out set holds, as in
    the training data); everything a grid of thresholds reads again is computed here once."""
    from bot.content.instruments import load_instrument
    from bot.understanding.message import UserMessage
    from bot.understanding.scale_reader import read_by_words
    from bot.understanding.text import tokens

    scale = load_instrument().scale
    trainable = {path: without_held_out(examples_of(path)) for path in DEV_SETS}
    always = without_held_out(no_answers())
    folds = []
    for held in DEV_SETS:
        model = train([example for path in DEV_SETS if path != held for example in trainable[path]] + always, c=c)
        answers = load_answers(held)
        folds.append(
            Fold(
                held,
                answers,
                [read_by_words(UserMessage(answer["text"]), scale) for answer in answers],
                [len(tokens(answer["text"])) for answer in answers],
                [model.probabilities(answer["text"]) for answer in answers],
            )
        )
    return folds


def figures(folds: Sequence[Fold], thresholds) -> Dict[str, object]:
    from bot.understanding.scale_reader import with_learned_opinion

    per_set, total = {}, Counter()
    for fold in folds:
        counts: Counter = Counter()
        for answer, reading, words, probs in zip(fold.answers, fold.readings, fold.word_counts, fold.probabilities):
            combined = reading if thresholds is None else with_learned_opinion(reading, probs, thresholds, word_count=words)
            counts[outcome(answer, combined)] += 1
        per_set[fold.held.name] = shares(counts)
        total += counts
    return {"all": shares(total), "per_set": per_set}


def shares(counts: Counter) -> Dict[str, float]:
    """bench/answers_heldout.py's rates, with the counts beside them."""
    return {**rates(counts), **{"n_" + key: counts[key] for key in OUTCOMES}}


def model_accuracy(folds: Sequence[Fold]) -> float:
    hits = sum(
        max(probs, key=probs.get) in [str(value) for value in [answer["expect"], *(answer.get("also_ok") or [])]]
        for fold in folds
        for answer, probs in zip(fold.answers, fold.probabilities)
    )
    return round(hits / sum(len(fold.answers) for fold in folds), 4)


def main() -> int:
    from bot.understanding.answer_model import C
    from bot.understanding.scale_reader import LEARNED, LearnedThresholds

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assemble", action="store_true", help="write bot/content/answer_training.yml and stop")
    parser.add_argument("--grid", action="store_true", help="a grid of thresholds and C instead of the chosen ones")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    if args.assemble:
        print(json.dumps(assemble()))
        return 0
    result: Dict[str, object] = {
        "benchmark": "answer_model_eval",
        "timestamp": now_iso(),
        "git_commit": git_commit(),
        **machine(),
        "sets": [path.name for path in DEV_SETS],
    }
    if args.grid:
        rows = []
        for c in (8.0, 32.0):
            folds = cross_validated(c)
            rows.append({"C": c, "model_accuracy": model_accuracy(folds), "words_alone": figures(folds, None)["all"]})
            for propose, store, agree in itertools.product(
                (0.2, 0.3, 0.4), (0.9, 0.95, 0.97, 1.01), (0.9, 0.93, 0.95, 0.97, 1.01)
            ):
                combined = figures(folds, LearnedThresholds(propose, store, agree))
                rows.append(
                    {
                        "C": c,
                        "propose": propose,
                        "store": store,
                        "agree": agree,
                        **combined["all"],
                        "per_set": combined["per_set"],
                    }
                )
        result["grid"] = rows
        for row in sorted(
            (row for row in rows if "propose" in row),
            key=lambda row: (row["stored_wrong"], -row["stored_right_without_question"]),
        )[:15]:
            print(json.dumps({key: value for key, value in row.items() if key != "per_set"}))
    else:
        folds = cross_validated(C)
        result.update(
            C=C,
            thresholds=LEARNED.__dict__,
            model_accuracy=model_accuracy(folds),
            words_alone=figures(folds, None),
            with_learned_opinion=figures(folds, LEARNED),
        )
        print(json.dumps(result, ensure_ascii=False, indent=2))
    if not args.no_save:
        append_result("answer_model_eval.jsonl", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
