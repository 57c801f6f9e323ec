"""Scale-out on one machine: two Rasa servers (each with its action server) on loopback, sharing a
real PostgreSQL (answers and tracker store) and a real Redis (lock store db 5, Telegram update ids
db 5, pre-consent trackers), as deploy/endpoints.yml and docker-compose.yml configure them. One
conversation alternates between the servers turn by turn: nothing is lost and no turn is handled
twice; 50 clients sending pairs at once to both servers get every message stored once, in order;
one Telegram update delivered to both servers runs its turn once."""

import concurrent.futures
import json
import random
import urllib.error
import urllib.request
import uuid

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.channels.telegram_api import SECRET_HEADER
from tests.conftest import every_table_as_text
from tests.integration.stack import RasaStack
from tests.reliability.test_bad_input import say as say_with_status
from tests.telegram import updates as tg
from tests.telegram.conftest import SECRET, TOKEN
from tests.telegram.fake_bot_api import FakeBotApi

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

# The first message before consent (its tracker lives in Redis), then the board across both servers.
CONVERSATION = [
    "hoi",
    "ja",
    "7",
    '/choose{"choice":"skip"}',  # not why it is a 7
    "werk",
    "goed",
    "fijne collega's",
    '/choose{"choice":"next"}',  # nothing to change at work
    "ja",  # the other domains too
    '/choose{"choice":"score:1"}',  # geld
    "niets",
    "minder schulden",
    '/choose{"choice":"score:5"}',  # wonen
    '/choose{"choice":"next"}',
]


SHARED_REDIS_DB = 5  # lock store and Telegram update ids (nobody else's keys live here)
PAIRS = 50
LONG_WAIT = 600  # seconds: the last of 100 queued messages waits for the 99 before it


@pytest.fixture(scope="module")
def fake_api():
    api = FakeBotApi(TOKEN).start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, redis_url, postgres_module_database, fake_api):
    env = {
        "EPHEMERAL_STORE_URL": redis_url,
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "REDIS_LOCK_DB": str(SHARED_REDIS_DB),
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_API_URL": fake_api.base_url,
        "TELEGRAM_DEDUPE_REDIS_URL": f"redis://127.0.0.1:6379/{SHARED_REDIS_DB}",
        # Without Rasa's HTTP API, Sanic ends a request after 60 s (503), waiting for the lock included;
        # 100 messages queued for one conversation on a busy 2-core machine may take longer than that.
        "SANIC_RESPONSE_TIMEOUT": str(LONG_WAIT),
    }
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


