"""bot.lock_store.ConcurrentRedisLockStore against the machine's real Redis (db 5, own key prefix):
two stores stand for two Rasa servers, each with its own connection, racing for one conversation."""

import asyncio
import os
import threading
import time
import uuid

import pytest
from rasa.core.lock_store import LockError, LockStore
from rasa.core.utils import read_endpoints_from_path

from bot.lock_store import ConcurrentRedisLockStore

LOCK_DB = 5


@pytest.fixture
def stores(redis_url):
    prefix = f"test{uuid.uuid4().hex[:10]}"
    servers = [ConcurrentRedisLockStore(db=LOCK_DB, key_prefix=prefix) for _ in range(2)]
    yield servers
    for key in servers[0].red.scan_iter(f"{prefix}:*"):
        servers[0].red.delete(key)


def run_at_once(count, work):
    """Start `count` threads that call work(index) as close to the same moment as possible."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def thread(index):
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as error:  # reported below, with the assertion
            errors.append(error)

    threads = [threading.Thread(target=thread, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_tickets_issued_at_the_same_moment_on_two_servers_are_all_different(stores):
    numbers = run_at_once(40, lambda i: stores[i % 2].issue_ticket("rest:race", 30))
    assert sorted(numbers) == list(range(1, 41))
    lock = stores[0].get_lock("rest:race")
    assert [t.number for t in lock.tickets] == list(range(1, 41))
    assert lock.now_serving == 1


def test_no_server_ever_sees_a_ticket_number_issued_but_not_yet_waiting(stores):
    """INCR, ZADD and EXPIRE are one step: a snapshot between them would let a later ticket be
    served first (the number is taken, the ticket not yet in the queue)."""
    red = stores[0].red
    counter, tickets = stores[0]._last_issued_key("rest:gap"), stores[0]._tickets_key("rest:gap")
    issuing_done, gaps, snapshots = threading.Event(), [], [0]

    def observe():
        while not issuing_done.is_set():
            with red.pipeline(transaction=True) as snapshot:  # MULTI/EXEC: one consistent moment
                issued, waiting = snapshot.get(counter).zcard(tickets).execute()
            snapshots[0] += 1
            if int(issued or 0) != waiting:
                gaps.append((issued, waiting))

    observer = threading.Thread(target=observe)
    observer.start()
    try:
        run_at_once(8, lambda i: [stores[i % 2].issue_ticket("rest:gap", 60) for _ in range(150)])
    finally:
        issuing_done.set()
        observer.join(30)
    assert snapshots[0] > 100, "the observer hardly looked"
    assert gaps == []
    assert int(red.get(counter)) == red.zcard(tickets) == 1200
    assert 0 < red.ttl(counter) <= 120 and 0 < red.ttl(tickets) <= 120


def test_only_one_server_handles_a_conversation_at_a_time(stores):
    inside, most_inside, handled = [0], [0], []
    guard = threading.Lock()

    async def handle(store, index):
        async with store.lock("rest:busy", lock_lifetime=30, wait_time_in_seconds=0.01):
            with guard:
                inside[0] += 1
                most_inside[0] = max(most_inside[0], inside[0])
            await asyncio.sleep(0.02)
            with guard:
                inside[0] -= 1
                handled.append(index)

    run_at_once(12, lambda i: asyncio.run(handle(stores[i % 2], i)))
    assert most_inside[0] == 1
    assert sorted(handled) == list(range(12))
    # the last one out leaves no tickets behind
    assert not stores[0].red.exists(stores[0]._tickets_key("rest:busy"))


def test_a_lock_held_longer_than_its_lifetime_keeps_the_other_server_out(stores):
    """A slow action (Rasa waits up to 300 s for one) must not let a second server in: the
    holder renews its ticket. Here the lifetime is 0.4 s and the holder keeps the lock 2 s."""
    events = []

    async def slow_turn(entered: threading.Event):
        async with stores[0].lock("rest:slow", lock_lifetime=0.4, wait_time_in_seconds=0.01):
            events.append("first in")
            entered.set()
            await asyncio.sleep(2.0)  # the slow action itself, not a synchronisation
            events.append("first out")

    async def next_turn(entered: threading.Event):
        await asyncio.get_running_loop().run_in_executor(None, entered.wait, 10)
        async with stores[1].lock("rest:slow", lock_lifetime=0.4, wait_time_in_seconds=0.01):
            events.append("second in")

    entered = threading.Event()
    run_at_once(2, lambda i: asyncio.run((slow_turn, next_turn)[i](entered)))
    assert events == ["first in", "first out", "second in"]


def test_a_waiting_ticket_is_renewed_too(stores):
    """A message queued behind a slow one keeps its place however long it waits (lifetime 0.3 s, wait 1.5 s)."""
    order, first_in = [], threading.Event()

    async def first():
        async with stores[0].lock("rest:queue-long", lock_lifetime=0.3, wait_time_in_seconds=0.01):
            order.append("first")
            first_in.set()
            await asyncio.sleep(1.5)  # the slow action itself

    async def second():
        await asyncio.get_running_loop().run_in_executor(None, first_in.wait, 10)
        async with stores[1].lock("rest:queue-long", lock_lifetime=0.3, wait_time_in_seconds=0.01):
            order.append("second")

    run_at_once(2, lambda i: asyncio.run((first, second)[i]()))
    assert order == ["first", "second"]


def test_the_ticket_first_issued_is_served_first(stores):
    first = stores[0].issue_ticket("rest:queue", 30)
    second = stores[1].issue_ticket("rest:queue", 30)
    assert stores[1].get_lock("rest:queue").is_locked(second)
    assert not stores[0].get_lock("rest:queue").is_locked(first)
    stores[0].cleanup("rest:queue", first)
    assert not stores[1].get_lock("rest:queue").is_locked(second)


def test_a_ticket_of_a_server_that_died_expires_and_the_conversation_moves_on(stores):
    stores[0].issue_ticket("rest:stuck", 0.3)  # issued, never renewed: the server died holding it
    wait_until(lambda: stores[1].get_lock("rest:stuck") is None)

    async def next_message():
        async with stores[1].lock("rest:stuck", lock_lifetime=30, wait_time_in_seconds=0.01) as lock:
            return lock.now_serving

    assert asyncio.run(asyncio.wait_for(next_message(), 5)) == 2


def test_a_ticket_gone_before_renewal_is_not_brought_back(stores):
    number = stores[0].issue_ticket("rest:gone", 30)
    stores[0].cleanup("rest:gone", number)
    assert stores[0].renew_ticket("rest:gone", number, 30) is False
    assert stores[0].get_lock("rest:gone") is None


def test_the_expiry_comes_from_the_redis_clock_not_the_server_clock(stores, monkeypatch):
    """A server whose clock runs ahead must not see the other server's live ticket as expired."""
    held = stores[0].issue_ticket("rest:skew", 30)
    waiting = stores[1].issue_ticket("rest:skew", 30)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 120)
    lock = stores[1].get_lock("rest:skew")
    assert [t.number for t in lock.tickets] == [held, waiting]
    assert lock.is_locked(waiting)


