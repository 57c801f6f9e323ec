"""Password hashes with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile)."""

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("no worker has this password")


def spend_equal_time(password: str) -> None:
    """Verify against a hash nobody has, so an unknown or locked name takes as long as a known one."""
    verify_password(_dummy_hash(), password)
