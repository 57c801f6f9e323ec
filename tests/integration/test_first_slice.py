"""The first slice through the whole chain: REST -> Rasa server (NLU) -> action server -> turn
service -> database -> export, with what a resident would type."""

import os
import subprocess
import sys

import jsonschema
import pytest

from bot.pseudonyms import pseudonym
from tests.conftest import ROOT
from tests.integration.scenario import Resident, consented


@pytest.mark.parametrize("answer, rating", [("7", 7), ("een 7", 7), ("zeven", 7), ("ik geef het een zes", 6)])
def test_consent_and_a_typed_life_rating_reach_the_export(stack, export_schema, answer, rating):
    resident = consented(stack)
    resident.say(answer)
    assert not resident.offers_ratings() and "skip" in resident.choices  # on to why it is that number
    exported = resident.export()
    jsonschema.validate(exported, export_schema)
    assert exported["participant"] == resident.participant
    [board] = exported["measurements"]
    assert board["life_rating"] == rating and board["perspective"] == "inwoner" and board["completed_at"] is None


@pytest.mark.parametrize("answer", ["12", "banaan", "-1"])
def test_a_rating_that_is_no_rating_is_asked_again_and_nothing_is_stored(stack, answer):
    resident = consented(stack)
    resident.say(answer)
    assert resident.offers_ratings() and resident.question.endswith("?")  # a clear line, then the same question
    assert len(resident.replies) >= 2
    assert resident.board()["life_rating"] is None
    resident.say("8")
    assert resident.board()["life_rating"] == 8


def test_without_consent_nothing_is_stored_not_even_the_conversation(stack):
    resident = Resident(stack)
    resident.say("hoi")
    resident.say("nee")
    assert resident.offers_ratings()  # the board goes on, in memory only
    resident.say("7")
    resident.press("skip")
    assert any(choice.startswith("domain:") for choice in resident.choices)
    assert resident.export() == {"participant": resident.participant, "measurements": []}
    assert resident.transcript_events() == 0


def test_the_safety_message_comes_at_once_with_the_numbers_then_the_board_goes_on(stack):
    resident = consented(stack)
    resident.say("ik wil er niet meer zijn")
    first = resident.replies[0]["text"]
    assert "0800-0113" in first and "112" in first  # the numbers first, before anything else
    assert sorted(resident.choices) == ["no", "yes"]  # "wil je verder?"
    assert resident.board()["life_rating"] is None  # never stored as an answer
    resident.press("yes")
    assert resident.offers_ratings()  # back at the question it interrupted
    resident.press("rating:4")
    assert resident.board()["life_rating"] == 4


def test_deleting_on_the_command_line_removes_everything_and_the_next_message_starts_fresh(stack):
    resident = consented(stack, rating=5)
    assert resident.export()["measurements"] and resident.transcript_events() > 0
    result = subprocess.run(
        [sys.executable, "-m", "bot", "delete", "--participant", resident.participant],
        cwd=ROOT,
        env=dict(os.environ, DATABASE_URL=stack.database_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "deleted" in result.stdout
    assert resident.export()["measurements"] == [] and resident.transcript_events() == 0
    resident.say("hoi")  # the running server kept nothing of before
    assert sorted(resident.choices) == ["no", "yes"]  # asked for consent again
    assert resident.export()["measurements"] == [] and resident.transcript_events() == 0


def test_logs_name_participants_by_pseudonym_and_never_what_was_said(stack):
    resident = consented(stack)
    secret = "ik geef het een negen vandaag"
    resident.say(secret)
    resident.say("mijn buurman Kareltje helpt me altijd")
    logs = stack.rasa.log() + stack.actions.log()
    name = pseudonym(resident.participant)
    assert name.startswith("deelnemer-") and name in logs
    assert resident.sender not in logs  # the id the client sent, in any form
    for said in (secret, "negen", "Kareltje", "buurman"):
        assert said not in logs, said
