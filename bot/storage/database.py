"""The database: engines for SQLite and PostgreSQL (SQLAlchemy 2.0 style) and one transaction per turn.

- SQL parameters never appear in logs or error messages (`hide_parameters`): they hold what
  residents said.
- SQLite: foreign keys on, WAL (readers do not wait for a turn), a busy timeout, and every
  transaction starts with BEGIN IMMEDIATE, so two processes never interleave the writes of a turn;
  `reading()` is a plain BEGIN for transactions that only read.
- PostgreSQL: a turn takes a transaction-level advisory lock on its participant, so two servers
  never interleave one participant's turns (also before the participant has any row).
"""

import hashlib
from contextlib import contextmanager
from typing import Any, Iterator

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, create_engine, make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_SECONDS = 30
READ_ONLY = "wattelt_read_only"  # execution option: a transaction that only reads (SQLite: no write lock)


def is_sqlite(engine: Engine) -> bool:
    return engine.url.get_backend_name() == "sqlite"


def create_database_engine(url: str) -> Engine:
    """An engine for `url` that never logs SQL parameters."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)
    engine = create_engine(url, future=True, hide_parameters=True, connect_args={"timeout": SQLITE_BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:  # pragma: no cover - driver hook
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (pysqlite's own is too late)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if parsed.database and parsed.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:  # pragma: no cover - driver hook
        reading = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


def read_only(engine: Engine) -> Engine:
    """The same engine for transactions that only read: on SQLite a plain BEGIN, so a reader never
    waits for a turn another process is writing (WAL lets it read beside the writer)."""
    return engine.execution_options(**{READ_ONLY: True})


def advisory_key(participant_id: str) -> int:
    """A stable signed 64-bit key for PostgreSQL's advisory locks."""
    return int.from_bytes(hashlib.sha256(participant_id.encode()).digest()[:8], "big", signed=True)


class Database:
    """One engine and its sessions; `turn(participant)` is the transaction of one turn."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, future=True, expire_on_commit=False)
        self._readers = sessionmaker(read_only(engine), future=True, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str) -> "Database":
        return cls(create_database_engine(url))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A transaction that only reads: on SQLite it takes no write lock (exports, pages, media)."""
        with self._readers.begin() as session:
            yield session

    @contextmanager
    def turn(self, participant_id: str) -> Iterator[Session]:
        """A transaction in which nobody else handles this participant (committed on success)."""
        with self._sessions.begin() as session:
            if not is_sqlite(self.engine):
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(participant_id)})
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
