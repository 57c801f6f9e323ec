"""The web chat channel's small pieces, without servers: session tokens and the reply shape."""

import re

from bot.channels.webchat import MAX_MESSAGE_LENGTH, bot_messages, new_session_token, participant_of
from bot.signing import signed


def test_a_new_session_is_a_signed_random_web_participant():
    participant, token = new_session_token()
    assert re.fullmatch(r"web:[0-9a-f]{32}", participant)
    assert participant_of(token) == participant
    assert new_session_token()[0] != participant


def test_forged_foreign_or_malformed_tokens_name_no_participant():
    participant, token = new_session_token()
    payload, _, signature = token.rpartition(".")
    other = "web:" + "0" * 32
    for bad in (
        None,
        7,
        "",
        "web:",
        payload,
        payload + ".",
        f"{other}.{signature}",
        token + "x",
        signed("rest:someone"),
        signed("3.png.9999999999"),
        signed("web:ABC"),
        "x" * 500,
    ):
        assert participant_of(bad) is None, bad


def test_bot_messages_keep_what_the_page_shows_and_drop_the_recipient():
    collected = [
        {"recipient_id": "web:1", "text": "Mag ik je antwoorden bewaren?", "buttons": [{"title": "Ja", "payload": "/affirm"}]},
        {"recipient_id": "web:1", "image": "http://127.0.0.1:5005/webhooks/webchat/media/t"},
        {"recipient_id": "web:1", "custom": {"document": "http://x/webhooks/webchat/media/u", "filename": "a.pdf"}},
        {"recipient_id": "web:1", "text": "Hoi", "buttons": []},
    ]
    assert bot_messages(collected) == [
        {"text": "Mag ik je antwoorden bewaren?", "buttons": [{"title": "Ja", "payload": "/affirm"}]},
        {"image": "http://127.0.0.1:5005/webhooks/webchat/media/t"},
        {"custom": {"document": "http://x/webhooks/webchat/media/u", "filename": "a.pdf"}},
        {"text": "Hoi"},
    ]
    assert MAX_MESSAGE_LENGTH == 5000
