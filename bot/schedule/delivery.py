"""Sending an unasked turn's replies on Telegram, the way the Telegram channel sends them.

The scheduler is a process of its own: it calls the Bot API directly with the channel's sender
(bot/channels/telegram_api.py: bounded retries on flood control, network errors and 5xx), and the
buttons become inline keyboards exactly as in the channel (telegram_format.inline_keyboard, the
button's choice as callback_data), so the resident's press comes back through the normal channel.

The replies of one unasked turn go out as ONE message (the explanation first, the question last
with its buttons): one Bot API call either delivers all of it or nothing, so a retry never
repeats half a check-in.
"""

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Protocol, Sequence

from bot.channels.telegram_api import TelegramSender, TelegramSettings, describe, make_bot
from bot.flows.replies import Reply
from bot.pseudonyms import pseudonym

logger = logging.getLogger(__name__)

TELEGRAM = "telegram:"


class Delivery(Protocol):
    prefix: str

    async def send(self, participant_id: str, replies: Sequence[Reply]) -> bool: ...

    async def close(self) -> None: ...


def channel_messages(replies: Sequence[Reply]) -> List[Dict[str, Any]]:
    """Replies as the channel's messages ({text, buttons: [{title, payload}]}), consecutive texts joined
    into one message that ends with the buttons of its question."""
    messages: List[Dict[str, Any]] = []
    texts: List[str] = []
    for reply in replies:
        if reply.attachment is not None:  # an unasked turn has none; never send half of a reply
            raise ValueError("an unasked message cannot carry a picture or PDF")
        if reply.text:
            texts.append(reply.text)
        if reply.buttons:
            buttons = [{"title": button.title, "payload": button.payload} for button in reply.buttons]
            messages.append({"text": "\n\n".join(texts), "buttons": buttons})
            texts = []
    if texts:
        messages.append({"text": "\n\n".join(texts)})
    return messages


def chat_id_of(participant_id: str) -> Optional[int]:
    if not participant_id.startswith(TELEGRAM):
        return None
    rest = participant_id[len(TELEGRAM) :]
    return int(rest) if rest.lstrip("-").isdigit() else None


class TelegramDelivery:
    """One Bot API client per dispatch (it belongs to that dispatch's event loop)."""

    prefix = TELEGRAM

    def __init__(
        self,
        settings: TelegramSettings,
        bot: Any = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        max_tries: Optional[int] = None,
    ):
        import telegram  # noqa: F401  imported once at start, not on the first send (it takes seconds)

        self.settings = settings
        self._given_bot = bot
        self._sleep = sleep
        self._max_tries = max_tries
        self._sender: Optional[TelegramSender] = None

    def sender(self) -> TelegramSender:
        if self._sender is None:
            bot = self._given_bot if self._given_bot is not None else make_bot(self.settings)
            options = {"max_tries": self._max_tries} if self._max_tries else {}
            self._sender = TelegramSender(bot, self.settings.token, render=_no_media, sleep=self._sleep, **options)
        return self._sender

    async def send(self, participant_id: str, replies: Sequence[Reply]) -> bool:
        chat_id = chat_id_of(participant_id)
        who = pseudonym(participant_id)
        if chat_id is None:
            logger.error("%s is no Telegram chat", who)
            return False
        try:
            failed = await self.sender().send_replies(who, chat_id, channel_messages(replies))
        except Exception as error:  # the sender logs Bot API failures; this is anything else
            logger.error("%s unasked message failed: %s", who, describe(error, self.settings.token))
            return False
        return failed == 0

    async def close(self) -> None:
        if self._sender is not None and self._given_bot is None:
            try:
                await self._sender.bot.request.shutdown()
            except Exception:
                logger.debug("telegram client shutdown failed", exc_info=True)
        self._sender = None


def _no_media(token: str) -> None:
    return None  # never called: channel_messages refuses attachments


def telegram_delivery_from_environment() -> Optional[TelegramDelivery]:
    """Telegram when TELEGRAM_TOKEN is set (TELEGRAM_API_URL for another Bot API server), else None."""
    settings = TelegramSettings.from_environment()
    return TelegramDelivery(settings) if settings.token else None
