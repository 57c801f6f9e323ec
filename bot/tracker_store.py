"""Rasa tracker store that keeps a conversation on disk only while the participant consents.

Loaded by the Rasa server through endpoints.yml (`type: bot.tracker_store.ConsentGatedTrackerStore`);
only that process imports Rasa here. The rule is one line: a tracker whose slot `consent`
is true is saved in the SQL tracker store (table `events` of DATABASE_URL, beside the
answers); any other tracker lives only in memory, and saving one whose consent is false deletes
what was stored before, so withdrawing consent ("vergeet mij") removes the stored conversation too.
A tracker without any consent answer never overwrites a stored conversation: that is Rasa's new
tracker after reading the stored one failed (database away), see `save`.
"Memory" is this process's, or, with several Rasa servers behind a load balancer, a Redis
without persistence (EPHEMERAL_TRACKER_STORE_URL), so any server can continue a conversation.
"""

import os
from collections import OrderedDict
from typing import Iterable, Optional
from urllib.parse import urlparse

from rasa.core.tracker_store import (
    InMemoryTrackerStore,
    RedisTrackerStore,
    SerializedTrackerAsText,
    SQLTrackerStore,
    TrackerStore,
    create_engine_kwargs,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from bot.config import database_url
from bot.storage.tracker_events import count_tracker_events, delete_tracker_events

CONSENT_SLOT = "consent"
MAX_EPHEMERAL_CONVERSATIONS = 10_000
DEFAULT_EPHEMERAL_TTL = 7 * 24 * 3600


class StoredConversationNotLoaded(RuntimeError):
    """Rasa made a new tracker for a conversation the database holds (reading it had failed)."""


class CheckedSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store with each pooled connection checked before use (pool_pre_ping).

    Without it, the first message after a database restart meets a dead connection, reading
    the conversation fails and Rasa carries on with a new, empty tracker.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sessionmaker(bind=self.engine)

    def holds(self, sender_id: str) -> bool:
        with self.engine.connect() as connection:
            return count_tracker_events(connection, sender_id) > 0


def sql_tracker_store_for(url: str, domain: Optional[Domain], event_broker=None) -> SQLTrackerStore:
    parsed = make_url(url)
    return CheckedSQLTrackerStore(
        domain=domain,
        dialect=parsed.drivername,
        host=parsed.host,
        port=parsed.port,
        db=parsed.database,
        username=parsed.username,
        password=parsed.password,
        query=dict(parsed.query) or None,
        event_broker=event_broker,
    )


class BoundedInMemoryTrackerStore(InMemoryTrackerStore):
    """In-memory trackers, the oldest dropped past a bound (they were never promised to be kept)."""

    def __init__(self, domain: Optional[Domain], limit: int = MAX_EPHEMERAL_CONVERSATIONS):
        super().__init__(domain or Domain.empty())
        self.store = OrderedDict()
        self.limit = limit

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self.store.move_to_end(tracker.sender_id)
        while len(self.store) > self.limit:
            self.store.popitem(last=False)

    def forget(self, sender_id: str) -> None:
        self.store.pop(sender_id, None)

    def holds(self, sender_id: str) -> bool:
        return sender_id in self.store


class SharedEphemeralTrackerStore(RedisTrackerStore):
    """Conversations before consent in Redis, for several Rasa servers behind one load balancer.

    Run that Redis without persistence (no RDB, no AOF): these trackers were never promised to be
    kept, and they expire after EPHEMERAL_TTL_SECONDS (default a week) without a new message.
    """

    def __init__(self, domain: Optional[Domain], url: str):
        parsed = urlparse(url)
        super().__init__(
            domain or Domain.empty(),
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or 6379,
            db=int((parsed.path or "/0").lstrip("/") or 0),
            password=parsed.password,
            record_exp=int(os.environ.get("EPHEMERAL_TTL_SECONDS", DEFAULT_EPHEMERAL_TTL)),
            key_prefix="wattelt",
        )

    def forget(self, sender_id: str) -> None:
        self.red.delete(self.key_prefix + sender_id)

    def holds(self, sender_id: str) -> bool:
        return bool(self.red.exists(self.key_prefix + sender_id))


def ephemeral_store_for(domain: Optional[Domain]):
    """Before consent: this process's memory, or Redis when EPHEMERAL_TRACKER_STORE_URL is set (scale-out)."""
    url = os.environ.get("EPHEMERAL_TRACKER_STORE_URL")
    return SharedEphemeralTrackerStore(domain, url) if url else BoundedInMemoryTrackerStore(domain)


class ConsentGatedTrackerStore(TrackerStore, SerializedTrackerAsText):
    def __init__(self, domain: Optional[Domain] = None, host: Optional[str] = None, event_broker=None, **kwargs):
        self.persistent = sql_tracker_store_for(kwargs.get("url") or database_url(), domain, event_broker)
        self.ephemeral = ephemeral_store_for(domain)
        super().__init__(domain, event_broker)

    @property
    def domain(self) -> Domain:
        return self.persistent.domain

    @domain.setter
    def domain(self, domain: Optional[Domain]) -> None:
        self.persistent.domain = domain or Domain.empty()
        self.ephemeral.domain = domain or Domain.empty()

    async def save(self, tracker: DialogueStateTracker) -> None:
        consent = tracker.get_slot(CONSENT_SLOT)
        if consent is True:
            await self.persistent.save(tracker)
            self.ephemeral.forget(tracker.sender_id)
            return
        if consent is None and self.persistent.holds(tracker.sender_id):
            # No answer to the consent question yet, yet the database holds this conversation:
            # Rasa could not read it (the database was away) and made a new tracker. Keep neither
            # (Rasa's fail-safe store keeps it in memory for this turn); the stored one stays intact.
            raise StoredConversationNotLoaded(f"conversation {tracker.sender_id} is stored but was not loaded; not overwritten")
        # Consent refused or withdrawn ("vergeet mij"): delete what was stored. Delete first: when
        # the database is away this fails before anything is kept in memory, so a tracker in memory
        # can never shadow the stored conversation once the database is back.
        with self.persistent.engine.begin() as connection:
            delete_tracker_events(connection, tracker.sender_id)
        await self.ephemeral.save(tracker)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        if self.ephemeral.holds(sender_id):
            return await self.ephemeral.retrieve(sender_id)
        return await self.persistent.retrieve(sender_id)

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        if self.ephemeral.holds(conversation_id):
            return await self.ephemeral.retrieve_full_tracker(conversation_id)
        return await self.persistent.retrieve_full_tracker(conversation_id)

    async def keys(self) -> Iterable[str]:
        return set(await self.persistent.keys()) | set(await self.ephemeral.keys())
