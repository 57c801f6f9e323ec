"""Delete everything the database holds of one participant, in every table.

The participant's row goes first (its boards, answers, goals, share codes and call-back requests
follow by ON DELETE CASCADE); then every row in any table that names the participant in one of
PARTICIPANT_COLUMNS: their conversation records, the views they gave of someone else's board,
their practice sessions, Rasa's transcript (`events.sender_id`) and tables added later. A table
that must keep a row without the person (the audit log) names them in another column with
ON DELETE SET NULL.
"""

from typing import Dict

from sqlalchemy import MetaData, delete, inspect
from sqlalchemy.engine import Connection

from bot.storage import models

PARTICIPANT_COLUMNS = ("participant_id", "owner_id", "author_id", "sender_id")


def forget_in_database(connection: Connection, participant_id: str) -> Dict[str, int]:
    """Rows deleted per table (tables without rows of this participant left out)."""
    deleted: Dict[str, int] = {}
    result = connection.execute(delete(models.Participant.__table__).where(models.Participant.__table__.c.id == participant_id))
    if result.rowcount:
        deleted["participants"] = int(result.rowcount)
    metadata = MetaData()
    metadata.reflect(bind=connection, only=_tables_naming_participants(connection))
    for table in _children_first(metadata):
        for column in PARTICIPANT_COLUMNS:
            if column in table.c:
                count = connection.execute(delete(table).where(table.c[column] == participant_id)).rowcount
                if count:
                    deleted[table.name] = deleted.get(table.name, 0) + int(count)
    return deleted


def _tables_naming_participants(connection: Connection) -> list:
    inspector = inspect(connection)
    return [
        name
        for name in inspector.get_table_names()
        if name != "participants" and any(column["name"] in PARTICIPANT_COLUMNS for column in inspector.get_columns(name))
    ]


def _children_first(metadata: MetaData) -> list:
    return list(reversed(metadata.sorted_tables))
