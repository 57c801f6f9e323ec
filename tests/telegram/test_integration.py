"""Telegram through the REAL Rasa server and action server, with the fake Bot API in Telegram's place.

The session's stack has TELEGRAM_* pointing at the fake; the polling forwarder runs as
`python -m bot.channels.telegram poll` in a subprocess. Buttons carry their choice as callback_data;
the board's picture and PDF are rendered by the server and uploaded.
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
from sqlalchemy import create_engine, inspect, text

from bot.channels import telegram_format as fmt
from bot.channels.telegram_api import SECRET_HEADER
from bot.content import load_instrument
from bot.pseudonyms import pseudonym
from tests.conftest import ROOT
from tests.telegram import updates as tg
from tests.telegram.conftest import SECRET, TOKEN

pytestmark = pytest.mark.integration

KEYS = load_instrument().keys
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


class TelegramResident:
    """A resident in a private chat, whose updates reach the assistant by long polling (the fake queues them)."""

    def __init__(self, fake_api, chat_id: int):
        self.fake_api, self.chat_id = fake_api, chat_id
        self.since = fake_api.mark()
        self.queries = []

    def _send(self, update: dict) -> None:
        self.since = self.fake_api.mark()
        update_id = self.fake_api.queue_update(update)
        self.fake_api.wait_confirmed(update_id, timeout=TURN_TIMEOUT)
        assert self.fake_api.sent_to(self.chat_id, since=self.since), f"no answer to {update}"

    def say(self, words: str) -> None:
        self._send(tg.text_message(self.chat_id, words))

    def keyboard(self) -> list:
        keyboards = [c.keyboard() for c in self.fake_api.sent_to(self.chat_id, since=self.since) if c.keyboard()]
        return [cell["callback_data"] for row in (keyboards[-1] if keyboards else []) for cell in row]

    def press(self, choice: str) -> None:
        assert choice in self.keyboard(), f"{choice} is not among the buttons the bot sent: {self.keyboard()}"
        update = tg.callback_query(self.chat_id, choice)
        self.queries.append(update["callback_query"]["id"])
        self._send(update)


def test_health_and_configuration(stack):
    with urllib.request.urlopen(f"{stack.url}/webhooks/telegram/", timeout=10) as answer:
        assert answer.status == 200 and json.loads(answer.read()) == {"status": "ok"}


def test_a_whole_board_over_telegram_by_long_polling(stack, poller, fake_api, export_schema):
    resident = TelegramResident(fake_api, 610_001)
    resident.say("/start")
    resident.press("yes")
    resident.press("rating:6")
    resident.press("skip")
    resident.press("domain:wonen")
    order = ["wonen"] + [key for key in KEYS if key != "wonen"]
    expected = {}
    for number, key in enumerate(order):
        if key == "kinderen":
            resident.press("not_applicable")
            expected[key] = ("not_applicable", None)
        else:
            resident.press(f"score:{number % 5 + 1}")
            expected[key] = ("answered", number % 5 + 1)
            resident.press("next")
        if number == 0:
            resident.press("yes")  # the other domains too
    resident.press("goals_none")
    resident.press("skip_section")
    resident.press("no")  # no check-in later
    resident.press("no")  # no training use
    assert "share" in resident.keyboard()

    assert resident.queries and all(fake_api.answered(query) for query in resident.queries)
    [photo] = fake_api.calls_of("sendPhoto", resident.chat_id)
    [document] = fake_api.calls_of("sendDocument", resident.chat_id)
    assert photo.files["photo"]["body"].startswith(b"\x89PNG")
    assert document.files["document"]["body"].startswith(b"%PDF")
    assert document.files["document"]["filename"].endswith(".pdf")
    for call in fake_api.calls_of("sendMessage", resident.chat_id):
        assert all(1 <= len(cell["callback_data"].encode()) <= 64 for row in call.keyboard() for cell in row)
        assert all(fmt.payload_of_callback(cell["callback_data"]) for row in call.keyboard() for cell in row)

    exported = stack.export(f"telegram:{resident.chat_id}")
    jsonschema.validate(exported, export_schema)
    [board] = exported["measurements"]
    assert {d["key"]: (d["status"], d["score"]) for d in board["domains"]} == expected
    assert board["life_rating"] == 6 and board["completed_at"] is not None and board["goals"] == []


def test_the_phone_question_offers_the_own_number_in_one_tap_and_the_keyboard_goes_after(stack, poller, fake_api):
    from sqlalchemy import create_engine, text

    resident = TelegramResident(fake_api, 610_077)
    resident.say("/start")
    resident.press("yes")
    resident.press("rating:6")
    resident.press("skip")
    resident.press("domain:wonen")
    resident.say("ik wil iemand spreken")
    resident.press("yes")
    resident.say("morgen na drie uur")
    [asked] = [c for c in fake_api.sent_to(resident.chat_id, since=resident.since) if c.fields.get("reply_markup")][-1:]
    keyboard = asked.fields["reply_markup"]["keyboard"]
    assert keyboard[0][0]["request_contact"] is True, "one tap shares the phone's own number"
    resident._send(tg.own_contact(resident.chat_id, "+31612345678"))
    sent = fake_api.sent_to(resident.chat_id, since=resident.since)
    assert sent[0].fields["reply_markup"] == {"remove_keyboard": True}, "the number keyboard goes away"
    assert resident.keyboard(), "and the open question comes back with its buttons"
    engine = create_engine(stack.database_url, future=True)
    with engine.connect() as connection:
        stored = (
            connection.execute(
                text("SELECT how_to_reach FROM callback_requests WHERE participant_id = :who"),
                {"who": f"telegram:{resident.chat_id}"},
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert stored == ["morgen na drie uur\n+31612345678"]


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
    logs = stack.rasa.log() + stack.actions.log()
    assert phrase not in logs and "4711" not in logs  # what residents say never reaches the log at INFO
    assert str(chat_id) not in logs and pseudonym(f"telegram:{chat_id}") in logs  # they are named by pseudonym


def test_a_repeated_update_is_answered_once(stack, fake_api):
    chat_id = 620_003
    assert post(stack, dict(tg.text_message(chat_id, "/start"), update_id=fake_api.next_update_id()))[0] == 200
    update = dict(tg.callback_query(chat_id, "yes"), update_id=fake_api.next_update_id())
    since = fake_api.mark()
    assert post(stack, update)[1]["outcome"] == "answered"
    answered = texts_to(fake_api, chat_id, since)
    assert post(stack, update)[1]["outcome"] == "duplicate"  # Telegram sends an update again when unsure
    assert texts_to(fake_api, chat_id, since) == answered
    assert stored(stack, f"telegram:{chat_id}")["participants"] == 1


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
    """Kept minimal while practice mode is being rewritten: choose Robert, one question, feedback."""
    chat_id = 670_001

    def send(update):
        since = fake_api.mark()
        status, answer = post(stack, dict(update, update_id=fake_api.next_update_id()))
        assert status == 200 and answer["outcome"] == "answered", answer
        return [call for call in fake_api.sent_to(chat_id, since) if call.method == "sendMessage"]

    def press(prefix):
        cells = [cell["callback_data"] for call in fake_api.sent_to(chat_id) for row in call.keyboard() for cell in row]
        choice = next((data for data in reversed(cells) if data.startswith(prefix)), None)
        assert choice, f"no button {prefix}: {cells}"
        return send(tg.callback_query(chat_id, choice))

    send(tg.text_message(chat_id, "/oefenen"))
    sent = press("persona:robert")
    if any("no" in [cell["callback_data"] for row in call.keyboard() for cell in row] for call in sent):
        press("no")  # nothing of this practice kept
    answer = send(tg.text_message(chat_id, "Hoe gaat het met je werk?"))
    assert answer and all(call.fields["text"] for call in answer)
    assert not any(call.keyboard() for call in answer)  # Robert answers in his own words, not with a board question
    feedback = send(tg.text_message(chat_id, "/feedback"))
    assert len(feedback) >= 2 and "Robert" in "\n".join(call.fields["text"] for call in feedback)
