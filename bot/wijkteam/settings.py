"""Settings of the wijkteam web app, from the environment with safe local defaults."""

import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Optional

from bot.signing import signing_secret

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8081  # deploy/nginx.conf forwards its port 8081 to wijkteam:8081
SESSION_IDLE = timedelta(minutes=30)  # a session nobody used for this long ends
SESSION_LIFETIME = timedelta(hours=8)  # and every session ends after a working day
MAX_FAILED_LOGINS = 5  # this many wrong passwords in a row lock the account ...
LOCK_OUT = timedelta(minutes=15)  # ... for this long
MAX_REFUSED_CODES = 10  # this many wrong share codes by one worker ...
CODE_WINDOW = timedelta(minutes=15)  # ... within this window: no more tries until it has passed
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MAX_REQUEST_BYTES = 64 * 1024


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def host() -> str:
    """Loopback unless WIJKTEAM_HOST says otherwise: the page speaks plain HTTP (TLS belongs in front).
    HOST, which opens the residents' Rasa server, does not open this page."""
    return os.environ.get("WIJKTEAM_HOST", "").strip() or DEFAULT_HOST


def port() -> int:
    value = os.environ.get("WIJKTEAM_PORT", "").strip()
    return int(value) if value else DEFAULT_PORT


def secure_cookies() -> bool:
    """Cookies only over HTTPS: WIJKTEAM_SECURE_COOKIES=1, and always in production."""
    return _flag("WIJKTEAM_SECURE_COOKIES") or _flag("WATTELT_PRODUCTION")


def derived_key(purpose: str, secret: Optional[bytes] = None) -> bytes:
    """A key for one purpose, derived from the server's signing secret (bot/signing.py)."""
    return hmac.new(secret or signing_secret(), b"wijkteam\0" + purpose.encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class Limits:
    """What tests may shorten; production uses the defaults above."""

    session_idle: timedelta = SESSION_IDLE
    session_lifetime: timedelta = SESSION_LIFETIME
    max_failed_logins: int = MAX_FAILED_LOGINS
    lock_out: timedelta = LOCK_OUT
    max_refused_codes: int = MAX_REFUSED_CODES
    code_window: timedelta = CODE_WINDOW
