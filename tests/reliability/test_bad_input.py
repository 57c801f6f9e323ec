"""Bad input over REST and Telegram, against the real servers: always a clear reply or a 4xx, never
a 5xx or a crash, and every stored answer intact afterwards (exports compared before and after)."""

import json
import urllib.error
import urllib.request

import pytest

from tests.telegram import updates as tg
from tests.telegram.test_integration import post as telegram_post
from tests.telegram.test_integration import texts_to

pytestmark = pytest.mark.integration

BAD_TEXTS = [
    "",
    "   ",
    "\n\t",
    "a" * 20_000,
    "hoi\x00\x01\x02\x07",
    "\x00",
    "😀😀😀",
    "🙂",
    "مرحبا كيف حالك",
    "שלום מה שלומך",
    "Wie geht es dir?",
    "Привет, как дела?",
    "你好",
    '{"message": "hoi", "sender": "web:x"}',
    "'; DROP TABLE participants; --",
    "1 OR 1=1",
    "<script>alert('x')</script>",
    "<b>vet</b><img src=x onerror=alert(1)>",
    "{{7*7}} ${7*7}",
    "../../etc/passwd",
    "/restart",
    "/session_start",
    '/affirm{"score": "99"}',
    '/rate_domain{"score": "9"}',
    "/",
    "//",
    "/" + "x" * 300,
    "%s %d %n",
    "\u202eevil\u202c",
    "null",
    "undefined",
    "NaN",
    "-1",
    "99999999999999999999",
    "\ufeffhoi",
]
BAD_BODIES = [
    b"{niet json",
    b"",
    b"[]",
    b"null",
    b'"hoi"',
    b"123",
    json.dumps({"message": "hoi"}).encode(),
    json.dumps({"sender": None, "message": "hoi"}).encode(),
    json.dumps({"sender": 123, "message": "hoi"}).encode(),
    json.dumps({"sender": "", "message": "hoi"}).encode(),
    json.dumps({"sender": "x" * 200, "message": "hoi"}).encode(),
    json.dumps({"sender": "web:0123456789abcdef0123456789abcdef", "message": "hoi"}).encode(),
    json.dumps({"sender": "telegram:640001", "message": "hoi"}).encode(),
    json.dumps({"sender": "replay:abc", "message": "hoi"}).encode(),
    json.dumps({"sender": "../../etc", "message": "hoi"}).encode(),
    json.dumps({"sender": "twee woorden", "message": "hoi"}).encode(),
    json.dumps({"sender": "rest:ok", "message": 123}).encode(),
    json.dumps({"sender": "rest:ok", "message": ["hoi"]}).encode(),
    json.dumps({"sender": "rest:ok", "message": {"text": "hoi"}}).encode(),
    json.dumps({"sender": "rest:ok", "message": None}).encode(),
    json.dumps({"sender": "rest:ok"}).encode(),
    b'{"sender": "rest:ok", "message": "\\ud800"}',
]


def rest(stack, raw: bytes, content_type="application/json"):
    request = urllib.request.Request(f"{stack.url}/webhooks/rest/webhook", raw, {"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=90) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def say(stack, sender, text):
    return rest(stack, json.dumps({"sender": sender, "message": text}).encode())


def a_clear_answer(status, body):
    if 400 <= status < 500:
        return isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"]
    return status == 200 and isinstance(body, list) and body and all(isinstance(m.get("text"), str) and m["text"] for m in body)


@pytest.fixture(scope="module")
def finished_board(stack):
    sender = "rest:reliability-board"
    for message in ("hoi", "ja", "7", "werk", "goed", "mijn collega's", "nee", "minder stress", "nee", "nee"):
        status, body = say(stack, sender, message)
        assert status == 200, (message, body)
    exported = stack.export(sender)
    assert exported["measurements"][0]["completed_at"] and exported["measurements"][0]["goals"]
    return sender, exported


@pytest.mark.parametrize("text", BAD_TEXTS, ids=range(len(BAD_TEXTS)))
def test_bad_text_over_rest_gets_a_clear_answer_mid_board(stack, text):
    sender = f"rest:bad-text-{BAD_TEXTS.index(text)}"
    for message in ("hoi", "ja"):
        assert say(stack, sender, message)[0] == 200
    status, body = say(stack, sender, text)
    assert a_clear_answer(status, body), (status, body)
    status, body = say(stack, sender, "7")  # and the conversation goes on
    assert status == 200 and body


def test_bad_text_never_changes_a_finished_board(stack, finished_board):
    sender, before = finished_board
    for text in BAD_TEXTS:
        status, body = say(stack, sender, text)
        assert a_clear_answer(status, body), (text[:40], status, body)
        assert status < 500
    assert stack.export(sender) == before


@pytest.mark.parametrize("raw", BAD_BODIES, ids=range(len(BAD_BODIES)))
def test_malformed_rest_requests_get_a_4xx(stack, raw):
    status, body = rest(stack, raw)
    assert 400 <= status < 500 and body.get("error"), (status, body)


def test_a_rest_client_cannot_act_as_a_telegram_or_web_participant(stack, finished_board):
    status, _ = say(stack, "telegram:640001", "vergeet mij")
    assert status == 400
    status, _ = say(stack, "WEB:0123456789abcdef0123456789abcdef", "hoi")
    assert status == 400


def test_bad_text_over_telegram_gets_an_answer_and_no_error(stack, telegram_api):
    chat_id = 680_001
    for text in ("/start", "ja"):
        assert telegram_post(stack, dict(tg.text_message(chat_id, text), update_id=telegram_api.next_update_id()))[0] == 200
    for text in [t for t in BAD_TEXTS if t.strip() and "\x00" not in t][:20]:
        since = telegram_api.mark()
        status, answer = telegram_post(
            stack, dict(tg.text_message(chat_id, text[:4096]), update_id=telegram_api.next_update_id())
        )
        assert status == 200, (text[:40], answer)
        assert texts_to(telegram_api, chat_id, since), f"no answer to {text[:40]!r}"
    assert telegram_post(stack, dict(tg.text_message(chat_id, "7"), update_id=telegram_api.next_update_id()))[0] == 200
