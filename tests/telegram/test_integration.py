"""Telegram through the REAL Rasa server and action server, with the fake Bot API in Telegram's place.

One stack for the module (about a minute to start) with TELEGRAM_* pointing at the fake, and
the polling forwarder as `python -m bot.channels.telegram poll` in a subprocess.
"""

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import jsonschema
import pytest
import yaml
from sqlalchemy import create_engine, inspect, text

from bot.channels import telegram_format as fmt
from bot.channels.telegram_api import SECRET_HEADER
from tests.conftest import ROOT
from tests.integration.story_replay import STORIES_DIR, button_payload, plain_text
from tests.telegram import updates as tg
from tests.telegram.conftest import SECRET, TOKEN

pytestmark = pytest.mark.integration

KEYS = [
    "geld",
    "werk",
    "wonen",
    "lichamelijke_gezondheid",
    "psychische_gezondheid",
    "sociale_contacten",
    "relaties",
    "kinderen",
    "dagelijks_leven",
    "verslaving",
    "veiligheid",
    "justitie",
    "meedoen",
    "zingeving",
]
TURN_TIMEOUT = 90


@pytest.fixture(scope="module")
def fake_api(telegram_api):
    """The fake Bot API the session's Rasa server sends to (tests/conftest.py)."""
    return telegram_api


