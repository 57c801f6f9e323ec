"""The channel's update handling and sending, against the fake Bot API, with a stub in Rasa's place
(offline and fast; the real Rasa server is in test_integration.py): buttons carry their choice as
callback_data, pictures and PDFs are rendered here and uploaded, failures make the update come again."""

import asyncio
import itertools
import logging
from types import SimpleNamespace

import pytest

from bot.channels import telegram_format as fmt
from bot.channels.media_links import public_media_link
from bot.channels.telegram import RasaFailed, TelegramInput
from bot.pseudonyms import pseudonym
from bot.rendering.media import MediaFile
from bot.understanding.message import choice_payload
from tests.telegram import updates as tg
from tests.telegram.conftest import SECRET as SECRET_VALUE

_chats = itertools.count(9001)
_update_ids = itertools.count(1)


@pytest.fixture
def chat_id() -> int:
    return next(_chats)


def update(body: dict) -> dict:
    return dict(body, update_id=next(_update_ids))


class StubRasa:
    """on_new_message: records what arrived and answers like Rasa does through the collector."""

    def __init__(self, replies=(), fail=False, fake=None):
        self.replies, self.fail, self.fake = list(replies), fail, fake
        self.received = []

    async def __call__(self, message):
        answered = list(self.fake._answered) if self.fake else []
        self.received.append(
            {
                "sender": message.sender_id,
                "text": message.text,
                "channel": message.input_channel,
                "metadata": dict(message.metadata or {}),
                "answered": answered,
            }
        )
        if self.fail:
            raise RuntimeError("rasa broke")
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))


async def no_sleep(seconds):
    no_sleep.waits.append(seconds)


no_sleep.waits = []


def channel(settings, render=None) -> TelegramInput:
    return TelegramInput(settings, render=render or (lambda token: None), sleep=no_sleep)


def handle(settings, body, rasa, render=None, agent=None, existing=None):
    async def go():
        telegram_input = existing or channel(settings, render)
        try:
            return await telegram_input.handle_update(body, rasa, agent)
        finally:
            await telegram_input.close()

    return asyncio.run(go())


def test_text_goes_to_rasa_and_the_reply_with_buttons_comes_back(fake_api, settings, chat_id):
    rasa = StubRasa(
        [
            {
                "text": "Hoi. Ik stel je een paar vragen.\n\nWil je beginnen?",
                "buttons": [{"title": "Ja", "payload": choice_payload("yes")}, {"title": "Nee", "payload": choice_payload("no")}],
            }
        ]
    )
    body = update(tg.text_message(chat_id, "/start"))
    assert handle(settings, body, rasa) == "answered"
    assert [(r["sender"], r["text"], r["channel"]) for r in rasa.received] == [(f"telegram:{chat_id}", "hoi", "telegram")]
    assert rasa.received[0]["metadata"]["message_id"] == f"tg-{body['update_id']}"  # a redelivery is applied once
    [sent] = fake_api.sent_to(chat_id)
    assert (
        sent.fields["text"] == "Hoi. Ik stel je een paar vragen.\n\nWil je beginnen?"
    )  # one message, not split at the blank line
    assert sent.keyboard() == [[{"text": "Ja", "callback_data": "yes"}, {"text": "Nee", "callback_data": "no"}]]


def test_rating_keyboard_rows(fake_api, settings, chat_id):
    buttons = [{"title": str(n), "payload": choice_payload(f"rating:{n}")} for n in range(11)]
    buttons += [{"title": "Liever geen cijfer", "payload": choice_payload("skip")}]
    handle(settings, update(tg.text_message(chat_id, "ok")), StubRasa([{"text": "Welk cijfer?", "buttons": buttons}]))
    [sent] = fake_api.sent_to(chat_id)
    assert [len(row) for row in sent.keyboard()] == [6, 5, 1]


def test_the_domains_come_as_a_grid_of_two_to_a_row(fake_api, settings, chat_id):
    from bot.content import load_instrument

    domains = [{"title": d.label, "payload": choice_payload(f"domain:{d.key}")} for d in load_instrument().domains]
    reply = {"text": "Welk onderwerp?", "buttons": domains, "custom": {"layout": "grid"}}
    handle(settings, update(tg.text_message(chat_id, "ok")), StubRasa([reply]))
    [sent] = fake_api.sent_to(chat_id)
    assert [len(row) for row in sent.keyboard()] == [2] * 7
    assert [cell["callback_data"] for row in sent.keyboard() for cell in row] == [
        f"domain:{d.key}" for d in load_instrument().domains
    ]


