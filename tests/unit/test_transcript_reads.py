"""The Rasa server reads a stored transcript while the action server is writing a turn to the same
SQLite database: reading takes no write lock, so it neither waits for that turn nor fails."""

import asyncio
import sqlite3

from bot.channels import tracker_store
from bot.storage import database, transcript
from bot.storage.database import create_database_engine
from bot.storage.migrate import upgrade_to_latest
from bot.storage.models import Participant


def test_a_stored_transcript_is_read_while_another_process_writes_a_turn(tmp_path, monkeypatch):
    path = tmp_path / "turns.db"
    url = f"sqlite:///{path}"
    upgrade_to_latest(url)
    sender = "rest:lezer"
    engine = create_database_engine(url)
    with engine.begin() as connection:
        connection.execute(Participant.__table__.insert().values(id=sender))
        said = {"event": "user", "text": "hoi", "timestamp": 1.0, "parse_data": {"intent": {"name": "greet"}, "entities": []}}
        transcript.append(connection, sender, [said])
    engine.dispose()
    monkeypatch.setattr(database, "SQLITE_BUSY_SECONDS", 0.5)  # a read that waits for the lock fails fast
    store = tracker_store.TranscriptTrackerStore(url=url)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the action server, in the middle of a turn
    try:
        tracker = asyncio.run(store.retrieve(sender))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        store.engine.dispose()
    assert tracker is not None and [event.text for event in tracker.events if hasattr(event, "text")] == ["hoi"]
