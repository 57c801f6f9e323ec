"""Settings and Bot API calls for the Telegram channel and the polling forwarder (python-telegram-bot).

Every call is retried with bounded back-off on flood control (429, honouring retry_after),
network errors, time-outs and 5xx answers; logs name the participant and the kind of call,
never a message text (nor the bot token).
"""

import asyncio
import hmac
import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any, Awaitable, Callable, Dict, Iterable, Optional

from bot.channels import telegram_format as fmt

# Opt in to python-telegram-bot's coming behaviour (time periods as timedelta, e.g. RetryAfter.retry_after)
# instead of a deprecation warning on every flood-control answer; only this channel uses PTB.
os.environ.setdefault("PTB_TIMEDELTA", "true")

logger = logging.getLogger("bot.channels.telegram")
# httpx logs every request URL at INFO, and Bot API URLs contain the bot token.
logging.getLogger("httpx").setLevel(logging.WARNING)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_API_URL = "https://api.telegram.org/bot"
MAX_TRIES = 5
FIRST_BACKOFF = 0.5  # seconds, doubled after every failed try
MAX_BACKOFF = 8.0
MAX_RETRY_AFTER = 60.0  # a longer flood wait gives up rather than hold the conversation


@dataclass(frozen=True)
class TelegramSettings:
    token: str = ""
    secret: str = ""
    api_url: str = DEFAULT_API_URL

    @classmethod
    def from_environment(cls) -> "TelegramSettings":
        return cls(
            token=os.environ.get("TELEGRAM_TOKEN", "").strip(),
            secret=os.environ.get("TELEGRAM_WEBHOOK_SECRET", "").strip(),
            api_url=os.environ.get("TELEGRAM_API_URL", "").strip() or DEFAULT_API_URL,
        )

    @property
    def configured(self) -> bool:
        return bool(self.token and self.secret)

    def secret_matches(self, given: Optional[str]) -> bool:
        if not self.secret:
            return False
        return hmac.compare_digest((given or "").encode("utf-8"), self.secret.encode("utf-8"))


def make_bot(settings: TelegramSettings):
    from telegram import Bot

    return Bot(settings.token, base_url=settings.api_url)


def retry_after_seconds(error) -> float:
    """RetryAfter's wait in seconds (a timedelta with PTB_TIMEDELTA, an int before)."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def describe(error: BaseException, token: str = "") -> str:
    """Error class and Telegram's description, without the token (never a message text)."""
    text = str(error)
    if token:
        text = text.replace(token, "<token>")
    return f"{type(error).__name__}: {text[:200]}"


class TelegramSender:
    """Bot API calls for one participant's replies, each retried with bounded back-off."""

    def __init__(self, bot, token: str = "", render: Optional[Callable] = None, sleep=asyncio.sleep, max_tries: int = MAX_TRIES):
        self.bot, self.token, self.sleep, self.max_tries = bot, token, sleep, max_tries
        self._render = render

    def render(self, token: str):
        if self._render is None:
            from bot.channels.webchat import media_service

            self._render = media_service().fetch
        return self._render(token)

    async def call(self, participant: str, kind: str, make_call: Callable[[], Awaitable[Any]]) -> Optional[Any]:
        """The call's result, or None when it failed for good (logged with participant and kind)."""
        from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

        backoff = FIRST_BACKOFF
        for attempt in range(1, self.max_tries + 1):
            try:
                return await make_call()
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                if wait > MAX_RETRY_AFTER:
                    logger.error("participant=%s call=%s gave up: flood wait %.0fs", participant, kind, wait)
                    return None
                failure = f"RetryAfter {wait:g}s"
            except BadRequest as error:  # our request is wrong: trying again will not help
                logger.error("participant=%s call=%s refused: %s", participant, kind, describe(error, self.token))
                return None
            except NetworkError as error:  # includes TimedOut and 5xx answers
                wait, backoff = backoff, min(backoff * 2, MAX_BACKOFF)
                failure = describe(error, self.token)
            except TelegramError as error:  # Forbidden (the resident blocked the bot), InvalidToken, ...
                logger.error("participant=%s call=%s failed: %s", participant, kind, describe(error, self.token))
                return None
            if attempt == self.max_tries:
                logger.error("participant=%s call=%s failed after %d tries: %s", participant, kind, attempt, failure)
                return None
            logger.warning("participant=%s call=%s try %d failed (%s); again in %.1fs", participant, kind, attempt, failure, wait)
            await self.sleep(wait)
        return None

    async def answer_callback(self, participant: str, query_id: str) -> None:
        await self.call(participant, "answerCallbackQuery", lambda: self.bot.answer_callback_query(query_id))

    async def send_text(self, participant: str, chat_id: int, text: str, reply_markup=None) -> bool:
        chunks = fmt.split_text(text)
        if not chunks and reply_markup is not None:
            chunks = [fmt.CHOOSE_BUTTON]
        for number, chunk in enumerate(chunks, start=1):
            markup = reply_markup if number == len(chunks) else None
            sent = await self.call(
                participant, "sendMessage", partial(self.bot.send_message, chat_id, chunk, reply_markup=markup)
            )
            if sent is None:
                return False
        return True

    async def send_media(self, participant: str, chat_id: int, token: str, as_document: bool) -> bool:
        """The picture or PDF of a media token, rendered here and uploaded (Telegram cannot fetch our
        loopback URLs); a text link when it cannot be rendered."""
        from telegram import InputFile

        loop = asyncio.get_running_loop()
        try:
            rendered = await loop.run_in_executor(None, self.render, token)
        except Exception as error:
            logger.error("participant=%s media render failed: %s", participant, type(error).__name__)
            rendered = None
        if rendered is None:
            from bot.channels.media_links import public_media_link

            return await self.send_text(participant, chat_id, fmt.LINK_TEXT.format(url=public_media_link(token)))
        upload = InputFile(rendered.body, filename=rendered.filename)
        if as_document:
            kind, send = "sendDocument", lambda: self.bot.send_document(chat_id, upload)
        else:
            kind, send = "sendPhoto", lambda: self.bot.send_photo(chat_id, upload)
        return await self.call(participant, kind, send) is not None

    async def send_replies(self, participant: str, chat_id: int, messages: Iterable[Dict[str, Any]]) -> int:
        """Send the assistant's replies in order (text with buttons, then a picture or PDF); the number that failed."""
        from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

        from bot.channels.http import attachment_of

        failed = 0
        for message in messages:
            try:
                if message.get("text") or message.get("buttons"):
                    custom = message.get("custom")
                    custom = custom if isinstance(custom, dict) else {}
                    markup: Any = ReplyKeyboardRemove()  # a number keyboard of an earlier question goes away
                    if custom.get("expects") == "tel":
                        markup = ReplyKeyboardMarkup.de_json(fmt.number_keyboard(message.get("buttons") or []), None)
                    elif message.get("buttons"):
                        rows = fmt.inline_keyboard(message["buttons"], grid=custom.get("layout") == "grid")
                        markup = InlineKeyboardMarkup(
                            [
                                [InlineKeyboardButton(cell["text"], callback_data=cell["callback_data"]) for cell in row]
                                for row in rows
                            ]
                        )
                    failed += not await self.send_text(participant, chat_id, message.get("text") or "", markup)
                attachment = attachment_of(message)
                if attachment:
                    failed += not await self.send_media(participant, chat_id, attachment[1], attachment[0] == "board_pdf")
            except Exception as error:
                logger.error("participant=%s sending a reply failed: %s", participant, describe(error, self.token))
                logger.debug("reply failure", exc_info=True)
                failed += 1
        return failed