def test_callback_is_answered_first_then_its_choice_goes_to_rasa_as_the_buttons_payload(fake_api, settings, chat_id):
    rasa = StubRasa([{"text": "Dank je."}], fake=fake_api)
    body = update(tg.callback_query(chat_id, "score:3", query_id=f"q-{chat_id}"))
    assert handle(settings, body, rasa) == "answered"
    assert rasa.received[0]["text"] == choice_payload("score:3") and f"q-{chat_id}" in rasa.received[0]["answered"]
    assert [c.fields["text"] for c in fake_api.sent_to(chat_id)] == ["Dank je."]


def test_a_button_whose_payload_is_no_choice_is_left_out_of_the_keyboard(fake_api, settings, chat_id):
    buttons = [{"title": "Oud", "payload": "/affirm"}, {"title": "Werk", "payload": choice_payload("domain:werk")}]
    handle(settings, update(tg.text_message(chat_id, "hoi")), StubRasa([{"text": "Kies.", "buttons": buttons}]))
    [sent] = fake_api.sent_to(chat_id)
    assert sent.keyboard() == [[{"text": "Werk", "callback_data": "domain:werk"}]]


@pytest.mark.parametrize("data", ["#bestaatnietmeer0000000", "/affirm", '/rate_domain{"score":"3"}'])
def test_data_no_button_of_ours_carries_gets_a_friendly_line_and_nothing_goes_to_rasa(fake_api, settings, chat_id, data):
    rasa = StubRasa()
    assert handle(settings, update(tg.callback_query(chat_id, data)), rasa) == "stale_button"
    assert rasa.received == [] and [c.fields["text"] for c in fake_api.sent_to(chat_id)] == [fmt.STALE_BUTTON]


def attachment(kind: str, token: str) -> dict:
    return {"attachment": {"kind": kind, "token": token}}


def test_picture_and_pdf_are_rendered_here_and_uploaded(fake_api, settings, chat_id):
    rendered = {
        "tok-png": MediaFile(b"\x89PNG-bord", "image/png", "wat-telt-bord.png"),
        "tok-pdf": MediaFile(b"%PDF-bord", "application/pdf", "wat-telt-overzicht.pdf"),
    }
    rasa = StubRasa(
        [
            {"text": "Je bord als plaatje.", "custom": attachment("board_picture", "tok-png")},
            {"text": "Je overzicht.", "custom": attachment("board_pdf", "tok-pdf")},
        ]
    )
    handle(settings, update(tg.text_message(chat_id, "klaar")), rasa, render=rendered.get)
    calls = fake_api.sent_to(chat_id)
    assert [c.method for c in calls] == ["sendMessage", "sendPhoto", "sendMessage", "sendDocument"]
    assert [c.fields.get("text") for c in calls] == ["Je bord als plaatje.", None, "Je overzicht.", None]
    assert calls[1].files["photo"]["body"] == b"\x89PNG-bord"
    assert calls[3].files["document"]["body"] == b"%PDF-bord"
    assert calls[3].files["document"]["filename"] == "wat-telt-overzicht.pdf"


def test_a_token_that_cannot_be_rendered_becomes_a_link(fake_api, settings, chat_id):
    rasa = StubRasa([{"text": "Je bord als plaatje.", "custom": attachment("board_picture", "vervalst")}])
    handle(settings, update(tg.text_message(chat_id, "klaar")), rasa)  # the render finds nothing for it
    texts = [c.fields["text"] for c in fake_api.sent_to(chat_id)]
    assert texts == ["Je bord als plaatje.", fmt.LINK_TEXT.format(url=public_media_link("vervalst"))]


def test_a_render_that_fails_becomes_a_link_too(fake_api, settings, chat_id):
    def broken(token):
        raise RuntimeError("no database")

    rasa = StubRasa([{"text": "Je overzicht.", "custom": attachment("board_pdf", "tok")}])
    handle(settings, update(tg.text_message(chat_id, "klaar")), rasa, render=broken)
    assert [c.fields["text"] for c in fake_api.sent_to(chat_id)][-1] == fmt.LINK_TEXT.format(url=public_media_link("tok"))


