"""The long-polling forwarder against the fake Bot API and a stub in the Rasa server's place
(offline, a few seconds; the real Rasa server is in test_integration.py)."""

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from aiohttp import web

from bot.channels.telegram_api import SECRET_HEADER, make_bot
from bot.channels.telegram_polling import Backoff, Forwarder
from tests.conftest import ROOT
from tests.telegram import updates as tg
from tests.telegram.conftest import SECRET, TOKEN

# In production the forwarder silences this itself; pytest resets warning filters per test.
pytestmark = pytest.mark.filterwarnings("ignore:Please use 'Bot.getUpdates':UserWarning")


class StubWebhook:
    """Stands in for the Rasa server's Telegram channel: records what arrives, answers the queued statuses (then 200)."""

    def __init__(self):
        self.received = []  # (update_id, secret header, status answered)
        self.statuses = []
        self.port = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/telegram/webhook"

    def answer(self, *statuses: int) -> None:
        with self._lock:
            self.statuses.extend(statuses)

    def ids(self, status: int = 200):
        with self._lock:
            return [update_id for update_id, _, answered in self.received if answered == status]

    async def _receive(self, request):
        body = json.loads(await request.read())
        with self._lock:
            status = self.statuses.pop(0) if self.statuses else 200
            self.received.append((body["update_id"], request.headers.get(SECRET_HEADER), status))
        return web.json_response({"ok": status == 200}, status=status)

    def start(self) -> "StubWebhook":
        ready = threading.Event()

        def serve():
            self.loop = asyncio.new_event_loop()
            app = web.Application()
            app.router.add_post("/webhooks/telegram/webhook", self._receive)
            runner = web.AppRunner(app, access_log=None)
            self.loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, "127.0.0.1", 0)
            self.loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]
            ready.set()
            self.loop.run_forever()
            self.loop.run_until_complete(runner.cleanup())

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        assert ready.wait(10)
        return self

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def webhook():
    stub = StubWebhook().start()
    yield stub
    stub.stop()


class RunningForwarder:
    """A Forwarder on its own event loop in a thread, stopped like SIGTERM would."""

    def __init__(self, fake_api, url: str, **options):
        self.result = None
        ready = threading.Event()

        def run():
            async def main():
                self.loop = asyncio.get_running_loop()
                bot = make_bot(type("S", (), {"token": TOKEN, "api_url": fake_api.base_url})())
                self.forwarder = Forwarder(bot, url, SECRET, TOKEN, poll_timeout=1, max_backoff=0.4, **options)
                ready.set()
                try:
                    return await self.forwarder.run()
                finally:
                    await bot.shutdown()

            self.result = asyncio.run(main())

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        assert ready.wait(10)

    def stop(self, timeout: float = 15) -> int:
        self.loop.call_soon_threadsafe(self.forwarder.stop.set)
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "forwarder did not stop"
        return self.result


def test_backoff_is_bounded_and_resets():
    backoff = Backoff(0.5, 4)
    assert [backoff.next() for _ in range(6)] == [0.5, 1, 2, 4, 4, 4]
    backoff.reset()
    assert backoff.next() == 0.5


def test_updates_are_forwarded_in_order_with_the_secret_and_confirmed_after_200(fake_api, webhook):
    running = RunningForwarder(fake_api, webhook.url)
    try:
        ids = [fake_api.queue_update(tg.text_message(71, f"bericht {n}")) for n in range(3)]
        fake_api.wait_confirmed(ids[-1], timeout=20)
        assert webhook.ids() == ids
        assert {header for _, header, _ in webhook.received} == {SECRET}
        assert fake_api.calls_of("deleteWebhook") and fake_api.calls_of("getMe")
    finally:
        assert running.stop() == 0


def test_a_refused_update_is_retried_with_backoff_and_nothing_is_lost(fake_api, webhook):
    running = RunningForwarder(fake_api, webhook.url)
    try:
        webhook.answer(500, 503, 502)
        first = fake_api.queue_update(tg.text_message(72, "eerste"))
        second = fake_api.queue_update(tg.callback_query(72, "yes"))
        fake_api.wait_confirmed(second, timeout=20)
        assert [update_id for update_id, _, _ in webhook.received] == [first, first, first, first, second]
        assert webhook.ids() == [first, second]
    finally:
        assert running.stop() == 0


