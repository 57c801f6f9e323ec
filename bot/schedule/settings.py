"""The scheduler's settings, from the environment (docs/follow-up.md lists them)."""

import os
from dataclasses import dataclass, field
from datetime import timedelta

from bot.schedule.quiet_hours import QuietHours, parse_quiet_hours

DEFAULTS = {
    "SCHEDULE_INTERVAL": 60.0,  # seconds between two dispatches
    "SCHEDULE_CLAIM_TIMEOUT": 600.0,  # seconds after which a claim of a scheduler that died is taken over
    "SCHEDULE_RETRY_AFTER": 300.0,  # seconds before the first retry of a failed delivery (doubles each time)
    "SCHEDULE_RETRY_MAX": 6 * 3600.0,  # the longest wait between two retries
    "SCHEDULE_WAIT_AFTER": 3600.0,  # seconds before a check-in is tried again while the resident is busy
}
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_BATCH = 50


def _seconds(name: str) -> float:
    value = float(os.environ.get(name, "").strip() or DEFAULTS[name])
    if value <= 0:
        raise ValueError(f"{name} must be more than 0 seconds")
    return value


@dataclass(frozen=True)
class ScheduleSettings:
    interval: float = DEFAULTS["SCHEDULE_INTERVAL"]
    quiet_hours: QuietHours = field(default_factory=lambda: parse_quiet_hours(None))
    claim_timeout: timedelta = timedelta(seconds=DEFAULTS["SCHEDULE_CLAIM_TIMEOUT"])
    retry_after: timedelta = timedelta(seconds=DEFAULTS["SCHEDULE_RETRY_AFTER"])
    retry_max: timedelta = timedelta(seconds=DEFAULTS["SCHEDULE_RETRY_MAX"])
    wait_after: timedelta = timedelta(seconds=DEFAULTS["SCHEDULE_WAIT_AFTER"])
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    batch: int = DEFAULT_BATCH

    @classmethod
    def from_environment(cls) -> "ScheduleSettings":
        attempts = int(os.environ.get("SCHEDULE_MAX_ATTEMPTS", "").strip() or DEFAULT_MAX_ATTEMPTS)
        if attempts < 1:
            raise ValueError("SCHEDULE_MAX_ATTEMPTS must be 1 or more")
        return cls(
            interval=_seconds("SCHEDULE_INTERVAL"),
            quiet_hours=parse_quiet_hours(os.environ.get("QUIET_HOURS")),
            claim_timeout=timedelta(seconds=_seconds("SCHEDULE_CLAIM_TIMEOUT")),
            retry_after=timedelta(seconds=_seconds("SCHEDULE_RETRY_AFTER")),
            retry_max=timedelta(seconds=_seconds("SCHEDULE_RETRY_MAX")),
            wait_after=timedelta(seconds=_seconds("SCHEDULE_WAIT_AFTER")),
            max_attempts=attempts,
        )

    def retry_delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failed delivery: retry_after, doubled each time, at most retry_max."""
        return min(self.retry_after * (2 ** max(0, attempts - 1)), self.retry_max)
