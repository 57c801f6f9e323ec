"""Feedback as a trainer would give it, from the turns of a practice conversation (pure; the words
are in bot/content/texts/practice.yml).

`assess()` turns the turns into figures (a plain dict, stored with the session): scores per
learning goal, the worker's strongest and weakest lines verbatim (each weak one with a better
wording), the persona's voice on two or three key moments, levensbreed coverage with credit for a
broad question, eigen regie (wish, strengths, who decides, conflicting assignments), the closing
(a summary and an agreement), and what the persona's traits ask for (checking understanding,
plain language, signals of danger, two voices, the naaste herself).
`render()` turns the figures into the messages the worker reads.
"""

import re
from typing import Dict, List, Optional, Sequence, Tuple

from bot.content import Instrument, Texts
from bot.content.personas import Persona
from bot.flows.practice.judge import content_echo
from bot.flows.practice.lexicon import jargon
from bot.flows.practice.moves import WorkerMove, real_questions
from bot.flows.practice.roleplay import signal_texts
from bot.flows.practice.state import PracticeState

GOALS = ("luisteren", "doorvragen", "levensbreed", "eigen_regie", "aansluiten", "afronden", "veiligheid")
MAX_STRONG = 2
MAX_WEAK = 3
MAX_MOMENTS = 3
CLOSING_WINDOW = 4  # the last turns in which a summary counts as part of the closing
QUOTE_MAX = 160
STRENGTHS = {  # why -> weight
    "opened": 6,
    "understanding": 5,
    "signal": 5,
    "summary": 5,
    "heard": 5,
    "confidentiality": 4,
    "wish": 4,
    "broad": 4,
    "strength": 3,
    "feeling": 3,
    "reflection": 3,
    "open": 1,
}
WEAKNESSES = {
    "judgement": 6,
    "advice_early": 5,
    "secrecy": 5,
    "confidentiality": 5,
    "wrong": 4,
    "advice": 3,
    "ignored": 3,
    "leading": 3,
    "jargon": 3,
    "too_long": 3,
    "double": 2,
    "closed": 1,
}


def _quote(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1].rstrip() + "…"


def _in_sentence(text: str) -> str:
    """A quote inside a sentence of the persona's voice keeps no full stop of its own ("Ik zei '... avond'.")."""
    return _quote(text).rstrip(".")


def _move(turn: dict) -> WorkerMove:
    return WorkerMove.from_dict(turn.get("move") or {})


def _events(turn: dict) -> List[str]:
    return list(turn.get("events") or ())


def _has(turn: dict, prefix: str) -> bool:
    return any(event == prefix or event.startswith(prefix + ":") for event in _events(turn))


