"""Rasa custom channel `telegram`, mounted at /webhooks/telegram/ on the Rasa server.

One code path for every update, whether Telegram posts it (webhook, production) or the
long-polling forwarder does (`python -m bot.channels.telegram`, `make telegram`; see
bot/channels/telegram_polling.py):

  POST /webhooks/telegram/webhook   one Telegram Update (JSON), with the header
                                    X-Telegram-Bot-Api-Secret-Token = $TELEGRAM_WEBHOOK_SECRET
  GET  /webhooks/telegram/          health

The update becomes a Rasa UserMessage from `telegram:<chat id>`; the bot's replies are
collected and sent with python-telegram-bot (`telegram.Bot`, base_url $TELEGRAM_API_URL).
The mapping itself (commands, odd updates, splitting, keyboards) is bot/channels/telegram_format.py.

Answers: 200 when the update was handled (also when it was ignored on purpose), 400 for a
body that is not an update, 403 without the right secret, 503 when the channel is not
configured, 500 only when Rasa itself failed on the message (so the sender retries it).
Logs name the participant by pseudonym (deelnemer-...) and the kind of update or call, never what was said.
"""

import asyncio
import logging
import weakref
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels import telegram_format as fmt
from bot.channels.http import json_body, run_message, typed
from bot.channels.telegram_api import SECRET_HEADER, TelegramSender, TelegramSettings, make_bot
from bot.channels.telegram_dedupe import Claim, UpdateMemory, update_memory_from_environment
from bot.pseudonyms import pseudonym

logger = logging.getLogger(__name__)

REMEMBERED_UPDATES = 4096


def remember_bounded(memory: OrderedDict, key, value, limit: int) -> None:
    """Keep `key` as the newest entry of `memory`, dropping the oldest past `limit`."""
    memory[key] = value
    memory.move_to_end(key)
    while len(memory) > limit:
        memory.popitem(last=False)


