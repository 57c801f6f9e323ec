"""Long polling for a laptop without a public URL (`make telegram`, `python -m bot.channels.telegram`).

Calls getUpdates with python-telegram-bot and forwards every raw update, one at a time and in
order, to the Telegram channel of the local Rasa server (POST /webhooks/telegram/webhook with
the secret header), so polling and webhook share one code path. The offset moves past an
update only once the Rasa server accepted it (HTTP 200; a 400 means the update itself is
malformed and is skipped). Rasa down, 5xx, 403 or 404: the same update is sent again after a
bounded back-off, so nothing a resident said is lost. SIGINT or SIGTERM stops it cleanly
(the updates handled so far are confirmed to Telegram).

Also: `set-webhook URL` (production: Telegram posts to URL with the secret token),
`delete-webhook` and `webhook-info`.
"""

import argparse
import asyncio
import contextlib
import json
import logging
import os
import re
import signal
import sys
import warnings
from typing import Any, Awaitable, Callable, List, Optional

import httpx

from bot.channels import telegram_format as fmt
from bot.channels.telegram_api import SECRET_HEADER, TelegramSettings, describe, make_bot

logger = logging.getLogger("bot.channels.telegram_polling")

# getUpdates goes through Bot.do_api_request to get the raw updates, not PTB's parsed copies.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates' instead")

SECRET_FORMAT = re.compile(r"[A-Za-z0-9_-]{1,256}")
STOPPED = object()
ACCEPTED, SKIPPED = "accepted", "skipped"
HINTS = {
    403: "the Rasa server has another TELEGRAM_WEBHOOK_SECRET",
    404: "the Rasa server has no Telegram channel: is bot.channels.telegram.TelegramInput in credentials.yml?",
    503: "the Rasa server was started without TELEGRAM_TOKEN and TELEGRAM_WEBHOOK_SECRET",
}


class Backoff:
    """0.5 s, 1 s, 2 s, ... up to `maximum`; reset after a success."""

    def __init__(self, first: float = 0.5, maximum: float = 30.0):
        self.first, self.maximum = first, max(first, maximum)
        self.current = self.first

    def next(self) -> float:
        value = self.current
        self.current = min(self.current * 2, self.maximum)
        return value

    def reset(self) -> None:
        self.current = self.first


