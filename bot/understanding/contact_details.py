"""Whether a message holds a way to reach the resident: a phone number or an e-mail address.

Used for a call-back request ("bel me morgen na 3 uur" has no number: the assistant asks for one).
A phone number is a run of digits with at most a few spaces, dashes, dots, slashes or brackets
between them: 10 digits starting with 0 (06 12345678, 020-1234567), or an international number
with + or 00 (+31 6 12345678). Times and dates ("9.00-12.00", "7-12-2026") are not numbers.
"""

import re
from typing import Optional

DIGIT_RUN = re.compile(r"(?<![\d+])(?:\+|00)?\d(?:[\s\-./()]{0,3}\d){7,16}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DUTCH_DIGITS = 10
INTERNATIONAL_DIGITS = range(10, 16)  # with the country code, without + or 00


def phone_number(text: str) -> Optional[str]:
    """The first phone number in the text, as typed; None when there is none."""
    for match in DIGIT_RUN.finditer(text or ""):
        typed = match.group(0).strip()
        digits = re.sub(r"\D", "", typed)
        if typed.startswith("+") and len(digits) in INTERNATIONAL_DIGITS:
            return typed
        if digits.startswith("00") and len(digits) - 2 in INTERNATIONAL_DIGITS:
            return typed
        if digits.startswith("0") and not digits.startswith("00") and len(digits) == DUTCH_DIGITS:
            return typed
    return None


def dialable(text: str) -> Optional[str]:
    """The first phone number in the text as digits only, with a leading + kept (for a tel: link)."""
    typed = phone_number(text)
    if typed is None:
        return None
    digits = re.sub(r"\D", "", typed)
    return "+" + digits if typed.startswith("+") else digits


def email_address(text: str) -> Optional[str]:
    match = EMAIL.search(text or "")
    return match.group(0) if match else None


def has_way_to_reach(text: Optional[str]) -> bool:
    """A phone number or an e-mail address in the text."""
    return bool(text) and (phone_number(text or "") is not None or email_address(text or "") is not None)
