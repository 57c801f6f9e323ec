"""The typed records a turn works on: the conversation record (where a participant is) and the
boards (what they answered). Plain dataclasses: the flows change them in memory, and the turn
service saves them in one transaction (bot/storage/sql.py) or keeps them in memory only
(bot/storage/ephemeral.py) when nothing may be stored.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

ROLES = ("inwoner", "professional", "naaste", "practice")


def timestamp(value: Optional[datetime]) -> Optional[str]:
    return value.isoformat() if value is not None else None


@dataclass
class DomainEntry:
    key: str
    status: str = "open"  # open | answered | skipped | not_applicable
    score: Optional[int] = None
    story: Optional[str] = None
    goes_well: Optional[str] = None
    wish: Optional[str] = None
    talk_about: bool = False
    talk_rank: Optional[int] = None

    def set_status(self, status: str, score: Optional[int] = None) -> None:
        if (status == "answered") != (score is not None):
            raise ValueError("a score goes with status 'answered', and only with it")
        self.status, self.score = status, score

    def export(self) -> Dict[str, Any]:
        return {
            "key": self.key,
            "status": self.status,
            "score": self.score,
            "goes_well": self.goes_well,
            "wish": self.wish,
            "story": self.story,
            "talk_about": self.talk_about,
            "talk_rank": self.talk_rank,
        }


@dataclass
class GoalEntry:
    text: str
    domain: Optional[str] = None
    own_step: Optional[str] = None
    helper: Optional[str] = None
    review: Optional[str] = None  # reached | partly | not_yet, at the next measurement
    reviewed_at: Optional[datetime] = None
    id: Optional[int] = None

    def export(self) -> Dict[str, Any]:
        return {"domain": self.domain, "text": self.text, "own_step": self.own_step, "helper": self.helper, "review": self.review}


@dataclass
class NetworkEntry:
    kind: str  # person | professional
    description: str
    id: Optional[int] = None


@dataclass
class Board:
    """One measurement: a board filled in from one perspective (export.schema.json's item)."""

    owner: str  # the resident whose board it is
    author: str  # who filled it in
    instrument: str
    perspective: str  # inwoner | professional | naaste
    number: int
    started_at: datetime
    domains: List[DomainEntry]
    id: Optional[int] = None  # None: kept in memory only
    round: Optional[int] = None  # the resident's measurement a professional's or naaste's belongs to
    completed_at: Optional[datetime] = None
    life_rating: Optional[int] = None
    rating_reason: Optional[str] = None
    rating_next: Optional[str] = None
    appointments_per_week: Optional[int] = None
    conflicting_advice: Optional[bool] = None
    one_contact: Optional[str] = None
    goals: List[GoalEntry] = field(default_factory=list)
    network: List[NetworkEntry] = field(default_factory=list)
    version: int = 1

    def domain(self, key: str) -> DomainEntry:
        for entry in self.domains:
            if entry.key == key:
                return entry
        raise KeyError(key)

    @property
    def domain_keys(self) -> List[str]:
        return [entry.key for entry in self.domains]

    @property
    def answered(self) -> List[DomainEntry]:
        return [entry for entry in self.domains if entry.status == "answered"]

    @property
    def talk_about(self) -> List[DomainEntry]:
        """The domains marked "hier wil ik over praten", in the resident's order (unranked last)."""
        marked = [entry for entry in self.domains if entry.talk_about]
        return sorted(marked, key=lambda entry: (entry.talk_rank is None, entry.talk_rank or 0))

    def export(self) -> Dict[str, Any]:
        return {
            "number": self.number,
            "instrument": self.instrument,
            "perspective": self.perspective,
            "started_at": timestamp(self.started_at),
            "completed_at": timestamp(self.completed_at),
            "life_rating": self.life_rating,
            "domains": [entry.export() for entry in self.domains],
            "goals": [goal.export() for goal in self.goals],
            "round": self.round if self.perspective != "inwoner" else None,
            "rating_reason": self.rating_reason,
            "rating_next": self.rating_next,
            "network": [{"kind": member.kind, "description": member.description} for member in self.network],
            "appointments_per_week": self.appointments_per_week,
            "conflicting_advice": self.conflicting_advice,
            "one_contact": self.one_contact,
        }


@dataclass
class ConversationRecord:
    """Where one participant is in one of their conversations (one per role)."""

    participant_id: str
    role: str  # inwoner | professional | naaste | practice
    flow: str  # the flow that handles it: board | practice
    step: str
    active: bool = True
    board_id: Optional[int] = None
    board_owner: Optional[str] = None
    order: List[str] = field(default_factory=list)  # domain keys in visiting order
    position: int = 0  # index in `order` of the current domain
    failures: int = 0  # failed attempts at the open question
    counters: Dict[str, int] = field(default_factory=dict)
    history: List[Tuple[str, int]] = field(default_factory=list)  # earlier questions, for "terug"
    resume: Optional[Tuple[str, int]] = None  # the question to return to after an interruption
    paused: bool = False
    pending: Optional[Dict[str, Any]] = None  # a reading waiting for "klopt", or a message held while the safety net asks
    data: Dict[str, Any] = field(default_factory=dict)
    offered: List[str] = field(default_factory=list)  # button choices of the last reply
    seen_messages: List[str] = field(default_factory=list)
    last_replies: Optional[List[Dict[str, Any]]] = None
    stored: bool = False  # kept in the database (else in memory only)

    @property
    def domain(self) -> Optional[str]:
        return self.order[self.position] if 0 <= self.position < len(self.order) else None

    def count(self, name: str) -> int:
        return int(self.counters.get(name, 0))

    def to_document(self) -> Dict[str, Any]:
        """A JSON-able copy (memory store, Redis)."""
        return {
            "participant_id": self.participant_id,
            "role": self.role,
            "flow": self.flow,
            "step": self.step,
            "active": self.active,
            "board_id": self.board_id,
            "board_owner": self.board_owner,
            "order": list(self.order),
            "position": self.position,
            "failures": self.failures,
            "counters": dict(self.counters),
            "history": [list(entry) for entry in self.history],
            "resume": list(self.resume) if self.resume else None,
            "paused": self.paused,
            "pending": self.pending,
            "data": self.data,
            "offered": list(self.offered),
            "seen_messages": list(self.seen_messages),
            "last_replies": self.last_replies,
        }

    @classmethod
    def from_document(cls, value: Dict[str, Any], stored: bool = False) -> "ConversationRecord":
        return cls(
            participant_id=value["participant_id"],
            role=value["role"],
            flow=value["flow"],
            step=value["step"],
            active=bool(value.get("active", True)),
            board_id=value.get("board_id"),
            board_owner=value.get("board_owner"),
            order=list(value.get("order") or []),
            position=int(value.get("position") or 0),
            failures=int(value.get("failures") or 0),
            counters=dict(value.get("counters") or {}),
            history=[(str(step), int(index)) for step, index in value.get("history") or []],
            resume=(str(value["resume"][0]), int(value["resume"][1])) if value.get("resume") else None,
            paused=bool(value.get("paused")),
            pending=value.get("pending"),
            data=dict(value.get("data") or {}),
            offered=list(value.get("offered") or []),
            seen_messages=list(value.get("seen_messages") or []),
            last_replies=value.get("last_replies"),
            stored=stored,
        )


@dataclass(frozen=True)
class ParticipantConsent:
    """What a resident agreed to (a participants row); None where there is no row."""

    participant_id: str
    training: bool = False
    follow_up: bool = False


@dataclass(frozen=True)
class ShareCodeInfo:
    code: str
    owner: str
    created_at: datetime
    expires_at: datetime
    withdrawn_at: Optional[datetime]

    def usable(self, now: datetime) -> bool:
        return self.withdrawn_at is None and now < self.expires_at