@pytest.fixture(scope="module")
def poller(stack, fake_api, tmp_path_factory):
    log_path = tmp_path_factory.mktemp("telegram-poller") / "poller.log"
    env = dict(
        os.environ, PYTHONPATH=str(ROOT), TELEGRAM_TOKEN=TOKEN, TELEGRAM_WEBHOOK_SECRET=SECRET, TELEGRAM_API_URL=fake_api.base_url
    )
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot.channels.telegram",
                "poll",
                "--rasa-url",
                stack.url,
                "--poll-timeout",
                "1",
                "--max-backoff",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    process.log_path = log_path
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            assert process.wait(timeout=30) == 0, log_path.read_text()[-2000:]
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def post(stack, body, secret=SECRET, raw: bytes = None):
    """POST to the channel's webhook as Telegram would; (status, parsed answer)."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(f"{stack.url}/webhooks/telegram/webhook", data, headers)
    try:
        with urllib.request.urlopen(request, timeout=TURN_TIMEOUT) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def stored(stack, participant: str) -> dict:
    """Rows about a participant: answers (participants) and the Rasa conversation (events)."""
    engine = create_engine(stack.database_url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            count = lambda sql: connection.execute(text(sql), {"p": participant}).scalar()  # noqa: E731
            return {
                "participants": count("SELECT COUNT(*) FROM participants WHERE id = :p"),
                "events": count("SELECT COUNT(*) FROM events WHERE sender_id = :p") if "events" in tables else 0,
            }
    finally:
        engine.dispose()


def texts_to(fake_api, chat_id, since=0):
    return [c.fields.get("text") for c in fake_api.sent_to(chat_id, since) if c.method == "sendMessage"]


def story_steps(name: str):
    """(typed text or None, button payload or None) for every user step, as the story file has them."""
    stories = yaml.safe_load((STORIES_DIR / "test_board.yml").read_text(encoding="utf-8"))["stories"]
    story = next(s for s in stories if s["story"] == name)
    return [
        (plain_text(step["user"]), None) if "user" in step else (None, button_payload(step))
        for step in story["steps"]
        if "intent" in step
    ]


def test_health_and_configuration(stack):
    with urllib.request.urlopen(f"{stack.url}/webhooks/telegram/", timeout=10) as answer:
        assert answer.status == 200 and json.loads(answer.read()) == {"status": "ok"}


def test_a_whole_board_over_telegram_by_long_polling(stack, poller, fake_api, export_schema):
    chat_id = 610_001
    previous = fake_api.mark()
    queries = []
    for typed, payload in story_steps("full board by buttons only"):
        if typed is not None:
            update = tg.text_message(chat_id, typed)
        else:
            keyboards = [c.keyboard() for c in fake_api.sent_to(chat_id, since=previous) if c.keyboard()]
            assert keyboards, f"no inline keyboard before the button {payload}"
            cells = [cell for row in keyboards[-1] for cell in row]
            data = next(
                (cell["callback_data"] for cell in cells if cell["callback_data"] == fmt.callback_data(payload, SECRET.encode())),
                None,
            )
            assert data is not None, f"{payload} is not among the buttons the bot sent: {cells}"
            update = tg.callback_query(chat_id, data)
            queries.append(update["callback_query"]["id"])
        previous = fake_api.mark()
        update_id = fake_api.queue_update(update)
        fake_api.wait_confirmed(update_id, timeout=TURN_TIMEOUT)
        assert fake_api.sent_to(chat_id, since=previous), f"no answer to {typed or payload}"

    assert queries and all(fake_api.answered(query) for query in queries)
    [photo] = fake_api.calls_of("sendPhoto", chat_id)
    [document] = fake_api.calls_of("sendDocument", chat_id)
    assert photo.files["photo"]["body"].startswith(b"\x89PNG")
    assert (
        document.files["document"]["body"].startswith(b"%PDF")
        and document.files["document"]["filename"] == "wat-telt-overzicht.pdf"
    )
    for call in fake_api.calls_of("sendMessage", chat_id):
        assert all(1 <= len(cell["callback_data"].encode()) <= 64 for row in call.keyboard() for cell in row)

    exported = stack.export(f"telegram:{chat_id}")
    jsonschema.validate(exported, export_schema)
    measurement = exported["measurements"][0]
    order = ["wonen"] + [k for k in KEYS if k != "wonen"]
    expected = {key: ("not_applicable", None) if key == "kinderen" else ("answered", n % 5 + 1) for n, key in enumerate(order)}
    assert {d["key"]: (d["status"], d["score"]) for d in measurement["domains"]} == expected
    assert measurement["life_rating"] == 6 and measurement["completed_at"] is not None and measurement["goals"] == []


def test_webhook_refuses_requests_without_the_secret(stack, fake_api):
    chat_id = 620_001
    for secret in (None, "", "wrong-secret", SECRET + "x"):
        status, _ = post(stack, dict(tg.text_message(chat_id, "hoi"), update_id=fake_api.next_update_id()), secret=secret)
        assert status == 403
    assert texts_to(fake_api, chat_id) == [] and stored(stack, f"telegram:{chat_id}") == {"participants": 0, "events": 0}


def test_webhook_with_the_secret_answers(stack, fake_api):
    chat_id = 620_002
    phrase = "mijn geheime zin 4711"
    status, answer = post(stack, dict(tg.text_message(chat_id, "/start"), update_id=fake_api.next_update_id()))
    assert (status, answer["outcome"]) == (200, "answered")
    assert texts_to(fake_api, chat_id), "no sendMessage after /start"
    status, _ = post(stack, dict(tg.text_message(chat_id, phrase), update_id=fake_api.next_update_id()))
    assert status == 200
    assert phrase not in stack.rasa.log()  # what residents say never reaches the log at INFO


def test_webhook_refuses_a_body_that_is_not_an_update(stack):
    assert post(stack, None, raw=b"{niet json")[0] == 400
    assert post(stack, [1, 2, 3])[0] == 400
    assert post(stack, {"message": {"text": "geen update_id"}})[0] == 400


@pytest.mark.parametrize(
    "make, expected",
    [
        (tg.sticker, [fmt.NOT_TEXT]),
        (tg.voice, [fmt.NOT_TEXT]),
        (tg.photo, [fmt.NOT_TEXT]),
        (tg.contact, [fmt.NOT_TEXT]),
        (lambda chat: tg.edited_message(chat, "toch een 4"), []),
        (lambda chat: tg.unknown_update(), []),
        (lambda chat: tg.my_chat_member(chat), []),
        (lambda chat: tg.group_message(-chat, "hoi allemaal"), None),
    ],
)
def test_odd_updates_get_the_right_line_or_nothing(stack, fake_api, make, expected):
    chat_id = 630_000 + fake_api.next_update_id() % 10_000
    body = dict(make(chat_id), update_id=fake_api.next_update_id())
    status, answer = post(stack, body)
    assert status == 200, answer
    if expected is None:  # a group: one line into the group, nothing stored
        assert texts_to(fake_api, -chat_id) == [fmt.PRIVATE_ONLY]
        assert stored(stack, f"telegram:{-chat_id}") == {"participants": 0, "events": 0}
    else:
        assert texts_to(fake_api, chat_id) == expected


def test_unknown_commands_do_not_break_anything(stack, fake_api):
    chat_id = 640_001
    for words in ("/onbekend", "/"):
        status, _ = post(stack, dict(tg.text_message(chat_id, words), update_id=fake_api.next_update_id()))
        assert status == 200
    assert len(texts_to(fake_api, chat_id)) >= 2  # "/onbekend" and "/" are read as words and answered
    assert "/onbekend" not in stack.rasa.log()  # typed text is never parsed (and logged) as a payload


def test_flood_control_once_and_the_message_still_arrives(stack, fake_api):
    chat_id = 650_001
    since = fake_api.mark()
    fake_api.fail_next("sendMessage", 1, status=429, retry_after=1)
    status, _ = post(stack, dict(tg.text_message(chat_id, "hoi"), update_id=fake_api.next_update_id()))
    assert status == 200
    refused = [c for c in fake_api.calls[since:] if c.method == "sendMessage" and c.status == 429]
    delivered = fake_api.calls_of("sendMessage", chat_id, since)
    assert len(refused) == 1 and refused[0].chat_id == chat_id and delivered
    assert delivered[0].at - refused[0].at >= 0.9  # retry_after was honoured


def test_nothing_is_lost_while_the_rasa_server_is_down(stack, poller, fake_api):
    chat_id = 660_001
    stack.rasa.stop()
    try:
        update_id = fake_api.queue_update(tg.text_message(chat_id, "hoi"))
        fake_api.wait_for(
            lambda: poller.log_path.read_text().count(f"update {update_id} (message) not accepted") >= 2, timeout=30
        )
        assert fake_api.confirmed_offset <= update_id and texts_to(fake_api, chat_id) == []
    finally:
        stack.start_rasa()
    fake_api.wait_confirmed(update_id, timeout=TURN_TIMEOUT)
    assert texts_to(fake_api, chat_id), "the message sent while Rasa was down got no answer"
    assert poller.poll() is None


def test_a_practice_conversation_with_robert_over_telegram(stack, fake_api):
    from bot.content.personas import load_personas
    from bot.storage.database import create_database_engine
    from bot.storage.practice import PracticeStore

    chat_id = 670_001
    robert = load_personas()["robert"]

    def send(update):
        status, answer = post(stack, dict(update, update_id=fake_api.next_update_id()))
        assert status == 200, answer

    def press(payload):
        cells = [cell for call in fake_api.sent_to(chat_id) if call.keyboard() for row in call.keyboard() for cell in row]
        data = fmt.callback_data(payload, SECRET.encode())
        assert data in [cell["callback_data"] for cell in cells], cells
        send(tg.callback_query(chat_id, data))

    send(tg.text_message(chat_id, "/oefenen"))
    press('/choose_persona{"persona":"robert"}')
    press("/affirm")
    assert any("Robert (38)" in text for text in texts_to(fake_api, chat_id))
    since = fake_api.mark()
    send(tg.text_message(chat_id, "Hoe gaat het met je werk?"))
    assert texts_to(fake_api, chat_id, since) == [robert.domains["werk"].facts[0]]
    since = fake_api.mark()
    send(tg.text_message(chat_id, "/feedback"))
    feedback = "\n".join(texts_to(fake_api, chat_id, since))
    assert "Feedback op je gesprek met Robert" in feedback and "Werk, school en dagbesteding" in feedback

    store = PracticeStore(create_database_engine(stack.database_url))
    [session] = store.sessions(f"telegram:{chat_id}")
    assert store.report(session["id"])["turns"][0]["act"] == "worker_explore"
