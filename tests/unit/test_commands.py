"""What a resident asks for at any point (bot/understanding/commands.py) and yes/no (reading.py)."""

import pytest

from bot.understanding.commands import COMMANDS, read_command
from bot.understanding.lexicon import PHRASE_ONLY_COMMANDS
from bot.understanding.lexicon import commands as command_lexicon
from bot.understanding.message import UserMessage
from bot.understanding.reading import read_yes_no


@pytest.mark.parametrize(
    "text, command",
    [
        ("hoe ver ben ik", "progress"),
        ("Hoeveel vragen nog?", "progress"),
        ("terug", "back"),
        ("ga even terug aub", "back"),
        ("ik ga later verder", "pause"),
        ("wat bedoel je", "help"),
        ("vergeet mij", "forget"),
        ("ik wil iemand spreken", "person"),
        ("deel mijn bord", "share"),
        ("stop met delen", "stop_sharing"),
        ("vergelijk", "compare"),
        ("stuur me geen berichten meer", "stop_messages"),
        ("wie heeft mijn bord gezien", "who_viewed"),
        ("verder", "resume"),
        ("opnieuw invullen", "start_again"),
    ],
)
def test_commands_in_the_residents_words_also_while_an_answer_is_expected(text, command):
    assert read_command(UserMessage(text), expecting_free_text=True) == command
    assert read_command(UserMessage(text), expecting_free_text=False) == command


@pytest.mark.parametrize(
    "text",
    [
        "ik wil terug naar mijn oude huis",
        "ik ben gestopt met drinken",
        "mijn ex stuurt me steeds berichten",
        "ik deel een kamer met mijn broer",
        "ik wil opnieuw beginnen met mijn leven",
        "slecht, schuld bij Kevin",
    ],
)
def test_an_answer_in_own_words_is_never_a_command(text):
    sure = UserMessage(text, intent="go_back", confidence=0.99, ranking=(("go_back", 0.99),))
    assert read_command(UserMessage(text), expecting_free_text=True) is None
    assert read_command(sure, expecting_free_text=True) is None


def test_a_guessed_intent_counts_only_when_no_answer_is_expected_or_it_is_short_and_sure():
    long_answer = "mijn moeder is ziek en ik zorg elke dag voor haar"
    unsure = UserMessage(long_answer, intent="pause", confidence=0.6, ranking=(("pause", 0.6),))
    assert read_command(unsure, expecting_free_text=True) is None
    assert read_command(unsure, expecting_free_text=False) == "pause"
    short_sure = UserMessage("efkes wachten", intent="pause", confidence=0.95, ranking=(("pause", 0.95),))
    assert read_command(short_sure, expecting_free_text=True) == "pause"
    short_unsure = UserMessage("efkes wachten", intent="pause", confidence=0.6, ranking=(("pause", 0.6),))
    assert read_command(short_unsure, expecting_free_text=True) is None


def test_other_intents_and_plain_answers_are_no_command():
    assert read_command(UserMessage("hoi", intent="greet", confidence=0.99), expecting_free_text=False) is None
    assert read_command(UserMessage("gaat wel"), expecting_free_text=False) is None


def test_a_button_choice_that_is_a_command():
    assert read_command(UserMessage("", choice="pause"), expecting_free_text=True) == "pause"


def test_every_command_has_phrases_and_an_intent_unless_it_is_read_from_phrases_only():
    lexicon = command_lexicon()
    assert set(lexicon.commands) == set(COMMANDS)
    assert set(lexicon.intents.values()) == set(COMMANDS) - set(PHRASE_ONLY_COMMANDS)


@pytest.mark.parametrize(
    "text, answer",
    [
        ("ja", True),
        ("Ja graag!", True),
        ("oké", True),
        ("oke ja", True),
        ("ja ja ok", True),
        ("nee hoor", False),
        ("nee, dank je", False),
        ("nee nee", False),
        ("ja nee", None),
        ("ja misschien", None),
        ("misschien", None),
    ],
)
def test_yes_and_no(text, answer):
    assert read_yes_no(UserMessage(text)) is answer


def test_yes_and_no_from_buttons_and_the_nlu():
    assert read_yes_no(UserMessage("", choice="yes")) is True
    assert read_yes_no(UserMessage("", choice="domain:geld")) is None
    assert read_yes_no(UserMessage("doe dat maar", intent="affirm", confidence=0.9)) is True
    assert read_yes_no(UserMessage("doe dat maar", intent="affirm", confidence=0.3)) is None
    long = "ja maar ik weet niet of mijn moeder dat goed vindt want zij"
    assert read_yes_no(UserMessage(long, intent="affirm", confidence=0.9)) is None