# --- figures -------------------------------------------------------------------------------------------
def assess(persona: Persona, state: PracticeState, instrument: Instrument, texts: Texts) -> dict:
    turns = state.turns
    moves = [_move(turn) for turn in turns]
    explored = _explored(persona, state, instrument)
    important_missed = [key for key in persona.important_domains if key not in explored]
    broad_turns = [i for i, move in enumerate(moves) if move.broad]
    broad_opened = [e.split(":", 1)[1] for turn in turns for e in _events(turn) if e.startswith("broad_opened:")]
    initiative_domains = {initiative.key: initiative.domain for initiative in persona.initiatives}
    raised = [initiative_domains.get(e.split(":", 1)[1]) for turn in turns for e in _events(turn) if e.startswith("initiative:")]
    first_wish = next((i for i, turn in enumerate(turns) if _has(turn, "wish")), None)
    advice_turns = [i for i, move in enumerate(moves) if move.act == "advice"]
    summaries = [
        i
        for i, turn in enumerate(turns)
        if turn.get("verdict") in ("good", "thin") or (moves[i].act == "summary" and turn.get("verdict") != "partial")
    ]
    last = len(turns) - 1
    closing = {
        "summary": any(i >= last - CLOSING_WINDOW + 1 for i in summaries),
        "agreement": any(
            _has(turn, "closing_agreement") or moves[i].aims_at("agreement") and moves[i].act == "closing"
            for i, turn in enumerate(turns)
        ),
        "closing": any(move.act == "closing" for move in moves),
    }
    conflict = persona.regie.conflict
    conflict_turn = next((i for i, turn in enumerate(turns) if _has(turn, "conflict_told")), None)
    own_view_after = conflict_turn is not None and any(
        moves[i].aims_at("wish") or _has(turns[i], "conflict_feeling") or _has(turns[i], "conflict_reflected")
        for i in range(conflict_turn + 1, len(turns))
    )
    signals = _signals(persona, turns)
    figures = {
        "persona": persona.key,
        "turns": len(turns),
        "trust": _trust(persona, turns),
        "questions": {
            act: sum(1 for m in moves if m.act == act)
            for act in ("open_question", "closed_question", "double_question", "leading_question")
        },
        "reflections": {
            "right": sum(1 for t in turns if t.get("verdict") in ("right", "right_feeling")),
            "feeling": sum(1 for t in turns if t.get("verdict") == "right_feeling"),
            "wrong": sum(1 for t in turns if t.get("verdict") in ("wrong", "partial")),
            "summaries_good": sum(1 for t in turns if t.get("verdict") == "good"),
        },
        "domains": {
            "explored": explored,
            "important_missed": important_missed,
            "broad_turns": broad_turns,
            "broad_opened": broad_opened,
            "raised_by_persona": [key for key in raised if key],
        },
        "regie": {
            "asked_wish": state.asked_wish,
            "asked_strength": state.asked_strength,
            "asked_who_decides": state.regie_told,
            "advice": len(advice_turns),
            "advice_before_wish": bool(advice_turns) and (first_wish is None or advice_turns[0] < first_wish),
            "conflict": None
            if conflict is None
            else {"parties": list(conflict.parties), "found": conflict_turn is not None, "own_view_after": own_view_after},
        },
        "closing": closing,
        "layers": {
            "opened": list(state.opened),
            "closed": [layer.key for layer in persona.layers if layer.key not in state.opened],
        },
        "language": {
            "jargon": sorted({term for move in moves for term in move.jargon}),
            "agreed_fast": sum(1 for t in turns if _has(t, "agreed_fast")),
            "confused": sum(1 for t in turns if _has(t, "confused") or _has(t, "too_long")),
            "checks": sum(1 for t in turns if _has(t, "checked_understanding")),
            "revealed": sum(1 for t in turns if _has(t, "revealed_misunderstanding")),
            "unresolved": len(state.misunderstood),
        },
        "signals": signals,
        "confidentiality": state.confidentiality,
        "voices": {"addressed": dict(state.voices_addressed), "spoke": dict(state.voices_spoke)},
        "naaste": {
            "about_other": sum(1 for t in turns if _has(t, "about_other")),
            "about_self": sum(1 for t in turns if _has(t, "about_self")),
        },
        "asked_rating": any(move.aims_at("rating") for move in moves),
    }
    figures["strongest"] = _strongest(persona, turns, moves)
    figures["weakest"] = _weakest(persona, turns, moves, first_wish, texts)
    figures["moments"] = _moments(persona, turns, state)
    figures["goals"] = _scores(persona, figures, state)
    return figures


def _explored(persona: Persona, state: PracticeState, instrument: Instrument) -> List[str]:
    """Domains the conversation reached: what the persona told about, in the instrument's order."""
    reached = {key for key in state.told if state.told_in(key)} | set(state.feelings_told)
    reached |= {layer.domain for layer in persona.layers if layer.key in state.opened and layer.domain}
    for turn in state.turns:
        move = _move(turn)
        if move.is_question:
            reached.update(key for key in move.domains if key in instrument.keys)
    return [key for key in instrument.keys if key in reached]


def _trust(persona: Persona, turns: Sequence[dict]) -> dict:
    values = [int(turn.get("trust", 0)) for turn in turns]
    start = persona.trust.start
    return {
        "start": start,
        "end": values[-1] if values else start,
        "lowest": min(values + [start]),
        "highest": max(values + [start]),
        "by_turn": values,
    }


def _signals(persona: Persona, turns: Sequence[dict]) -> dict:
    shown = []
    for number, turn in enumerate(turns):
        for domain, fact in signal_texts(persona, _events(turn)):
            later = turns[number + 1 : number + 4]
            followed = any(
                _has(t, "signal_followed") or _has(t, "asked_safety") or content_echo(t.get("text", ""), fact) for t in later
            )
            shown.append({"turn": number, "domain": domain, "text": fact, "followed": followed})
    return {
        "shown": shown,
        "followed": sum(1 for signal in shown if signal["followed"]),
        "asked_safety": any(_has(t, "asked_safety") for t in turns),
    }


