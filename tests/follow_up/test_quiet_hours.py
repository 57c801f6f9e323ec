"""QUIET_HOURS: when a message may go out (Europe/Amsterdam, summer and winter time, windows over midnight)."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.schedule.quiet_hours import parse_quiet_hours
from bot.schedule.settings import ScheduleSettings

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=AMSTERDAM).astimezone(timezone.utc)


@pytest.mark.parametrize(
    "moment, until",
    [
        (local(2026, 12, 2, 19, 59), None),
        (local(2026, 12, 2, 20, 0), local(2026, 12, 3, 9, 0)),
        (local(2026, 12, 3, 0, 30), local(2026, 12, 3, 9, 0)),
        (local(2026, 12, 3, 8, 59), local(2026, 12, 3, 9, 0)),
        (local(2026, 12, 3, 9, 0), None),
        (local(2026, 7, 1, 21, 0), local(2026, 7, 2, 9, 0)),  # summer time: 07:00 UTC
        (local(2026, 3, 28, 22, 0), local(2026, 3, 29, 9, 0)),  # the night the clocks go forward
    ],
)
def test_the_default_quiet_hours_are_eight_in_the_evening_to_nine_in_the_morning(moment, until):
    quiet = parse_quiet_hours(None, "Europe/Amsterdam")
    assert quiet.until(moment) == until
    assert quiet.is_quiet(moment) is (until is not None)


def test_the_window_is_configurable_and_can_be_switched_off():
    daytime = parse_quiet_hours("12:00-13:30", "Europe/Amsterdam")
    assert daytime.until(local(2026, 12, 2, 12, 15)) == local(2026, 12, 2, 13, 30)
    assert not daytime.is_quiet(local(2026, 12, 2, 22, 0))
    assert not parse_quiet_hours("off", "Europe/Amsterdam").is_quiet(local(2026, 12, 2, 23, 0))
    for wrong in ("20-9", "25:00-09:00", "tomorrow"):
        with pytest.raises(ValueError):
            parse_quiet_hours(wrong, "Europe/Amsterdam")


def test_the_settings_come_from_the_environment_and_back_off_doubles(monkeypatch):
    monkeypatch.setenv("QUIET_HOURS", "21:00-08:00")
    monkeypatch.setenv("SCHEDULE_INTERVAL", "5")
    monkeypatch.setenv("SCHEDULE_RETRY_AFTER", "60")
    monkeypatch.setenv("SCHEDULE_RETRY_MAX", "200")
    settings = ScheduleSettings.from_environment()
    assert settings.interval == 5 and settings.quiet_hours.describe().startswith("21:00-08:00")
    assert [settings.retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(seconds=s) for s in (60, 120, 200, 200)]
    monkeypatch.setenv("SCHEDULE_INTERVAL", "0")
    with pytest.raises(ValueError):
        ScheduleSettings.from_environment()
