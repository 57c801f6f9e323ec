"""What may not be stored, kept in memory only: conversation records of participants who did not
(or not yet) agree to storing, and a board filled in without storing.

In this process's memory (one action server), or in a Redis without persistence when
EPHEMERAL_STORE_URL is set (several action servers share it). Either way an entry expires after
EPHEMERAL_TTL_SECONDS without a message (default a week) and never reaches a disk.
"""

import json
import os
import threading
import time
from collections import OrderedDict
from dataclasses import asdict
from datetime import datetime
from typing import Any, Dict, Generic, Iterator, List, Optional, Protocol, Tuple, TypeVar

from bot.storage.records import Board, ConversationRecord, DomainEntry, GoalEntry, NetworkEntry

DEFAULT_TTL_SECONDS = 7 * 24 * 3600
MAX_MEMORY_ENTRIES = 10_000
KEY_PREFIX = "wattelt:app:"
Value = TypeVar("Value")


class EphemeralStore(Protocol):
    def load(self, participant_id: str) -> Optional[Dict[str, Any]]: ...
    def save(self, participant_id: str, document: Dict[str, Any]) -> None: ...
    def delete(self, participant_id: str) -> None: ...


class ExpiringMemory(Generic[Value]):
    """Values in this process by key: at most `limit` (the oldest saved goes first), each forgotten
    `ttl` seconds after it was last saved, as Redis forgets a key with an expiry."""

    def __init__(self, ttl: float = DEFAULT_TTL_SECONDS, limit: int = MAX_MEMORY_ENTRIES, clock: Any = time.monotonic):
        self._entries: OrderedDict[str, Tuple[float, Value]] = OrderedDict()
        self._lock = threading.Lock()
        self.ttl, self.limit, self.clock = ttl, limit, clock

    def load(self, key: str) -> Optional[Value]:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < self.clock():
                del self._entries[key]
                return None
            return entry[1]

    def save(self, key: str, value: Value) -> None:
        with self._lock:
            self._entries[key] = (self.clock() + self.ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.limit:
                self._entries.popitem(last=False)

    def delete(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def keys(self) -> List[str]:
        """The keys not yet forgotten (oldest save first)."""
        now = self.clock()
        with self._lock:
            return [key for key, (expires, _) in self._entries.items() if expires >= now]


class MemoryEphemeralStore:
    """Documents in this process (kept as JSON, so a caller never changes a stored one in place)."""

    def __init__(self, ttl: float = DEFAULT_TTL_SECONDS, limit: int = MAX_MEMORY_ENTRIES, clock: Any = time.monotonic):
        self._memory: ExpiringMemory[str] = ExpiringMemory(ttl, limit, clock)

    def load(self, participant_id: str) -> Optional[Dict[str, Any]]:
        text = self._memory.load(participant_id)
        return json.loads(text) if text is not None else None

    def save(self, participant_id: str, document: Dict[str, Any]) -> None:
        self._memory.save(participant_id, json.dumps(document))

    def delete(self, participant_id: str) -> None:
        self._memory.delete(participant_id)

    def __contains__(self, participant_id: str) -> bool:
        return self.load(participant_id) is not None


class RedisEphemeralStore:
    """Documents in Redis (run it without persistence), one key per participant with an expiry."""

    def __init__(self, url: str, ttl: float = DEFAULT_TTL_SECONDS, prefix: str = KEY_PREFIX):
        import redis

        self.red = redis.Redis.from_url(url, socket_timeout=5)
        self.ttl, self.prefix = int(ttl), prefix

    def _key(self, participant_id: str) -> str:
        return self.prefix + participant_id

    def load(self, participant_id: str) -> Optional[Dict[str, Any]]:
        value = self.red.get(self._key(participant_id))
        return json.loads(value) if value else None

    def save(self, participant_id: str, document: Dict[str, Any]) -> None:
        self.red.set(self._key(participant_id), json.dumps(document), ex=self.ttl)

    def delete(self, participant_id: str) -> None:
        self.red.delete(self._key(participant_id))


def ephemeral_url() -> Optional[str]:
    """The Redis for what is kept in memory only, shared by every server (scale-out); None: this process."""
    return os.environ.get("EPHEMERAL_STORE_URL") or os.environ.get("EPHEMERAL_TRACKER_STORE_URL") or None


def ephemeral_ttl() -> float:
    return float(os.environ.get("EPHEMERAL_TTL_SECONDS", DEFAULT_TTL_SECONDS))


def ephemeral_store_from_environment() -> EphemeralStore:
    url = ephemeral_url()
    return RedisEphemeralStore(url, ephemeral_ttl()) if url else MemoryEphemeralStore(ephemeral_ttl())


# --- the document of one participant ----------------------------------------------------------------


def _time(value: Optional[str]) -> Optional[datetime]:
    return datetime.fromisoformat(value) if value else None


def board_to_document(board: Board) -> Dict[str, Any]:
    document = asdict(board)
    document["started_at"] = board.started_at.isoformat()
    document["completed_at"] = board.completed_at.isoformat() if board.completed_at else None
    for goal in document["goals"]:
        goal["reviewed_at"] = goal["reviewed_at"].isoformat() if goal["reviewed_at"] else None
    return document


def board_from_document(document: Dict[str, Any]) -> Board:
    values = dict(document)
    values["started_at"] = _time(values["started_at"])
    values["completed_at"] = _time(values.get("completed_at"))
    values["domains"] = [DomainEntry(**entry) for entry in values.get("domains") or []]
    values["goals"] = [GoalEntry(**dict(goal, reviewed_at=_time(goal.get("reviewed_at")))) for goal in values.get("goals") or []]
    values["network"] = [NetworkEntry(**member) for member in values.get("network") or []]
    return Board(**values)


class MemoryDocument:
    """The records and memory-only boards of one participant, as kept in an EphemeralStore."""

    def __init__(self, document: Optional[Dict[str, Any]] = None):
        document = document or {}
        self.records: List[ConversationRecord] = [ConversationRecord.from_document(r) for r in document.get("records") or []]
        self.boards: Dict[int, Board] = {int(key): board_from_document(b) for key, b in (document.get("boards") or {}).items()}
        # When this participant typed a share code that opened nothing (times only: guessing is limited)
        self.refused_codes: List[str] = [str(at) for at in document.get("refused_codes") or []]

    def new_board_id(self) -> int:
        """Memory boards have negative ids, so they are never mistaken for stored ones."""
        return min([0, *self.boards]) - 1

    def to_document(self) -> Dict[str, Any]:
        return {
            "records": [record.to_document() for record in self.records if not record.stored],
            "boards": {str(key): board_to_document(board) for key, board in self.boards.items()},
            "refused_codes": list(self.refused_codes),
        }

    def __iter__(self) -> Iterator[ConversationRecord]:
        return iter(self.records)

    @property
    def empty(self) -> bool:
        return not any(not record.stored for record in self.records) and not self.boards and not self.refused_codes
