"""Share codes: 8 characters from A-Z and 2-9 without look-alikes (no O, 0, I, 1), shown as XXXX-XXXX,
valid SHARE_CODE_DAYS days (default 14). Typed without the dash or in lower case, they work too."""

import os
import re
import secrets
from datetime import timedelta
from typing import Optional

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 8
DEFAULT_DAYS = 14
TYPED_CODE = re.compile(r"^[A-Za-z2-9]{4}[\s-]?[A-Za-z2-9]{4}$")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def read_code(text: str) -> Optional[str]:
    """The code in what someone typed ("abcd efgh", "ABCD-EFGH"), or None when it cannot be one."""
    text = (text or "").strip()
    if not TYPED_CODE.match(text):
        return None
    code = re.sub(r"[\s-]", "", text).upper()
    return code if all(character in ALPHABET for character in code) else None


def valid_for() -> timedelta:
    return timedelta(days=float(os.environ.get("SHARE_CODE_DAYS", DEFAULT_DAYS)))
