"""bot/channels/telegram_dedupe.py: handled Telegram update ids, shared by servers through the real
Redis (db 5, random update ids, only our own keys removed), and the in-process memory for one server."""

import asyncio
import os
import random

import pytest

from bot.channels.telegram_dedupe import (
    CLAIM_SECONDS,
    DONE_SECONDS,
    Claim,
    InProcessUpdateMemory,
    RedisUpdateMemory,
    bot_id,
    redis_url_from_environment,
)

DEDUPE_URL = "redis://127.0.0.1:6379/5"
BOT_ID = f"42{os.getpid()}"  # one per test process: a parallel worker never removes or counts our keys


def fresh_update_id() -> int:
    return random.randrange(10**12, 10**13)


def run(scenario):
    """Run scenario(memories) with two servers' memories (each its own client) and clean up their keys."""

    async def go():
        servers = [RedisUpdateMemory(DEDUPE_URL, BOT_ID, busy_wait_seconds=2.0) for _ in range(2)]
        try:
            return await scenario(servers)
        finally:
            keys = [key async for key in servers[0].red.scan_iter(f"{servers[0].prefix}*")]
            if keys:
                await servers[0].red.delete(*keys)
            for server in servers:
                await server.close()

    return asyncio.run(go())


def test_an_update_handled_on_one_server_is_a_duplicate_on_the_other(redis_url):
    update = fresh_update_id()

    async def scenario(servers):
        a, b = servers
        first = await a.claim(update)
        await a.done(update)
        return first, await b.seen(update), await b.claim(update)

    assert run(scenario) == (Claim.NEW, True, Claim.DONE)


def test_the_same_update_arriving_at_once_on_many_servers_is_handled_by_one(redis_url):
    update = fresh_update_id()

    async def scenario(servers):
        async def server_gets_it(memory):
            claim = await memory.claim(update)
            if claim is Claim.NEW:
                await asyncio.sleep(0.2)  # the turn itself
                await memory.done(update)
            return claim

        many = servers + [RedisUpdateMemory(DEDUPE_URL, BOT_ID, busy_wait_seconds=5.0) for _ in range(6)]
        try:
            return await asyncio.gather(*(server_gets_it(memory) for memory in many))
        finally:
            for extra in many[2:]:
                await extra.close()

    claims = run(scenario)
    assert claims.count(Claim.NEW) == 1 and claims.count(Claim.DONE) == len(claims) - 1


def test_while_another_server_is_still_on_it_the_update_is_busy(redis_url):
    update = fresh_update_id()

    async def scenario(servers):
        a, b = servers
        await a.claim(update)
        return await b.seen(update), await b.claim(update)  # a never finishes within b's 2 s

    assert run(scenario) == (False, Claim.BUSY)


def test_a_failed_turn_is_released_and_its_redelivery_is_handled(redis_url):
    update = fresh_update_id()

    async def scenario(servers):
        a, b = servers
        await a.claim(update)
        await a.release(update)
        return await b.claim(update)

    assert run(scenario) is Claim.NEW


def test_a_release_never_removes_a_claim_that_is_not_its_own(redis_url):
    """a's claim expired (a hung) and b claimed the update since: a's late release leaves b's claim."""
    update = fresh_update_id()

    async def scenario(servers):
        a, b = servers
        await a.claim(update)
        await a.red.delete(a.key(update))  # as if a's claim had expired
        assert await b.claim(update) is Claim.NEW
        await a.release(update)
        return (await b.red.get(b.key(update))).startswith(b"claimed:")

    assert run(scenario)


def test_keys_name_the_bot_and_the_update_only_and_expire(redis_url):
    update = fresh_update_id()

    async def scenario(servers):
        a, _ = servers
        await a.claim(update)
        claim_ttl = await a.red.ttl(a.key(update))
        await a.done(update)
        done_ttl = await a.red.ttl(a.key(update))
        keys = [key async for key in a.red.scan_iter(f"*{update}*")]
        return claim_ttl, done_ttl, keys

    claim_ttl, done_ttl, keys = run(scenario)
    assert keys == [f"wattelt:telegram:{BOT_ID}:update:{update}".encode()]
    assert 0 < claim_ttl <= CLAIM_SECONDS and CLAIM_SECONDS > 300  # longer than Rasa's action timeout
    assert DONE_SECONDS - 5 <= done_ttl <= DONE_SECONDS and DONE_SECONDS >= 24 * 3600


def test_without_redis_an_update_is_busy_not_handled_twice():
    async def scenario():
        memory = RedisUpdateMemory("redis://127.0.0.1:1/5", BOT_ID, busy_wait_seconds=0.5)
        try:
            return await memory.seen(1), await memory.claim(1)
        finally:
            await memory.close()

    assert asyncio.run(scenario()) == (False, Claim.BUSY)


def test_one_server_remembers_in_its_own_memory():
    async def scenario():
        memory = InProcessUpdateMemory(remembered=3)
        outcomes = [await memory.claim(1), await memory.claim(1)]  # the second while the first is on it
        await memory.release(1)
        outcomes.append(await memory.claim(1))
        await memory.done(1)
        outcomes += [await memory.seen(1), await memory.claim(1)]
        for other in (2, 3, 4):
            await memory.claim(other)
            await memory.done(other)
        outcomes.append(await memory.seen(1))  # the oldest was dropped past the bound
        return outcomes

    assert asyncio.run(scenario()) == [Claim.NEW, Claim.BUSY, Claim.NEW, True, Claim.DONE, False]


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, None),
        ({"TELEGRAM_DEDUPE_REDIS_URL": "redis://r:6379/4", "REDIS_HOST": "other"}, "redis://r:6379/4"),
        ({"REDIS_HOST": "redis", "REDIS_PORT": "6380", "REDIS_LOCK_DB": "1"}, "redis://redis:6380/1"),
        ({"REDIS_HOST": "redis"}, "redis://redis:6379/1"),
    ],
)
def test_the_shared_memory_comes_from_the_dedupe_url_or_the_lock_stores_redis(environment, expected):
    assert redis_url_from_environment(environment) == expected


def test_the_bot_id_is_the_public_part_of_the_token_only():
    assert bot_id("123456:AAE-secret-part") == "123456"
    assert bot_id("not-a-token") == "bot" and bot_id("") == "bot"