def say(server, sender, message, timeout=90):
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(f"{server.url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return json.loads(answer.read())


def stored_user_texts(database_url, sender):
    """The texts of the sender's user events in Rasa's SQL tracker store (table `events`), in stored order."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"), {"s": sender}
            )
            return [json.loads(data).get("text") for (data,) in rows]
    finally:
        engine.dispose()


def consent(a, b, sender):
    """A participant who agreed to storing, so every later message is in the SQL tracker store."""
    for server, message in ((a, "hoi"), (b, "ja")):
        assert say(server, sender, message), message


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
    sender = f"scale-{uuid.uuid4().hex[:8]}"  # the REST channel stores it as rest:<sender>
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
    assert user_events(a.database_url, f"rest:{sender}") == len(CONVERSATION)
    assert say(b, sender, "hoe ver ben ik?")[0]["text"].startswith("Je hebt 3 van de 14")


def test_two_messages_at_once_on_both_servers_are_handled_one_after_the_other(two_servers):
    a, b = two_servers
    sender = f"scale-{uuid.uuid4().hex[:8]}"
    say(a, sender, "hoi")
    say(b, sender, "ja")
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda pair: say(pair[0], sender, pair[1]), [(a, "8"), (b, "wonen")]))
    assert all(answers)
    # whichever came first, both were handled, once each: "wonen" is no mark, so the rating is 8 either way
    assert a.export(sender)["measurements"][0]["life_rating"] == 8
    assert user_events(a.database_url, f"rest:{sender}") == 4


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
    sender = f"pg-outage-{uuid.uuid4().hex[:8]}"
    for number, message in enumerate(["hoi", "ja", "7", '/choose{"choice":"skip"}', "wonen"]):
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
    # the turn that failed left nothing behind, not even in the transcript: hoi, ja, 7, skip, wonen, goed
    assert user_events(a.database_url, f"rest:{sender}") == 6


def test_fifty_pairs_at_once_on_two_servers_are_each_stored_once_in_the_order_each_client_sent_them(two_servers):
    """Each of 50 clients sends two messages one after the other (the first to one server, the second
    to the other); the 50 clients run at the same time. The shared tracker holds every message
    exactly once, and each client's first message before its second."""
    a, b = two_servers
    sender = f"pairs-{uuid.uuid4().hex[:8]}"  # the REST channel stores it as rest:<sender>
    consent(a, b, sender)
    pairs = [(f"bericht {number} eerste", f"bericht {number} tweede") for number in range(PAIRS)]

    def client(number):
        first, second = (a, b) if number % 2 == 0 else (b, a)
        return [say(server, sender, message, LONG_WAIT) for server, message in zip((first, second), pairs[number])]

    with concurrent.futures.ThreadPoolExecutor(PAIRS) as pool:
        answers = list(pool.map(client, range(PAIRS)))
    assert all(replies for pair in answers for replies in pair), "a message got HTTP 200 without any reply"
    stored = stored_user_texts(a.database_url, f"rest:{sender}")
    sent = ["hoi", "ja"] + [message for pair in pairs for message in pair]
    assert sorted(stored) == sorted(sent)  # every message once: none lost, none twice
    position = {message: index for index, message in enumerate(stored)}
    assert [p for p in pairs if position[p[0]] > position[p[1]]] == []


def post_update(server, update):
    request = urllib.request.Request(
        f"{server.url}/webhooks/telegram/webhook",
        json.dumps(update).encode(),
        {"Content-Type": "application/json", SECRET_HEADER: SECRET},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def update_ids():
    """Fresh update ids; their keys are removed from the shared Redis afterwards."""
    used = []

    def fresh():
        used.append(random.randrange(10**9, 2 * 10**9))
        return used[-1]

    yield fresh
    client = redis.Redis(host="127.0.0.1", port=6379, db=SHARED_REDIS_DB)
    for update_id in used:
        client.delete(f"wattelt:telegram:{TOKEN.split(':')[0]}:update:{update_id}")
    client.close()


def test_one_telegram_update_delivered_to_both_servers_runs_its_turn_once(two_servers, update_ids):
    a, b = two_servers
    chat_id = random.randrange(10**8, 10**9)
    participant = f"telegram:{chat_id}"
    for server, message in ((a, "hoi"), (b, "ja")):
        status, body = post_update(server, dict(tg.text_message(chat_id, message), update_id=update_ids()))
        assert (status, body.get("outcome")) == (200, "answered"), (message, body)
    update = dict(tg.text_message(chat_id, "7"), update_id=update_ids())
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(lambda server: post_update(server, update), (a, b)))
    assert [body.get("outcome") for _, body in outcomes].count("answered") == 1, outcomes
    assert all(status in (200, 500) for status, _ in outcomes), outcomes  # 500: still busy elsewhere, sent again later
    for server in (b, a):  # Telegram's redeliveries, to either server
        assert post_update(server, update) == (200, {"ok": True, "outcome": "duplicate"})
    assert stored_user_texts(a.database_url, participant) == ["hoi", "ja", "7"]


def planted_secret() -> tuple:
    """(a phone number, a message holding it) of this run's own: a leftover of another run cannot match."""
    phone = f"06{random.randrange(10**8):08d}"
    return phone, f"schuld bij Kevin {phone}"


def redis_leftovers(sender: str, secrets: tuple) -> list:
    """Every key in the Redis databases the servers use (pre-consent store and media db 2, locks and
    Telegram update ids db 5) that names the participant or holds a forgotten text; lock keys
    included (they name a conversation by a keyed hash only)."""
    found = []
    for db in (2, SHARED_REDIS_DB):
        red = redis.Redis(host="127.0.0.1", port=6379, db=db)
        for key in red.scan_iter():
            name = key.decode(errors="replace")
            kind = red.type(key).decode()
            if kind == "string":
                values = [red.get(key) or b""]
            elif kind == "zset":
                values = [member for member, _ in red.zrange(key, 0, -1, withscores=True)]
            elif kind == "hash":
                values = list(red.hgetall(key).values())
            elif kind == "list":
                values = red.lrange(key, 0, -1)
            else:
                values = list(red.smembers(key)) if kind == "set" else []
            text_of = b" ".join(values).decode(errors="replace")
            if any(secret in text_of or secret in name for secret in secrets):
                found.append((db, name, "holds a forgotten text"))
            elif sender in name:
                found.append((db, name, "names the participant"))
    return found


def test_forgetting_on_one_server_leaves_nothing_in_redis_or_the_database_also_after_consenting_again(two_servers):
    a, b = two_servers
    sender = f"forget-{uuid.uuid4().hex[:8]}"
    phone, secret = planted_secret()
    assert say(a, sender, "hoi")
    assert say(b, sender, f"wat is dit, ik heb {secret}")  # before consent: kept in Redis only
    for number, message in enumerate(["ja", "7", '/choose{"choice":"skip"}', "werk", "goed", f"fijne collega's, {secret}"]):
        assert say((a, b)[number % 2], sender, message), message
    participant = f"rest:{sender}"
    before = [row for row in redis_leftovers(sender, (secret,)) if row[2] == "names the participant"]
    assert user_events(a.database_url, participant) > 0 or before, "the conversation was stored somewhere"
    assert say(a, sender, "vergeet mij")
    assert say(b, sender, "ja")
    assert redis_leftovers(sender, (secret, phone)) == []
    for table, rows in every_table_as_text(a.database_url).items():
        assert phone not in rows and participant not in rows, table
    # agreeing again starts afresh: the forgotten messages do not come back into the transcript
    assert say(a, sender, "hoi") and say(b, sender, "ja")
    assert all(phone not in (text_ or "") for text_ in stored_user_texts(a.database_url, participant))
    assert redis_leftovers(sender, (secret, phone)) == []


def test_forgetting_a_board_kept_in_memory_only_leaves_nothing_in_redis(two_servers):
    """Without consent the conversation lives in Redis only (the transcript and the board in memory):
    "vergeet mij" on the other server deletes both there."""
    a, b = two_servers
    sender = f"forget-memory-{uuid.uuid4().hex[:8]}"
    phone, secret = planted_secret()
    for number, message in enumerate(["hoi", "nee", "7", '/choose{"choice":"skip"}', "werk", "goed", secret]):
        assert say((a, b)[number % 2], sender, message), message
    names = {name for db, name, why in redis_leftovers(sender, ())}
    assert any(":tracker:" in name for name in names) and any(":app:" in name for name in names), names
    assert say(a, sender, "vergeet mij")
    assert say(b, sender, "ja")
    assert redis_leftovers(sender, (secret, phone)) == []
    assert stored_user_texts(a.database_url, f"rest:{sender}") == []
