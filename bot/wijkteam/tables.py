"""The wijkteam app's columns and tables beyond bot/storage/models.py (created by migration 0004).

SQLAlchemy Core tables on their own MetaData: `board_access` with its `code` column, the
server-side login sessions and the workers' chat identities. The ORM classes of models.py
(Worker, AuditEntry, BoardAccess) still work on the same tables.
"""

from sqlalchemy import Column, Integer, MetaData, String, Table

from bot.storage.models import PARTICIPANT_ID_LENGTH, UTCDateTime

metadata = MetaData()

VIA_CODE = "code"
VIA_PROFESSIONAL_VIEW = "professional_view"

board_access = Table(
    "board_access",
    metadata,
    Column("worker_id", Integer, primary_key=True),
    Column("owner_id", String(PARTICIPANT_ID_LENGTH), primary_key=True),
    Column("granted_at", UTCDateTime, nullable=False),
    Column("via", String(32), nullable=False),
    Column("code", String(8), nullable=True),
)

worker_sessions = Table(
    "worker_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("worker_id", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
)

worker_links = Table(
    "worker_links",
    metadata,
    Column("worker_id", Integer, nullable=False),
    Column("chat_id", String(PARTICIPANT_ID_LENGTH), primary_key=True),
    Column("linked_at", UTCDateTime, nullable=False),
)
