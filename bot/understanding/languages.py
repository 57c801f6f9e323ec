"""Which language a message is written in, when it is not Dutch (bot/content/language/other_languages.yml):
the assistant speaks only Dutch, and says so in the writer's language to someone it did not understand."""

import re
from typing import List, Optional

from bot.understanding import lexicon
from bot.understanding.text import fold

LETTER = re.compile(r"[^\W\d_]")


def _words(text: str) -> List[str]:
    return re.findall(r"[a-z]+", fold(text).replace("ı", "i"))


def other_language(text: str) -> Optional[str]:
    """The name of the language (a key of `languages`), or None for Dutch or too little to tell."""
    markers = lexicon.other_languages()
    letters = LETTER.findall(text or "")
    for name, language in markers.languages.items():
        if language.letters and letters:
            share = len(re.findall(f"[{language.letters}]", text)) / len(letters)
            if share >= markers.min_letter_share:
                return name
    words = _words(text or "")
    dutch = sum(1 for word in words if word in markers.dutch)
    counts = [
        (sum(1 for word in words if word in language.words), name)
        for name, language in markers.languages.items()
        if language.words
    ]
    found, name = max(counts, default=(0, ""))
    return name if found >= markers.min_words and found > dutch else None


def unspoken_language(text: str) -> Optional[lexicon.OtherLanguage]:
    """The message's language with its line "I speak only Dutch ... call {phone}", or None."""
    name = other_language(text)
    return lexicon.other_languages().languages[name] if name else None