def test_long_text_is_sent_in_parts_with_the_buttons_on_the_last(fake_api, settings, chat_id):
    text = "\n".join(f"Dit is regel {n} van een lange uitleg." for n in range(300))
    rasa = StubRasa([{"text": text, "buttons": [{"title": "Verder", "payload": choice_payload("next")}]}])
    handle(settings, update(tg.text_message(chat_id, "uitleg")), rasa)
    calls = fake_api.sent_to(chat_id)
    assert len(calls) == 3 and all(len(c.fields["text"]) <= 4096 for c in calls)
    assert [bool(c.keyboard()) for c in calls] == [False, False, True]
    assert "\n".join(c.fields["text"] for c in calls) == text


@pytest.mark.parametrize(
    "make, line",
    [
        (tg.sticker, fmt.NOT_TEXT),
        (tg.voice, fmt.NOT_TEXT),
        (tg.location, fmt.NOT_TEXT),
        (lambda c: tg.group_message(-c, "hoi"), fmt.PRIVATE_ONLY),
    ],
)
def test_odd_messages_get_one_line_without_rasa(fake_api, settings, chat_id, make, line):
    rasa = StubRasa()
    body = update(make(chat_id))
    assert handle(settings, body, rasa) == "notice"
    target = body["message"]["chat"]["id"]
    assert rasa.received == [] and [c.fields["text"] for c in fake_api.sent_to(target)] == [line]


def test_edited_and_unknown_updates_get_no_reply(fake_api, settings, chat_id):
    rasa = StubRasa()
    for body in (tg.edited_message(chat_id, "toch anders"), tg.unknown_update(), tg.my_chat_member(chat_id)):
        assert handle(settings, update(body), rasa) == "ignored"
    assert rasa.received == [] and fake_api.sent_to(chat_id) == []


def test_flood_control_is_honoured_and_the_message_still_arrives(fake_api, settings, chat_id):
    no_sleep.waits.clear()
    fake_api.fail_next("sendMessage", 1, status=429, retry_after=3)
    handle(settings, update(tg.text_message(chat_id, "hoi")), StubRasa([{"text": "Hoi."}]))
    assert no_sleep.waits == [3.0] and [c.fields["text"] for c in fake_api.sent_to(chat_id)] == ["Hoi."]


def test_bad_gateway_is_retried_a_bounded_number_of_times_and_logged_without_text(fake_api, settings, chat_id, caplog):
    no_sleep.waits.clear()
    fake_api.fail_next("sendMessage", 5, status=502)
    secret_words = "mijn schulden zijn hoog"
    with caplog.at_level(logging.DEBUG, logger="bot.channels"):
        handle(settings, update(tg.text_message(chat_id, secret_words)), StubRasa([{"text": "Dank je voor het vertellen."}]))
    assert fake_api.sent_to(chat_id) == [] and no_sleep.waits == [0.5, 1.0, 2.0, 4.0]
    failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(pseudonym(f"telegram:{chat_id}") in m and "sendMessage" in m and "5 tries" in m for m in failures)
    logged = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert secret_words not in logged and "Dank je" not in logged
    assert str(chat_id) not in logged  # participants by pseudonym only


def test_a_repeated_update_is_handled_once(fake_api, settings, chat_id):
    rasa = StubRasa([{"text": "Hoi."}])
    body = update(tg.text_message(chat_id, "hoi"))

    async def go():
        telegram_input = channel(settings)
        try:
            return [await telegram_input.handle_update(body, rasa) for _ in range(2)]
        finally:
            await telegram_input.close()

    assert asyncio.run(go()) == ["answered", "duplicate"] and len(rasa.received) == 1


def test_when_rasa_fails_the_resident_is_told_and_the_update_can_come_again(fake_api, settings, chat_id):
    body = update(tg.text_message(chat_id, "hoi"))

    async def go():
        telegram_input = channel(settings)
        try:
            with pytest.raises(RasaFailed):
                await telegram_input.handle_update(body, StubRasa(fail=True))
            return await telegram_input.handle_update(body, StubRasa([{"text": "Hoi."}]))
        finally:
            await telegram_input.close()

    assert asyncio.run(go()) == "answered"
    assert [c.fields["text"] for c in fake_api.sent_to(chat_id)] == [fmt.UNAVAILABLE, "Hoi."]


