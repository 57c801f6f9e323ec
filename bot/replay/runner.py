"""Run messages through the trained assistant in this process, for replaying stories.

The Rasa model is loaded here (as `rasa shell` does) and the action server is started as a
subprocess on a free loopback port, with its own throwaway SQLite database: a replayed story
never touches real answers. `LocalAssistant` is a context manager; one can replay many stories.
"""

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, List, Optional

ROOT = Path(__file__).resolve().parent.parent.parent
MODEL = ROOT / "models" / "wat-telt.tar.gz"
START_TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quiet_rasa() -> None:
    """Rasa in this process logs warnings only: its debug lines would show every message and slot."""
    import logging

    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)


class LocalAssistant:
    def __init__(self, model: Path = MODEL):
        if not Path(model).exists():
            raise FileNotFoundError(f"{model} is missing: run `make setup` first")
        self.model = Path(model)
        self._workdir = tempfile.TemporaryDirectory(prefix="wat-telt-replay-")
        self._loop = asyncio.new_event_loop()
        self._actions: Optional[subprocess.Popen] = None
        self.agent: Any = None

    def __enter__(self) -> "LocalAssistant":
        from bot.storage.migrate import upgrade_to_latest

        database_url = f"sqlite:///{Path(self._workdir.name) / 'replay.db'}"
        upgrade_to_latest(database_url)
        port = _free_port()
        env = dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            DATABASE_URL=database_url,
            SANIC_HOST="127.0.0.1",
            RASA_TELEMETRY_ENABLED="false",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
        )
        log = open(Path(self._workdir.name) / "actions.log", "wb")
        self._actions = subprocess.Popen(
            [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_for(f"http://127.0.0.1:{port}/health")
        quiet_rasa()
        from rasa.core.agent import Agent
        from rasa.utils.endpoints import EndpointConfig

        self.agent = Agent.load(str(self.model), action_endpoint=EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
        return self

    def __exit__(self, *exc) -> None:
        if self._actions and self._actions.poll() is None:
            self._actions.terminate()
            try:
                self._actions.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._actions.kill()
        self._loop.close()
        self._workdir.cleanup()

    def _wait_for(self, url: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._actions is None or self._actions.poll() is not None:
                raise RuntimeError("the action server stopped while starting")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the action server did not start within {START_TIMEOUT} s")

    def conversation(self, sender: str, messages: List[str]) -> List[dict]:
        """Send the messages one by one; the tracker's events (as dicts) afterwards."""
        return self._loop.run_until_complete(self._conversation(sender, messages))

    async def _conversation(self, sender: str, messages: List[str]) -> List[dict]:
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        from bot.channels.http import story_message

        intents = frozenset(self.agent.domain.intents) if self.agent.domain else frozenset()
        for text in messages:
            inbound = story_message(text, intents)
            await self.agent.handle_message(
                UserMessage(inbound.text, CollectingOutputChannel(), sender, metadata=inbound.metadata)
            )
        tracker = await self.agent.tracker_store.retrieve_full_tracker(sender)
        return [event.as_dict() for event in tracker.events] if tracker else []
