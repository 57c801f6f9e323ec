"""Where a participant is in the conversation. Kept in the Rasa tracker (slot 'dialogue_state').

The answers themselves live in the answer store; this is only the cursor: which question
is open, in which order the domains are visited, and how to go back or resume.
"""

from dataclasses import asdict, dataclass, field, fields
from typing import List, Optional, Tuple

# Steps before consent: nothing is stored.
PRE_CONSENT_STEPS = ("start", "consent", "declined")
# Questions of the board.
QUESTION_STEPS = (
    "life_rating",
    "first_domain",
    "domain_score",
    "goes_well",
    "wish",
    "look_further",
    "goals",
    "training_consent",
    "done",
)
# Interruptions: they remember where to return to.
INTERRUPTION_STEPS = ("safety_check", "confirm_forget", "correction")
# Practice mode (bot/practice): a worker talks with a persona; `practice` holds where.
PRACTICE_STEPS = ("practice_persona", "practice_consent", "practice")
STEPS = PRE_CONSENT_STEPS + QUESTION_STEPS + INTERRUPTION_STEPS + PRACTICE_STEPS
FREE_TEXT_STEPS = ("goes_well", "wish", "goals")
HISTORY_LIMIT = 60


@dataclass
class DialogueState:
    step: str = "start"
    measurement_id: Optional[int] = None
    order: List[str] = field(default_factory=list)  # domain keys in the order they are visited
    index: int = 0  # position in `order` of the current domain
    goals: int = 0  # goals given so far
    failures: int = 0  # failed attempts at the open question
    history: List[Tuple[str, int]] = field(default_factory=list)  # earlier questions, for "terug"
    resume: Optional[Tuple[str, int]] = None  # the question to return to after an interruption
    correction_domain: Optional[str] = None
    paused: bool = False
    practice: Optional[dict] = None  # bot.practice.state.PracticeState, while practising

    @property
    def domain(self) -> Optional[str]:
        return self.order[self.index] if 0 <= self.index < len(self.order) else None

    @property
    def board_position(self) -> Tuple[str, int]:
        """The resident's own question behind any interruption or practice session."""
        step, index = self.step, self.index
        if step in INTERRUPTION_STEPS and self.resume:
            step, index = self.resume
        if step in PRACTICE_STEPS and self.practice:
            step, index = tuple(self.practice.get("return_to") or ("start", 0))
        return step, index

    @property
    def consented(self) -> bool:
        """Whether the resident agreed to keep their board (a practice session is no consent)."""
        return self.board_position[0] not in PRE_CONSENT_STEPS + PRACTICE_STEPS

    @property
    def practising(self) -> bool:
        return self.step in PRACTICE_STEPS

    def to_slot(self) -> dict:
        values = asdict(self)
        values["history"] = [list(entry) for entry in self.history]
        values["resume"] = list(self.resume) if self.resume else None
        return values

    @classmethod
    def from_slot(cls, value) -> "DialogueState":
        if not isinstance(value, dict) or value.get("step") not in STEPS:
            return cls()
        known = {f.name for f in fields(cls)}
        state = cls(**{key: val for key, val in value.items() if key in known})
        state.history = [tuple(entry) for entry in state.history or []]
        state.resume = tuple(state.resume) if state.resume else None
        return state

    def asking(self, step: str, index: Optional[int] = None, **changes) -> "DialogueState":
        """Move to the question `step` (for domain `index`), remembering the current one for "terug"."""
        values = asdict(self)
        history = list(self.history)
        if self.step in QUESTION_STEPS and (self.step, self.index) != (step, index if index is not None else self.index):
            history = (history + [(self.step, self.index)])[-HISTORY_LIMIT:]
        values.update(step=step, index=self.index if index is None else index, failures=0, history=history, paused=False)
        values.update(changes)
        return DialogueState(**values)

    def interrupted_by(self, step: str, **changes) -> "DialogueState":
        values = asdict(self)
        resume = self.resume if self.step in INTERRUPTION_STEPS else (self.step, self.index)
        values.update(step=step, resume=resume, failures=0)
        values.update(changes)
        return DialogueState(**values)

    def resumed(self) -> "DialogueState":
        values = asdict(self)
        step, index = self.resume or ("start", 0)
        values.update(step=step, index=index, resume=None, failures=0, correction_domain=None)
        return DialogueState(**values)

    def went_back(self) -> "DialogueState":
        values = asdict(self)
        step, index = self.history[-1]
        values.update(step=step, index=index, history=list(self.history[:-1]), failures=0)
        return DialogueState(**values)

    def failed_again(self) -> "DialogueState":
        values = asdict(self)
        values["failures"] = self.failures + 1
        return DialogueState(**values)

    def with_changes(self, **changes) -> "DialogueState":
        values = asdict(self)
        values.update(changes)
        return DialogueState(**values)
