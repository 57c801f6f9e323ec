"""Free-text answers through the scale reader: how many would be stored right, stored wrong,
confirmed with one tap, or asked again. Plain Python (bot.understanding.scale_reader), no Rasa.

    .venv/bin/python bench/answers_heldout.py                          # the blind held-out set: figures only
    .venv/bin/python bench/answers_heldout.py --set dev --show-errors  # the development set, with its misses
    .venv/bin/python bench/answers_heldout.py --with-nlu models/wat-telt.tar.gz   # + the NLU's second opinion
    .venv/bin/python bench/answers_heldout.py --file F --without-judge  # as before bot/understanding/answer_judge.py

Sets (same format: domain, text, expect = 1..5 | skipped | not_applicable | dont_know, optional
also_ok and story): `heldout` = tests/heldout/answers.yml (written blind; never trained on, never
read item by item: this script prints aggregate figures only for it), `dev` =
tests/dev/answers_dev.yml (for error analysis and tuning), `old` = tests/nlu/scores_holdout.yml
(100 answers written blind to the old word list, scores only; figures only too).

Outcome of one answer, as the board would handle it:
- `right`: stored without a question, and right (a score equal to expect or also_ok; the right
  skipped / not_applicable; dont_know read as dont_know, which is never stored as a score);
- `wrong`: stored without a question, and wrong (a score, skipped or not_applicable that is not
  what the resident meant, or a score where they did not know);
- `confirm_right` / `confirm_wrong`: the reading's confidence is under CONFIRM_BELOW, so the app
  asks "Bedoel je ...?" with one tap; right ones are then stored right, wrong ones are corrected;
- `asked_again`: nothing read (kind none): the question comes back with the buttons.
Stories: answers marked with a story that got one, that got none, and stories where none was marked.
Appends to bench/results/answers_heldout.jsonl.
"""

import argparse
import asyncio
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import append_result, git_commit, machine, now_iso  # noqa: E402

SETS = {
    "heldout": ROOT / "tests" / "heldout" / "answers.yml",
    "dev": ROOT / "tests" / "dev" / "answers_dev.yml",
    "old": ROOT / "tests" / "nlu" / "scores_holdout.yml",  # 100 answers written blind to the old word list (score only)
}
BLIND = ("heldout", "old")
OUTCOMES = ("right", "confirm_right", "confirm_wrong", "asked_again", "wrong")


def load_answers(path: Path) -> List[dict]:
    """The answers of a set, each with `expect` (the older set names it `score`)."""
    answers = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
    return [dict(answer, expect=answer.get("expect", answer.get("score"))) for answer in answers]


def expected_values(answer: dict) -> List[object]:
    also = answer.get("also_ok")
    also_list = also if isinstance(also, list) else ([] if also is None else [also])
    return [answer["expect"], *also_list]


def is_right(answer: dict, reading) -> bool:
    """Whether the reading says what the writer meant (the score expected or also ok, or the kind)."""
    return (reading.value if reading.kind == "score" else reading.kind) in expected_values(answer)


def outcome(answer: dict, reading) -> str:
    from bot.understanding.scale_reader import CONFIRM_BELOW

    if reading.kind == "none":
        return "asked_again"
    right = is_right(answer, reading)
    if reading.confidence < CONFIRM_BELOW:
        return "confirm_right" if right else "confirm_wrong"
    if reading.kind == "dont_know" and not right:
        return "asked_again"  # not knowing is never stored: the question is explained again
    return "right" if right else "wrong"


def nlu_parser(model: Optional[str]):
    """text -> (intent, confidence, ranking) from a trained Rasa model, or None without one."""
    if not model:
        return None
    from rasa.core.agent import Agent

    from bot.replay.runner import quiet_rasa

    quiet_rasa()
    agent = Agent.load(model)

    def parse(text: str):
        parsed = asyncio.run(agent.parse_message(text))
        ranking = tuple((r["name"], float(r["confidence"])) for r in parsed.get("intent_ranking") or ())
        intent = parsed.get("intent") or {}
        return intent.get("name"), float(intent.get("confidence") or 0.0), ranking

    return parse


