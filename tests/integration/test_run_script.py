"""`make run` (scripts/run.sh) starts every server on loopback only: the Rasa server, the action
server (which has no authentication and binds 0.0.0.0 by itself), the wijkteam web app. Started
for real on free ports with a new SQLite database; the listening sockets are read from the
kernel (/proc/net/tcp and tcp6), so a server that also listened on another address would show."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Dict, Set

import pytest

from tests.conftest import ROOT
from tests.integration.stack import free_port

pytestmark = pytest.mark.integration
LISTEN = "0A"
STARTUP_SECONDS = 300


def listening_addresses() -> Dict[int, Set[str]]:
    """{port: local addresses} of every listening TCP socket on this machine."""
    found: Dict[int, Set[str]] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port = fields[1].split(":")
            if fields[3] == LISTEN:
                found.setdefault(int(port, 16), set()).add(readable(address))
    return found


def readable(hex_address: str) -> str:
    raw = bytes.fromhex(hex_address)
    if len(raw) == 4:
        return socket.inet_ntop(socket.AF_INET, raw[::-1])
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
    return socket.inet_ntop(socket.AF_INET6, words)


def answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_make_run_binds_every_server_to_loopback_only(tmp_path):
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "WIJKTEAM_PORT": free_port()}
    environment = {
        **os.environ,
        **{name: str(port) for name, port in ports.items()},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
    }
    for name in ("HOST", "ACTIONS_HOST", "WIJKTEAM_HOST", "SANIC_HOST"):
        environment.pop(name, None)
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "bot", "migrate"], cwd=ROOT, env=environment, check=True)
    process = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:  # run.sh says when the Rasa server answers
            if "wat-telt: ready on" in line:
                break
        else:
            pytest.fail("scripts/run.sh stopped before the Rasa server answered")
        deadline = time.monotonic() + STARTUP_SECONDS
        while not all(answers(port) for port in ports.values()) and time.monotonic() < deadline:
            time.sleep(0.5)  # polling for the other two servers, bounded by the deadline
        listening = listening_addresses()
        for name, port in ports.items():
            assert listening.get(port) == {"127.0.0.1"}, (name, listening.get(port))
        # Ctrl-C in the terminal: SIGINT to the whole group, which run.sh's background servers ignore;
        # run.sh itself stops them (it exited without doing so once the Rasa server had answered)
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)
        assert every_server_stopped(process.pid), "a server of make run outlived Ctrl-C"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
        if not every_server_stopped(process.pid):
            os.killpg(process.pid, signal.SIGKILL)


def every_server_stopped(group: int, seconds: float = 60) -> bool:
    """Whether every process of run.sh's process group has stopped within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)  # polling the process table, bounded by the deadline
    return False
