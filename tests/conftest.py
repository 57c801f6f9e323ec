"""Shared fixtures: answer stores on SQLite (always) and on a real PostgreSQL server."""

import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator

import pytest

from bot.storage.migrate import upgrade_to_latest

ROOT = Path(__file__).resolve().parent.parent
# The contracts live beside the project (../shared); a clone elsewhere tests against the copy in
# tests/contracts (refresh it with `cp ../shared/contracts/* tests/contracts/` when they change).
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared" / "contracts").is_dir() else ROOT / "tests"
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
TRAINER_TOKEN = "trainer-token-for-tests-4f2a-0123456789"  # the replay page's token on the session's stack
RASA_API_TOKEN = "rasa-api-token-for-tests-9c1e-0123456789"  # the session's stack runs with Rasa's HTTP API on, behind this token


def pytest_collection_modifyitems(items):
    """Tests that start the real servers are `integration`, tests in Chromium `browser`: `make test-fast` leaves them out."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if (
            "stack" in fixtures
            or "/integration/" in str(item.fspath)
            or "/scale/" in str(item.fspath)
            and "two_servers" in str(item.fspath)
        ):
            item.add_marker(pytest.mark.integration)
        if "/web/" in str(item.fspath) or "browser" in fixtures or "page" in fixtures:
            item.add_marker(pytest.mark.browser)


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'answers.db'}"


def every_table_as_text(database_url: str) -> Dict[str, str]:
    """Every row of every table of a database, per table as one text, to search for what must be gone."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return {
                table: repr(connection.execute(text(f'SELECT * FROM "{table}"')).fetchall())
                for table in inspect(connection).get_table_names()
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory) -> Path:
    """One SQLite file migrated by Alembic once per session; every test gets its own copy."""
    directory = tmp_path_factory.mktemp("migrated")
    upgrade_to_latest(sqlite_url(directory))
    return directory / "answers.db"


@pytest.fixture
def sqlite_database(tmp_path, migrated_sqlite_file) -> str:
    """A fresh database of this test, exactly as the migrations leave it (a copy of the migrated file)."""
    shutil.copyfile(migrated_sqlite_file, tmp_path / "answers.db")
    return sqlite_url(tmp_path)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL of a reachable PostgreSQL server, or a skip with the reason."""
    import psycopg2

    try:
        psycopg2.connect(POSTGRES_ADMIN_URL, connect_timeout=3).close()
    except psycopg2.OperationalError as error:
        pytest.skip(
            f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL} (scripts/ensure_services.sh could not start it): {error}".strip()
        )
    return POSTGRES_ADMIN_URL


@contextmanager
def fresh_postgres_database(admin_url: str) -> Iterator[str]:
    """A new, migrated database on the real server (its URL), dropped afterwards."""
    import psycopg2
    from sqlalchemy.engine import make_url

    name = f"wat_telt_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(admin_url)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    url = str(make_url(admin_url).set(drivername="postgresql+psycopg2", database=name))
    upgrade_to_latest(url)
    try:
        yield url
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def shared_postgres_database(postgres_server) -> Iterator[str]:
    """A database migrated by Alembic once per session; each test empties it first (see below)."""
    with fresh_postgres_database(postgres_server) as url:
        yield url


def empty_every_table(url: str) -> bool:
    """TRUNCATE every table but Alembic's (identities restart): the database as the migrations
    left it, in a tenth of the time of a new one. False when that cannot be done within 10 s (a
    test left a transaction open) or the schema is no longer the migrated one."""
    import psycopg2
    from sqlalchemy.engine import make_url

    connection = psycopg2.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))
    connection.autocommit = True
    try:
        cursor = connection.cursor()
        cursor.execute("SET lock_timeout = '10s'")
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
        tables = [row[0] for row in cursor.fetchall()]
        if "participants" not in tables:
            return False
        cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables) + " RESTART IDENTITY CASCADE")
        return True
    except psycopg2.Error:
        return False
    finally:
        connection.close()


@pytest.fixture
def postgres_database(postgres_server, shared_postgres_database) -> Iterator[str]:
    """An empty, migrated database on the real server: the session's, emptied; a new one when it cannot be."""
    if empty_every_table(shared_postgres_database):
        yield shared_postgres_database
        return
    with fresh_postgres_database(postgres_server) as url:
        yield url


@pytest.fixture(scope="module")
def postgres_module_database(postgres_server) -> str:
    """The same, shared by the tests of one module (servers that take a minute to start)."""
    with fresh_postgres_database(postgres_server) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request) -> str:
    """Each storage test runs on SQLite and on PostgreSQL."""
    fixture = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    return request.getfixturevalue(fixture)


@pytest.fixture(scope="session")
def export_schema() -> dict:
    import json

    path = SHARED / "contracts" / "export.schema.json"
    if not path.exists():
        pytest.skip(f"the contract {path} is not beside the project")
    return json.loads(path.read_text())


@pytest.fixture(scope="session")
def telegram_api():
    """A local fake of Telegram's Bot API (tests/telegram/fake_bot_api.py) for the whole session."""
    from tests.telegram.conftest import TOKEN
    from tests.telegram.fake_bot_api import FakeBotApi

    api = FakeBotApi(TOKEN).start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, telegram_api):
    """The assistant as `make run` starts it (real Rasa server + action server on loopback, a fresh
    migrated SQLite database), with Telegram pointed at the fake Bot API. One for the whole session:
    integration, Telegram and web chat tests share it (a Rasa server takes 40-60 s to start)."""
    from tests.integration.stack import RasaStack
    from tests.telegram.conftest import SECRET, TOKEN

    workdir = tmp_path_factory.mktemp("stack")
    url = sqlite_url(workdir)
    upgrade_to_latest(url)
    telegram = {"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_API_URL": telegram_api.base_url}
    running = RasaStack(workdir, url, extra_env=dict(telegram, TRAINER_TOKEN=TRAINER_TOKEN), api_token=RASA_API_TOKEN).start()
    yield running
    running.stop()
