"""The web chat's small pieces and the reply shape every HTTP channel shares, without servers:
session tokens, replies merged with their attachments, attachments as the channel's own links."""

import re

from bot.channels.http import attachment_of, merged, with_links
from bot.channels.media_links import page_media_link, public_media_link
from bot.channels.webchat import new_session_token, participant_of
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
        signed("telegram:42"),
        signed("3.png.9999999999"),
        signed("web:ABC"),
        "x" * 500,
    ):
        assert participant_of(bad) is None, bad


PICTURE = {"attachment": {"kind": "board_picture", "token": "tok-png"}}
PDF = {"attachment": {"kind": "board_pdf", "token": "tok-pdf"}}
LIVE = {"layout": "grid", "board": {"current": "geld", "domains": []}}


def test_a_replys_custom_part_is_put_back_with_its_text():
    """Rasa's collector sends a reply's custom part as a message of its own, after the text."""
    collected = [
        {"recipient_id": "web:1", "text": "Mag ik je antwoorden bewaren?", "buttons": [{"title": "Ja", "payload": "/x"}]},
        {"recipient_id": "web:1", "text": "Je bord als plaatje."},
        {"recipient_id": "web:1", "custom": PICTURE},
        {"recipient_id": "web:1", "text": "Je overzicht.", "buttons": []},
        {"recipient_id": "web:1", "custom": PDF},
        {"recipient_id": "web:1", "text": "Welk onderwerp?", "image": None},
        {"recipient_id": "web:1", "custom": LIVE},
    ]
    assert merged(collected) == [
        {"text": "Mag ik je antwoorden bewaren?", "buttons": [{"title": "Ja", "payload": "/x"}]},
        {"text": "Je bord als plaatje.", "custom": PICTURE},
        {"text": "Je overzicht.", "custom": PDF},
        {"text": "Welk onderwerp?", "custom": LIVE},
    ]


def test_a_custom_part_without_a_text_before_it_stays_a_message_of_its_own():
    assert merged([{"recipient_id": "x", "custom": PICTURE}, {"recipient_id": "x", "custom": PDF}]) == [
        {"custom": PICTURE},
        {"custom": PDF},
    ]


def test_attachments_become_the_channels_own_links():
    messages = [{"text": "plaatje", "custom": PICTURE}, {"text": "pdf", "custom": PDF}, {"text": "vraag", "custom": LIVE}]
    assert attachment_of(messages[0]) == ("board_picture", "tok-png") and attachment_of(messages[2]) is None
    for_rest = with_links(messages, public_media_link)
    assert for_rest[0] == {"text": "plaatje", "image": public_media_link("tok-png")}
    assert for_rest[1] == {
        "text": "pdf",
        "custom": {"document": public_media_link("tok-pdf"), "filename": "wat-telt-overzicht.pdf"},
    }
    assert for_rest[2] == {"text": "vraag"}  # REST clients get no live board
    for_page = with_links(messages, page_media_link, keep_custom=("layout", "board"))
    assert for_page[0]["image"] == "/webhooks/webchat/media/tok-png"
    assert for_page[2] == {"text": "vraag", "custom": LIVE}
    assert public_media_link("t").endswith("/webhooks/webchat/media/t") and public_media_link("t").startswith("http")


def test_an_attachment_without_kind_or_token_is_no_attachment():
    for custom in ({"attachment": {"kind": "board_picture"}}, {"attachment": "x"}, {"attachment": {"token": 3, "kind": "x"}}):
        assert attachment_of({"text": "t", "custom": custom}) is None