class Forwarder:
    def __init__(
        self,
        bot,
        webhook_url: str,
        secret: str,
        token: str = "",
        poll_timeout: int = 25,
        max_backoff: float = 30.0,
        forward_timeout: float = 120.0,
        stop_grace: float = 10.0,
        client: Optional[httpx.AsyncClient] = None,
    ):
        self.bot, self.webhook_url, self.secret, self.token = bot, webhook_url, secret, token
        self.poll_timeout, self.max_backoff = poll_timeout, max_backoff
        self.forward_timeout, self.stop_grace = forward_timeout, stop_grace
        self.client = client
        self.stop = asyncio.Event()
        self.offset: Optional[int] = None
        self._confirmed: Optional[int] = None
        self.exit_code = 0
        self.forwarded = 0

    # -- helpers that give way to a stop ------------------------------------------------------

    async def _sleep(self, seconds: float) -> bool:
        """Wait; True when asked to stop meanwhile."""
        try:
            await asyncio.wait_for(self.stop.wait(), timeout=seconds)
            return True
        except asyncio.TimeoutError:
            return False

    async def _race(self, work: Awaitable[Any], grace: float = 0.0) -> Any:
        """The work's result, or STOPPED when a stop came first (after `grace` seconds for the work to finish)."""
        task = asyncio.ensure_future(work)
        stopper = asyncio.ensure_future(self.stop.wait())
        try:
            done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if task not in done and grace > 0:
                done, _ = await asyncio.wait({task}, timeout=grace)
            if task in done:
                return task.result()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
            return STOPPED
        finally:
            stopper.cancel()

    async def _until_done(self, name: str, call: Callable[[], Awaitable[Any]]) -> Any:
        """A Bot API call at start-up, retried with back-off; STOPPED on stop or a refused token."""
        from telegram.error import InvalidToken, TelegramError

        backoff = Backoff(maximum=self.max_backoff)
        while not self.stop.is_set():
            try:
                result = await self._race(call())
                return result
            except InvalidToken as error:
                logger.error("Telegram refused TELEGRAM_TOKEN (%s)", describe(error, self.token))
                self.exit_code = 2
                return STOPPED
            except TelegramError as error:
                wait = backoff.next()
                logger.warning("%s failed (%s); again in %.1fs", name, describe(error, self.token), wait)
                if await self._sleep(wait):
                    break
        return STOPPED

    # -- the loop ------------------------------------------------------------------------------

    async def run(self) -> int:
        own_client = self.client is None
        if own_client:  # loopback only: no proxy from the environment
            self.client = httpx.AsyncClient(trust_env=False)
        try:
            if await self._until_done("getMe", self.bot.initialize) is STOPPED:  # checks the token
                return self.exit_code
            if await self._until_done("deleteWebhook", lambda: self.bot.delete_webhook(drop_pending_updates=False)) is STOPPED:
                return self.exit_code
            logger.info("polling Telegram as @%s; forwarding to %s", self.bot.username, self.webhook_url)
            await self._poll()
            await self._confirm()
            logger.info("stopped; %d updates forwarded", self.forwarded)
            return self.exit_code
        finally:
            if own_client and self.client is not None:
                await self.client.aclose()

    async def _get_updates(self) -> List[dict]:
        kwargs = {"timeout": self.poll_timeout, "limit": 100}
        if self.offset is not None:
            kwargs["offset"] = self.offset
        result = await self.bot.do_api_request("getUpdates", api_kwargs=kwargs, read_timeout=self.poll_timeout + 10)
        self._confirmed = self.offset
        return result if isinstance(result, list) else []

    async def _poll(self) -> None:
        from telegram.error import Conflict, InvalidToken, TelegramError

        backoff = Backoff(maximum=self.max_backoff)
        while not self.stop.is_set():
            try:
                updates = await self._race(self._get_updates())
            except InvalidToken as error:
                logger.error("Telegram refused TELEGRAM_TOKEN (%s)", describe(error, self.token))
                self.exit_code = 2
                return
            except TelegramError as error:
                wait = backoff.next()
                hint = " (a webhook is set or another poller runs with this token)" if isinstance(error, Conflict) else ""
                logger.warning("getUpdates failed: %s%s; again in %.1fs", describe(error, self.token), hint, wait)
                if await self._sleep(wait):
                    return
                continue
            if updates is STOPPED:
                return
            backoff.reset()
            for update in updates:
                update_id = update.get("update_id") if isinstance(update, dict) else None
                if not isinstance(update_id, int):
                    logger.warning("getUpdates returned something that is not an update; skipped")
                    continue
                if self.offset is not None and update_id < self.offset:
                    continue  # already accepted
                if not await self._deliver(update, update_id):
                    return
                self.offset = update_id + 1

    async def _deliver(self, update: dict, update_id: int) -> bool:
        """Forward until the Rasa server accepts (or rejects as malformed); False when stopped."""
        backoff = Backoff(maximum=self.max_backoff)
        attempt = 0
        while not self.stop.is_set():
            attempt += 1
            outcome = await self._race(self._forward(update), grace=self.stop_grace)
            if outcome is STOPPED:
                return False
            if outcome in (ACCEPTED, SKIPPED):
                if attempt > 1:
                    logger.info("update %s (%s) accepted after %d tries", update_id, fmt.update_type(update), attempt)
                self.forwarded += outcome == ACCEPTED
                return True
            wait = backoff.next()
            logger.warning(
                "update %s (%s) not accepted: %s; try %d, again in %.1fs",
                update_id,
                fmt.update_type(update),
                outcome,
                attempt,
                wait,
            )
            if await self._sleep(wait):
                return False
        return False

    async def _forward(self, update: dict) -> str:
        body = json.dumps(update, ensure_ascii=False).encode("utf-8")
        headers = {SECRET_HEADER: self.secret, "Content-Type": "application/json"}
        assert self.client is not None, "run() opens the client"
        try:
            answer = await self.client.post(self.webhook_url, content=body, headers=headers, timeout=self.forward_timeout)
        except httpx.HTTPError as error:
            return f"Rasa server unreachable ({type(error).__name__})"
        if answer.status_code == 200:
            return ACCEPTED
        if answer.status_code == 400:
            logger.warning("update %s refused by the channel as malformed; skipped", update.get("update_id"))
            return SKIPPED
        hint = HINTS.get(answer.status_code)
        return f"HTTP {answer.status_code}" + (f" ({hint})" if hint else "")

    async def _confirm(self) -> None:
        """Tell Telegram which updates were handled, so a restart does not get them again."""
        if self.offset is None or self.offset == self._confirmed:
            return
        try:
            await asyncio.wait_for(
                self.bot.do_api_request("getUpdates", api_kwargs={"offset": self.offset, "timeout": 0, "limit": 1}), 10
            )
        except Exception as error:
            logger.warning("could not confirm the last updates: %s", describe(error, self.token))


