"""Keyed pseudonyms: a participant as "deelnemer-7F3K9Q" in logs and trainer views (not reversible
without the server secret, the same for one participant everywhere)."""

import base64
import hashlib
import hmac
from typing import Optional

from bot.signing import signing_secret

PREFIX = "deelnemer-"
LENGTH = 8


def _keyed_hash(value: str, purpose: str, secret: Optional[bytes]) -> str:
    """HMAC-SHA256 of `value` with the server secret, separated per `purpose`, in base32."""
    digest = hmac.new(secret or signing_secret(), purpose.encode() + b"\0" + value.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().rstrip("=")


def pseudonym(participant_id: str, secret: Optional[bytes] = None) -> str:
    return PREFIX + _keyed_hash(participant_id, "pseudonym", secret)[:LENGTH]


def opaque_key(value: str, purpose: str, secret: Optional[bytes] = None) -> str:
    """A keyed hash of `value` to name a key in a shared store without naming a participant: the
    full 256 bits in base32 (no collisions in practice), different per `purpose`."""
    return _keyed_hash(value, purpose, secret).lower()