def test_an_unreachable_rasa_server_keeps_the_update_until_it_is_back(fake_api):
    stub = StubWebhook()
    with __import__("socket").socket() as sock:  # a port where nothing listens yet
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    running = RunningForwarder(fake_api, f"http://127.0.0.1:{port}/webhooks/telegram/webhook")
    try:
        waiting = fake_api.queue_update(tg.text_message(73, "hallo?"))
        time.sleep(2)
        assert fake_api.confirmed_offset <= waiting  # not confirmed while nobody accepted it
        running.forwarder.webhook_url = None  # swap in a live server for the same update
        stub.start()
        running.loop.call_soon_threadsafe(setattr, running.forwarder, "webhook_url", stub.url)
        fake_api.wait_confirmed(waiting, timeout=20)
        assert stub.ids() == [waiting]
    finally:
        assert running.stop() == 0
        if stub.port:
            stub.stop()


def test_a_malformed_update_refused_with_400_is_skipped(fake_api, webhook):
    running = RunningForwarder(fake_api, webhook.url)
    try:
        webhook.answer(400)
        bad = fake_api.queue_update(tg.text_message(74, "raar"))
        good = fake_api.queue_update(tg.text_message(74, "gewoon"))
        fake_api.wait_confirmed(good, timeout=20)
        assert webhook.ids(400) == [bad] and webhook.ids() == [good]
    finally:
        assert running.stop() == 0


def test_stop_confirms_what_was_handled(fake_api, webhook):
    running = RunningForwarder(fake_api, webhook.url)
    last = fake_api.queue_update(tg.text_message(75, "tot zo"))
    fake_api.wait_for(lambda: webhook.ids() == [last] or None, timeout=20)
    assert running.stop() == 0
    assert fake_api.confirmed_offset > last


def _env(fake_api, **extra):
    env = dict(
        os.environ, PYTHONPATH=str(ROOT), TELEGRAM_TOKEN=TOKEN, TELEGRAM_WEBHOOK_SECRET=SECRET, TELEGRAM_API_URL=fake_api.base_url
    )
    env.update(extra)
    return env


def test_the_command_polls_and_stops_cleanly_on_sigterm(fake_api, webhook, tmp_path):
    with open(tmp_path / "poll.log", "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot.channels.telegram",
                "poll",
                "--rasa-url",
                f"http://127.0.0.1:{webhook.port}",
                "--poll-timeout",
                "1",
                "--max-backoff",
                "1",
            ],
            cwd=ROOT,
            env=_env(fake_api),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        update_id = fake_api.queue_update(tg.text_message(76, "via de opdracht"))
        fake_api.wait_for(lambda: update_id in webhook.ids(), timeout=60)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = (tmp_path / "poll.log").read_text()
    assert "via de opdracht" not in output and TOKEN not in output and "stopped; 1 updates forwarded" in output


def test_the_command_refuses_to_start_without_settings(fake_api):
    result = subprocess.run(
        [sys.executable, "-m", "bot.channels.telegram"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(fake_api, TELEGRAM_WEBHOOK_SECRET=""),
    )
    assert result.returncode == 2 and "TELEGRAM_WEBHOOK_SECRET" in result.stderr


def test_set_webhook_sends_the_secret_token(fake_api):
    result = subprocess.run(
        [sys.executable, "-m", "bot.channels.telegram", "set-webhook", "https://wijk.example.nl/webhooks/telegram/webhook"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(fake_api),
    )
    assert result.returncode == 0, result.stderr
    assert fake_api.webhook == {"url": "https://wijk.example.nl/webhooks/telegram/webhook", "secret_token": SECRET}
    result = subprocess.run(
        [sys.executable, "-m", "bot.channels.telegram", "delete-webhook"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(fake_api),
    )
    assert result.returncode == 0 and fake_api.webhook == {}