class TelegramCollector(CollectingOutputChannel):
    """Rasa's collector, but a text stays one message (the collector splits at blank lines)."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._persist_message(self._message(recipient_id, text=text))


class RasaFailed(Exception):
    """Rasa raised while handling the message: answer 500 so the update is sent again."""


class TelegramInput(InputChannel):
    """Telegram, on python-telegram-bot. credentials.yml: `bot.channels.telegram.TelegramInput:`
    (no arguments: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET and TELEGRAM_API_URL come from the environment)."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(
        self,
        settings: Optional[TelegramSettings] = None,
        bot=None,
        render: Optional[Callable] = None,
        sleep=asyncio.sleep,
        updates: Optional[UpdateMemory] = None,
    ):
        self.settings = settings or TelegramSettings.from_environment()
        self._bot, self._render, self._sleep = bot, render, sleep
        self._sender: Optional[TelegramSender] = None
        # handled update ids, in Redis when several servers share the webhook (telegram_dedupe.py)
        self._updates = updates if updates is not None else update_memory_from_environment(self.settings.token)
        self._notified: OrderedDict[int, None] = OrderedDict()  # updates whose sender was told of a failure
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    @property
    def secret_bytes(self) -> bytes:
        return self.settings.secret.encode("utf-8")

    def sender(self) -> TelegramSender:
        if self._sender is None:
            bot = self._bot if self._bot is not None else make_bot(self.settings)
            self._sender = TelegramSender(bot, self.settings.token, self._render, self._sleep)
        return self._sender

    async def close(self) -> None:
        if self._sender is not None and self._bot is None:
            try:
                await self._sender.bot.request.shutdown()  # the bot was never initialized: close its HTTP client
            except Exception:
                logger.debug("telegram bot shutdown failed", exc_info=True)
        self._sender = None
        await self._updates.close()

    # -- bookkeeping ------------------------------------------------------------------------

    def _lock(self, chat_id: int) -> asyncio.Lock:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[chat_id] = lock
        return lock

    # -- one update -------------------------------------------------------------------------

    async def handle_update(self, update: dict, on_new_message: Callable[[UserMessage], Awaitable[Any]], agent=None) -> str:
        """What happened to the update (for the HTTP answer and logs). Raises RasaFailed only."""
        inbound = fmt.read_update(update)
        update_id = update["update_id"]
        if inbound.kind == "ignore" or inbound.chat_id is None:
            logger.debug("telegram update %s (%s) ignored", update_id, inbound.update_type)
            return "ignored"
        chat_id = inbound.chat_id
        participant = fmt.participant_id(chat_id)
        who = pseudonym(participant)  # what logs and the sender's logs name
        if await self._updates.seen(update_id):
            logger.info("%s update=%s duplicate ignored", who, update_id)
            return "duplicate"
        sender = self.sender()
        if inbound.callback_query_id:  # at once, before waiting for an earlier turn of this chat
            await sender.answer_callback(who, inbound.callback_query_id)
        async with self._lock(chat_id):
            claim = await self._updates.claim(update_id)
            if claim is Claim.DONE:
                logger.info("%s update=%s duplicate ignored", who, update_id)
                return "duplicate"
            if claim is Claim.BUSY:  # another server is on it: answer 500, Telegram sends it again later
                logger.info("%s update=%s is being handled elsewhere", who, update_id)
                raise RasaFailed()
            if inbound.notice:
                await self._updates.done(update_id)
                await sender.send_text(who, chat_id, inbound.notice)
                logger.info("%s update=%s notice sent", who, inbound.update_type)
                return "notice"
            text = inbound.text
            if inbound.kind == "callback":
                if text is None:
                    await self._updates.done(update_id)
                    return "ignored"
                text = fmt.payload_of_callback(text)
                if text is None:
                    await self._updates.done(update_id)
                    await sender.send_text(who, chat_id, fmt.STALE_BUTTON)
                    logger.info("%s button data unknown (stale)", who)
                    return "stale_button"
            collector = TelegramCollector()
            replies = await run_message(on_new_message, typed(text or ""), participant, self.name(), f"tg-{update_id}", collector)
            if replies is None:  # Rasa failed, or no reply at all (the action server or the database is down)
                if update_id not in self._notified:
                    remember_bounded(self._notified, update_id, None, REMEMBERED_UPDATES)
                    await sender.send_text(who, chat_id, fmt.UNAVAILABLE)
                logger.warning("%s update=%s got no reply from the assistant; it will come again", who, inbound.update_type)
                await self._updates.release(update_id)
                raise RasaFailed()
            await self._updates.done(update_id)  # the turn happened: a repeat of this update must not repeat it
            failed = await sender.send_replies(who, chat_id, replies)
            logger.info("%s update=%s replies=%d failed=%d", who, inbound.update_type, len(replies), failed)
            return "answered"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = Blueprint("wat_telt_telegram", __name__)

        @telegram_webhook.route("/", methods=["GET"])
        async def health(request: Request):
            if not self.settings.configured:
                return response.json(
                    {"status": "not configured", "needs": ["TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_SECRET"]}, status=503
                )
            return response.json({"status": "ok"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            if not self.settings.configured:
                return response.json({"error": "telegram channel not configured"}, status=503)
            if not self.settings.secret_matches(request.headers.get(SECRET_HEADER)):
                logger.warning("telegram webhook: request without the right secret token refused")
                return response.json({"error": "forbidden"}, status=403)
            update, refused = json_body(request)  # the shared size and depth limits
            if update is None:
                return refused
            update_id = update.get("update_id")
            if not isinstance(update_id, int) or isinstance(update_id, bool):
                return response.json({"error": "not a Telegram update"}, status=400)
            agent = getattr(request.app.ctx, "agent", None)
            try:
                outcome = await self.handle_update(update, on_new_message, agent)
            except RasaFailed:
                return response.json({"error": "the assistant could not handle this message now"}, status=500)
            except Exception as error:
                logger.error("telegram update %s (%s) failed: %s", update_id, fmt.update_type(update), type(error).__name__)
                logger.debug("telegram update failure", exc_info=True)
                outcome = "failed"
            return response.json({"ok": True, "outcome": outcome})

        @telegram_webhook.listener("after_server_stop")
        async def close_bot(app, loop):
            await self.close()

        return telegram_webhook


if __name__ == "__main__":
    from bot.channels.telegram_polling import main

    raise SystemExit(main())
