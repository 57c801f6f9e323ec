"""The content files are complete and keep the contract's domain keys."""

import re
from pathlib import Path

from bot.content import load_instrument, load_texts
from tests.conftest import SHARED

CONTRACT_KEYS = (
    "geld",
    "werk",
    "wonen",
    "lichamelijke_gezondheid",
    "psychische_gezondheid",
    "sociale_contacten",
    "relaties",
    "kinderen",
    "dagelijks_leven",
    "verslaving",
    "veiligheid",
    "justitie",
    "meedoen",
    "zingeving",
)
JARGON = ("leefgebied", "vraagverheldering", "zelfredzaamheid", "indicatie", "casus")


def test_the_default_board_has_the_14_contract_keys_in_order():
    assert load_instrument().keys == CONTRACT_KEYS


def test_the_contract_file_lists_the_same_keys():
    contract = SHARED / "contracts" / "leefgebieden.md"
    if contract.exists():
        assert tuple(re.findall(r"^\| `([a-z_]+)` \|", contract.read_text(), re.M)) == CONTRACT_KEYS


def test_every_text_the_code_asks_for_exists():
    used = set()
    for path in Path("bot/dialogue").rglob("*.py"):
        used |= set(re.findall(r'say\(\s*"([a-z_]+)"', path.read_text()))
        used |= set(re.findall(r'"(life_rating_(?:out_of_range|not_understood))"', path.read_text()))
    assert used, "no texts found: the scan is broken"
    assert used <= set(load_texts().keys())


def test_resident_texts_avoid_system_jargon_and_exclamation_marks():
    texts = load_texts()
    for key in texts:
        text = texts.say(key) if "{" not in texts._entries[key] else texts._entries[key]
        assert not any(word in text.lower() for word in JARGON), key
        assert "!" not in text, key


def test_resident_sentences_are_short_and_messages_ask_one_question():
    """tone.md: sentences of 12 words or fewer, one question per message."""
    from bot.understanding.safety import safety_content

    texts = load_texts()
    messages = {key: texts.template(key) for key in texts}
    messages.update({f"safety.{key}": text for key, text in safety_content()["messages"].items()})
    for domain in load_instrument().domains:
        messages.update({f"{domain.key}.question": domain.question, f"{domain.key}.example": domain.example})
    for key, text in messages.items():
        for sentence in re.split(r"(?<=[.?!])\s+|\n", text):
            assert len(sentence.split()) <= 12, (key, sentence)
        assert text.count("?") <= 1, key
