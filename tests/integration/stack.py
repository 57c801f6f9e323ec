"""Start the real action server and Rasa server on free loopback ports, as scripts/run.sh does."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import List, Optional

from tests.conftest import ROOT

MODEL = ROOT / "models" / "wat-telt.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    def __init__(self, name: str, command: List[str], env: dict, log_path: Path):
        self.name, self.command, self.env, self.log_path = name, command, env, log_path
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        with open(self.log_path, "ab") as log:  # the child keeps its own copy of the file
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class RasaStack:
    """The assistant as `make run` starts it, on its own ports, database and log files."""

    def __init__(
        self,
        workdir: Path,
        database_url: str,
        extra_env: Optional[dict] = None,
        endpoints: str = "endpoints.yml",
        api_token: Optional[str] = None,
    ):
        if not MODEL.exists():
            raise RuntimeError(f"{MODEL} is missing: run `make setup` (make test does) first")
        self.workdir = workdir
        self.database_url = database_url
        self.rasa_port, self.actions_port = free_port(), free_port()
        env = dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            DATABASE_URL=database_url,
            ACTIONS_PORT=str(self.actions_port),
            RASA_PORT=str(self.rasa_port),
            ACTION_SERVER_URL=f"http://127.0.0.1:{self.actions_port}/webhook",
            SANIC_HOST="127.0.0.1",
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            **(extra_env or {}),
        )
        python = sys.executable
        workdir.mkdir(parents=True, exist_ok=True)
        self.actions = ServerProcess(
            "actions",
            [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.actions_port)],
            env,
            workdir / "actions.log",
        )
        self.rasa = ServerProcess(
            "rasa",
            [
                python,
                "-m",
                "rasa",
                "run",
                "--model",
                str(MODEL),
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.rasa_port),
                "--endpoints",
                endpoints,
                "--credentials",
                "credentials.yml",
                *(["--enable-api", "--auth-token", api_token] if api_token else []),
            ],
            env,
            workdir / "rasa.log",
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self) -> "RasaStack":
        self.actions.start()
        self.start_rasa()
        self._wait_until_ready(f"http://127.0.0.1:{self.actions_port}/health", self.actions)
        return self

    def start_actions(self) -> None:
        self.actions.start()
        self._wait_until_ready(f"http://127.0.0.1:{self.actions_port}/health", self.actions)

    def start_rasa(self) -> None:
        self.rasa.start()
        self._wait_until_ready(f"{self.url}/webhooks/rest/", self.rasa)

    def restart_rasa(self) -> None:
        self.rasa.stop()
        self.start_rasa()

    def stop(self) -> None:
        self.rasa.stop()
        self.actions.stop()

    def _wait_until_ready(self, url: str, server: ServerProcess, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.name} server exited:\n{server.log()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except (TimeoutError, urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        raise RuntimeError(f"{server.name} server not ready after {timeout}s:\n{server.log()[-3000:]}")

    def say(self, sender: str, message: str, message_id: Optional[str] = None) -> List[dict]:
        """The replies to one REST message (`sender` as the client sends it; stored as rest:<sender>)."""
        body = json.dumps({"sender": sender, "message": message, **({"message_id": message_id} if message_id else {})}).encode()
        request = urllib.request.Request(f"{self.url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def tracker_event_count(self, participant: str) -> int:
        """How many Rasa events of this participant the SQL tracker store holds."""
        from sqlalchemy import create_engine

        from bot.storage import transcript

        engine = create_engine(self.database_url, future=True)
        try:
            with engine.connect() as connection:
                return transcript.count(connection, participant)
        finally:
            engine.dispose()

    def export(self, participant: str) -> dict:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "export", "--participant", participant],
            cwd=ROOT,
            env=dict(os.environ, DATABASE_URL=self.database_url),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)
