"""Engine creation for SQLite and PostgreSQL, in SQLAlchemy 2.0 style."""

from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine, make_url


def create_database_engine(url: str) -> Engine:
    """An engine for `url`; on SQLite with foreign keys enforced and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, future=True, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _enable_foreign_keys(dbapi_connection, _record):  # pragma: no cover - driver hook
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, future=True, pool_pre_ping=True)
