"""bot.lock_store.ConcurrentRedisLockStore against the machine's real Redis: two stores stand for
two Rasa servers, each with its own connection, racing for the same conversation."""

import asyncio
import os
import threading
import time
import uuid

import pytest
from rasa.core.lock_store import LockError, LockStore
from rasa.core.utils import read_endpoints_from_path

from bot.lock_store import ConcurrentRedisLockStore

LOCK_DB = 3


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


def test_tickets_issued_at_the_same_moment_on_two_servers_are_all_different(stores):
    numbers = run_at_once(40, lambda i: stores[i % 2].issue_ticket("rest:race", 30))
    assert sorted(numbers) == list(range(1, 41))
    lock = stores[0].get_lock("rest:race")
    assert [t.number for t in lock.tickets] == list(range(1, 41))
    assert lock.now_serving == 1


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


def test_the_ticket_first_issued_is_served_first(stores):
    first = stores[0].issue_ticket("rest:queue", 30)
    second = stores[1].issue_ticket("rest:queue", 30)
    assert stores[1].get_lock("rest:queue").is_locked(second)
    assert not stores[0].get_lock("rest:queue").is_locked(first)
    stores[0].cleanup("rest:queue", first)
    assert not stores[1].get_lock("rest:queue").is_locked(second)


def test_an_expired_ticket_no_longer_blocks_the_conversation(stores):
    stores[0].issue_ticket("rest:stuck", 0.05)  # a server that died while holding the lock
    time.sleep(0.1)

    async def next_message():
        async with stores[1].lock("rest:stuck", lock_lifetime=30, wait_time_in_seconds=0.01) as lock:
            return lock.now_serving

    assert asyncio.run(asyncio.wait_for(next_message(), 5)) == 2


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
