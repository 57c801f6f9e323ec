"""Which Telegram updates were handled already, so a redelivered update never runs its turn twice.

Telegram sends an update again when our answer was late or not 200. With several Rasa servers
behind a load balancer the repeat can reach another server, so the memory is shared in Redis:
- TELEGRAM_DEDUPE_REDIS_URL (e.g. redis://redis:6379/1), else the lock store's Redis from
  REDIS_HOST / REDIS_PORT / REDIS_LOCK_DB (deploy/endpoints.yml), else this process's memory
  (enough for one server: `make run`).

One key per update, `wattelt:telegram:<bot id>:update:<update id>` (update ids are per bot; no
chat id, no text), holding:
- `claimed:<random>` while one server handles it (SET NX; expires after CLAIM_SECONDS, longer than
  Rasa's action timeout, should that server die), or
- `done` once the turn happened (kept DONE_SECONDS: Telegram redelivers for up to 24 hours).

`claim` answers NEW (handle it), DONE (a duplicate) or BUSY: another server is handling it right
now and did not finish within BUSY_WAIT_SECONDS, or Redis is unreachable; the channel then answers
500 so Telegram sends the update again later, when it is either done or released. A turn that
failed is released, so its redelivery is handled.
"""

import asyncio
import enum
import logging
import os
import time
import uuid
from collections import OrderedDict
from typing import Any, Dict, Optional, Protocol

from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT

logger = logging.getLogger("bot.channels.telegram")

URL_VARIABLE = "TELEGRAM_DEDUPE_REDIS_URL"
KEY_PREFIX = "wattelt:telegram"
CLAIM_SECONDS = 2 * DEFAULT_REQUEST_TIMEOUT  # Rasa waits up to 300 s for one action call
DONE_SECONDS = 26 * 3600  # Telegram keeps an unconfirmed update for 24 hours
BUSY_WAIT_SECONDS = 20.0
POLL_SECONDS = 0.05
REMEMBERED_IN_MEMORY = 4096

# Delete the key only while it still holds our own claim (it may have expired and been claimed again).
RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class Claim(enum.Enum):
    NEW = "new"
    DONE = "done"
    BUSY = "busy"


class UpdateMemory(Protocol):
    async def seen(self, update_id: int) -> bool: ...

    async def claim(self, update_id: int) -> Claim: ...

    async def done(self, update_id: int) -> None: ...

    async def release(self, update_id: int) -> None: ...

    async def close(self) -> None: ...


class InProcessUpdateMemory:
    """One server: handled update ids in a bounded dict (the newest REMEMBERED_IN_MEMORY)."""

    def __init__(self, remembered: int = REMEMBERED_IN_MEMORY, claim_seconds: float = CLAIM_SECONDS):
        self._done: OrderedDict[int, None] = OrderedDict()
        self._claims: Dict[int, float] = {}
        self._remembered, self._claim_seconds = remembered, claim_seconds

    async def seen(self, update_id: int) -> bool:
        return update_id in self._done

    async def claim(self, update_id: int) -> Claim:
        if update_id in self._done:
            return Claim.DONE
        if self._claims.get(update_id, 0.0) > time.monotonic():
            return Claim.BUSY
        self._claims[update_id] = time.monotonic() + self._claim_seconds
        return Claim.NEW

    async def done(self, update_id: int) -> None:
        self._claims.pop(update_id, None)
        self._done[update_id] = None
        self._done.move_to_end(update_id)
        while len(self._done) > self._remembered:
            self._done.popitem(last=False)

    async def release(self, update_id: int) -> None:
        self._claims.pop(update_id, None)

    async def close(self) -> None:
        return None


class RedisUpdateMemory:
    """Several servers: the update ids in Redis (redis.asyncio; one client per event loop)."""

    def __init__(
        self,
        url: str,
        bot_id: str = "bot",
        claim_seconds: int = CLAIM_SECONDS,
        done_seconds: int = DONE_SECONDS,
        busy_wait_seconds: float = BUSY_WAIT_SECONDS,
    ):
        import redis.asyncio

        self.red: Any = redis.asyncio.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
        self.prefix = f"{KEY_PREFIX}:{bot_id}:update:"
        self.claim_seconds, self.done_seconds, self.busy_wait_seconds = claim_seconds, done_seconds, busy_wait_seconds
        self._owners: Dict[int, str] = {}

    def key(self, update_id: int) -> str:
        return f"{self.prefix}{update_id}"

    async def seen(self, update_id: int) -> bool:
        try:
            return await self.red.get(self.key(update_id)) == b"done"
        except Exception as error:  # claim() decides what an outage means
            logger.warning("telegram update memory: Redis lookup failed: %s", type(error).__name__)
            return False

    async def claim(self, update_id: int) -> Claim:
        key, mine = self.key(update_id), f"claimed:{uuid.uuid4().hex}"
        deadline = time.monotonic() + self.busy_wait_seconds
        while True:
            try:
                if await self.red.set(key, mine, nx=True, ex=self.claim_seconds):
                    self._owners[update_id] = mine
                    return Claim.NEW
                state = await self.red.get(key)
            except Exception as error:  # without the shared memory a repeat could run twice: not now
                logger.warning("telegram update memory: Redis unavailable: %s", type(error).__name__)
                return Claim.BUSY
            if state == b"done":
                return Claim.DONE
            if state is not None:  # another server handles it: wait for it to finish or let go
                if time.monotonic() >= deadline:
                    return Claim.BUSY
                await asyncio.sleep(POLL_SECONDS)

    async def done(self, update_id: int) -> None:
        self._owners.pop(update_id, None)
        try:
            await self.red.set(self.key(update_id), "done", ex=self.done_seconds)
        except Exception as error:  # the claim stays and expires: a repeat meanwhile is answered 500
            logger.warning("telegram update memory: could not mark an update done: %s", type(error).__name__)

    async def release(self, update_id: int) -> None:
        mine = self._owners.pop(update_id, None)
        if mine is None:
            return
        try:
            await self.red.eval(RELEASE_SCRIPT, 1, self.key(update_id), mine)
        except Exception as error:  # the claim expires by itself
            logger.warning("telegram update memory: could not release an update: %s", type(error).__name__)

    async def close(self) -> None:
        await self.red.close()
        await self.red.connection_pool.disconnect()


def bot_id(token: str) -> str:
    """The bot's numeric id (the public part of its token, before the colon), else "bot"."""
    head = (token or "").split(":", 1)[0]
    return head if head.isdigit() else "bot"


def redis_url_from_environment(environ: Optional[Dict[str, str]] = None) -> Optional[str]:
    environment = os.environ if environ is None else environ
    url = environment.get(URL_VARIABLE, "").strip()
    if url:
        return url
    host = environment.get("REDIS_HOST", "").strip()
    if host:
        port = environment.get("REDIS_PORT", "").strip() or "6379"
        db = environment.get("REDIS_LOCK_DB", "").strip() or "1"
        return f"redis://{host}:{port}/{db}"
    return None


def update_memory_from_environment(token: str = "") -> UpdateMemory:
    url = redis_url_from_environment()
    if url:
        logger.info("telegram: update ids remembered in Redis, shared by all servers")
        return RedisUpdateMemory(url, bot_id(token))
    logger.info("telegram: update ids remembered in this process only (set %s with several servers)", URL_VARIABLE)
    return InProcessUpdateMemory()