def test_settings_and_secret_check():
    from bot.channels.telegram_api import TelegramSettings

    assert not TelegramSettings("", "s").configured and not TelegramSettings("t", "").configured
    ok = TelegramSettings("t", "geheim")
    assert ok.secret_matches("geheim") and not ok.secret_matches("geheim2") and not ok.secret_matches(None)
    assert not TelegramSettings("t", "").secret_matches("")


def _routes(telegram_input, rasa):
    blueprint = telegram_input.blueprint(rasa)
    return {(route.uri, tuple(sorted(route.methods))): route.handler for route in blueprint._future_routes}


def _request(body: bytes, secret=None):
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    return SimpleNamespace(headers=headers, body=body, app=SimpleNamespace(ctx=SimpleNamespace()))


def test_webhook_route_answers_503_403_400_and_200(fake_api, settings, chat_id):
    from bot.channels.telegram_api import TelegramSettings

    body = (
        b'{"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": %d, "type": "private"}, "text": "hoi"}}'
        % chat_id
    )
    rasa = StubRasa([{"text": "Hoi."}])

    async def go():
        unconfigured = _routes(TelegramInput(TelegramSettings("", "", fake_api.base_url)), rasa)
        configured_input = channel(settings)
        routes = _routes(configured_input, rasa)
        receive, health = routes[("/webhook", ("POST",))], routes[("/", ("GET",))]
        try:
            return [
                (await unconfigured[("/webhook", ("POST",))](_request(body, SECRET_VALUE))).status,
                (await unconfigured[("/", ("GET",))](_request(b""))).status,
                (await health(_request(b""))).status,
                (await receive(_request(body))).status,
                (await receive(_request(body, "fout"))).status,
                (await receive(_request(b"{kapot", SECRET_VALUE))).status,
                (await receive(_request(b'{"update_id": "1"}', SECRET_VALUE))).status,
                (await receive(_request(b'{"update_id": 2, "some_future_update": {}}', SECRET_VALUE))).status,
                (await receive(_request(b"[" * 60_000, SECRET_VALUE))).status,
                (await receive(_request(b'{"update_id": 3, "x": "' + b"a" * 70_000 + b'"}', SECRET_VALUE))).status,
                (await receive(_request(body, SECRET_VALUE))).status,
            ]
        finally:
            await configured_input.close()

    assert asyncio.run(go()) == [503, 503, 200, 403, 403, 400, 400, 200, 400, 413, 200]
    assert [r["text"] for r in rasa.received] == ["hoi"] and [c.fields["text"] for c in fake_api.sent_to(chat_id)] == ["Hoi."]


def test_webhook_route_answers_500_when_rasa_fails_so_the_update_comes_again(settings, chat_id):
    body = (
        b'{"update_id": 3, "message": {"message_id": 1, "date": 0, "chat": {"id": %d, "type": "private"}, "text": "hoi"}}'
        % chat_id
    )

    async def go():
        telegram_input = channel(settings)
        try:
            return (
                await _routes(telegram_input, StubRasa(fail=True))[("/webhook", ("POST",))](_request(body, SECRET_VALUE))
            ).status
        finally:
            await telegram_input.close()

    assert asyncio.run(go()) == 500


def test_no_reply_from_the_assistant_tells_the_resident_once_and_the_update_comes_again(fake_api, settings, chat_id):
    body = update(tg.text_message(chat_id, "hoi"))

    async def go():
        telegram_input = channel(settings)
        try:
            for _ in range(2):  # the action server is down: Rasa answers nothing, twice
                with pytest.raises(RasaFailed):
                    await telegram_input.handle_update(body, StubRasa())
            return await telegram_input.handle_update(body, StubRasa([{"text": "Hoi."}]))
        finally:
            await telegram_input.close()

    assert asyncio.run(go()) == "answered"
    assert [c.fields["text"] for c in fake_api.sent_to(chat_id)] == [fmt.UNAVAILABLE, "Hoi."]
