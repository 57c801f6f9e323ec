"""The wijkteam app on a migrated database (SQLite and PostgreSQL), a clock the tests move, and a
test client that logs in the way a browser does (the CSRF token from the page)."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

import pytest

from bot.storage.database import Database
from bot.wijkteam import accounts
from bot.wijkteam.app import create_app
from bot.wijkteam.settings import Limits
from tests.wijkteam.factories import NOW, PASSWORD, SECRET

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch):
    """argon2 with its smallest cost: the same code path, in milliseconds (the defaults take a second here)."""
    from argon2 import PasswordHasher

    from bot.wijkteam import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    passwords._dummy_hash.cache_clear()
    yield
    passwords._dummy_hash.cache_clear()


@pytest.fixture(autouse=True)
def signing_secret(monkeypatch):
    """Pseudonyms and the app's keys come from this secret (never var/signing-secret in tests)."""
    monkeypatch.setenv("SIGNING_SECRET", SECRET)
    monkeypatch.delenv("WIJKTEAM_SECURE_COOKIES", raising=False)
    monkeypatch.delenv("WATTELT_PRODUCTION", raising=False)


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def database(database_url):
    db = Database.from_url(database_url)
    yield db
    db.dispose()


@pytest.fixture
def sqlite_db(sqlite_database):
    db = Database.from_url(sqlite_database)
    yield db
    db.dispose()


def add_worker(database: Database, username: str = "anna", name: str = "Anna de Vries") -> int:
    with database.transaction() as session:
        return accounts.add_worker(session, username, name, PASSWORD, NOW - timedelta(days=1)).id


class Browser:
    """A Flask test client with the habits of a browser: it reads the CSRF token off the page."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def token(self, path: str) -> str:
        page = self.client.get(path)
        match = CSRF.search(page.get_data(as_text=True))
        assert match, f"no CSRF token on {path} ({page.status_code})"
        return match.group(1)

    def post(self, path: str, data: dict, form_page: Optional[str] = None, **kwargs):
        data = {"csrf_token": self.token(form_page or path), **data}
        return self.client.post(path, data=data, **kwargs)

    def log_in(self, username: str = "anna", password: str = PASSWORD):
        return self.post("/login", {"username": username, "password": password})

    def enter_code(self, code: str):
        return self.post("/codes", {"code": code}, form_page="/")


@pytest.fixture
def make_app(clock):
    def build(url: str, limits: Optional[Limits] = None, **options):
        app = create_app(url, clock=clock, limits=limits, **options)
        app.config["TESTING"] = False  # errors go through the app's own handlers, as in production
        return app

    yield build


@pytest.fixture
def app(make_app, database_url, database):
    return make_app(database_url)


@pytest.fixture
def client(app) -> Browser:
    return Browser(app)
