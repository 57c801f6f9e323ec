"""Telegram <-> Rasa mapping without any server: splitting, keyboards whose callback_data is the
button's choice (64 bytes at most), commands, updates."""

import pytest

from bot.channels import telegram_format as fmt
from bot.channels.http import typed as http_typed
from bot.understanding.message import choice_of_payload, choice_payload
from tests.telegram import updates as tg

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


CHOICES = ["yes", "no", "score:1", "rating:10", "domain:lichamelijke_gezondheid", "wish:psychische_gezondheid", "review:not_yet"]
CHOICES += ["not_applicable", "skip_section", "contact_wijkteam", "count:5", "contact:3", "persona:robert", "goals_done"]


@pytest.mark.parametrize("choice", CHOICES)
def test_callback_data_is_the_buttons_choice_and_comes_back_as_its_payload(choice):
    data = fmt.callback_data(choice_payload(choice))
    assert data == choice and 1 <= len(data.encode()) <= 64
    assert fmt.payload_of_callback(data) == choice_payload(choice)


def test_every_choice_the_board_offers_fits_in_callback_data():
    from bot.content import load_instrument

    instrument = load_instrument()
    longest = max((f"{kind}:{key}" for key in instrument.keys for kind in ("domain", "wish", "priority")), key=len)
    assert fmt.callback_data(choice_payload(longest)) == longest


@pytest.mark.parametrize("payload", ["/affirm", '/rate_domain{"score":"3"}', "7", "", "/choose{kapot", choice_payload("é" * 40)])
def test_a_payload_that_is_no_choice_or_too_long_gets_no_button(payload):
    assert fmt.callback_data(payload) is None


@pytest.mark.parametrize(
    "data", ["/affirm", '/rate_domain{"score":"3"}', "#bestaatniet", "", "Score:3", "score:", "score:3 ", "x" * 30, "a:b:c"]
)
def test_callback_data_no_button_of_ours_carries_has_no_payload(data):
    assert fmt.payload_of_callback(data) is None


def test_inline_keyboard_rows_carry_the_choices_and_leave_out_what_is_no_choice():
    buttons = [{"title": str(n), "payload": choice_payload(f"rating:{n}")} for n in range(11)]
    buttons += [{"title": "Oud ding", "payload": "/affirm"}, {"title": "Liever geen cijfer", "payload": choice_payload("skip")}]
    rows = fmt.inline_keyboard(buttons)
    cells = [cell for row in rows for cell in row]
    assert [cell["text"] for cell in cells] == [str(n) for n in range(11)] + ["Liever geen cijfer"]
    assert [cell["callback_data"] for cell in cells] == [f"rating:{n}" for n in range(11)] + ["skip"]
    assert [len(row) for row in rows] == [6, 5, 1]
    assert fmt.inline_keyboard([]) == []


# ---- updates -> what to do ------------------------------------------------------------------


def test_text_goes_to_rasa_as_typed():
    inbound = fmt.read_update(tg.text_message(42, "  het gaat wel  "))
    assert (inbound.kind, inbound.chat_id, inbound.text, inbound.participant) == ("text", 42, "het gaat wel", "telegram:42")


@pytest.mark.parametrize(
    "command, words",
    [
        ("/start", "hoi"),
        ("/start deeplink123", "hoi"),  # a t.me link with a payload
        ("/start@wat_telt_test_bot", "hoi"),
        ("/help", "help"),
        ("/stop", "stop"),
        ("/vergeet", "vergeet mij"),
        ("/oefenen", "/oefenen"),
        ("/oefenen Robert", "/oefenen Robert"),
        ("/feedback", "/feedback"),
        ("/HELP", "help"),
    ],
)
def test_commands_become_words_the_assistant_knows(command, words):
    assert fmt.read_update(tg.text_message(42, command)).text == words


@pytest.mark.parametrize(
    "typed, text, command",
    [
        ('/rate_domain{"score":"3"}', 'rate_domain{"score":"3"}', 'rate_domain{"score":"3"}'),
        ('/choose{"choice":"score:3"}', 'choose{"choice":"score:3"}', None),  # typed: words, no press
        ("/onbekend ding", "onbekend ding", "onbekend ding"),
        ("/oefenen Robert", "oefenen Robert", "oefenen Robert"),
        ("/professional ABCD-EFGH", "professional ABCD-EFGH", "professional ABCD-EFGH"),
        ("//", "help", None),
        ("/", "help", None),
        ("ik wil /stop", "ik wil /stop", None),
    ],
)
def test_typed_text_never_becomes_a_button_payload_nor_a_rasa_command(typed, text, command):
    """What reaches Rasa: the channel's words through bot/channels/http.py `typed` (as the channel does)."""
    inbound = http_typed(fmt.command_text(typed))
    assert inbound.text == text and inbound.metadata.get("command") == command
    assert choice_of_payload(inbound.text) is None


def test_callback_query_carries_its_data_and_id():
    update = tg.callback_query(42, "score:3", query_id="q1")
    inbound = fmt.read_update(update)
    assert (inbound.kind, inbound.chat_id, inbound.text, inbound.callback_query_id, inbound.notice) == (
        "callback",
        42,
        "score:3",
        "q1",
        None,
    )


def test_callback_query_without_message_uses_the_users_private_chat():
    update = tg.callback_query(42, "yes", query_id="q2")
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


def test_the_residents_own_shared_number_is_read_as_typed_text_and_nobody_elses():
    inbound = fmt.read_update(tg.own_contact(42, "+31 6 12345678"))
    assert (inbound.kind, inbound.text) == ("text", "+31 6 12345678")
    assert fmt.read_update(tg.contact(42)).notice == fmt.NOT_TEXT  # a contact card of someone else


def test_the_number_keyboard_offers_the_phone_s_own_number_and_the_other_buttons_as_text():
    keyboard = fmt.number_keyboard([{"title": "Liever niet", "payload": '/choose{"choice":"skip"}'}])
    assert keyboard["keyboard"][0][0]["request_contact"] is True
    assert keyboard["keyboard"][1] == [{"text": "Liever niet"}] and keyboard["one_time_keyboard"] is True


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
        {"callback_query": {"id": 5, "data": "yes"}},
        {"callback_query": {"id": "q", "from": "x", "message": 3}},
        {"message": {"chat": {"id": 42, "type": "private"}, "from": {"id": 9, "is_bot": True}, "text": "ik ben een bot"}},
        {"message": {"chat": {"id": 42, "type": "private"}, "text": "   "}},
    ],
)
def test_malformed_but_json_updates_never_raise(update):
    assert fmt.read_update(update).kind in ("ignore", "callback")
