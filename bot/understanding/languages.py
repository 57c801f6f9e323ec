"""Whether a message is written in English (bot/content/language/other_languages.yml): the assistant
speaks only Dutch, and says so in English to someone who writes English and was not understood."""

from bot.understanding import lexicon
from bot.understanding.text import tokens


def is_english(text: str) -> bool:
    markers = lexicon.other_languages()
    words = tokens(text or "")
    english = sum(1 for word in words if word in markers.english)
    dutch = sum(1 for word in words if word in markers.dutch)
    return english >= markers.min_words and english > dutch
