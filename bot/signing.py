"""One server secret and HMAC signatures over short strings (media links, web chat sessions).

The secret comes from SIGNING_SECRET, else from var/signing-secret (created on first use,
readable only by its owner). Every process of one deployment must see the same secret.
"""

import hashlib
import hmac
import os
import secrets
from typing import Optional

from bot.config import PROJECT_ROOT

SECRET_FILE = PROJECT_ROOT / "var" / "signing-secret"
SIGNATURE_LENGTH = 32


def signing_secret() -> bytes:
    configured = os.environ.get("SIGNING_SECRET", "").strip()
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


def signature(payload: str, secret: Optional[bytes] = None) -> str:
    return hmac.new(secret or signing_secret(), payload.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_LENGTH]


def signed(payload: str, secret: Optional[bytes] = None) -> str:
    """`payload.signature`"""
    return f"{payload}.{signature(payload, secret)}"


def verified_payload(token: str, secret: Optional[bytes] = None) -> Optional[str]:
    """The payload of a token made by `signed`, or None when the signature does not match."""
    payload, _, given = (token or "").rpartition(".")
    if not payload or not hmac.compare_digest(given, signature(payload, secret)):
        return None
    return payload
