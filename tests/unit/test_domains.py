import pytest

from bot.content import load_instrument
from bot.understanding.domains import find_domains

BOARD = load_instrument()


@pytest.mark.parametrize(
    "text, keys",
    [
        ("geld", ["geld"]),
        ("vooral mijn schulden", ["geld"]),
        ("mijn huis", ["wonen"]),
        ("ik slaap slecht", ["lichamelijke_gezondheid"]),
        ("slapen", ["lichamelijke_gezondheid"]),
        ("Wonen", ["wonen"]),
        ("werk en daarna geld", ["werk", "geld"]),
        ("hoe je je voelt", ["psychische_gezondheid"]),
        ("de kinderen", ["kinderen"]),
        ("contact met anderen", ["sociale_contacten"]),
        ("ik heb geen zin", []),
        ("alleen dit", []),
        ("verander geld naar 4", ["geld"]),
        ("lichamelijke gezondheid", ["lichamelijke_gezondheid"]),
        ("politie", ["justitie"]),
    ],
)
def test_domains_named_in_text(text, keys):
    assert find_domains(text, BOARD) == keys


def test_entities_come_first_and_unknown_values_are_ignored():
    entities = [{"entity": "domain", "value": "wonen"}, {"entity": "domain", "value": "mars"}, {"entity": "score", "value": "2"}]
    assert find_domains("bij wonen bedoelde ik het geld", BOARD, entities) == ["wonen", "geld"]
