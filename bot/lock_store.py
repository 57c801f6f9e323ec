"""A Redis lock store that keeps one conversation on one Rasa server at a time, also under a race.

Loaded by the Rasa server through deploy/endpoints.yml (`type: bot.lock_store.ConcurrentRedisLockStore`).

Why not Rasa's own `type: redis`: its RedisLockStore keeps a conversation's tickets as one JSON
value and issues a ticket by reading that value, appending and writing it back. Two servers that
receive a message for the same conversation at the same moment can both read "no tickets", both
take ticket 0 and both handle their message at once; the SQL tracker store then keeps only the
events of the first save, and the other message is lost (RasaHQ/rasa#9213; the fix,
ConcurrentRedisLockStore, was reverted from Rasa Open Source).

Here every change is one Lua script, which Redis runs atomically:
- issuing a ticket (INCR on `<prefix>:lock:<conversation>:last`, ZADD into the sorted set
  `<prefix>:lock:<conversation>:tickets` with the expiry as score, EXPIRE on both keys) is one
  EVAL, so no other server can see a number that is issued but not yet waiting;
- the lowest unexpired ticket number is served; the others wait, as in Rasa's ticket lock;
- expiry times come from the Redis server's clock, so servers with skewed clocks agree.

A ticket lives `lock_lifetime` seconds (Rasa's TICKET_LOCK_LIFETIME, default 60) and is renewed
every quarter of that while its holder waits or handles the message, however long the action
server takes (Rasa waits up to rasa.core.constants.DEFAULT_REQUEST_TIMEOUT = 300 s per action
call). Only a server that died stops renewing: its ticket then expires and the conversation
moves on. Both keys carry a Redis expiry longer than every ticket in them, so nothing stays behind.
`<conversation>` is a keyed hash of the conversation id (bot/pseudonyms.py `opaque_key`), so no
key names a participant, also not in the minutes before it expires.
"""

import asyncio
import logging
import math
import time
from collections import deque
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, List, Optional, Tuple

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore

from bot.pseudonyms import opaque_key, pseudonym

logger = logging.getLogger(__name__)

DEFAULT_KEY_PREFIX = "wattelt"
SOCKET_TIMEOUT_SECONDS = 10
KEY_MARGIN_SECONDS = 60
WAIT_BETWEEN_TRIES_SECONDS = 0.1  # Rasa's default is 1 s: a queue of messages would crawl
RENEWALS_PER_LIFETIME = 4

# Shared by the scripts: the Redis clock in seconds, and a key expiry that only ever grows.
_LUA_HELPERS = """
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local function keep_for(key, seconds)
  if redis.call('TTL', key) < seconds then redis.call('EXPIRE', key, seconds) end
end
"""

# KEYS: counter, tickets. ARGV: lifetime (s), key expiry (s). Returns the new ticket number.
ISSUE_SCRIPT = (
    _LUA_HELPERS
    + """
local number = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], now() + tonumber(ARGV[1]), number)
keep_for(KEYS[1], tonumber(ARGV[2]))
keep_for(KEYS[2], tonumber(ARGV[2]))
return number
"""
)

# KEYS: counter, tickets. ARGV: ticket number, lifetime (s), key expiry (s).
# Returns 1 when the ticket was still there (now renewed), 0 when it had gone.
RENEW_SCRIPT = (
    _LUA_HELPERS
    + """
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[2], 'XX', now() + tonumber(ARGV[2]), ARGV[1])
keep_for(KEYS[1], tonumber(ARGV[3]))
keep_for(KEYS[2], tonumber(ARGV[3]))
return 1
"""
)

# KEYS: tickets. Drops expired tickets; returns the Redis time and the rest as [member, score, ...].
CURRENT_SCRIPT = (
    _LUA_HELPERS
    + """
local t = now()
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t)
return {tostring(t), redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')}
"""
)


def key_lifetime(lock_lifetime: float) -> int:
    return math.ceil(lock_lifetime) + KEY_MARGIN_SECONDS


