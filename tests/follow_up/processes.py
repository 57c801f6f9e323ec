"""The scheduler as a process of its own (`python -m bot.schedule`), for the tests that start it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from tests.conftest import ROOT
from tests.telegram.conftest import TOKEN
from tests.telegram.fake_bot_api import FakeBotApi

SECRET = "follow-up-tests-signing-secret-0123456789"


def wait_until(condition: Callable[[], object], timeout: float, what: str, interval: float = 0.1) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"not within {timeout}s: {what}")


class Scheduler:
    """`python -m bot.schedule` in a process of its own, its log in a file."""

    def __init__(self, name: str, database_url: str, api: FakeBotApi, workdir: Path, **settings: str):
        self.log_path = workdir / f"{name}.log"
        env = dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            DATABASE_URL=database_url,
            TELEGRAM_TOKEN=TOKEN,
            TELEGRAM_API_URL=api.base_url,
            SIGNING_SECRET=SECRET,
            SCHEDULE_INTERVAL="0.2",
            QUIET_HOURS="off",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
        )
        env.update(settings)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "bot.schedule"], cwd=ROOT, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def running(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"the scheduler exited:\n{self.log()[-3000:]}")
        return "a dispatch every" in self.log()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
                raise
        return self.process.returncode
