"""One server secret and HMAC signatures over short strings (media links, web chat sessions).

The secret comes from SIGNING_SECRET (at least 32 characters), else from var/signing-secret.
Every process of one deployment must see the same secret: with several machines or containers
set SIGNING_SECRET (docker-compose.yml requires it); the file is for one machine.

The file is created once, atomically: the secret is written and synced to a private temporary
file, which is then hard-linked to its name. A link never replaces an existing file, so when
processes race the first link wins and everyone reads that one; no process can read a file that
is still empty. An empty or short file is an error, never a key.
"""

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path
from typing import Optional

from bot.config import PROJECT_ROOT

SECRET_FILE = PROJECT_ROOT / "var" / "signing-secret"
SECRET_VARIABLE = "SIGNING_SECRET"
MIN_SECRET_LENGTH = 32
SIGNATURE_LENGTH = 32


class SigningSecretError(RuntimeError):
    """No usable signing secret: the message says where it should come from (never the value)."""


def signing_secret() -> bytes:
    configured = os.environ.get(SECRET_VARIABLE, "").strip()
    if configured:
        if len(configured) < MIN_SECRET_LENGTH:
            raise SigningSecretError(f"{SECRET_VARIABLE} is shorter than {MIN_SECRET_LENGTH} characters")
        return configured.encode()
    return secret_from_file(SECRET_FILE)


def secret_from_file(path: Path) -> bytes:
    """The secret in `path`, created first when there is none."""
    if not path.exists():
        _create_secret_file(path)
    secret = path.read_text().strip()
    if len(secret) < MIN_SECRET_LENGTH:
        raise SigningSecretError(
            f"{path} holds no usable secret (empty or shorter than {MIN_SECRET_LENGTH} characters): "
            f"remove the file or set {SECRET_VARIABLE}"
        )
    return secret.encode()


def _create_secret_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first: its secret is the one
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


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
