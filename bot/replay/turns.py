"""Rasa tracker events (as dicts) grouped into turns a trainer can read one at a time."""

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from bot.understanding.message import READING_KEY

HIDDEN_ACTIONS = {"action_listen", "action_session_start"}
STATE_SLOT = "dialogue_state"


@dataclass
class ReplayTurn:
    number: int
    user: str
    intent: Optional[Tuple[str, Optional[float]]] = None
    runner_up: Optional[Tuple[str, float]] = None
    entities: List[Tuple[str, str]] = field(default_factory=list)
    slots: List[Tuple[str, str]] = field(default_factory=list)  # (slot, "old -> new") that changed
    actions: List[Tuple[str, str, Optional[float]]] = field(default_factory=list)  # (action, policy, confidence)
    replies: List[str] = field(default_factory=list)
    expected_intent: Optional[str] = None  # from a story: what the story says the intent is
    hidden: List[Tuple[str, str]] = field(default_factory=list)  # practice: the persona's hidden state (trust, what opened)
    reading: List[str] = field(default_factory=list)  # what the app made of the turn ("move_explore", "persona_chosen")

    def understood_as(self, label: Optional[str]) -> bool:
        """The story's label is Rasa's intent or one of the app's readings (practice moves are read by the app)."""
        return label is not None and ((self.intent is not None and self.intent[0] == label) or label in self.reading)

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "user": self.user,
            "intent": list(self.intent) if self.intent else None,
            "runner_up": list(self.runner_up) if self.runner_up else None,
            "entities": [list(e) for e in self.entities],
            "slots": [list(s) for s in self.slots],
            "actions": [list(a) for a in self.actions],
            "replies": list(self.replies),
            "expected_intent": self.expected_intent,
            "hidden": [list(h) for h in self.hidden],
            "reading": list(self.reading),
        }


def describe_slot(name: str, old: Any, new: Any) -> Optional[str]:
    """A short, readable change; None when nothing a trainer would notice changed."""
    if name == STATE_SLOT:
        old_step, new_step = _step(old), _step(new)
        persona = (new or {}).get("practice", {}) if isinstance(new, dict) else {}
        persona = (persona or {}).get("persona")
        if old_step == new_step:
            return None
        return f"step {old_step or '-'} -> {new_step}" + (f" (persona {persona})" if persona else "")
    if old == new:
        return None
    return f"{_short(old)} -> {_short(new)}"


def _step(value) -> Optional[str]:
    return value.get("step") if isinstance(value, dict) else None


def _short(value) -> str:
    text = "-" if value is None else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def turns_from_events(events: List[Dict[str, Any]]) -> List[ReplayTurn]:
    turns: List[ReplayTurn] = []
    slots: Dict[str, Any] = {}
    for event in events:
        kind = event.get("event")
        if kind == "user":
            turns.append(_user_turn(len(turns) + 1, event))
        elif kind == "slot":
            name, value = str(event.get("name")), event.get("value")
            change = describe_slot(name, slots.get(name), value)
            slots[name] = value
            if turns and change:
                turns[-1].slots.append((name, change))
        elif not turns:
            continue
        elif kind == "action" and event.get("name") not in HIDDEN_ACTIONS:
            turns[-1].actions.append((str(event.get("name")), str(event.get("policy") or "-"), event.get("confidence")))
        elif kind == "bot":
            turns[-1].replies.append(_bot_text(event))
            turns[-1].reading.extend(str(name) for name in (event.get("metadata") or {}).get(READING_KEY) or ())
    return turns


def _user_turn(number: int, event: dict) -> ReplayTurn:
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    ranking = [r for r in parse.get("intent_ranking") or () if r.get("name") != intent.get("name")]
    return ReplayTurn(
        number=number,
        user=event.get("text") or "",
        intent=(intent["name"], round(float(intent.get("confidence") or 0.0), 3)) if intent.get("name") else None,
        runner_up=(ranking[0]["name"], round(float(ranking[0].get("confidence") or 0.0), 3)) if ranking else None,
        entities=[(e.get("entity"), str(e.get("value"))) for e in parse.get("entities") or ()],
    )


def _bot_text(event: dict) -> str:
    text = event.get("text") or ""
    data = event.get("data") or {}
    extras = []
    if data.get("buttons"):
        extras.append("[" + " | ".join(str(b.get("title")) for b in data["buttons"]) + "]")
    if data.get("image"):
        extras.append("(picture)")
    if (data.get("custom") or {}).get("document"):
        extras.append("(PDF)")
    return " ".join([text] + extras).strip()
