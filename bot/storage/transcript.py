"""The transcript: Rasa's tracker events in the table `events` (Rasa's own format), read and
written by the Rasa server's tracker store and deleted with the participant."""

import json
from typing import Any, Dict, Iterable, List

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.engine import Connection

from bot.storage.models import TranscriptEvent

EVENTS = TranscriptEvent.__table__


def append(connection: Connection, sender_id: str, events: Iterable[Dict[str, Any]]) -> int:
    rows = [
        {
            "sender_id": sender_id,
            "type_name": event.get("event"),
            "timestamp": event.get("timestamp"),
            "intent_name": (event.get("parse_data") or {}).get("intent", {}).get("name"),
            "action_name": event.get("name"),
            "data": json.dumps(event),
        }
        for event in events
    ]
    if rows:
        connection.execute(insert(EVENTS), rows)
    return len(rows)


def recent(connection: Connection, sender_id: str, limit: int) -> List[Dict[str, Any]]:
    """The last `limit` events, oldest first."""
    rows = connection.execute(
        select(EVENTS.c.data).where(EVENTS.c.sender_id == sender_id).order_by(EVENTS.c.id.desc()).limit(limit)
    ).scalars()
    return [json.loads(data) for data in reversed(list(rows))]


def everything(connection: Connection, sender_id: str) -> List[Dict[str, Any]]:
    rows = connection.execute(select(EVENTS.c.data).where(EVENTS.c.sender_id == sender_id).order_by(EVENTS.c.id)).scalars()
    return [json.loads(data) for data in rows]


def holds(connection: Connection, sender_id: str) -> bool:
    return bool(connection.execute(select(exists().where(EVENTS.c.sender_id == sender_id))).scalar())


def count(connection: Connection, sender_id: str) -> int:
    return len(connection.execute(select(EVENTS.c.id).where(EVENTS.c.sender_id == sender_id)).all())


def remove(connection: Connection, sender_id: str) -> int:
    return int(connection.execute(delete(EVENTS).where(EVENTS.c.sender_id == sender_id)).rowcount or 0)


def senders(connection: Connection) -> List[str]:
    return list(connection.execute(select(EVENTS.c.sender_id).distinct()).scalars())
