import pytest

from bot.content.instruments import load_instrument
from bot.understanding.domains import echoes_topic, find_domains

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


@pytest.mark.parametrize(
    "text, keys",
    [
        ("mijn werkgever doet moeilijk", ["werk"]),
        ("de schuldhulpverlening helpt", ["geld"]),
        ("mijn kinderen en mijn huis", ["kinderen", "wonen"]),
        ("bij wonen bedoelde ik het geld", ["wonen", "geld"]),
        ("ik wil iets zeggen", []),
    ],
)
def test_compounds_and_order(text, keys):
    assert find_domains(text, BOARD) == keys


@pytest.mark.parametrize(
    "text, key, echoes",
    [
        ("werk", "werk", True),
        ("Mijn werk!", "werk", True),
        ("school", "werk", True),
        ("zin in het leven", "zingeving", True),
        ("en", "werk", False),
        ("werk gaat goed", "werk", False),
        ("schulden", "geld", False),  # says how it goes
        ("geld", "werk", False),  # another topic
    ],
)
def test_a_bare_topic_name_echoes_the_question(text, key, echoes):
    assert echoes_topic(text, load_instrument(), key) is echoes