def rates(counts: Counter) -> Dict[str, float]:
    """The outcomes' shares of all answers counted."""
    n = sum(counts.values()) or 1
    return {
        "stored_right_without_question": round(counts["right"] / n, 4),
        "right_after_at_most_one_tap": round((counts["right"] + counts["confirm_right"]) / n, 4),
        "stored_wrong": round(counts["wrong"] / n, 4),
        "confirmed": round((counts["confirm_right"] + counts["confirm_wrong"]) / n, 4),
        "asked_again": round(counts["asked_again"] / n, 4),
    }


def evaluate(answers: List[dict], parse=None) -> Dict[str, object]:
    from bot.content.instruments import load_instrument
    from bot.understanding.message import UserMessage
    from bot.understanding.scale_reader import read_scale_answer

    scale = load_instrument().scale
    counts: Counter = Counter()
    by_expect: Dict[str, Counter] = defaultdict(Counter)
    stories: Counter = Counter()
    by_basis: Dict[str, Counter] = defaultdict(Counter)
    rows = []
    started = time.perf_counter()
    for answer in answers:
        intent, confidence, ranking = parse(answer["text"]) if parse else (None, 0.0, ())
        message = UserMessage(answer["text"], intent=intent, confidence=confidence, ranking=ranking)
        reading = read_scale_answer(message, scale)
        result = outcome(answer, reading)
        counts[result] += 1
        by_expect[str(answer["expect"])][result] += 1
        by_basis[reading.basis or reading.kind][result] += 1
        wanted_story = bool(answer.get("story"))
        stories[
            ("story_found" if reading.story else "story_missing")
            if wanted_story
            else ("story_extra" if reading.story else "no_story")
        ] += 1
        rows.append((answer, reading, result))
    seconds = time.perf_counter() - started
    n = len(answers) or 1
    return {
        "answers": len(answers),
        "outcomes": {key: counts[key] for key in OUTCOMES},
        "rates": rates(counts),
        "by_expect": {key: dict(sorted(value.items())) for key, value in sorted(by_expect.items())},
        "by_basis": {key: dict(sorted(value.items())) for key, value in sorted(by_basis.items())},
        "stories": dict(stories),
        "ms_per_answer": round(seconds * 1000 / n, 3),
        "_rows": rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=sorted(SETS), default="heldout")
    parser.add_argument("--file", type=Path, help="another answers file in the same format (not the held-out set)")
    parser.add_argument("--show-errors", action="store_true", help="list what was not right (never for the held-out set)")
    parser.add_argument("--with-nlu", metavar="MODEL", help="a trained Rasa model for the NLU's second opinion")
    parser.add_argument("--without-judge", action="store_true", help="the reader without its answer judge, to compare")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    if args.without_judge:
        import bot.understanding.answer_judge as answer_judge

        answer_judge.judged = lambda words, reading, *rest, **named: reading  # the reading as the reader gave it
    path = args.file or SETS[args.set]
    blind = any(path.resolve() == SETS[name].resolve() for name in BLIND) or "heldout" in path.resolve().parts
    if blind and args.show_errors:
        parser.error("the held-out sets are reported as figures only: use --set dev to see errors")
    answers = load_answers(path)
    figures = evaluate(answers, nlu_parser(args.with_nlu))
    rows = figures.pop("_rows")
    result = {
        "benchmark": "answers_heldout",
        "timestamp": now_iso(),
        "git_commit": git_commit(),
        **machine(),
        "set": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
        "with_nlu": args.with_nlu,
        "answer_judge": not args.without_judge,
        **figures,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.show_errors:
        for answer, reading, result_kind in rows:
            story_wanted = bool(answer.get("story"))
            if result_kind != "right" or story_wanted != bool(reading.story):
                print(
                    f"{result_kind:14} want {answer['expect']!s:15} got {reading.kind}:{reading.value} "
                    f"({reading.confidence:.2f}) story={reading.story!r} want_story={story_wanted} | {answer['text']}"
                )
    if not args.no_save:
        append_result("answers_heldout.jsonl", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