class ConcurrentRedisLockStore(LockStore):
    def __init__(
        self,
        endpoint_config: Any = None,
        host: str = "127.0.0.1",
        port: int = 6379,
        db: int = 1,
        password: Optional[str] = None,
        key_prefix: str = DEFAULT_KEY_PREFIX,
    ) -> None:
        import redis

        if endpoint_config is not None:
            settings = dict(endpoint_config.kwargs)
            host = endpoint_config.url or settings.get("host", host)
            port, db = settings.get("port", port), settings.get("db", db)
            password, key_prefix = settings.get("password", password), settings.get("key_prefix", key_prefix)
        self.red = redis.StrictRedis(
            host=host, port=int(port), db=int(db), password=password, socket_timeout=SOCKET_TIMEOUT_SECONDS
        )
        self.key_prefix = f"{key_prefix}:lock:"
        self._issue = self.red.register_script(ISSUE_SCRIPT)
        self._renew = self.red.register_script(RENEW_SCRIPT)
        self._current = self.red.register_script(CURRENT_SCRIPT)
        super().__init__()

    def _conversation_key(self, conversation_id: str) -> str:
        """The conversation's keys are named by a keyed hash, so Redis never names a participant."""
        return self.key_prefix + opaque_key(conversation_id, "lock")

    def _tickets_key(self, conversation_id: str) -> str:
        return self._keys(conversation_id)[1]

    def _last_issued_key(self, conversation_id: str) -> str:
        return self._keys(conversation_id)[0]

    def _keys(self, conversation_id: str) -> List[str]:
        """The counter and the tickets of a conversation (its keyed hash computed once)."""
        base = self._conversation_key(conversation_id)
        return [f"{base}:last", f"{base}:tickets"]

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return int(self._issue(keys=self._keys(conversation_id), args=[lock_lifetime, key_lifetime(lock_lifetime)]))
        except Exception as error:  # the same contract as Rasa's LockStore.issue_ticket
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def renew_ticket(self, conversation_id: str, ticket_number: int, lock_lifetime: float = LOCK_LIFETIME) -> bool:
        """Give a ticket another `lock_lifetime` from now; False when it had already gone."""
        args = [ticket_number, lock_lifetime, key_lifetime(lock_lifetime)]
        return bool(self._renew(keys=self._keys(conversation_id), args=args))

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = WAIT_BETWEEN_TRIES_SECONDS,
    ) -> AsyncGenerator[TicketLock, None]:
        """Rasa's ticket lock, with the ticket renewed from the moment it is issued until it is given back."""
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        renewal = asyncio.ensure_future(self._keep_renewing(conversation_id, ticket, lock_lifetime))
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            renewal.cancel()
            self.cleanup(conversation_id, ticket)

    async def _keep_renewing(self, conversation_id: str, ticket_number: int, lock_lifetime: float) -> None:
        while True:
            await asyncio.sleep(lock_lifetime / RENEWALS_PER_LIFETIME)
            try:
                if not self.renew_ticket(conversation_id, ticket_number, lock_lifetime):
                    logger.warning("participant=%s lock ticket expired before it could be renewed", pseudonym(conversation_id))
                    return
            except Exception as error:  # Redis away for a moment: try again at the next interval
                logger.warning("participant=%s lock ticket renewal failed: %s", pseudonym(conversation_id), type(error).__name__)

    def _current_tickets(self, conversation_id: str) -> Tuple[float, List[Tuple[int, float]]]:
        """The Redis time and the unexpired tickets (number, expiry on the Redis clock), expired ones dropped."""
        redis_now, flat = self._current(keys=[self._tickets_key(conversation_id)])
        pairs = [(int(flat[i]), float(flat[i + 1])) for i in range(0, len(flat), 2)]
        return float(redis_now), pairs

    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        redis_now, entries = self._current_tickets(conversation_id)
        if not entries:
            return None
        # Rasa's TicketLock checks expiry against this machine's clock: translate from the Redis clock.
        offset = time.time() - redis_now
        tickets = sorted((Ticket(number, expires + offset) for number, expires in entries), key=lambda t: t.number)
        return TicketLock(conversation_id, deque(tickets))

    def update_lock(self, conversation_id: str) -> None:
        """Drop expired tickets (one script, so it cannot undo a ticket issued meanwhile)."""
        self._current_tickets(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        """Not used by this store: tickets are added by issue_ticket and removed one by one."""
        raise NotImplementedError("ConcurrentRedisLockStore changes tickets only through its atomic scripts")

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.red.zrem(self._tickets_key(conversation_id), str(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Redis removes a sorted set with its last member; the counter expires on its own.
        # (Rasa's cleanup deletes the whole lock when it sees nobody waiting, which can drop a
        # ticket another server issued in between.)
        self.finish_serving(conversation_id, ticket_number)

    def delete_lock(self, conversation_id: str) -> None:
        deleted = self.red.delete(*self._keys(conversation_id))
        self._log_deletion(conversation_id, bool(deleted))
