"""The first slice through the whole chain: REST -> Rasa server -> action server -> database -> export."""

import uuid

import jsonschema
import pytest


def texts(replies):
    return " ".join(reply.get("text", "") for reply in replies)


def new_sender(prefix="rest"):
    return f"{prefix}:{uuid.uuid4().hex[:10]}"


def consent(stack, sender):
    first = stack.say(sender, "hallo")
    assert "bewaren?" in texts(first) and first[-1]["buttons"][0]["payload"] == "/affirm"
    after = stack.say(sender, "/affirm")
    assert "rapportcijfer" in texts(after).lower()
    return after


@pytest.mark.parametrize("answer, rating", [("7", 7), ("een 7", 7), ("zeven", 7), ("ik geef het een zes", 6)])
def test_consent_and_life_rating_reach_the_export(stack, export_schema, answer, rating):
    sender = new_sender()
    consent(stack, sender)
    replies = stack.say(sender, answer)
    assert f"een {rating}" in texts(replies)
    exported = stack.export(sender)
    jsonschema.validate(exported, export_schema)
    assert exported["participant"] == sender
    assert exported["measurements"][0]["life_rating"] == rating


@pytest.mark.parametrize("answer, explanation", [("12", "tussen 0 en 10"), ("banaan", "geen cijfer")])
def test_bad_ratings_are_refused_with_a_clear_reask(stack, answer, explanation):
    sender = new_sender()
    consent(stack, sender)
    replies = stack.say(sender, answer)
    assert explanation in texts(replies) and replies[-1]["text"].endswith("?")
    assert stack.export(sender)["measurements"][0]["life_rating"] is None
    assert "een 8" in texts(stack.say(sender, "8"))


def test_without_consent_nothing_is_stored_not_even_the_conversation(stack):
    sender = new_sender()
    stack.say(sender, "hoi")
    replies = stack.say(sender, "nee")
    assert "niets" in texts(replies)
    stack.say(sender, "7")
    assert stack.export(sender) == {"participant": sender, "measurements": []}
    assert stack.tracker_event_count(sender) == 0


def test_safety_message_at_once_in_the_middle(stack):
    sender = new_sender()
    consent(stack, sender)
    replies = stack.say(sender, "ik wil er niet meer zijn")
    assert "0800-0113" in replies[0]["text"] and "112" in replies[0]["text"]
    assert stack.export(sender)["measurements"][0]["life_rating"] is None
    assert "rapportcijfer" in texts(stack.say(sender, "ja")).lower()


def test_the_conversation_survives_a_restart_of_the_rasa_server(stack):
    sender = new_sender()
    consent(stack, sender)
    stack.restart_rasa()
    replies = stack.say(sender, "zeven")
    assert "een 7" in texts(replies)
    assert stack.export(sender)["measurements"][0]["life_rating"] == 7


def test_delete_removes_answers_and_tracker_and_the_next_message_starts_fresh(stack):
    import subprocess
    import sys

    from tests.conftest import ROOT

    sender = new_sender()
    consent(stack, sender)
    stack.say(sender, "5")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "delete", "--participant", sender],
        cwd=ROOT,
        env={**__import__("os").environ, "DATABASE_URL": stack.database_url},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "deleted" in result.stdout
    assert stack.export(sender)["measurements"] == []


def test_logs_name_participant_and_step_but_never_what_was_said(stack):
    sender = new_sender()
    consent(stack, sender)
    secret = "ik geef het een negen vandaag"
    stack.say(sender, secret)
    logs = stack.rasa.log() + stack.actions.log()
    assert f"participant={sender} step=life_rating->first_domain" in logs
    assert secret not in logs and "negen" not in logs
