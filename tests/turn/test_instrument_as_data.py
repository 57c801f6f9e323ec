"""Another instrument (Positieve Gezondheid: six domains on a 0-10 scale, no life rating) runs a
whole conversation and export with no code change: only its YAML file."""

from pathlib import Path

import pytest

from bot.content.instruments import available_instruments, load_instrument
from tests.turn.chat import Chat, make_service

FOLDER = Path(__file__).resolve().parent.parent / "fixtures" / "instruments"


@pytest.fixture
def other_instrument(monkeypatch):
    monkeypatch.setenv("INSTRUMENTS_PATH", str(FOLDER))
    monkeypatch.setenv("BOARD_INSTRUMENT", "positieve-gezondheid")
    available_instruments.cache_clear()
    load_instrument.cache_clear()
    yield load_instrument()
    available_instruments.cache_clear()
    load_instrument.cache_clear()


def test_a_whole_board_on_a_0_to_10_scale(other_instrument, sqlite_database):
    chat = Chat(make_service(sqlite_database))
    chat.say("hoi")
    chat.press("yes")
    assert not any(choice.startswith("rating:") for choice in chat.choices)  # no life rating in this instrument
    chat.press("domain:meedoen")
    chat.say("een 7")
    if "yes" in chat.choices:
        chat.press("yes")
    chat.say("vaker naar de sportclub")
    chat.press("yes")  # look at the others too
    for value in (0, 3, 10, 5, 8):
        chat.press(f"score:{value}")
        chat.press("next")
    chat.press("goals_done" if "goals_done" in chat.choices else "wish:meedoen")
    board = chat.board()
    assert board["instrument"] == "positieve-gezondheid"
    stored = {domain["key"]: domain["score"] for domain in board["domains"]}
    assert stored["meedoen"] == 7
    assert sorted(value for key, value in stored.items() if key != "meedoen") == [0, 3, 5, 8, 10]
    assert chat.domains()["meedoen"]["wish"] == "vaker naar de sportclub"
