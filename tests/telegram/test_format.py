"""Telegram <-> Rasa mapping without any server: splitting, keyboards, the 64-byte rule, updates."""

import pytest

from bot.channels import telegram_format as fmt
from tests.telegram import updates as tg

SECRET = b"test-secret"


# ---- splitting ------------------------------------------------------------------------------


def test_short_text_is_one_message():
    assert fmt.split_text("Hoi.\n\nWil je beginnen?") == ["Hoi.\n\nWil je beginnen?"]
    assert fmt.split_text("   ") == [] and fmt.split_text("") == []


def test_long_text_is_split_at_line_breaks_within_the_limit():
    lines = [f"Regel {n}: " + "woord " * 30 for n in range(100)]
    text = "\n".join(lines)
    chunks = fmt.split_text(text)
    assert len(chunks) > 1
    assert all(fmt.telegram_length(chunk) <= fmt.TEXT_LIMIT for chunk in chunks)
    assert all(chunk.startswith("Regel ") for chunk in chunks)  # every cut was at a line break
    assert "\n".join(chunks).split() == text.split()


def test_text_without_line_breaks_is_split_between_words():
    text = " ".join(f"woord{n}" for n in range(1500))
    chunks = fmt.split_text(text, limit=1000)
    assert all(fmt.telegram_length(chunk) <= 1000 for chunk in chunks)
    assert " ".join(chunks).split() == text.split()


def test_one_enormous_word_is_cut_hard():
    chunks = fmt.split_text("x" * 10_000)
    assert [len(c) for c in chunks] == [4096, 4096, 1808]


def test_limit_counts_utf16_units_like_telegram():
    text = "😊" * 3000  # 6000 UTF-16 code units
    chunks = fmt.split_text(text)
    assert all(fmt.telegram_length(chunk) <= 4096 for chunk in chunks) and "".join(chunks) == text


# ---- keyboards and callback_data ------------------------------------------------------------


def test_rating_buttons_share_rows_and_long_titles_get_their_own():
    titles = [str(n) for n in range(11)] + ["Liever geen cijfer"]
    assert fmt.keyboard_rows(titles) == [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11]]


def test_yes_no_is_one_row_and_a_scale_one_per_row():
    assert fmt.keyboard_rows(["Ja", "Nee"]) == [[0, 1]]
    scale = ["😟 Heel slecht", "🙁 Slecht", "😐 Gaat wel", "🙂 Goed", "😀 Heel goed", "Niet van toepassing", "Sla over"]
    assert fmt.keyboard_rows(scale) == [[n] for n in range(7)]
    assert fmt.keyboard_rows([]) == []


def test_callback_data_is_the_payload_when_it_fits_64_bytes():
    for payload in ["/affirm", '/rate_domain{"score":"3"}', '/choose_domain{"domain":"lichamelijke_gezondheid"}', "7"]:
        assert fmt.callback_data(payload, SECRET) == payload


def test_longer_payloads_become_short_signed_keys_that_resolve():
    long_payload = '/choose_domain{"domain":"' + "é" * 30 + '"}'  # 57 characters, 87 bytes
    assert len(long_payload) < 64 < len(long_payload.encode())
    data = fmt.callback_data(long_payload, SECRET)
    assert fmt.is_key(data) and len(data.encode()) <= 64
    assert data == fmt.callback_data(long_payload, SECRET)  # deterministic
    assert data != fmt.callback_data(long_payload, b"other secret")  # signed
    assert fmt.payload_for_key(data, ["/affirm", long_payload], SECRET) == long_payload
    assert fmt.payload_for_key(data, ["/affirm"], SECRET) is None


def test_a_payload_that_looks_like_a_key_or_is_empty_is_keyed_too():
    assert fmt.is_key(fmt.callback_data("#hashtag", SECRET))
    assert fmt.is_key(fmt.callback_data("", SECRET))


def test_inline_keyboard_never_sends_more_than_64_bytes():
    buttons = [{"title": str(n), "payload": str(n)} for n in range(11)]
    buttons += [{"title": "Een heel lang ding", "payload": "/x" + "y" * 200}, {"title": "Sla over", "payload": "/skip"}]
    rows, remembered = fmt.inline_keyboard(buttons, SECRET)
    cells = [cell for row in rows for cell in row]
    assert [cell["text"] for cell in cells] == [b["title"] for b in buttons]
    assert all(1 <= len(cell["callback_data"].encode()) <= 64 for cell in cells)
    assert remembered == [(cells[11]["callback_data"], "/x" + "y" * 200)]
    assert cells[12]["callback_data"] == "/skip"


def test_media_token_is_taken_from_web_chat_media_urls_only():
    assert fmt.media_token("http://127.0.0.1:5005/webhooks/webchat/media/12.png.99.abc") == "12.png.99.abc"
    assert fmt.media_token("https://wijk.example.nl/webhooks/webchat/media/12.pdf.99.abc?x=1") == "12.pdf.99.abc"
    assert fmt.media_token("https://example.nl/plaatje.png") is None
    assert fmt.media_token("") is None


