"""Signed, expiring links to a board's picture and PDF, so they can be fetched without a login
but cannot be guessed. The secret comes from MEDIA_SECRET, else from var/media-secret
(created on first use, readable only by its owner).
"""
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from typing import Optional

from bot.config import PROJECT_ROOT

SECRET_FILE = PROJECT_ROOT / "var" / "media-secret"
LINK_LIFETIME_SECONDS = 30 * 24 * 3600
KINDS = ("png", "pdf")


def media_secret() -> bytes:
    configured = os.environ.get("MEDIA_SECRET", "").strip()
    if configured:
        return configured.encode()
    SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    except FileExistsError:
        pass
    return SECRET_FILE.read_text().strip().encode()


def _signature(payload: str, secret: bytes) -> str:
    return hmac.new(secret, payload.encode(), hashlib.sha256).hexdigest()[:32]


def sign(measurement_id: int, kind: str, now: Optional[float] = None, secret: Optional[bytes] = None) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    expires = int((now or time.time()) + LINK_LIFETIME_SECONDS)
    payload = f"{measurement_id}.{kind}.{expires}"
    return f"{payload}.{_signature(payload, secret or media_secret())}"


@dataclass(frozen=True)
class MediaRequest:
    measurement_id: int
    kind: str


def verify(token: str, now: Optional[float] = None, secret: Optional[bytes] = None) -> Optional[MediaRequest]:
    """The measurement and kind a token grants, or None when it is forged, malformed or expired."""
    parts = (token or "").split(".")
    if len(parts) != 4 or not parts[0].isdigit() or parts[1] not in KINDS or not parts[2].isdigit():
        return None
    payload = ".".join(parts[:3])
    if not hmac.compare_digest(parts[3], _signature(payload, secret or media_secret())):
        return None
    if int(parts[2]) < (now or time.time()):
        return None
    return MediaRequest(int(parts[0]), parts[1])
