"""bot.tracker_store.ConsentGatedTrackerStore on a real SQLite database: what is kept where, and
that a tracker Rasa made after a failed read never overwrites or deletes the stored conversation."""

import asyncio
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import ConsentGatedTrackerStore, StoredConversationNotLoaded

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))


@pytest.fixture
def store(sqlite_database):
    return ConsentGatedTrackerStore(DOMAIN, url=sqlite_database)


def tracker(sender, consent, *texts):
    events = ([SlotSet("consent", consent)] if consent is not None else []) + [UserUttered(text) for text in texts]
    return DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)


def stored_texts(store, sender):
    found = asyncio.run(store.persistent.retrieve(sender))
    return [e.text for e in found.events if isinstance(e, UserUttered)] if found else []


def test_a_consenting_conversation_is_stored_and_leaves_memory(store):
    asyncio.run(store.save(tracker("rest:a", False, "hoi")))
    assert store.ephemeral.holds("rest:a") and stored_texts(store, "rest:a") == []
    asyncio.run(store.save(tracker("rest:a", True, "hoi", "ja")))
    assert stored_texts(store, "rest:a") == ["hoi", "ja"]
    assert not store.ephemeral.holds("rest:a")
    assert [e.text for e in asyncio.run(store.retrieve("rest:a")).events if isinstance(e, UserUttered)] == ["hoi", "ja"]


def test_withdrawn_consent_deletes_the_stored_conversation(store):
    asyncio.run(store.save(tracker("rest:b", True, "hoi", "ja")))
    asyncio.run(store.save(tracker("rest:b", False, "hoi", "ja", "vergeet mij")))
    assert stored_texts(store, "rest:b") == []
    assert store.ephemeral.holds("rest:b")


def test_a_new_conversation_without_any_answer_lives_in_memory_only(store):
    asyncio.run(store.save(tracker("rest:c", None)))
    assert store.ephemeral.holds("rest:c") and stored_texts(store, "rest:c") == []


def test_a_new_tracker_for_a_stored_conversation_is_refused_and_the_stored_one_kept(store):
    asyncio.run(store.save(tracker("rest:d", True, "hoi", "ja", "7")))
    # what Rasa saves when reading the stored conversation failed: a new tracker, no consent slot
    with pytest.raises(StoredConversationNotLoaded):
        asyncio.run(store.save(tracker("rest:d", None, "goed")))
    assert stored_texts(store, "rest:d") == ["hoi", "ja", "7"]
    assert not store.ephemeral.holds("rest:d")


def test_the_sql_tracker_store_checks_connections_before_use(store):
    assert store.persistent.engine.pool._pre_ping
