"""Bad input over REST and Telegram, against the real servers: always a clear reply or a 4xx, never
a 5xx or a crash, and every stored answer intact afterwards (exports compared before and after)."""

import json
import re

import pytest

from bot.channels.http import MAX_BODY_BYTES
from bot.understanding.message import choice_payload
from tests.integration.scenario import Resident, consented, rest
from tests.telegram import updates as tg
from tests.telegram.test_integration import post as telegram_post
from tests.telegram.test_integration import texts_to

pytestmark = pytest.mark.integration

BAD_TEXTS = [
    "\n\t.",
    "a" * 4_999,
    "hoi\x00\x01\x02\x07",
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
    "/ restart",
    "/\tstop",
    '/affirm{"score": "99"}',
    '/rate_domain{"score": "9"}',
    '/choose{"choice": "score:5", "x": 1}',
    '/choose{"choice": "' + "x" * 70 + '"}',
    choice_payload("rating:99"),
    choice_payload("domain:bestaat_niet"),
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
EMPTY_OR_TOO_LONG = ["", "   ", "\n\t", "\x00", "\u200b", "a" * 5_001, "a" * 20_000]
GOOD = {"sender": "ok", "message": "hoi"}
BAD_BODIES = [
    (b"{niet json", 400),
    (b"", 400),
    (b"[]", 400),
    (b"null", 400),
    (b'"hoi"', 400),
    (b"123", 400),
    (b"\xff\xfe", 400),
    (b"[" * 60_000, 400),  # too deep
    (json.dumps(dict(GOOD, extra=json.loads("[" * 20 + "]" * 20))).encode(), 400),
    (json.dumps(dict(GOOD, message="a" * (MAX_BODY_BYTES + 1))).encode(), 413),  # too large
    (b"{" * (MAX_BODY_BYTES + 1), 413),
    (json.dumps({"message": "hoi"}).encode(), 400),  # no sender
    (json.dumps({"sender": None, "message": "hoi"}).encode(), 400),
    (json.dumps({"sender": 123, "message": "hoi"}).encode(), 400),
    (json.dumps({"sender": "", "message": "hoi"}).encode(), 400),
    (json.dumps({"sender": "x" * 200, "message": "hoi"}).encode(), 400),
    (json.dumps({"sender": "../../etc", "message": "hoi"}).encode(), 400),
    (json.dumps({"sender": "twee woorden", "message": "hoi"}).encode(), 400),
    (json.dumps({"sender": ":x", "message": "hoi"}).encode(), 400),
    (json.dumps({"sender": "ok", "message": 123}).encode(), 400),
    (json.dumps({"sender": "ok", "message": ["hoi"]}).encode(), 400),
    (json.dumps({"sender": "ok", "message": {"text": "hoi"}}).encode(), 400),
    (json.dumps({"sender": "ok", "message": None}).encode(), 400),
    (json.dumps({"sender": "ok"}).encode(), 400),
    (b'{"sender": "ok", "message": "\\ud800"}', 400),
    (json.dumps({"sender": "ok", "message": "a" * 5_001}).encode(), 413),
]


def say(stack, sender, text):
    """(status, answer) of one REST message (tests/scale uses this too)."""
    return rest(stack, {"sender": sender, "message": text})


def post_raw(stack, raw: bytes, content_type: str = "application/json"):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{stack.url}/webhooks/rest/webhook", raw, {"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def a_clear_answer(status, body) -> bool:
    if 400 <= status < 500:
        return isinstance(body, dict) and isinstance(body.get("error"), str) and bool(body["error"])
    return (
        status == 200
        and isinstance(body, list)
        and bool(body)
        and all(isinstance(m.get("text"), str) and m["text"] for m in body)
    )


@pytest.fixture(scope="module")
def finished_board(stack):
    """A board finished by buttons, with a goal (a resident's own wish)."""
    resident = consented(stack, rating=7, sender="reliability-board")
    resident.say("werk")
    resident.say("goed")
    resident.say("mijn collega's")
    resident.say("minder stress")
    resident.press("no")  # only this domain
    resident.press("wish:werk")
    resident.press("skip")
    resident.press("skip")
    resident.press("goals_done")
    resident.press("skip_section")
    resident.press("no")
    resident.press("no")
    exported = resident.export()
    [board] = exported["measurements"]
    assert board["completed_at"] and board["goals"] and board["life_rating"] == 7
    return resident, exported


@pytest.mark.parametrize("text", BAD_TEXTS, ids=range(len(BAD_TEXTS)))
def test_bad_text_over_rest_gets_a_clear_answer_mid_board_and_the_board_goes_on(stack, text):
    resident = consented(stack, sender=f"bad-text-{BAD_TEXTS.index(text)}")
    status, body = say(stack, resident.sender, text)
    assert a_clear_answer(status, body), (status, body)
    status, body = say(stack, resident.sender, "7")  # and the conversation goes on
    assert status == 200 and body and body[-1].get("buttons")
    typed_numbers = {int(number) for number in re.findall(r"\d+", text) if int(number) <= 10}  # "1 OR 1=1" is a 1
    assert resident.board()["life_rating"] in {None, 7} | typed_numbers


@pytest.mark.parametrize("text", EMPTY_OR_TOO_LONG, ids=range(len(EMPTY_OR_TOO_LONG)))
def test_an_empty_or_too_long_message_is_refused_with_a_4xx_and_changes_nothing(stack, text):
    resident = consented(stack, sender=f"bad-length-{EMPTY_OR_TOO_LONG.index(text)}")
    before = resident.export()
    status, body = say(stack, resident.sender, text)
    assert status == (413 if len(text) > 5_000 else 400) and body["error"], (status, body)
    assert resident.export() == before


def test_bad_text_never_changes_a_finished_board(stack, finished_board):
    resident, before = finished_board
    for text in BAD_TEXTS + EMPTY_OR_TOO_LONG:
        status, body = say(stack, resident.sender, text)
        assert status < 500 and a_clear_answer(status, body), (text[:40], status, body)
    assert resident.export() == before


@pytest.mark.parametrize("raw, expected", BAD_BODIES, ids=range(len(BAD_BODIES)))
def test_malformed_rest_requests_get_a_4xx(stack, raw, expected):
    status, body = post_raw(stack, raw)
    assert status == expected and isinstance(body, dict) and body.get("error"), (status, body)


def test_a_rest_client_cannot_act_as_a_web_or_telegram_participant(stack):
    from tests.web.conftest import PAGE_PATH
    from tests.web.conftest import post as web_post

    base = stack.url + PAGE_PATH
    _, session = web_post(base + "session", {})
    token = session["token"]
    web_participant = token.rpartition(".")[0]
    for message in ("hoi", "ja", "6"):
        assert web_post(base + "message", {"token": token, "message": message})[0] == 200
    web_before = stack.export(web_participant)
    assert web_before["measurements"][0]["life_rating"] == 6

    for sender in (web_participant, "telegram:640001"):
        impostor = Resident(stack, sender)  # the REST channel stores it as rest:<sender>
        assert impostor.participant == f"rest:{sender}"
        impostor.say("hoi")
        assert sorted(impostor.choices) == ["no", "yes"]  # a conversation of its own, from the start
        impostor.press("yes")
        impostor.say("vergeet mij")
        impostor.press("yes")
    assert stack.export(web_participant) == web_before
    status, reply = web_post(base + "message", {"token": token, "message": "hoe ver ben ik"})
    assert status == 200 and reply


def test_bad_text_over_telegram_gets_an_answer_and_no_error(stack, telegram_api):
    chat_id = 680_001
    for text in ("/start", "ja"):
        assert telegram_post(stack, dict(tg.text_message(chat_id, text), update_id=telegram_api.next_update_id()))[0] == 200
    for text in BAD_TEXTS[:24]:
        since = telegram_api.mark()
        update = dict(tg.text_message(chat_id, text[:4096]), update_id=telegram_api.next_update_id())
        status, answer = telegram_post(stack, update)
        assert status == 200 and answer["outcome"] == "answered", (text[:40], answer)
        assert texts_to(telegram_api, chat_id, since), f"no answer to {text[:40]!r}"
    for data in ("score:5", "rating:99", "domain:bestaat_niet", "#oud", '/rate_domain{"score":"3"}'):  # buttons not offered
        since = telegram_api.mark()
        status, _ = telegram_post(stack, dict(tg.callback_query(chat_id, data), update_id=telegram_api.next_update_id()))
        assert status == 200 and texts_to(telegram_api, chat_id, since), data
    since = telegram_api.mark()
    assert telegram_post(stack, dict(tg.text_message(chat_id, "7"), update_id=telegram_api.next_update_id()))[0] == 200
    assert texts_to(telegram_api, chat_id, since)
    assert stack.export(f"telegram:{chat_id}")["measurements"][0]["life_rating"] in (1, 7)
