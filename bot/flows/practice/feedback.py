"""Feedback on a practice conversation, from the worker's moves (pure; the words are in practice.yml).

`assess()` turns the moves into figures and tips (a plain dict, stored with the session);
`render()` turns that dict into the messages the worker reads.
"""

from typing import List, Optional, Sequence

from bot.content import Instrument, Texts
from bot.content.personas import Persona
from bot.flows.practice.moves import WorkerMove
from bot.understanding.question_form import CLOSED, OPEN

MAX_TIPS = 2
MIN_QUESTIONS_FOR_RATIO = 3
MIN_OPEN_RATIO = 0.5
MIN_TURNS_FOR_REFLECTION_TIP = 5
EXPLORING_ACTS = ("worker_explore", "worker_ask_wish", "worker_ask_strength", "worker_about_professionals", "worker_reflect")


def _first_turn(moves: Sequence[WorkerMove], act: str) -> Optional[int]:
    return next((number for number, move in enumerate(moves, start=1) if move.act == act), None)


def _before(turn: Optional[int], other: Optional[int]) -> bool:
    """`turn` happened, and before `other` (or `other` never happened)."""
    return turn is not None and (other is None or turn < other)


def assess(moves: Sequence[WorkerMove], persona: Persona, instrument: Instrument) -> dict:
    explored = []
    for move in moves:
        if move.act in EXPLORING_ACTS:
            explored += [key for key in move.domains if key not in explored]
    explored = [key for key in instrument.keys if key in explored]
    missed = [key for key in instrument.keys if key not in explored]
    questions = [move for move in moves if move.is_question]
    open_count = sum(1 for move in questions if move.form == OPEN)
    first_wish = _first_turn(moves, "worker_ask_wish")
    first_advice = _first_turn(moves, "worker_advise")
    first_professionals = _first_turn(moves, "worker_about_professionals")
    figures = {
        "persona": persona.key,
        "turns": len(moves),
        "domains": {
            "explored": explored,
            "missed": missed,
            "missed_important": [key for key in persona.important_domains if key in missed],
        },
        "questions": {
            "total": len(questions),
            "open": open_count,
            "closed": sum(1 for move in questions if move.form == CLOSED),
            "open_ratio": round(open_count / len(questions), 2) if questions else None,
        },
        "own_view": {
            "asked_wish": first_wish is not None,
            "asked_strength": _first_turn(moves, "worker_ask_strength") is not None,
            "first_wish_turn": first_wish,
        },
        "advice": {
            "count": sum(1 for move in moves if move.act == "worker_advise"),
            "first_turn": first_advice,
            "before_own_view": _before(first_advice, first_wish),
        },
        "reflections": sum(1 for move in moves if move.act == "worker_reflect"),
        "professionals": {
            "count": sum(1 for move in moves if move.act == "worker_about_professionals"),
            "before_own_view": _before(first_professionals, first_wish),
        },
    }
    figures["tips"] = _tips(figures, persona)
    return figures


def _tips(figures: dict, persona: Persona) -> List[dict]:
    """The most useful tips first, at most MAX_TIPS; each with an example question."""
    domains, questions = figures["domains"], figures["questions"]
    candidates = []
    if not figures["own_view"]["asked_wish"]:
        candidates.append({"key": "ask_wish"})
    if figures["advice"]["before_own_view"]:
        candidates.append({"key": "advice_first"})
    if domains["missed_important"]:
        candidates.append({"key": "missed_important", "domain": domains["missed_important"][0]})
    ratio = questions["open_ratio"]
    if questions["total"] >= MIN_QUESTIONS_FOR_RATIO and ratio is not None and ratio < MIN_OPEN_RATIO:
        candidates.append({"key": "more_open", "domain": (domains["explored"] or list(persona.important_domains))[0]})
    if not figures["own_view"]["asked_strength"]:
        candidates.append({"key": "ask_strength"})
    if figures["professionals"]["before_own_view"] and figures["own_view"]["asked_wish"]:
        candidates.append({"key": "professionals_first"})
    if figures["reflections"] == 0 and figures["turns"] >= MIN_TURNS_FOR_REFLECTION_TIP:
        candidates.append({"key": "reflect"})
    if domains["missed"]:
        candidates.append({"key": "missed_other", "domain": domains["missed"][0]})
    candidates.append({"key": "life_rating"})
    return candidates[:MAX_TIPS]


def render(figures: dict, persona: Persona, instrument: Instrument, texts: Texts) -> List[str]:
    """The feedback as short messages: domains, questions, own view, advice, then the tips."""
    say = texts.say
    name = persona.name
    domains, questions = figures["domains"], figures["questions"]

    def labels(keys):
        return ", ".join(instrument.domain(key).label for key in keys)

    messages = [say("feedback_title", name=name)]
    if domains["explored"]:
        messages.append(
            say(
                "feedback_domains", count=len(domains["explored"]), total=len(instrument.keys), labels=labels(domains["explored"])
            )
        )
    else:
        messages.append(say("feedback_no_domains", total=len(instrument.keys)))
    if domains["missed_important"]:
        messages.append(say("feedback_missed_important", name=name, labels=labels(domains["missed_important"])))
    if questions["total"]:
        percent = round(100 * questions["open_ratio"])
        messages.append(
            say(
                "feedback_questions",
                total=questions["total"],
                open=questions["open"],
                closed=questions["closed"],
                percent=percent,
            )
        )
    else:
        messages.append(say("feedback_no_questions"))
    own_view = figures["own_view"]
    wish = say("feedback_yes" if own_view["asked_wish"] else "feedback_no")
    strength = say("feedback_yes" if own_view["asked_strength"] else "feedback_no")
    messages.append(say("feedback_own_view", name=name, wish=wish, strength=strength))
    if figures["advice"]["count"]:
        key = "feedback_advice_early" if figures["advice"]["before_own_view"] else "feedback_advice_after"
        messages.append(say(key, name=name, count=figures["advice"]["count"]))
    for number, tip in enumerate(figures["tips"], start=1):
        messages.append(_tip_text(number, tip, persona, instrument, texts))
    return messages


def _tip_text(number: int, tip: dict, persona: Persona, instrument: Instrument, texts: Texts) -> str:
    domain = tip.get("domain")
    example = persona.domains[domain].example_question if domain else texts.say(f"tip_{tip['key']}_example")
    label = instrument.domain(domain).label if domain else ""
    advice = texts.say(f"tip_{tip['key']}", name=persona.name, label=label)
    return texts.say("feedback_tip", number=number, advice=advice, example=example)
