"""A message in English (bot/content/language/other_languages.yml), for the one line in English."""

import pytest

from bot.understanding.languages import is_english


@pytest.mark.parametrize(
    "text",
    ["do you speak english?", "I dont understand", "it is going fine", "sorry voor mijn nederlands, can we do this in english?"],
)
def test_english(text):
    assert is_english(text)


@pytest.mark.parametrize("text", ["hello", "okay", "het gaat goed", "gaat wel, thanks", "ik have geen idee", "kan beter", ""])
def test_dutch_or_too_short_to_tell(text):
    assert not is_english(text)