# --- lines ----------------------------------------------------------------------------------------------
def _strongest(persona: Persona, turns: Sequence[dict], moves: Sequence[WorkerMove]) -> List[dict]:
    scored = []
    for number, (turn, move) in enumerate(zip(turns, moves)):
        reasons = []
        if any(e.startswith("opened:") for e in _events(turn)) and not _has(turn, "confidentiality"):
            reasons.append("opened")
        if _has(turn, "revealed_misunderstanding") or _has(turn, "checked_understanding"):
            reasons.append("understanding")
        if _has(turn, "signal_followed") or (_has(turn, "asked_safety") and persona.has("danger")):
            reasons.append("signal")
        if turn.get("verdict") == "good":
            reasons.append("summary")
        if turn.get("verdict") == "right_feeling":
            reasons.append("heard")
        if _has(turn, "confidentiality") and turn_confidentiality(turn) == "good":
            reasons.append("confidentiality")
        if _has(turn, "wish"):
            reasons.append("wish")
        if move.broad and move.is_question:
            reasons.append("broad")
        if _has(turn, "strength"):
            reasons.append("strength")
        if move.aims_at("feeling") and move.act == "open_question":
            reasons.append("feeling")
        if turn.get("verdict") == "right":
            reasons.append("reflection")
        if move.act == "open_question" and not reasons:
            reasons.append("open")
        if reasons:
            best = max(reasons, key=lambda why: STRENGTHS[why])
            scored.append((STRENGTHS[best], -number, {"turn": number + 1, "quote": _quote(turn.get("text", "")), "why": best}))
    chosen = [entry for weight, _, entry in sorted(scored, reverse=True) if weight >= 3][:MAX_STRONG]
    return sorted(chosen, key=lambda entry: entry["turn"])


def turn_confidentiality(turn: dict) -> Optional[str]:
    return next((e.split(":", 1)[1] for e in _events(turn) if e.startswith("confidentiality:")), None)


def _weakest(
    persona: Persona, turns: Sequence[dict], moves: Sequence[WorkerMove], first_wish: Optional[int], texts: Texts
) -> List[dict]:
    scored = []
    for number, (turn, move) in enumerate(zip(turns, moves)):
        reasons = []
        events = _events(turn)
        if "judgement" in events:
            reasons.append("judgement")
        if move.act == "advice":
            reasons.append("advice_early" if first_wish is None or number < first_wish else "advice")
        outcome = turn_confidentiality(turn)
        if outcome == "secrecy" and persona.has("danger"):
            reasons.append("secrecy")
        if outcome == "bad":
            reasons.append("confidentiality")
        if turn.get("verdict") in ("wrong", "partial") or ("agreed_fast" in events and move.act in ("reflection", "summary")):
            reasons.append("wrong")
        if "ignored_their_question" in events:
            reasons.append("ignored")
        if move.act == "leading_question":
            reasons.append("leading")
        if move.jargon:
            reasons.append("jargon")
        if "too_long" in events:
            reasons.append("too_long")
        if move.act == "double_question":
            reasons.append("double")
        if move.act == "closed_question" and move.domains and not move.broad and not move.aims_at("safety"):
            reasons.append("closed")
        if reasons:
            worst = max(reasons, key=lambda why: WEAKNESSES[why])
            better = better_wording(persona, turns, number, move, worst, texts)
            entry = {"turn": number + 1, "quote": _quote(turn.get("text", "")), "why": worst, "better": better}
            scored.append((WEAKNESSES[worst], -number, entry))
    chosen = [entry for _, _, entry in sorted(scored, reverse=True)][:MAX_WEAK]
    return sorted(chosen, key=lambda entry: entry["turn"])