# ---- updates -> what to do ------------------------------------------------------------------


def test_text_goes_to_rasa_as_typed():
    inbound = fmt.read_update(tg.text_message(42, "  het gaat wel  "))
    assert (inbound.kind, inbound.chat_id, inbound.text, inbound.participant) == ("text", 42, "het gaat wel", "telegram:42")


@pytest.mark.parametrize(
    "command, words",
    [
        ("/start", "hoi"),
        ("/start deeplink123", "hoi"),
        ("/start@wat_telt_test_bot", "hoi"),
        ("/help", "wat bedoel je?"),
        ("/stop", "stop"),
        ("/vergeet", "vergeet mij"),
        ("/oefenen", "/oefenen"),
        ("/oefenen Robert", "/oefenen Robert"),
        ("/feedback", "/feedback"),
        ("/HELP", "wat bedoel je?"),
    ],
)
def test_commands_become_words_the_assistant_knows(command, words):
    assert fmt.read_update(tg.text_message(42, command)).text == words


def test_typed_text_never_becomes_a_button_payload():
    assert fmt.command_text('/rate_domain{"score":"3"}') == 'rate_domain{"score":"3"}'
    assert fmt.command_text("/onbekend ding") == "onbekend ding"
    assert fmt.command_text("//") == "wat bedoel je?" and fmt.command_text("/") == "wat bedoel je?"
    assert fmt.command_text("ik wil /stop") == "ik wil /stop"


def test_callback_query_carries_its_data_and_id():
    update = tg.callback_query(42, '/rate_domain{"score":"3"}', query_id="q1")
    inbound = fmt.read_update(update)
    assert (inbound.kind, inbound.chat_id, inbound.text, inbound.callback_query_id, inbound.notice) == (
        "callback",
        42,
        '/rate_domain{"score":"3"}',
        "q1",
        None,
    )


def test_callback_query_without_message_uses_the_users_private_chat():
    update = tg.callback_query(42, "/affirm", query_id="q2")
    del update["callback_query"]["message"]
    update["callback_query"]["inline_message_id"] = "im1"
    assert fmt.read_update(update).chat_id == 42


def test_callback_query_without_data_is_answered_but_says_nothing():
    inbound = fmt.read_update(tg.callback_query(42, None, query_id="q3"))
    assert inbound.kind == "callback" and inbound.text is None and inbound.callback_query_id == "q3"


@pytest.mark.parametrize("make", [tg.sticker, tg.voice, tg.photo, tg.document, tg.location, tg.contact])
def test_things_that_are_not_text_get_one_friendly_line(make):
    inbound = fmt.read_update(make(42))
    assert (inbound.kind, inbound.chat_id, inbound.notice) == ("notice", 42, fmt.NOT_TEXT)


def test_a_photo_with_a_caption_is_still_not_read():
    assert fmt.read_update(tg.photo(42, caption="mijn brief")).notice == fmt.NOT_TEXT


@pytest.mark.parametrize(
    "update",
    [
        tg.group_message(-100, "hoi"),
        tg.group_message(-1001234, "hoi", kind="supergroup"),
        tg.channel_post(-1009, "nieuws"),
        tg.sticker(-100) | {"message": dict(tg.sticker(1)["message"], chat=tg.chat(-100, "group"))},
    ],
)
def test_group_and_channel_chats_get_one_line_and_nothing_goes_to_rasa(update):
    inbound = fmt.read_update(update)
    assert inbound.kind == "notice" and inbound.notice == fmt.PRIVATE_ONLY and inbound.text is None


def test_edited_messages_and_unknown_updates_are_ignored():
    for update in [
        tg.edited_message(42, "toch een 4"),
        tg.unknown_update(),
        tg.my_chat_member(42),
        tg.pinned_service_message(42),
    ]:
        assert fmt.read_update(update).kind == "ignore"


@pytest.mark.parametrize(
    "update",
    [
        {},
        {"message": None},
        {"message": "tekst"},
        {"message": {"chat": {"id": "42", "type": "private"}, "text": "hoi"}},
        {"message": {"chat": {"id": 42, "type": "private"}, "text": 12}},
        {"message": {"chat": [], "text": "hoi"}},
        {"callback_query": {"id": 5, "data": "/affirm"}},
        {"callback_query": {"id": "q", "from": "x", "message": 3}},
        {"message": {"chat": {"id": 42, "type": "private"}, "from": {"id": 9, "is_bot": True}, "text": "ik ben een bot"}},
        {"message": {"chat": {"id": 42, "type": "private"}, "text": "   "}},
    ],
)
def test_malformed_but_json_updates_never_raise(update):
    assert fmt.read_update(update).kind in ("ignore", "callback")
