"""The turn service on each storage test's database (SQLite and PostgreSQL), for the tests of this folder."""

import pytest

from tests.turn.chat import make_service


@pytest.fixture
def service(database_url):
    turn_service = make_service(database_url)
    yield turn_service
    turn_service.database.dispose()