def better_wording(persona: Persona, turns: Sequence[dict], number: int, move: WorkerMove, why: str, texts: Texts) -> str:
    """A better line for the worker's weak one: from the persona's own content where it can."""
    turn = turns[number]
    text = turn.get("text", "")
    domain = turn.get("domain") or next((key for key in move.domains if key in persona.domains), None)
    entry = persona.domains.get(domain) if domain else None
    if why == "wrong" and entry and entry.reflection:
        return entry.reflection
    if why == "jargon":
        plain = text
        for term in move.jargon:
            plain = re.sub(re.escape(term), jargon().terms[term], plain, flags=re.IGNORECASE)
        return _quote(plain)
    if why == "double":
        questions = real_questions(text)
        return _quote(questions[0]) if questions else texts.say("better_closed")
    if why == "ignored":
        asked = next(
            (e.split(":", 1)[1] for t in reversed(turns[:number]) for e in _events(t) if e.startswith("asked_back:")), None
        )
        ask = next((a for a in persona.ask_back if a.key == asked), None)
        return ask.good_answer if ask and ask.good_answer else texts.say("better_ignored")
    if why in ("secrecy", "confidentiality"):
        return texts.say("better_confidentiality")
    if why == "too_long":
        first = re.split(r"(?<=[.?!])\s+", text.strip())[0]
        return _quote(first) if first != text.strip() else texts.say("better_too_long")
    if why in ("advice", "advice_early", "closed", "leading") and entry:
        return entry.example_question
    generic = {
        "advice": "better_advice",
        "advice_early": "better_advice",
        "judgement": "better_judgement",
        "closed": "better_closed",
    }
    return texts.say(generic.get(why, "better_leading"))


def _moments(persona: Persona, turns: Sequence[dict], state: PracticeState) -> List[dict]:
    """Two or three key moments in the persona's own voice, in the order they happened."""
    voice = persona.voice
    found: Dict[str, dict] = {}
    for number, turn in enumerate(turns):
        events = _events(turn)
        quote = _in_sentence(turn.get("text", ""))
        opened = [e.split(":", 1)[1] for e in events if e.startswith("opened:")]
        if opened and "opened" not in found:
            layer = persona.layer(opened[0])
            trigger = quote
            if _has(turn, "confidentiality") and number > 0:
                trigger = _in_sentence(turns[number - 1].get("text", ""))  # what made them ready to tell
            if layer:
                found["opened"] = {"turn": number + 1, "kind": "opened", "line": layer.heard.format(quote=trigger)}
        if "closed_down" in events and "closed" not in found:
            found["closed"] = {"turn": number + 1, "kind": "closed", "line": voice["closed"].format(quote=quote)}
        if "corrected" in events and "corrected" not in found:
            found["corrected"] = {"turn": number + 1, "kind": "corrected", "line": voice["corrected"].format(quote=quote)}
        if "agreed_fast" in events and "agreed_fast" not in found:
            found["agreed_fast"] = {"turn": number + 1, "kind": "agreed_fast", "line": voice["agreed_fast"].format(quote=quote)}
        if "confused" in events and "confused" not in found:
            found["confused"] = {"turn": number + 1, "kind": "confused", "line": voice["confused"].format(quote=quote)}
        if "heard" in events and not opened and "heard" not in found:
            found["heard"] = {"turn": number + 1, "kind": "heard", "line": voice["heard"].format(quote=quote)}
    signals = _signals(persona, turns)["shown"]
    missed = next((signal for signal in signals if not signal["followed"]), None)
    if missed:
        found["missed_signal"] = {
            "turn": missed["turn"] + 1,
            "kind": "missed_signal",
            "line": voice["missed_signal"].format(signal=_in_sentence(missed["text"])),
        }
    if persona.has("two_voices"):
        quiet = [v for v in persona.voices if not state.voices_addressed.get(v.key)]
        if quiet and turns:
            found["unheard_voice"] = {"turn": len(turns), "kind": "unheard_voice", "line": voice["unheard_voice"]}
    order = ("opened", "missed_signal", "closed", "agreed_fast", "corrected", "confused", "heard", "unheard_voice")
    chosen = [found[kind] for kind in order if kind in found][:MAX_MOMENTS]
    return sorted(chosen, key=lambda moment: moment["turn"])


# --- scores ----------------------------------------------------------------------------------------------
def _clamp(value: float) -> int:
    return max(1, min(5, int(round(value))))


