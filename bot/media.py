"""Signed, expiring links to a board's picture and PDF, so they can be fetched without a login
but cannot be guessed (bot/signing.py holds the secret)."""

import time
from dataclasses import dataclass
from typing import Optional

from bot.signing import signed, verified_payload

LINK_LIFETIME_SECONDS = 30 * 24 * 3600
KINDS = ("png", "pdf")


def sign(measurement_id: int, kind: str, now: Optional[float] = None, secret: Optional[bytes] = None) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    expires = int((now or time.time()) + LINK_LIFETIME_SECONDS)
    return signed(f"{measurement_id}.{kind}.{expires}", secret)


@dataclass(frozen=True)
class MediaRequest:
    measurement_id: int
    kind: str


def verify(token: str, now: Optional[float] = None, secret: Optional[bytes] = None) -> Optional[MediaRequest]:
    """The measurement and kind a token grants, or None when it is forged, malformed or expired."""
    payload = verified_payload(token, secret)
    parts = payload.split(".") if payload else []
    if len(parts) != 3 or not parts[0].isdigit() or parts[1] not in KINDS or not parts[2].isdigit():
        return None
    if int(parts[2]) < (now or time.time()):
        return None
    return MediaRequest(int(parts[0]), parts[1])
