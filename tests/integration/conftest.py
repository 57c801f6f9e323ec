import pytest

from bot.storage.migrate import upgrade_to_latest
from tests.conftest import sqlite_url
from tests.integration.stack import RasaStack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """One real Rasa server + action server on SQLite for the whole session."""
    workdir = tmp_path_factory.mktemp("stack")
    url = sqlite_url(workdir)
    upgrade_to_latest(url)
    running = RasaStack(workdir, url).start()
    yield running
    running.stop()


def pytest_collection_modifyitems(items):
    for item in items:
        if "/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)
