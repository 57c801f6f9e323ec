"""Rendered pictures and PDFs, kept so that a link does not render again on every request.

`MediaCache` keeps them in this process's memory (least recently used dropped past a bound in
bytes), or in Redis when MEDIA_CACHE_REDIS_URL (else EPHEMERAL_STORE_URL) is set, so that every
server shares one copy and one "vergeet mij" reaches it. Either way an entry expires after
MEDIA_LINK_HOURS (a link never outlives that), and every key names the resident by pseudonym
only: `wattelt:media:<pseudonym(owner)>:<name>`. `forget_owner` deletes all of one resident's.

A cached file is only served after the database confirmed that its board still exists at the
same versions (bot/rendering/media.py), so a stale entry in another process is never shown.
"""

import logging
import os
import threading
import time
from collections import OrderedDict
from functools import cache
from typing import Callable, Optional, Protocol, Tuple

from bot.pseudonyms import pseudonym
from bot.rendering.tokens import media_link_seconds
from bot.storage.ephemeral import ephemeral_url

log = logging.getLogger(__name__)

KEY_PREFIX = "wattelt:media:"
REDIS_URL_VARIABLE = "MEDIA_CACHE_REDIS_URL"
MAX_BYTES_VARIABLE = "MEDIA_CACHE_BYTES"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DELETE_BATCH = 500


class ByteStore(Protocol):
    def get(self, key: str) -> Optional[bytes]: ...
    def put(self, key: str, body: bytes) -> None: ...
    def delete_prefix(self, prefix: str) -> int: ...


class MemoryByteStore:
    """Bytes in this process: least recently used dropped past `max_bytes`, each expiring after `ttl`."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, ttl: float = 24 * 3600, clock: Callable[[], float] = time.monotonic):
        self._entries: OrderedDict[str, Tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self.max_bytes, self.ttl, self.clock = max_bytes, ttl, clock
        self.size = 0

    def get(self, key: str) -> Optional[bytes]:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < self.clock():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (self.clock() + self.ttl, body)
            self.size += len(body)
            while self.size > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def delete_prefix(self, prefix: str) -> int:
        with self._lock:
            keys = [key for key in self._entries if key.startswith(prefix)]
            for key in keys:
                self._drop(key)
            return len(keys)

    def _drop(self, key: str) -> None:
        self.size -= len(self._entries.pop(key)[1])


class RedisByteStore:
    """Bytes in Redis (run it without persistence), each key with an expiry."""

    def __init__(self, url: str, ttl: float):
        import redis

        self.red = redis.Redis.from_url(url, socket_timeout=5)
        self.ttl = max(1, int(ttl))

    def get(self, key: str) -> Optional[bytes]:
        return self.red.get(key)

    def put(self, key: str, body: bytes) -> None:
        self.red.set(key, body, ex=self.ttl)

    def delete_prefix(self, prefix: str) -> int:
        deleted, batch = 0, []
        for key in self.red.scan_iter(match=prefix + "*", count=DELETE_BATCH):
            batch.append(key)
            if len(batch) >= DELETE_BATCH:
                deleted += int(self.red.delete(*batch))
                batch = []
        if batch:
            deleted += int(self.red.delete(*batch))
        return deleted


class MediaCache:
    """Rendered files per resident: `get`/`put` by (owner, name), `forget_owner` for "vergeet mij".

    A failing Redis is a miss (the file is rendered again), never an error for the resident."""

    def __init__(self, store: Optional[ByteStore] = None):
        self.store: ByteStore = store if store is not None else MemoryByteStore(ttl=media_link_seconds())

    @classmethod
    def from_environment(cls) -> "MediaCache":
        url = os.environ.get(REDIS_URL_VARIABLE, "").strip() or ephemeral_url()
        if url:
            return cls(RedisByteStore(url, media_link_seconds()))
        max_bytes = int(os.environ.get(MAX_BYTES_VARIABLE) or DEFAULT_MAX_BYTES)
        return cls(MemoryByteStore(max_bytes=max_bytes, ttl=media_link_seconds()))

    @staticmethod
    def owner_prefix(owner: str) -> str:
        return f"{KEY_PREFIX}{pseudonym(owner)}:"

    def get(self, owner: str, name: str) -> Optional[bytes]:
        try:
            return self.store.get(self.owner_prefix(owner) + name)
        except Exception as error:  # Redis down or slow: render instead
            log.warning("media cache read failed (%s); rendering instead", type(error).__name__)
            return None

    def put(self, owner: str, name: str, body: bytes) -> None:
        try:
            self.store.put(self.owner_prefix(owner) + name, body)
        except Exception as error:
            log.warning("media cache write failed (%s); the file is not kept", type(error).__name__)

    def forget_owner(self, participant_id: str) -> int:
        """Delete every cached file of this resident's boards (how many); errors are raised."""
        return self.store.delete_prefix(self.owner_prefix(participant_id))


@cache
def shared_media_cache() -> MediaCache:
    """This process's cache, as configured by the environment (MediaService's default)."""
    return MediaCache.from_environment()


def forget_cached_media(participant_id: str) -> bool:
    """Forget the cached pictures and PDFs of a resident (called by the app's one forget()).

    Whether that worked; a failure is logged, never raised: the database is what counts, and a
    cached file of a board that is gone is never served (bot/rendering/media.py checks first)."""
    try:
        shared_media_cache().forget_owner(participant_id)
    except Exception as error:
        log.warning("forgetting cached media of %s failed (%s)", pseudonym(participant_id), type(error).__name__)
        return False
    return True
