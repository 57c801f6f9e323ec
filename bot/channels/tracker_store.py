"""Rasa's tracker as the transcript only (loaded by the Rasa server through endpoints.yml,
`type: bot.channels.tracker_store.TranscriptTrackerStore`).

The app owns the conversation (bot/turn), so Rasa needs only the last few events to pick its one
action. This store gives Rasa those (RECENT_EVENTS), whatever the length of the conversation, and
keeps the transcript:
- in the database (table `events`, Rasa's format) for a resident who agreed to storing (a
  `participants` row): every event, appended as it happens;
- otherwise in memory only: this process's (bounded), or a Redis without persistence when
  EPHEMERAL_STORE_URL is set (several Rasa servers), the last RECENT_EVENTS events and at least the
  whole last turn (a long answer such as practice feedback stays with its message), expiring.
Forgetting: the action answers "vergeet mij" with a `restart` event; this store then deletes the
transcript everywhere it keeps it and keeps nothing of that turn, so the next message starts a fresh
tracker. A tracker loaded from the database whose participant has meanwhile been forgotten (by the
web page or the CLI) is never written back.
Errors are never raised to Rasa: its fail-safe fallback would keep the texts in memory, out of reach
of any deletion. A database error loses at most that turn's transcript lines (the answers live in
the app's database, written in the action's own transaction).
"""

import json
import logging
import time
from typing import Any, Dict, Iterable, List, Optional

from rasa.core.tracker_store import SerializedTrackerAsText, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Restarted
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.config import database_url
from bot.pseudonyms import pseudonym
from bot.storage import transcript
from bot.storage.database import create_database_engine, read_only
from bot.storage.ephemeral import ExpiringMemory, ephemeral_ttl, ephemeral_url
from bot.storage.models import Participant

logger = logging.getLogger(__name__)

RECENT_EVENTS = 12  # what Rasa gets back: enough for its rules, never the whole conversation
MAX_MEMORY_CONVERSATIONS = 10_000
LOADED = "_wattelt_loaded"  # the number of events loaded from the store (the rest are new)
FROM_DATABASE = "_wattelt_from_database"
KEY_PREFIX = "wattelt:tracker:"


