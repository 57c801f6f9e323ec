"""Where a practice conversation is: the persona's hidden state and every turn, kept in the practice
record's data (a plain dict) so it survives between messages and is the same on every server."""

from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional

MAX_MOVES = 120  # a practice conversation ends with feedback after this many worker turns
TRUST_MIN, TRUST_MAX = -3, 10


@dataclass
class PracticeState:
    persona: Optional[str] = None
    session_id: Optional[int] = None  # set when the worker agreed to keep the session
    trust: int = 0
    told: Dict[str, List[int]] = field(default_factory=dict)  # per domain: the facts told (indexes)
    feelings_told: List[str] = field(default_factory=list)  # domains whose feeling they shared
    opened: List[str] = field(default_factory=list)  # layers that opened, in order
    closed_left: int = 0  # turns they stay closed (after advice or a judgement)
    asked_wish: bool = False
    asked_strength: bool = False
    greeted: bool = False
    opening_told: bool = False
    conflict_told: bool = False
    regie_told: bool = False
    last_domain: Optional[str] = None
    last_reply: Optional[str] = None
    lines_used: Dict[str, int] = field(default_factory=dict)
    pending: Optional[dict] = None  # their question waiting for an answer: {kind, key, layer}
    asked_back: List[str] = field(default_factory=list)
    initiatives_done: List[str] = field(default_factory=list)
    confidentiality: Optional[str] = None  # good | secrecy | bad: how the worker answered their test
    misunderstood: List[dict] = field(default_factory=list)  # LVB/NT2: what they said "ja" to without understanding
    voices_addressed: Dict[str, int] = field(default_factory=dict)
    voices_spoke: Dict[str, int] = field(default_factory=dict)
    turns: List[dict] = field(default_factory=list)  # one per worker turn (see roleplay.TurnRecord)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, value: Optional[dict]) -> "PracticeState":
        if not isinstance(value, dict):
            return cls()
        known = set(cls.__dataclass_fields__)
        return cls(**{key: val for key, val in value.items() if key in known})

    def next_line(self, kind: str) -> int:
        """How often this kind of line was used before (and count this use)."""
        used = self.lines_used.get(kind, 0)
        self.lines_used[kind] = used + 1
        return used

    def change_trust(self, delta: int) -> None:
        self.trust = max(TRUST_MIN, min(TRUST_MAX, self.trust + delta))

    def told_in(self, domain: str) -> List[int]:
        return self.told.get(domain, [])

    @property
    def number(self) -> int:
        """The number of the worker turn being answered (1 for the first)."""
        return len(self.turns) + 1
