"""Outages on the real servers: the action server or the database away for a while. The resident gets
a clear 503 instead of silence, a failed turn changes nothing, and the message the client sends again
(with the same message_id) once things are back is applied exactly once."""

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.content import load_texts
from tests.conftest import POSTGRES_ADMIN_URL
from tests.integration.scenario import Resident, consented, rest

pytestmark = pytest.mark.integration

UNAVAILABLE = load_texts("channels").say("web_error_unavailable")


def at_what_goes_well(stack, sender: str) -> Resident:
    """A resident at "what goes well?" of the domain geld (score 3)."""
    resident = consented(stack, rating=6, sender=sender)
    resident.press("domain:geld")
    resident.press("score:3")
    assert "next" in resident.choices
    return resident


def resend_twice_applies_once(resident: Resident, message: str, message_id: str) -> None:
    """The client sends the message again: answered, and a second copy gets the same replies and changes nothing."""
    first = resident.say(message, message_id=message_id)
    after_first = resident.export()
    again = resident.say(message, message_id=message_id)
    assert again == first and resident.export() == after_first
    geld = resident.domains()["geld"]
    assert (geld["score"], geld["goes_well"], geld["wish"]) == (3, message, None)  # once: the wish was not filled with it
    assert "next" in resident.choices  # now at "what should change?"


def test_the_action_server_down_gets_a_clear_503_and_the_resent_message_is_applied_once(stack):
    resident = at_what_goes_well(stack, "outage-actions")
    before = resident.export()
    stack.actions.stop()
    try:
        status, body = rest(stack, {"sender": resident.sender, "message": "mijn buurvrouw helpt", "message_id": "out-1"})
        assert status == 503 and body == {"error": UNAVAILABLE}
    finally:
        stack.start_actions()
    assert resident.export() == before  # the failed turn changed nothing
    resend_twice_applies_once(resident, "mijn buurvrouw helpt", "out-1")


# --- the database away ---------------------------------------------------------------------------------
# On PostgreSQL the database can be closed for connections and every open one ended, as a restart of
# the database server or a failover does; on SQLite a file in use cannot be taken away honestly.


@pytest.fixture(scope="module")
def postgres_stack(tmp_path_factory, postgres_module_database):
    from tests.integration.stack import RasaStack

    running = RasaStack(tmp_path_factory.mktemp("outage-postgres"), postgres_module_database).start()
    yield running
    running.stop()


class DatabaseAway:
    """While inside: the database accepts no connections and the open ones are ended."""

    def __init__(self, url: str):
        self.name = make_url(url).database
        self.admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)

    def __enter__(self):
        with self.admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{self.name}" WITH ALLOW_CONNECTIONS false'))
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"),
                {"name": self.name},
            )
        return self

    def __exit__(self, *exc):
        with self.admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{self.name}" WITH ALLOW_CONNECTIONS true'))
        self.admin.dispose()


@pytest.mark.postgres
def test_the_database_away_gets_a_clear_503_nothing_half_written_and_the_resent_message_is_applied_once(postgres_stack):
    resident = at_what_goes_well(postgres_stack, "outage-database")
    before = resident.export()
    events = resident.transcript_events()
    with DatabaseAway(postgres_stack.database_url):
        for _ in range(2):  # and again while it is still away
            status, body = rest(
                postgres_stack, {"sender": resident.sender, "message": "ik heb een budgetcoach", "message_id": "db-1"}
            )
            assert status == 503 and body == {"error": UNAVAILABLE}
    assert resident.export() == before  # nothing of those turns was written
    assert resident.transcript_events() == events
    resend_twice_applies_once(resident, "ik heb een budgetcoach", "db-1")
    resident.say("minder rekeningen")
    assert resident.domains()["geld"]["wish"] == "minder rekeningen"
