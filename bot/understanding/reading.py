"""Reading short answers the same way everywhere: yes or no."""

from typing import Optional

from bot.understanding.intents import intent_is
from bot.understanding.message import UserMessage
from bot.understanding.text import normalise

YES_WORDS = {"ja", "jaa", "ja hoor", "jawel", "ja graag", "ok", "oke", "okay", "goed", "is goed", "prima", "akkoord", "yes", "start", "graag", "klopt", "ja klopt", "zeker"}
NO_WORDS = {"nee", "neen", "nee hoor", "nope", "no", "liever niet", "niet", "nee dank je", "nu niet", "klopt niet", "nee klopt niet"}


def read_yes_no(message: UserMessage) -> Optional[bool]:
    if message.choice in ("yes", "no"):
        return message.choice == "yes"
    if message.is_button:
        return None
    words = normalise(message.text)
    if words in YES_WORDS or intent_is(message, ("affirm",)):
        return True
    if words in NO_WORDS or intent_is(message, ("deny",)):
        return False
    return None
