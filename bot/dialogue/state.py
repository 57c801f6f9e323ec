"""Where a participant is in the conversation. Kept in the Rasa tracker (slot 'dialogue_state')."""
from dataclasses import asdict, dataclass, fields
from typing import Optional

STEPS = ("start", "consent", "declined", "life_rating", "rating_done", "safety_check")


@dataclass
class DialogueState:
    step: str = "start"
    measurement_id: Optional[int] = None
    failures: int = 0  # failed attempts at the open question
    resume_step: Optional[str] = None  # the step to return to after an interruption (safety)

    def to_slot(self) -> dict:
        return asdict(self)

    @classmethod
    def from_slot(cls, value) -> "DialogueState":
        if not isinstance(value, dict) or value.get("step") not in STEPS:
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{key: val for key, val in value.items() if key in known})

    def moved_to(self, step: str, **changes) -> "DialogueState":
        values = dict(asdict(self), step=step, failures=0)
        values.update(changes)
        return DialogueState(**values)

    def failed_again(self) -> "DialogueState":
        values = asdict(self)
        values["failures"] = self.failures + 1
        return DialogueState(**values)
