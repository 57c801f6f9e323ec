"""Quiet hours: no message is sent between 20:00 and 09:00 in the Netherlands (QUIET_HOURS).

QUIET_HOURS is "HH:MM-HH:MM" in local time (Europe/Amsterdam, or SCHEDULE_TIMEZONE); a window that
passes midnight is fine ("20:00-09:00"); "off" (or an empty window) sends at any hour. A message due
in quiet hours waits until they end.
"""

import os
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import Optional
from zoneinfo import ZoneInfo

DEFAULT_QUIET_HOURS = "20:00-09:00"
DEFAULT_TIMEZONE = "Europe/Amsterdam"
WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
OFF = ("off", "uit", "none", "0")


@dataclass(frozen=True)
class QuietHours:
    start: Optional[time]  # None: no quiet hours
    end: Optional[time]
    zone: tzinfo

    @property
    def enabled(self) -> bool:
        return self.start is not None and self.end is not None and self.start != self.end

    def is_quiet(self, moment: datetime) -> bool:
        return self.until(moment) is not None

    def until(self, moment: datetime) -> Optional[datetime]:
        """When the quiet hours around `moment` end (aware, in UTC's offset of `moment`), or None when they do not hold."""
        if not self.enabled or self.start is None or self.end is None:
            return None
        local = moment.astimezone(self.zone)
        now = local.time()
        if self.start < self.end:
            quiet = self.start <= now < self.end
            end_day = local.date()
        else:  # the window passes midnight
            quiet = now >= self.start or now < self.end
            end_day = local.date() + timedelta(days=1) if now >= self.start else local.date()
        if not quiet:
            return None
        end = datetime.combine(end_day, self.end).replace(tzinfo=self.zone)  # zoneinfo resolves the offset (DST)
        return end.astimezone(moment.tzinfo)

    def describe(self) -> str:
        if not self.enabled or self.start is None or self.end is None:
            return "off"
        return f"{self.start:%H:%M}-{self.end:%H:%M} {self.zone}"


def parse_quiet_hours(text: Optional[str], zone: Optional[str] = None) -> QuietHours:
    """QUIET_HOURS as QuietHours; None means the default (20:00-09:00). Raises ValueError when unreadable."""
    tz = ZoneInfo(zone or os.environ.get("SCHEDULE_TIMEZONE", "").strip() or DEFAULT_TIMEZONE)
    value = DEFAULT_QUIET_HOURS if text is None else text.strip()
    if value.lower() in OFF or not value:
        return QuietHours(None, None, tz)
    match = WINDOW.match(value)
    if not match:
        raise ValueError(f"QUIET_HOURS must look like 20:00-09:00 (or 'off'), not {value!r}")
    start_hour, start_minute, end_hour, end_minute = (int(part) for part in match.groups())
    try:
        return QuietHours(time(start_hour, start_minute), time(end_hour, end_minute), tz)
    except ValueError:
        raise ValueError(f"QUIET_HOURS has a time that does not exist: {value!r}") from None
