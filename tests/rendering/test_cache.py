"""MediaCache: bounded in memory, or Redis shared by every server; keys by pseudonym; forget_owner."""

import uuid

import pytest

from bot.pseudonyms import pseudonym
from bot.rendering import cache as cache_module
from bot.rendering.cache import MediaCache, MemoryByteStore, RedisByteStore, forget_cached_media

REDIS_URL = "redis://127.0.0.1:6379/7"  # keys of these tests are unique per run and deleted again


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_memory_drops_the_least_recently_used_past_its_bound():
    store = MemoryByteStore(max_bytes=250, ttl=3600)
    store.put("a", b"x" * 100)
    store.put("b", b"y" * 100)
    assert store.get("a") == b"x" * 100  # a is now the most recently used
    store.put("c", b"z" * 100)
    assert store.get("b") is None and store.get("a") is not None and store.get("c") is not None
    assert store.size <= 250
    store.put("huge", b"h" * 1000)  # larger than the bound: not kept, nothing else lost
    assert store.get("huge") is None and store.get("a") is not None


def test_memory_entries_expire():
    clock = Clock()
    store = MemoryByteStore(ttl=60, clock=clock)
    store.put("a", b"png")
    clock.now += 59
    assert store.get("a") == b"png"
    clock.now += 2
    assert store.get("a") is None and store.size == 0


def test_forget_owner_deletes_only_that_residents_files():
    cache = MediaCache(MemoryByteStore())
    cache.put("web:anna", "board_picture:1:1v1", b"anna-1")
    cache.put("web:anna", "board_pdf:1:1v1", b"anna-2")
    cache.put("web:bert", "board_picture:2:2v1", b"bert")
    assert cache.forget_owner("web:anna") == 2
    assert cache.get("web:anna", "board_picture:1:1v1") is None and cache.get("web:anna", "board_pdf:1:1v1") is None
    assert cache.get("web:bert", "board_picture:2:2v1") == b"bert"


def test_keys_name_the_resident_by_pseudonym_only():
    store = MemoryByteStore()
    MediaCache(store).put("telegram:12345", "board_picture:1:1v1", b"png")
    (key,) = store._entries
    assert key.startswith(f"wattelt:media:{pseudonym('telegram:12345')}:") and "12345" not in key


def test_the_environment_chooses_redis(monkeypatch):
    monkeypatch.setenv("MEDIA_CACHE_REDIS_URL", REDIS_URL)
    assert isinstance(MediaCache.from_environment().store, RedisByteStore)
    monkeypatch.delenv("MEDIA_CACHE_REDIS_URL")
    monkeypatch.setenv("EPHEMERAL_STORE_URL", REDIS_URL)
    assert isinstance(MediaCache.from_environment().store, RedisByteStore)
    monkeypatch.delenv("EPHEMERAL_STORE_URL")
    assert isinstance(MediaCache.from_environment().store, MemoryByteStore)


def test_a_failing_redis_is_a_miss_and_forgetting_reports_it(monkeypatch):
    broken = MediaCache(RedisByteStore("redis://127.0.0.1:1/0", ttl=60))
    assert broken.get("web:anna", "x") is None
    broken.put("web:anna", "x", b"png")  # logged, not raised
    monkeypatch.setattr(cache_module, "shared_media_cache", lambda: broken)
    assert forget_cached_media("web:anna") is False


def test_forget_cached_media_reaches_the_shared_cache(monkeypatch):
    shared = MediaCache(MemoryByteStore())
    monkeypatch.setattr(cache_module, "shared_media_cache", lambda: shared)
    shared.put("web:anna", "board_picture:1:1v1", b"png")
    assert forget_cached_media("web:anna") is True
    assert shared.get("web:anna", "board_picture:1:1v1") is None


@pytest.fixture
def redis_store():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {error}")
    return RedisByteStore(REDIS_URL, ttl=120)


def test_redis_keeps_files_with_an_expiry_and_forgets_a_resident(redis_store):
    cache = MediaCache(redis_store)
    anna, bert = f"web:{uuid.uuid4().hex}", f"web:{uuid.uuid4().hex}"
    try:
        for number in range(3):
            cache.put(anna, f"board_picture:{number}:{number}v1", b"anna")
        cache.put(bert, "board_picture:9:9v1", b"bert")
        assert cache.get(anna, "board_picture:1:1v1") == b"anna"
        key = MediaCache.owner_prefix(anna) + "board_picture:1:1v1"
        assert 0 < redis_store.red.ttl(key) <= 120
        assert cache.forget_owner(anna) == 3
        assert cache.get(anna, "board_picture:1:1v1") is None and not list(
            redis_store.red.scan_iter(match=MediaCache.owner_prefix(anna) + "*")
        )
        assert cache.get(bert, "board_picture:9:9v1") == b"bert"
    finally:
        cache.forget_owner(anna)
        cache.forget_owner(bert)