def _scores(persona: Persona, figures: dict, state: PracticeState) -> Dict[str, int]:
    q, r, regie, closing, language = (
        figures["questions"],
        figures["reflections"],
        figures["regie"],
        figures["closing"],
        figures["language"],
    )
    asked = sum(q.values())
    open_share = q["open_question"] / asked if asked else 0.0
    listening = (
        1
        + min(2, r["right"])
        + (1 if r["summaries_good"] else 0)
        + (1 if open_share >= 0.6 else 0)
        - (1 if r["wrong"] > r["right"] else 0)
    )
    deeper = 1 + min(2, len(state.feelings_told)) + min(2, len(state.opened))
    important = persona.important_domains
    explored = set(figures["domains"]["explored"])
    covered = sum(1 for key in important if key in explored) / len(important) if important else 0.0
    broad = 1 + 3 * covered + (1 if figures["domains"]["broad_turns"] else 0)
    conflict = regie["conflict"]
    own = (
        (1.5 if regie["asked_wish"] else 0)
        + (1 if regie["asked_strength"] else 0)
        + (0.5 if regie["asked_who_decides"] else 0)
        + (1 if conflict is None or (conflict["found"] and conflict["own_view_after"]) else 0.5 if conflict["found"] else 0)
        + (1 if not regie["advice_before_wish"] else 0)
    )
    attuned = (
        5 - min(2, len(language["jargon"])) - (1 if q["double_question"] >= 2 else 0) - (1 if q["leading_question"] >= 2 else 0)
    )
    attuned -= 1 if any("judgement" in _events(t) for t in state.turns) else 0
    if persona.has("lvb") or persona.has("nt2"):
        attuned -= 1 if language["unresolved"] or (language["agreed_fast"] and not language["checks"]) else 0
        attuned -= 1 if language["confused"] >= 2 else 0
    if persona.has("two_voices") and any(not state.voices_addressed.get(v.key) for v in persona.voices):
        attuned -= 1
    if persona.has("naaste") and figures["naaste"]["about_self"] == 0:
        own -= 1
    ending = 1 + (2 if closing["summary"] else 0) + (2 if closing["agreement"] else 0)
    scores = {
        "luisteren": _clamp(listening),
        "doorvragen": _clamp(deeper),
        "levensbreed": _clamp(broad),
        "eigen_regie": _clamp(own),
        "aansluiten": _clamp(attuned),
        "afronden": _clamp(ending),
    }
    if persona.has("danger"):
        signals = figures["signals"]
        shown = len(signals["shown"]) or 1
        safety = (
            1
            + 2 * signals["followed"] / shown
            + (1 if signals["asked_safety"] else 0)
            + (1 if state.confidentiality == "good" else 0)
        )
        scores["veiligheid"] = _clamp(safety)
    return scores


# --- messages -------------------------------------------------------------------------------------------
def render(figures: dict, persona: Persona, instrument: Instrument, texts: Texts) -> List[str]:
    say = texts.say
    name = persona.name

    def labels(keys: Sequence[str]) -> str:
        return ", ".join(instrument.domain(key).label for key in keys if key in instrument.keys)

    messages = [say("feedback_title", name=name, turns=figures["turns"])]
    scores = " · ".join(
        say("feedback_goal_score", label=say(f"goal_{goal}"), score=score) for goal, score in figures["goals"].items()
    )
    messages.append(say("feedback_goals", scores=scores))
    if figures["strongest"]:
        lines = [say("feedback_strong_title")] + [
            say("feedback_strong_line", quote=s["quote"], why=say(f"why_{s['why']}", name=name)) for s in figures["strongest"]
        ]
        messages.append("\n".join(lines))
    if figures["weakest"]:
        lines = [say("feedback_weak_title")] + [
            say("feedback_weak_line", quote=w["quote"], why=say(f"weak_{w['why']}", name=name), better=w["better"])
            for w in figures["weakest"]
        ]
        messages.append("\n".join(lines))
    if figures["moments"]:
        messages.append("\n".join([say("feedback_voice_title", name=name)] + [moment["line"] for moment in figures["moments"]]))
    messages.append(_levensbreed(figures, persona, instrument, texts, labels))
    messages.append(_regie(figures, persona, texts))
    messages.extend(_traits(figures, persona, texts))
    closing = figures["closing"]
    key = (
        "feedback_closing_both"
        if closing["summary"] and closing["agreement"]
        else "feedback_closing_no_summary"
        if closing["agreement"]
        else "feedback_closing_no_agreement"
        if closing["summary"]
        else "feedback_closing_none"
    )
    messages.append(say(key))
    if not figures["asked_rating"]:
        messages.append(say("feedback_rating_tip"))
    return [message for message in messages if message]


