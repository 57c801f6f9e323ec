"""Outages on the real servers: the action server or the database away for a while. The resident gets
a clear message instead of silence, and what they said meanwhile is stored once it is back."""

import shutil

import pytest

from tests.reliability.test_bad_input import say

pytestmark = pytest.mark.integration


def test_action_server_down_gets_a_clear_message_and_the_answer_is_stored_when_it_returns(stack):
    sender = "rest:outage-actions"
    for message in ("hoi", "ja"):
        assert say(stack, sender, message)[0] == 200
    stack.actions.stop()
    try:
        status, body = say(stack, sender, "een 8")
        assert status == 503 and "Probeer het zo nog eens" in body["error"]
    finally:
        stack.start_actions()
    status, body = say(stack, sender, "werk")  # the next message, after the outage
    assert status == 200 and any("werk" in m.get("text", "").lower() for m in body), body
    measurement = stack.export(sender)["measurements"][0]
    assert measurement["life_rating"] == 8  # said during the outage, stored afterwards


def test_a_message_resent_after_an_outage_counts_once(stack):
    sender = "rest:outage-retry"
    for message in ("hoi", "ja"):
        assert say(stack, sender, message)[0] == 200
    stack.actions.stop()
    try:
        assert say(stack, sender, "6")[0] == 503
    finally:
        stack.start_actions()
    status, body = say(stack, sender, "6")  # the web chat and Telegram resend the same message
    assert status == 200 and "Welk onderwerp" in " ".join(m.get("text", "") for m in body)
    assert stack.export(sender)["measurements"][0]["life_rating"] == 6


def test_database_briefly_unavailable_gets_a_clear_message_and_nothing_is_lost(stack):
    sender = "rest:outage-database"
    for message in ("hoi", "ja", "7", "wonen"):
        assert say(stack, sender, message)[0] == 200
    path = stack.database_url.split("sqlite:///", 1)[1]
    shutil.move(path, path + ".away")
    shutil.os.mkdir(path)  # the database file cannot be opened
    try:
        status, body = say(stack, sender, "goed")
        assert status in (200, 503), body
        text = body["error"] if status == 503 else " ".join(m.get("text", "") for m in body)
        assert "Probeer het" in text or "probeer het" in text
    finally:
        shutil.os.rmdir(path)
        shutil.move(path + ".away", path)
    status, body = say(stack, sender, "goed")  # resent once the database is back
    assert status == 200
    domains = {d["key"]: d for d in stack.export(sender)["measurements"][0]["domains"]}
    assert domains["wonen"]["status"] == "answered" and domains["wonen"]["score"] == 4
