"""Rasa's SQL tracker store keeps conversations in the table `events` of the same database.

Deleting a participant deletes their tracker too; this is the one place that knows the table.
"""

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

RASA_EVENTS_TABLE = "events"


def delete_tracker_events(connection: Connection, sender_id: str) -> int:
    """Delete every stored Rasa event of `sender_id`; returns how many rows went."""
    if not inspect(connection).has_table(RASA_EVENTS_TABLE):
        return 0
    result = connection.execute(text(f"DELETE FROM {RASA_EVENTS_TABLE} WHERE sender_id = :sender"), {"sender": sender_id})
    return result.rowcount or 0


def count_tracker_events(connection: Connection, sender_id: str) -> int:
    if not inspect(connection).has_table(RASA_EVENTS_TABLE):
        return 0
    return connection.execute(
        text(f"SELECT COUNT(*) FROM {RASA_EVENTS_TABLE} WHERE sender_id = :sender"), {"sender": sender_id}
    ).scalar_one()
