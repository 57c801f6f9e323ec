"""Dates and times as people here read them: Dutch, in the Netherlands' time zone."""

from datetime import datetime, timezone, tzinfo
from typing import Optional

try:
    from zoneinfo import ZoneInfo

    LOCAL: tzinfo = ZoneInfo("Europe/Amsterdam")
except Exception:  # pragma: no cover - a system without time zone data
    LOCAL = timezone.utc

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def local(value: datetime) -> datetime:
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(LOCAL)


def date(value: Optional[datetime]) -> str:
    if value is None:
        return "onbekend"
    moment = local(value)
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def date_time(value: Optional[datetime]) -> str:
    if value is None:
        return "onbekend"
    return f"{date(value)}, {local(value):%H:%M}"


def machine(value: Optional[datetime]) -> str:
    """For <time datetime="...">."""
    return local(value).isoformat(timespec="minutes") if value is not None else ""
