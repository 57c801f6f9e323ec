"""Conversations that may not be stored, kept in the Rasa process without Redis: bounded in number
and forgotten a while after their last turn, as the Redis store forgets them."""

from bot.channels.tracker_store import MemoryTranscripts


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_conversation_is_forgotten_a_while_after_its_last_turn_and_a_new_turn_keeps_it():
    clock = Clock()
    store = MemoryTranscripts(limit=10, ttl=100, clock=clock)
    store.save("web:a", [{"event": "user", "text": "hoi"}])
    store.save("web:b", [{"event": "user", "text": "hallo"}])
    clock.now = 60
    store.save("web:b", [{"event": "user", "text": "hallo"}, {"event": "user", "text": "ja"}])  # b goes on
    clock.now = 101
    assert store.load("web:a") is None and list(store.keys()) == ["web:b"]
    assert store.load("web:b") is not None
    clock.now = 161
    assert store.load("web:b") is None and list(store.keys()) == []


def test_at_most_the_limit_is_kept_the_oldest_goes_first():
    store = MemoryTranscripts(limit=2, ttl=100, clock=Clock())
    for sender in ("web:a", "web:b", "web:c"):
        store.save(sender, [])
    assert list(store.keys()) == ["web:b", "web:c"]


def test_the_window_keeps_the_whole_last_turn_however_long_its_answer():
    from bot.channels.tracker_store import RECENT_EVENTS, recent_events

    earlier = [{"event": "user", "text": "hoi"}, {"event": "bot", "text": "hallo"}] * RECENT_EVENTS
    feedback = [{"event": "user", "text": "stop oefenen"}] + [{"event": "bot", "text": "feedback"}] * (RECENT_EVENTS + 5)
    assert recent_events(earlier + feedback) == feedback
    assert recent_events(earlier) == earlier[-RECENT_EVENTS:]
