"""A Redis lock store that keeps one conversation on one Rasa server at a time, also under a race.

Loaded by the Rasa server through deploy/endpoints.yml (`type: bot.lock_store.ConcurrentRedisLockStore`).

Why not Rasa's own `type: redis`: its RedisLockStore keeps a conversation's tickets as one JSON
value and issues a ticket by reading that value, appending and writing it back. Two servers that
receive a message for the same conversation at the same moment can both read "no tickets", both
take ticket 0 and both handle their message at once; the SQL tracker store then keeps only the
events of the first save, and the other message is lost. Our scale-out test saw exactly that
(RasaHQ/rasa#9213; the fix, ConcurrentRedisLockStore, was reverted from Rasa Open Source).

Here every step is one atomic Redis command, so no read-modify-write can interleave:
- the ticket number comes from INCR on `<prefix>:lock:<conversation>:last`;
- the waiting tickets are a sorted set `<prefix>:lock:<conversation>:tickets`, member the ticket
  number and score the time it expires, so ZADD, ZREM and ZREMRANGEBYSCORE (expired tickets) are
  each one command;
- the lowest unexpired ticket number is served; the others wait, as in Rasa's ticket lock.
Both keys carry a Redis expiry a little longer than a ticket's lifetime, so nothing stays behind.
"""

import math
import time
from collections import deque
from typing import Optional

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore

DEFAULT_KEY_PREFIX = "wattelt"
SOCKET_TIMEOUT_SECONDS = 10
KEY_MARGIN_SECONDS = 60


class ConcurrentRedisLockStore(LockStore):
    def __init__(
        self,
        endpoint_config=None,
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
        super().__init__()

    def _tickets_key(self, conversation_id: str) -> str:
        return f"{self.key_prefix}{conversation_id}:tickets"

    def _last_issued_key(self, conversation_id: str) -> str:
        return f"{self.key_prefix}{conversation_id}:last"

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        keep_keys_for = math.ceil(lock_lifetime) + KEY_MARGIN_SECONDS
        try:
            number = int(self.red.incr(self._last_issued_key(conversation_id)))
            with self.red.pipeline(transaction=True) as pipeline:
                pipeline.zadd(self._tickets_key(conversation_id), {str(number): time.time() + lock_lifetime})
                pipeline.expire(self._tickets_key(conversation_id), keep_keys_for)
                pipeline.expire(self._last_issued_key(conversation_id), keep_keys_for)
                pipeline.execute()
        except Exception as error:  # the same contract as Rasa's LockStore.issue_ticket
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        return number

    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        self.update_lock(conversation_id)
        entries = self.red.zrange(self._tickets_key(conversation_id), 0, -1, withscores=True)
        if not entries:
            return None
        tickets = sorted((Ticket(int(member), expires) for member, expires in entries), key=lambda ticket: ticket.number)
        return TicketLock(conversation_id, deque(tickets))

    def update_lock(self, conversation_id: str) -> None:
        """Drop expired tickets (one command, so it cannot undo a ticket issued meanwhile)."""
        self.red.zremrangebyscore(self._tickets_key(conversation_id), "-inf", time.time())

    def save_lock(self, lock: TicketLock) -> None:
        """Add the lock's tickets; tickets are only ever removed one by one (finish_serving)."""
        if lock.tickets:
            self.red.zadd(self._tickets_key(lock.conversation_id), {str(t.number): t.expires for t in lock.tickets})

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.red.zrem(self._tickets_key(conversation_id), str(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Redis removes a sorted set with its last member; the counter expires on its own.
        # (Rasa's cleanup deletes the whole lock when it sees nobody waiting, which can drop a
        # ticket another server issued in between.)
        self.finish_serving(conversation_id, ticket_number)

    def delete_lock(self, conversation_id: str) -> None:
        deleted = self.red.delete(self._tickets_key(conversation_id), self._last_issued_key(conversation_id))
        self._log_deletion(conversation_id, bool(deleted))
