"""The language of a message the assistant did not understand (bot/content/language/other_languages.yml),
for the one line in that language."""

import pytest

from bot.understanding.languages import other_language


@pytest.mark.parametrize(
    "text, language",
    [
        ("do you speak english?", "english"),
        ("I dont understand", "english"),
        ("it is going fine", "english"),
        ("sorry voor mijn nederlands, can we do this in english?", "english"),
        ("Nie rozumiem, mówię tylko po polsku", "polish"),
        ("prosze o pomoc, nie mowie po niderlandzku", "polish"),
        ("Anlamıyorum, Türkçe konuşuyorum", "turkish"),
        ("yardım lütfen, hollandaca bilmiyorum", "turkish"),
        ("لا أفهم", "arabic"),
        ("أنا لا أتكلم الهولندية، أريد مساعدة", "arabic"),
        ("Я не розумію", "ukrainian"),
        ("я не понимаю по-голландски", "ukrainian"),
    ],
)
def test_other_languages(text, language):
    assert other_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "okay",
        "het gaat goed",
        "gaat wel, thanks",
        "ik have geen idee",
        "kan beter",
        "",
        "ik ben bij mijn mam",
        "nie slecht, ben tevreden",
        "mijn buurvrouw spreekt alleen Pools en Turks",
        "het gaat goed 😊👍",
        "Ahmed zegt: شكرا, dank je wel voor de hulp vandaag",
    ],
)
def test_dutch_or_too_little_to_tell(text):
    assert other_language(text) is None
