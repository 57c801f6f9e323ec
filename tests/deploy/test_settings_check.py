"""bot/settings_check.py and its entry points (`python -m bot check-settings`, deploy/entrypoint.sh):
a process refuses to start with a missing or weak secret, naming the variable, never the value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings_check import (
    LENGTH_CHECKED,
    PRODUCTION_FLAG,
    REQUIRED_IN_PRODUCTION,
    SettingsError,
    check_settings,
    settings_problems,
)

ROOT = Path(__file__).resolve().parents[2]
STRONG = "s3cr3t-" + "x" * 40
WEAK = "kort-maar-geheim"
PRODUCTION = {
    PRODUCTION_FLAG: "1",
    "SIGNING_SECRET": STRONG,
    "REST_TOKEN": STRONG + "r",
    "TRAINER_TOKEN": STRONG + "t",
    "TELEGRAM_TOKEN": "123456:AAE-token",
    "TELEGRAM_WEBHOOK_SECRET": "w" * 40,
}


def test_a_development_machine_needs_no_secrets():
    check_settings({})


def test_a_complete_production_setting_passes():
    check_settings(PRODUCTION)


@pytest.mark.parametrize("name", LENGTH_CHECKED)
def test_a_short_secret_is_refused_by_name_without_its_value(name):
    with pytest.raises(SettingsError) as refused:
        check_settings({name: WEAK})
    assert name in str(refused.value) and WEAK not in str(refused.value)


@pytest.mark.parametrize("name", LENGTH_CHECKED)
def test_a_secret_of_32_characters_is_enough(name):
    check_settings({name: "a" * 32})


@pytest.mark.parametrize("name", REQUIRED_IN_PRODUCTION)
def test_in_production_every_secret_is_required(name):
    missing = {key: value for key, value in PRODUCTION.items() if key != name}
    assert any(name in problem for problem in settings_problems(missing))
    with pytest.raises(SettingsError):
        check_settings(dict(PRODUCTION, **{name: "   "}))


def test_in_production_the_telegram_webhook_secret_is_long_too():
    problems = settings_problems(dict(PRODUCTION, TELEGRAM_WEBHOOK_SECRET="kort"))
    assert problems and all("TELEGRAM_WEBHOOK_SECRET" in p for p in problems)
    check_settings({"TELEGRAM_WEBHOOK_SECRET": "kort"})  # outside production: tests and local polling


def test_a_webhook_secret_telegram_would_refuse_is_reported():
    assert settings_problems({"TELEGRAM_WEBHOOK_SECRET": "met spaties en !"})


def test_every_problem_is_reported_at_once():
    problems = settings_problems({PRODUCTION_FLAG: "true", "REST_TOKEN": WEAK})
    named = {name for name in REQUIRED_IN_PRODUCTION if any(name in p for p in problems)}
    assert named == set(REQUIRED_IN_PRODUCTION)


@pytest.mark.parametrize("value", ["ja", "production", "2"])
def test_an_unclear_production_flag_is_refused(value):
    with pytest.raises(SettingsError) as refused:
        check_settings({PRODUCTION_FLAG: value})
    assert PRODUCTION_FLAG in str(refused.value)


def run_clean(command, environment):
    """Run with only these variables (plus what Python needs), so the machine's own settings do not leak in."""
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "PYTHONPATH": str(ROOT), **environment}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_command_exits_1_naming_the_variable_and_0_when_all_is_well():
    refused = run_clean([sys.executable, "-m", "bot", "check-settings"], {"TRAINER_TOKEN": WEAK})
    assert refused.returncode == 1 and "TRAINER_TOKEN" in refused.stderr
    assert WEAK not in refused.stderr + refused.stdout
    assert run_clean([sys.executable, "-m", "bot", "check-settings"], PRODUCTION).returncode == 0


def test_the_image_entry_point_runs_the_command_only_with_safe_settings(tmp_path):
    marker = tmp_path / "started"
    entrypoint = str(ROOT / "deploy" / "entrypoint.sh")
    refused = run_clean([entrypoint, "touch", str(marker)], {**PRODUCTION, "SIGNING_SECRET": WEAK})
    assert refused.returncode != 0 and "SIGNING_SECRET" in refused.stderr and not marker.exists()
    started = run_clean([entrypoint, "touch", str(marker)], PRODUCTION)
    assert started.returncode == 0, started.stderr
    assert marker.exists()


def test_the_entry_point_is_executable():
    assert os.access(ROOT / "deploy" / "entrypoint.sh", os.X_OK)
