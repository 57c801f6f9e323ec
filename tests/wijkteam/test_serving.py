"""How the app is started: `make run` (scripts/run.sh) starts it beside the Rasa server on
$HOST:$WIJKTEAM_PORT (127.0.0.1:8081), nginx forwards to the same port, and a database without the
app's tables gets a clear line instead of a server that fails on every page."""

import os
import subprocess
import sys

from bot.wijkteam import settings
from tests.conftest import ROOT


def test_make_run_starts_the_app_on_loopback_on_the_documented_port(monkeypatch):
    script = (ROOT / "scripts" / "run.sh").read_text()
    assert '.venv/bin/python -m bot.wijkteam --host "$WIJKTEAM_HOST" --port "$WIJKTEAM_PORT" &' in script
    assert 'WIJKTEAM_HOST="${WIJKTEAM_HOST:-127.0.0.1}"' in script and 'SANIC_HOST="${ACTIONS_HOST:-127.0.0.1}"' in script
    assert f'WIJKTEAM_PORT="${{WIJKTEAM_PORT:-{settings.DEFAULT_PORT}}}"' in script
    assert f"wijkteam:{settings.DEFAULT_PORT};" in (ROOT / "deploy" / "nginx.conf").read_text()
    assert f"`WIJKTEAM_PORT` | `{settings.DEFAULT_PORT}`" in (ROOT / "README.md").read_text()
    monkeypatch.setenv("HOST", "0.0.0.0")  # opening the residents' server does not open the workers' page
    monkeypatch.delenv("WIJKTEAM_HOST", raising=False)
    monkeypatch.delenv("WIJKTEAM_PORT", raising=False)
    assert (settings.host(), settings.port()) == ("127.0.0.1", 8081)
    monkeypatch.setenv("WIJKTEAM_HOST", "10.0.0.5")
    assert settings.host() == "10.0.0.5"


def test_secure_cookies_follow_the_setting_and_production(monkeypatch):
    monkeypatch.delenv("WIJKTEAM_SECURE_COOKIES", raising=False)
    monkeypatch.delenv("WATTELT_PRODUCTION", raising=False)
    assert not settings.secure_cookies()
    monkeypatch.setenv("WATTELT_PRODUCTION", "1")
    assert settings.secure_cookies()


def test_a_database_without_the_apps_tables_stops_the_start_with_a_clear_line(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.db'}", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "bot.wijkteam", "--port", "0"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "python -m bot migrate" in done.stderr and "Traceback" not in done.stderr
