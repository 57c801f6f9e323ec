"""Scale-out on one machine: two Rasa servers (each with its action server) on loopback, sharing a
real PostgreSQL (answers and tracker store) and a real Redis (lock store, pre-consent trackers),
as deploy/endpoints.yml and docker-compose.yml configure them. One conversation alternates between
the servers turn by turn: nothing is lost and no turn is handled twice."""

import concurrent.futures
import json
import urllib.request
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.integration.stack import RasaStack
from tests.reliability.test_bad_input import say as say_with_status

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

# The first message before consent (its tracker lives in Redis), then the board across both servers.
CONVERSATION = [
    "hoi",
    "ja",
    "7",
    "werk",
    "goed",
    "fijne collega's",
    "ja",
    '/rate_domain{"score":"1"}',
    "minder schulden",
    '/rate_domain{"score":"5"}',
    "niets",
]


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, redis_url, postgres_module_database):
    env = {"EPHEMERAL_TRACKER_STORE_URL": redis_url, "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_LOCK_DB": "1"}
    workdir = tmp_path_factory.mktemp("scale")
    servers = [
        RasaStack(workdir / name, postgres_module_database, extra_env=env, endpoints="deploy/endpoints.yml")
        for name in ("a", "b")
    ]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


def say(server, sender, message):
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(f"{server.url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=90) as answer:
        return json.loads(answer.read())


def user_events(database_url, sender):
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT COUNT(*) FROM events WHERE sender_id = :s AND type_name = 'user'"), {"s": sender}
            ).scalar()
    finally:
        engine.dispose()


def test_one_conversation_alternating_between_two_servers_loses_nothing(two_servers):
    a, b = two_servers
    sender = f"rest:scale-{uuid.uuid4().hex[:8]}"
    for number, message in enumerate(CONVERSATION):
        replies = say((a, b)[number % 2], sender, message)
        assert replies and all(r.get("text") for r in replies), (number, message, replies)
    measurement = a.export(sender)["measurements"][0]
    domains = {d["key"]: d for d in measurement["domains"]}
    assert measurement["life_rating"] == 7
    assert (domains["werk"]["score"], domains["werk"]["goes_well"]) == (4, "fijne collega's")
    assert (domains["geld"]["score"], domains["geld"]["wish"]) == (1, "minder schulden")
    assert (domains["wonen"]["score"], domains["wonen"]["goes_well"]) == (5, None)
    # every message exactly once in the shared tracker: none lost, none handled twice
    assert user_events(a.database_url, sender) == len(CONVERSATION)
    assert say(b, sender, "hoe ver ben ik?")[0]["text"].startswith("Je hebt 3 van de 14")


def test_two_messages_at_once_on_both_servers_are_handled_one_after_the_other(two_servers):
    a, b = two_servers
    sender = f"rest:scale-{uuid.uuid4().hex[:8]}"
    say(a, sender, "hoi")
    say(b, sender, "ja")
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda pair: say(pair[0], sender, pair[1]), [(a, "8"), (b, "wonen")]))
    assert all(answers)
    # whichever came first, both were handled, once each: "wonen" is no mark, so the rating is 8 either way
    assert a.export(sender)["measurements"][0]["life_rating"] == 8
    assert user_events(a.database_url, sender) == 4


@pytest.fixture
def database_away(two_servers, postgres_server):
    """Take the servers' PostgreSQL database away for real: refuse new connections and end the open ones."""
    name = make_url(two_servers[0].database_url).database
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")

    def switch(allowed: bool):
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}'))
            if not allowed:
                connection.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"), {"name": name}
                )

    try:
        yield switch
    finally:
        switch(True)
        admin.dispose()


def test_postgresql_briefly_unavailable_gets_a_clear_message_and_nothing_is_lost(two_servers, database_away):
    a, b = two_servers
    sender = f"rest:pg-outage-{uuid.uuid4().hex[:8]}"
    for number, message in enumerate(["hoi", "ja", "7", "wonen"]):
        say((a, b)[number % 2], sender, message)
    database_away(False)
    status, body = say_with_status(a, sender, "goed")
    assert status in (200, 503), body
    text_shown = body["error"] if status == 503 else " ".join(m.get("text", "") for m in body)
    assert "robeer het" in text_shown, body
    database_away(True)
    replies = say(b, sender, "goed")  # resent once the database is back, on the other server
    assert any("goed" in r.get("text", "").lower() or "?" in r.get("text", "") for r in replies), replies
    measurement = a.export(sender)["measurements"][0]
    domains = {d["key"]: d for d in measurement["domains"]}
    assert measurement["life_rating"] == 7
    assert (domains["wonen"]["status"], domains["wonen"]["score"]) == ("answered", 4)
    # the message sent during the outage and its resend count once: hoi, ja, 7, wonen, goed
    assert user_events(a.database_url, sender) == 5