def recent_events(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The last RECENT_EVENTS events, reaching back to the last message's user event when its turn is longer."""
    start = max(0, len(events) - RECENT_EVENTS)
    last_message = max((index for index, event in enumerate(events) if event.get("event") == "user"), default=start)
    return events[min(start, last_message) :]


class MemoryTranscripts:
    """The last events of conversations that may not be stored, in this process: at most `limit`
    conversations, each forgotten `ttl` seconds after its last turn (as in Redis)."""

    def __init__(self, limit: int = MAX_MEMORY_CONVERSATIONS, ttl: Optional[float] = None, clock: Any = time.monotonic):
        self._memory: ExpiringMemory[List[Dict[str, Any]]] = ExpiringMemory(ephemeral_ttl() if ttl is None else ttl, limit, clock)

    def load(self, sender_id: str) -> Optional[List[Dict[str, Any]]]:
        return self._memory.load(sender_id)

    def save(self, sender_id: str, events: List[Dict[str, Any]]) -> None:
        self._memory.save(sender_id, events)

    def delete(self, sender_id: str) -> None:
        self._memory.delete(sender_id)

    def keys(self) -> Iterable[str]:
        return self._memory.keys()


class RedisTranscripts:
    """The same in a Redis without persistence, shared by several Rasa servers."""

    def __init__(self, url: str, ttl: float):
        import redis

        self.red = redis.Redis.from_url(url, socket_timeout=5)
        self.ttl = int(ttl)

    def load(self, sender_id: str) -> Optional[List[Dict[str, Any]]]:
        value = self.red.get(KEY_PREFIX + sender_id)
        return json.loads(value) if value else None

    def save(self, sender_id: str, events: List[Dict[str, Any]]) -> None:
        self.red.set(KEY_PREFIX + sender_id, json.dumps(events), ex=self.ttl)

    def delete(self, sender_id: str) -> None:
        self.red.delete(KEY_PREFIX + sender_id)

    def keys(self) -> Iterable[str]:
        return [key.decode()[len(KEY_PREFIX) :] for key in self.red.scan_iter(KEY_PREFIX + "*")]


def memory_transcripts() -> Any:
    url = ephemeral_url()
    return RedisTranscripts(url, ephemeral_ttl()) if url else MemoryTranscripts()


class TranscriptTrackerStore(TrackerStore, SerializedTrackerAsText):
    def __init__(self, domain: Optional[Domain] = None, host: Optional[str] = None, event_broker: Any = None, **kwargs: Any):
        self.engine = create_database_engine(kwargs.get("url") or database_url())
        # reads take no write lock: a turn the action server is writing never holds up the Rasa
        # server (and its event loop) reading another conversation
        self.reader = read_only(self.engine)
        self.memory = memory_transcripts()
        super().__init__(domain, event_broker, **{k: v for k, v in kwargs.items() if k == "max_event_history"})

    # --- reading -------------------------------------------------------------------------------------
    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        try:
            events = self.memory.load(sender_id)
            from_database = False
            if events is None and self._consented(sender_id):
                with self.reader.connect() as connection:
                    events = transcript.recent(connection, sender_id, RECENT_EVENTS)
                from_database = True
        except Exception as error:
            logger.warning("transcript of %s not read (%s)", pseudonym(sender_id), type(error).__name__)
            return None
        return self._tracker(sender_id, events or [], from_database) if events else None

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        """The whole transcript (Rasa's HTTP API, replay for trainers)."""
        with self.reader.connect() as connection:
            events = transcript.everything(connection, conversation_id)
        if not events:
            events = self.memory.load(conversation_id) or []
        return self._tracker(conversation_id, events, from_database=False) if events else None

    async def keys(self) -> Iterable[str]:
        with self.reader.connect() as connection:
            stored = set(transcript.senders(connection))
        return stored | set(self.memory.keys())

    def _tracker(self, sender_id: str, events: List[Dict[str, Any]], from_database: bool) -> DialogueStateTracker:
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots if self.domain else [])
        setattr(tracker, LOADED, len(tracker.events))
        setattr(tracker, FROM_DATABASE, from_database)
        return tracker

    # --- writing -------------------------------------------------------------------------------------
    async def save(self, tracker: DialogueStateTracker) -> None:
        sender = tracker.sender_id
        events = [event.as_dict() for event in tracker.events]
        new = events[getattr(tracker, LOADED, 0) :]
        try:
            if any(event.get("event") == Restarted.type_name for event in new):
                self.forget(sender)  # "vergeet mij": nothing of this conversation stays
                return
            consented = self._consented(sender)
            if consented:
                with self.engine.begin() as connection:
                    transcript.append(connection, sender, events if not transcript.holds(connection, sender) else new)
                self.memory.delete(sender)
            elif getattr(tracker, FROM_DATABASE, False):
                self.forget(sender)  # forgotten while this turn ran: never write it back
            else:
                self.memory.save(sender, recent_events(events))
        except Exception as error:
            logger.warning("transcript of %s not saved (%s)", pseudonym(sender), type(error).__name__)
        else:
            await self.stream_events(tracker)
        setattr(tracker, LOADED, len(tracker.events))

    def forget(self, sender_id: str) -> None:
        self.memory.delete(sender_id)
        with self.engine.begin() as connection:
            transcript.remove(connection, sender_id)

    def _consented(self, sender_id: str) -> bool:
        """Whether the participant agreed to storing (the app's `participants` row)."""
        table = Participant.__table__
        with self.reader.connect() as connection:
            return connection.execute(select(table.c.id).where(table.c.id == sender_id)).first() is not None
