"""How well practice mode reads worker moves, on a labelled set (tests/nlu/practice_moves.yml).

`evaluate_moves(parse, moves)` takes any `parse(text) -> Rasa parse result` (a loaded Agent
in the bench and the tests) and scores what practice mode does with it: the act (the best
worker intent in the ranking), the question form, and the domains.
"""

from collections import Counter
from typing import Callable, Iterable, List

from bot.content import Instrument, load_instrument
from bot.flows.practice.moves import WORKER_ACTS, read_move
from bot.understanding.message import UserMessage


def message_from_parse(text: str, parsed: dict) -> UserMessage:
    intent = parsed.get("intent") or {}
    return UserMessage(
        text=text,
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        entities=tuple({"entity": e.get("entity"), "value": e.get("value")} for e in parsed.get("entities") or ()),
        ranking=tuple((r["name"], float(r["confidence"])) for r in parsed.get("intent_ranking") or ()),
    )


def evaluate_moves(parse: Callable[[str], dict], moves: Iterable[dict], instrument: Instrument = None) -> dict:
    instrument = instrument or load_instrument()
    moves = list(moves)
    acts = forms = domains = 0
    confusions: Counter = Counter()
    per_act: Counter = Counter()
    per_act_right: Counter = Counter()
    misses: List[str] = []
    for labelled in moves:
        move = read_move(message_from_parse(labelled["text"], parse(labelled["text"])), instrument)
        per_act[labelled["act"]] += 1
        if move.act == labelled["act"]:
            acts += 1
            per_act_right[labelled["act"]] += 1
        else:
            confusions[f"{labelled['act']} -> {move.act}"] += 1
            misses.append(f"{labelled['text']!r}: {labelled['act']} read as {move.act}")
        forms += move.form == labelled["form"]
        domains += set(move.domains) == set(labelled["domains"])
    n = len(moves) or 1
    return {
        "examples": len(moves),
        "act_accuracy": round(acts / n, 4),
        "act_recall": {act: round(per_act_right[act] / per_act[act], 3) for act in WORKER_ACTS if per_act[act]},
        "form_accuracy": round(forms / n, 4),
        "domain_exact": round(domains / n, 4),
        "confusions": dict(confusions.most_common(8)),
        "misses": misses,
    }