def test_no_lock_key_names_the_conversation(stores):
    conversation = f"rest:{uuid.uuid4().hex}"
    stores[0].issue_ticket(conversation, 30)
    names = [key.decode() for key in stores[0].red.scan_iter(f"{stores[0].key_prefix}*")]
    assert len(names) >= 2 and not [name for name in names if conversation in name or conversation[5:] in name]


def test_a_redis_outage_while_issuing_a_ticket_is_a_lock_error(redis_url):
    unreachable = ConcurrentRedisLockStore(port=1, key_prefix="unreachable")
    with pytest.raises(LockError):
        unreachable.issue_ticket("rest:any", 30)


def test_the_deployment_endpoints_select_this_lock_store(monkeypatch, redis_url):
    for name, value in {
        "ACTION_SERVER_URL": "http://127.0.0.1:5055/webhook",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "REDIS_LOCK_DB": str(LOCK_DB),
    }.items():
        monkeypatch.setenv(name, value)
    endpoints = read_endpoints_from_path(os.path.join(os.path.dirname(__file__), "..", "..", "deploy", "endpoints.yml"))
    store = LockStore.create(endpoints.lock_store)
    assert isinstance(store, ConcurrentRedisLockStore)
    assert store.red.connection_pool.connection_kwargs["db"] == LOCK_DB
    assert store.key_prefix == "wattelt:lock:"