def _levensbreed(figures: dict, persona: Persona, instrument: Instrument, texts: Texts, labels) -> str:
    say = texts.say
    domains = figures["domains"]
    lines = [
        say("feedback_domains", count=len(domains["explored"]), total=len(instrument.keys), labels=labels(domains["explored"]))
        if domains["explored"]
        else say("feedback_domains_none")
    ]
    if domains["important_missed"]:
        lines.append(say("feedback_missed_important", name=persona.name, labels=labels(domains["important_missed"])))
    else:
        lines.append(say("feedback_missed_none", name=persona.name))
    if domains["broad_turns"]:
        quote = _quote(figures_turn_text(figures, domains["broad_turns"][0]))
        if domains["broad_opened"]:
            lines.append(say("feedback_broad_credit", quote=quote, labels=labels(domains["broad_opened"])))
        else:
            lines.append(say("feedback_broad_asked", quote=quote))
    else:
        lines.append(say("feedback_broad_tip"))
    if domains["raised_by_persona"]:
        lines.append(say("feedback_raised", name=persona.name, labels=labels(domains["raised_by_persona"])))
    return "\n".join(lines)


def figures_turn_text(figures: dict, index: int) -> str:
    return (figures.get("_texts") or {}).get(str(index), "")


def _regie(figures: dict, persona: Persona, texts: Texts) -> str:
    say = texts.say
    name = persona.name
    regie = figures["regie"]
    parts = [
        say("feedback_regie_wish_yes" if regie["asked_wish"] else "feedback_regie_wish_no", name=name),
        say("feedback_regie_strength_yes" if regie["asked_strength"] else "feedback_regie_strength_no", name=name),
        say("feedback_regie_who_yes" if regie["asked_who_decides"] else "feedback_regie_who_no", name=name),
    ]
    lines = [say("feedback_regie", parts=", ".join(parts))]
    if regie["advice"]:
        lines.append(
            say(
                "feedback_advice_early" if regie["advice_before_wish"] else "feedback_advice_after",
                name=name,
                count=regie["advice"],
            )
        )
    conflict = regie["conflict"]
    if conflict:
        first, second = conflict["parties"]
        if conflict["found"]:
            own = say("feedback_conflict_own_yes" if conflict["own_view_after"] else "feedback_conflict_own_no", name=name)
            lines.append(say("feedback_conflict_found", name=name, first=first, second=second, own=own))
        else:
            lines.append(say("feedback_conflict_missed", name=name, first=first, second=second))
    if figures["layers"]["opened"]:
        lines.append(say("feedback_layers", name=name, count=len(figures["layers"]["opened"])))
    else:
        lines.append(say("feedback_layers_none", name=name))
    return "\n".join(lines)


def _traits(figures: dict, persona: Persona, texts: Texts) -> List[str]:
    say = texts.say
    name = persona.name
    language = figures["language"]
    found = []
    if persona.has("lvb"):
        found.append(say("feedback_language_lvb", name=name, count=language["agreed_fast"], checks=language["checks"]))
    if persona.has("nt2") and language["confused"]:
        found.append(say("feedback_language_nt2", name=name, count=language["confused"]))
    if language["jargon"]:
        plain = jargon().terms
        found.append(
            say(
                "feedback_jargon",
                terms=", ".join(language["jargon"]),
                plain=", ".join(f"{t} = {plain[t]}" for t in language["jargon"]),
            )
        )
    if persona.has("danger"):
        signals = figures["signals"]
        asked = say("feedback_signals_asked_yes" if signals["asked_safety"] else "feedback_signals_asked_no")
        found.append(say("feedback_signals", name=name, shown=len(signals["shown"]), followed=signals["followed"], asked=asked))
        if figures["confidentiality"] == "secrecy":
            found.append(say("feedback_secrecy"))
    if figures["confidentiality"] == "bad":
        found.append(say("feedback_confidentiality_bad"))
    if persona.has("two_voices") and len(persona.voices) >= 2:
        first, second = persona.voices[0], persona.voices[1]
        addressed = figures["voices"]["addressed"]
        found.append(
            say(
                "feedback_voices",
                first=first.name,
                second=second.name,
                first_count=addressed.get(first.key, 0),
                second_count=addressed.get(second.key, 0),
            )
        )
    if persona.has("naaste"):
        found.append(
            say(
                "feedback_naaste",
                name=name,
                cares_for=persona.cares_for,
                other=figures["naaste"]["about_other"],
                self=figures["naaste"]["about_self"],
            )
        )
    return found


def feedback(persona: Persona, state: PracticeState, instrument: Instrument, texts: Texts) -> Tuple[dict, List[str]]:
    """The figures (stored) and the messages (shown) of one conversation."""
    figures = assess(persona, state, instrument, texts)
    figures["_texts"] = {str(i): turn.get("text", "") for i, turn in enumerate(state.turns) if _move(turn).broad}
    messages = render(figures, persona, instrument, texts)
    figures.pop("_texts")
    return figures, messages
