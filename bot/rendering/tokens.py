"""What a media link grants: a board's picture or PDF, for MEDIA_LINK_HOURS (default 24).

- A stored board: `media.<png|pdf>.<board id>.<expiry>.<signature>`, HMAC-signed with the server
  secret (bot/signing.py). It names the board; the board itself stays in the database, so a
  forgotten board's link gives nothing.
- A board kept in memory only (no consent to store): `s.<Fernet token>` holding the picture
  snapshot itself (bot/flows/board/summary.py `picture_snapshot`: scores and statuses, no free
  text), compressed, encrypted and authenticated with a key derived from the server secret.
  Nothing is stored anywhere; the link is the only copy. Only a picture, never a PDF.

Both are URL-safe (letters, digits, '.', '-', '_') and a few hundred characters long.
"""

import base64
import hashlib
import hmac
import json
import os
import time
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, Optional, Union

from cryptography.fernet import Fernet, InvalidToken

from bot.signing import signed, signing_secret, verified_payload

KINDS = {"board_picture": "png", "board_pdf": "pdf"}  # attachment kind -> its code in a link
STORED_PREFIX = "media"
SNAPSHOT_PREFIX = "s."
LINK_HOURS_VARIABLE = "MEDIA_LINK_HOURS"
DEFAULT_LINK_HOURS = 24.0
MAX_LINK_HOURS = 24.0 * 31
MAX_TOKEN_LENGTH = 4000  # anything longer was not made here
MAX_SNAPSHOT_BYTES = 64 * 1024  # a snapshot never inflates past this (no zip bombs)
SNAPSHOT_KEY_LABEL = b"wattelt media snapshot key v1"


@dataclass(frozen=True)
class StoredGrant:
    kind: str  # board_picture | board_pdf
    board_id: int


@dataclass(frozen=True)
class SnapshotGrant:
    snapshot: Dict[str, Any]
    kind: str = "board_picture"


Grant = Union[StoredGrant, SnapshotGrant]


def media_link_seconds() -> float:
    """How long a link works: MEDIA_LINK_HOURS (a positive number of hours, at most 31 days)."""
    raw = os.environ.get(LINK_HOURS_VARIABLE, "").strip()
    try:
        hours = float(raw) if raw else DEFAULT_LINK_HOURS
    except ValueError:
        raise ValueError(f"{LINK_HOURS_VARIABLE} must be a number of hours, e.g. 24") from None
    if not 0 < hours <= MAX_LINK_HOURS:
        raise ValueError(f"{LINK_HOURS_VARIABLE} must be more than 0 and at most {MAX_LINK_HOURS:g} hours")
    return hours * 3600


def attachment_token(kind: str, board_id: Optional[int], snapshot: Optional[Dict[str, Any]], now: Optional[float] = None) -> str:
    """The token of a media link to `kind` ("board_picture" | "board_pdf") of a stored board
    (`board_id`), or of a board kept in memory only (`snapshot`, pictures only)."""
    if kind not in KINDS:
        raise ValueError(f"unknown attachment kind {kind!r}")
    moment = time.time() if now is None else now
    expires = int(moment + media_link_seconds())
    if board_id is not None and board_id > 0:
        return signed(f"{STORED_PREFIX}.{KINDS[kind]}.{int(board_id)}.{expires}")
    if snapshot is None:
        raise ValueError("a media link needs a stored board's id or a snapshot")
    if kind != "board_picture":
        raise ValueError("a board kept in memory only has a picture, no PDF")
    document = json.dumps({"e": expires, "s": snapshot}, separators=(",", ":"), ensure_ascii=False).encode()
    token = _fernet(signing_secret()).encrypt_at_time(zlib.compress(document, 9), int(moment))
    return SNAPSHOT_PREFIX + token.decode().rstrip("=")


def read_token(token: str, now: Optional[float] = None) -> Optional[Grant]:
    """What a token grants, or None when it is forged, tampered with, malformed or expired."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    moment = time.time() if now is None else now
    if token.startswith(SNAPSHOT_PREFIX):
        return _read_snapshot(token[len(SNAPSHOT_PREFIX) :], moment)
    return _read_stored(token, moment)


def _read_stored(token: str, now: float) -> Optional[StoredGrant]:
    payload = verified_payload(token)
    parts = payload.split(".") if payload else []
    if len(parts) != 4 or parts[0] != STORED_PREFIX or not (parts[2].isdigit() and parts[3].isdigit()):
        return None
    kind = next((name for name, code in KINDS.items() if code == parts[1]), None)
    if kind is None or int(parts[3]) < now:
        return None
    return StoredGrant(kind, int(parts[2]))


def _read_snapshot(body: str, now: float) -> Optional[SnapshotGrant]:
    try:
        compressed = _fernet(signing_secret()).decrypt(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj()
        document = json.loads(inflater.decompress(compressed, MAX_SNAPSHOT_BYTES))
    except (InvalidToken, zlib.error, ValueError, UnicodeDecodeError):
        return None
    if inflater.unconsumed_tail or not isinstance(document, dict):
        return None
    expires, snapshot = document.get("e"), document.get("s")
    if not isinstance(expires, int) or expires < now or not isinstance(snapshot, dict):
        return None
    return SnapshotGrant(snapshot)


@lru_cache(maxsize=4)
def _fernet(secret: bytes) -> Fernet:
    """Fernet with its own key, derived from the server secret (never the secret itself)."""
    key = hmac.new(secret, SNAPSHOT_KEY_LABEL, hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))
