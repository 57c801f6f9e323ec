"""Where a practice conversation is: kept inside DialogueState.practice (a plain dict in the slot)."""

from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional, Tuple

MAX_MOVES = 200  # a practice conversation ends with feedback after this many worker turns


@dataclass
class PracticeState:
    return_to: Tuple[str, int] = ("start", 0)  # the resident's question to go back to afterwards
    persona: Optional[str] = None
    session_id: Optional[int] = None  # set when the worker agreed to keep the session
    trust: int = 0  # grows with open questions, reflections and interest in their own view
    told: Dict[str, int] = field(default_factory=dict)  # per domain: how many facts the persona told
    feelings_told: List[str] = field(default_factory=list)
    asked_wish: bool = False
    last_domain: Optional[str] = None
    last_reply: Optional[str] = None  # the persona does not say the same thing twice in a row
    reactions_used: Dict[str, int] = field(default_factory=dict)
    moves: List[dict] = field(default_factory=list)  # WorkerMove.to_dict() per worker turn
    failures: int = 0

    def to_dict(self) -> dict:
        values = asdict(self)
        values["return_to"] = list(self.return_to)
        return values

    @classmethod
    def from_dict(cls, value: Optional[dict]) -> "PracticeState":
        if not isinstance(value, dict):
            return cls()
        known = set(cls.__dataclass_fields__)
        state = cls(**{key: val for key, val in value.items() if key in known})
        state.return_to = tuple(state.return_to or ("start", 0))
        return state

    def next_reaction(self, kind: str) -> int:
        """How often this kind of reaction was used before (and count this use)."""
        used = self.reactions_used.get(kind, 0)
        self.reactions_used[kind] = used + 1
        return used
