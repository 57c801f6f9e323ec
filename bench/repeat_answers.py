"""Answers at a repeat measurement, where each topic's question showed last time's smiley ("Vorige
keer: 🙁 niet zo goed."): read as the board reads them (bot.understanding.change_reader over the
scale reader), against the scale reader alone as if there were no last time. Plain Python, no Rasa.

    .venv/bin/python bench/repeat_answers.py      # tests/heldout/repeat_answers.yml, figures only

The set (domain, last = last time's point, text, expect = 1..5 | skipped, optional also_ok) was
written blind by a helper who saw only the questions and the scale. Outcomes as in
bench/answers_heldout.py: right / wrong (stored without a question), confirm_right /
confirm_wrong (one tap first), asked_again. Appends to bench/results/repeat_answers.jsonl.
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answers_heldout import OUTCOMES, load_answers, outcome, rates  # noqa: E402
from bench.common import append_result, git_commit, machine, now_iso  # noqa: E402

HELD_OUT = ROOT / "tests" / "heldout" / "repeat_answers.yml"


def evaluate(answers: list) -> dict:
    from bot.content.instruments import load_instrument
    from bot.understanding.change_reader import read_against_last_time, read_change
    from bot.understanding.message import UserMessage
    from bot.understanding.scale_reader import read_scale_answer

    scale = load_instrument().scale
    alone: Counter = Counter()
    with_last_time: Counter = Counter()
    read_as_change = 0
    for answer in answers:
        reading = read_scale_answer(UserMessage(answer["text"]), scale)
        alone[outcome(answer, reading)] += 1
        change = read_change(answer["text"])
        compared = read_against_last_time(change, int(answer["last"]), scale, reading) if change else reading
        read_as_change += compared is not reading
        with_last_time[outcome(answer, compared)] += 1
    return {
        "answers": len(answers),
        "read_against_last_time": read_as_change,
        "scale_reader_alone": {"outcomes": {key: alone[key] for key in OUTCOMES}, "rates": rates(alone)},
        "with_last_time": {"outcomes": {key: with_last_time[key] for key in OUTCOMES}, "rates": rates(with_last_time)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=HELD_OUT)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    figures = evaluate(load_answers(args.file))
    result = {
        "benchmark": "repeat_answers",
        "timestamp": now_iso(),
        "git_commit": git_commit(),
        **machine(),
        "set": str(args.file.relative_to(ROOT)) if args.file.is_relative_to(ROOT) else str(args.file),
        **figures,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not args.no_save:
        append_result("repeat_answers.jsonl", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
