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

from tests.integration.stack import RasaStack

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

# The first message before consent (its tracker lives in Redis), then the board across both servers.
CONVERSATION = [
    "hoi", "ja", "7", "werk", "goed", "fijne collega's", "ja",
    '/rate_domain{"score":"1"}', "minder schulden", '/rate_domain{"score":"5"}', "niets",
]


@pytest.fixture(scope="module")
def redis_url():
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=3).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis not reachable on 127.0.0.1:6379 (scripts/ensure_services.sh could not start it): {error}")
    return "redis://127.0.0.1:6379/2"


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, redis_url, postgres_module_database):
    env = {"EPHEMERAL_TRACKER_STORE_URL": redis_url, "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_LOCK_DB": "1"}
    workdir = tmp_path_factory.mktemp("scale")
    servers = [RasaStack(workdir / name, postgres_module_database, extra_env=env, endpoints="deploy/endpoints.yml") for name in ("a", "b")]
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
            return connection.execute(text("SELECT COUNT(*) FROM events WHERE sender_id = :s AND type_name = 'user'"), {"s": sender}).scalar()
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


@pytest.mark.xfail(strict=False, reason="issue 7, open: in 1 of 3 runs one of two simultaneous messages was missing from the shared "
                                        "tracker (3 user events, not 4) although the Redis lock store should serialise them; under investigation")
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
