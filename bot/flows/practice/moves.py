"""What the worker does in one turn: the act (Rasa intent), the question form and the domains."""

import re
from dataclasses import dataclass
from typing import Optional, Tuple

from bot.content import Instrument
from bot.understanding.domains import find_domains
from bot.understanding.message import UserMessage
from bot.understanding.question_form import NONE, question_form

WORKER_ACTS = (
    "worker_introduce",
    "worker_explore",
    "worker_ask_wish",
    "worker_ask_strength",
    "worker_reflect",
    "worker_advise",
    "worker_about_professionals",
)
# Intents that only mean something in practice mode; outside it they are never the answer.
PRACTICE_ONLY_INTENTS = WORKER_ACTS + ("practice_stop", "choose_persona")
ACT_MIN_CONFIDENCE = 0.2  # below this the act is unknown; a question is then taken as exploring


@dataclass(frozen=True)
class WorkerMove:
    act: Optional[str]  # one of WORKER_ACTS, or None when not understood
    form: str  # 'open', 'closed' or 'none'
    domains: Tuple[str, ...] = ()
    confidence: float = 0.0

    @property
    def is_question(self) -> bool:
        return self.form != NONE

    def to_dict(self) -> dict:
        return {"act": self.act, "form": self.form, "domains": list(self.domains)}

    @classmethod
    def from_dict(cls, value: dict) -> "WorkerMove":
        return cls(act=value.get("act"), form=value.get("form", NONE), domains=tuple(value.get("domains") or ()))


SECOND_PERSON = {"je", "jij", "jou", "jouw", "u", "uw", "jezelf", "uzelf"}
FIRST_PERSON = {"ik", "mij", "me", "mijn", "m'n", "mezelf", "ikzelf"}


def addressed_to_persona(text: str) -> bool:
    """A question to the persona ("Heb je weleens aan zelfmoord gedacht?"), not about the writer.

    In practice mode such a question is part of the exercise; anything in the first person
    still gets the safety message, as everywhere.
    """
    words = set(re.findall(r"[a-z']+", (text or "").lower()))
    return question_form(text) != NONE and bool(words & SECOND_PERSON) and not words & FIRST_PERSON


def read_move(message: UserMessage, instrument: Instrument) -> WorkerMove:
    act, confidence = message.best_of(WORKER_ACTS)
    form = question_form(message.text)
    if act is None or confidence < ACT_MIN_CONFIDENCE:
        act = "worker_explore" if form != NONE else None
    if act == "worker_introduce" and form != NONE:
        act = "worker_explore"  # "Hoi, ik ben Sanne. Hoe gaat het?" asks something
    domains = tuple(find_domains(message.text, instrument, message.entities))
    return WorkerMove(act=act, form=form, domains=domains, confidence=round(confidence, 3))
