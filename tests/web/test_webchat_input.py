"""What the HTTP channels (REST, web chat, Telegram's webhook) accept and what they hand to Rasa,
without a server: bot/channels/http.py and the REST channel's participant ids."""

import json
from types import SimpleNamespace

import pytest

from bot.channels.http import MAX_BODY_BYTES, MAX_JSON_DEPTH, json_body, message_id_of, readable_message, typed
from bot.channels.rest import participant_of as rest_participant
from bot.understanding.message import choice_of_payload, choice_payload


def status_of(refused) -> int:
    return refused.status


def error_of(refused) -> str:
    return json.loads(refused.body)["error"]


# --- messages --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "given, expected",
    [
        ("hoi", "hoi"),
        ("hoi\x00\x07 daar", "hoi daar"),
        ("regel 1\nregel 2", "regel 1\nregel 2"),
        ("hoi \ud800daar", "hoi daar"),  # a lone surrogate is no text
        ("\ufeffhoi", "hoi"),
        ("\u202eevil\u202c", "evil"),
        ("😀", "😀"),
    ],
)
def test_readable_messages_lose_only_control_characters(given, expected):
    assert readable_message(given) == (expected, None)


@pytest.mark.parametrize(
    "given, status", [(None, 400), (123, 400), (["hoi"], 400), ("", 400), ("  \x00 ", 400), ("\u200b", 400), ("a" * 5001, 413)]
)
def test_unreadable_messages_get_a_4xx_with_a_dutch_line(given, status):
    text, refused = readable_message(given)
    assert text is None and status_of(refused) == status and error_of(refused)


# --- what someone typed never becomes one of Rasa's own commands -------------------------------------------
@pytest.mark.parametrize(
    "given, text, command",
    [
        ("/restart", "restart", "restart"),
        ("  /session_start", "session_start", "session_start"),
        ("/ restart", "restart", "restart"),
        ("/\trestart", "restart", "restart"),
        ("\uff0frestart", "restart", "restart"),  # a look-alike slash
        ("/oefenen Robert", "oefenen Robert", "oefenen Robert"),
        ("/professional abcd-efgh", "professional abcd-efgh", "professional abcd-efgh"),
        ('/rate_domain{"score":"3"}', 'rate_domain{"score":"3"}', 'rate_domain{"score":"3"}'),
        ('/choose{"choice":"yes","extra":1}', 'choose{"choice":"yes","extra":1}', 'choose{"choice":"yes","extra":1}'),
        ("/", "help", None),
        ("//", "help", None),
        ("het gaat wel", "het gaat wel", None),
        ("ik wil /stop", "ik wil /stop", None),
    ],
)
def test_typed_text_reaches_rasa_as_words_and_a_slash_command_as_a_command_for_the_app(given, text, command):
    inbound = typed(given)
    assert inbound.text == text and not inbound.text.startswith("/")
    assert inbound.metadata.get("command") == command


@pytest.mark.parametrize("choice", ["yes", "score:3", "domain:lichamelijke_gezondheid", "rating:10", "wish:geld", "skip_section"])
def test_a_button_payload_passes_as_it_is_and_carries_its_choice(choice):
    payload = choice_payload(choice)
    assert payload.startswith("/choose{")
    inbound = typed(payload)
    assert inbound.text == payload and inbound.metadata == {}
    assert choice_of_payload(inbound.text) == choice


@pytest.mark.parametrize(
    "payload",
    [
        '/choose{"choice":""}',
        '/choose{"choice":3}',
        '/choose{"choice":"' + "x" * 65 + '"}',
        "/choose{kapot",
        "/choose",
        "/affirm",
    ],
)
def test_a_malformed_button_payload_is_no_choice(payload):
    assert choice_of_payload(payload) is None
    assert not typed(payload).text.startswith("/")


# --- message ids, bodies, senders -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "given, expected",
    [("m-1", "m-1"), ("tg-123", "tg-123"), ("a" * 64, "a" * 64), ("a" * 65, None), ("", None), ("twee woorden", None), (7, None)],
)
def test_message_ids(given, expected):
    assert message_id_of(given) == expected


def request(body: bytes):
    return SimpleNamespace(body=body)


def nested(depth: int) -> bytes:
    return json.dumps({"sender": "x", "message": "hoi", "extra": json.loads("[" * depth + "]" * depth)}).encode()


@pytest.mark.parametrize(
    "raw, status",
    [
        (b"{niet json", 400),
        (b"", 400),
        (b"[]", 400),
        (b"null", 400),
        (b'"hoi"', 400),
        (b"\xff\xfe", 400),
        (b"[" * 60_000, 400),
        (b"{" * 100_000, 413),
        (nested(MAX_JSON_DEPTH + 2), 400),
        (b'{"message": "' + b"a" * MAX_BODY_BYTES + b'"}', 413),
    ],
)
def test_a_body_that_is_no_json_object_too_deep_or_too_large_is_refused(raw, status):
    parsed, refused = json_body(request(raw))
    assert parsed is None and status_of(refused) == status and error_of(refused)


def test_an_ordinary_body_is_read():
    assert json_body(request(b'{"sender": "x", "message": "hoi", "message_id": "m-1"}')) == (
        {"sender": "x", "message": "hoi", "message_id": "m-1"},
        None,
    )
    assert json_body(request(nested(MAX_JSON_DEPTH - 2)))[1] is None


@pytest.mark.parametrize(
    "sender, participant",
    [
        ("p1", "rest:p1"),
        ("ik", "rest:ik"),
        ("a.b@c-d_e", "rest:a.b@c-d_e"),
        ("rest:p1", "rest:rest:p1"),
        ("web:0123456789abcdef0123456789abcdef", "rest:web:0123456789abcdef0123456789abcdef"),  # its own conversation
        ("telegram:640001", "rest:telegram:640001"),
        ("x" * 128, "rest:" + "x" * 128),
        ("", None),
        (None, None),
        (5, None),
        ("x" * 129, None),
        ("twee woorden", None),
        ("../x", None),
        (":x", None),
    ],
)
def test_a_rest_sender_is_always_a_rest_participant(sender, participant):
    assert rest_participant(sender) == participant