# -- command line ---------------------------------------------------------------------------------


def _settings_or_exit() -> Optional[TelegramSettings]:
    settings = TelegramSettings.from_environment()
    if not settings.configured:
        print(
            "Set TELEGRAM_TOKEN (from @BotFather) and TELEGRAM_WEBHOOK_SECRET (letters, digits, _ and -; "
            "the same for the Rasa server) first.",
            file=sys.stderr,
        )
        return None
    return settings


async def _poll(args, settings: TelegramSettings) -> int:
    bot = make_bot(settings)
    forwarder = Forwarder(
        bot,
        args.rasa_url.rstrip("/") + "/webhooks/telegram/webhook",
        settings.secret,
        settings.token,
        poll_timeout=args.poll_timeout,
        max_backoff=args.max_backoff,
    )
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, forwarder.stop.set)
    try:
        return await forwarder.run()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        with contextlib.suppress(Exception):
            await bot.shutdown()


async def _webhook(args, settings: TelegramSettings) -> int:
    from telegram.error import TelegramError

    if args.command == "set-webhook" and not SECRET_FORMAT.fullmatch(settings.secret):
        print("Telegram accepts a TELEGRAM_WEBHOOK_SECRET of 1-256 letters, digits, _ and - only.", file=sys.stderr)
        return 2
    bot = make_bot(settings)
    try:
        if args.command == "set-webhook":
            await bot.set_webhook(args.url, secret_token=settings.secret, drop_pending_updates=False)
            print(f"Telegram now posts updates to {args.url} (with the secret token).")
        elif args.command == "delete-webhook":
            await bot.delete_webhook(drop_pending_updates=False)
            print("Webhook removed; `make telegram` can poll now.")
        else:
            info = await bot.get_webhook_info()
            print(
                json.dumps(
                    {
                        "url": info.url,
                        "pending_update_count": info.pending_update_count,
                        "last_error_message": info.last_error_message,
                    },
                    indent=2,
                )
            )
        return 0
    except TelegramError as error:
        print(f"Telegram refused: {describe(error, settings.token)}", file=sys.stderr)
        return 1
    finally:
        await bot.shutdown()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot.channels.telegram",
        description="Telegram for the Wat telt assistant. Needs TELEGRAM_TOKEN and TELEGRAM_WEBHOOK_SECRET "
        "(TELEGRAM_API_URL optional) in the environment, the same as the Rasa server's.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    poll = commands.add_parser("poll", help="long polling: forward updates to the local Rasa server (the default)")
    set_webhook = commands.add_parser("set-webhook", help="production: let Telegram post updates to URL, with the secret token")
    set_webhook.add_argument("url", help="https://YOUR-HOST/webhooks/telegram/webhook")
    commands.add_parser("delete-webhook", help="remove the webhook (polling needs that; `poll` does it too)")
    commands.add_parser("webhook-info", help="show the webhook Telegram has for this bot")
    defaults = {"rasa_url": f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}", "poll_timeout": 25, "max_backoff": 30.0}
    for sub in (parser, poll):  # the options work before and after `poll`
        own = (lambda name: defaults[name]) if sub is parser else (lambda name: argparse.SUPPRESS)
        sub.add_argument("--rasa-url", default=own("rasa_url"), help=f"the Rasa server (default {defaults['rasa_url']})")
        sub.add_argument(
            "--poll-timeout", type=int, default=own("poll_timeout"), help="seconds one getUpdates waits (default 25)"
        )
        sub.add_argument(
            "--max-backoff", type=float, default=own("max_backoff"), help="longest wait between retries in seconds (default 30)"
        )
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = _settings_or_exit()
    if settings is None:
        return 2
    if args.command in ("set-webhook", "delete-webhook", "webhook-info"):
        return asyncio.run(_webhook(args, settings))
    return asyncio.run(_poll(args, settings))


if __name__ == "__main__":
    raise SystemExit(main())
