"""The check-in and the reminder as conversations, through the turn service (no Rasa, no scheduler):
what starts it, what the resident can answer, what is kept, and when it waits."""

import pytest

from bot.storage.database import Database
from tests.follow_up.helpers import GOAL, check_ins, finish_board, scheduled, service_on
from tests.turn.chat import Chat


@pytest.fixture
def due_at_once(monkeypatch):
    monkeypatch.setenv("FOLLOW_UP_AFTER", "0")


@pytest.fixture
def service(sqlite_database, due_at_once):
    """SQLite; the tests that depend on the database's behaviour run on PostgreSQL too (both_databases)."""
    turn_service = service_on(sqlite_database)
    yield turn_service
    turn_service.database.dispose()


@pytest.fixture
def both_databases(database_url, due_at_once):
    turn_service = service_on(database_url)
    yield turn_service
    turn_service.database.dispose()


def unasked(chat: Chat, kind: str = "check_in"):
    """The scheduler's turn (without a claimed row); the chat then goes on from its replies."""
    outcome = chat.service.start_unasked(chat.participant, kind)
    chat.replies = outcome.replies
    return outcome


def test_a_check_in_asks_heard_each_goal_by_name_and_anything_else_then_offers_the_repeat(both_databases):
    service = both_databases
    chat = Chat(service, participant="telegram:101")
    finish_board(chat, goals=(GOAL, "Meer bewegen"))
    outcome = unasked(chat)
    assert outcome.unasked == "started"
    assert {"score:1", "score:5", "no_talk_yet", "skip"} <= set(chat.choices)
    chat.press("score:4")
    assert GOAL in chat.replies[-1].text and "review:reached" in chat.choices
    chat.press("review:partly")
    assert "Meer bewegen" in chat.replies[-1].text
    chat.press("review:reached")
    chat.say("Het wijkteam belde me snel terug")
    assert set(chat.choices) == {"repeat_now", "later"}
    chat.press("later")
    assert "share" in chat.choices  # back at the end of the board
    assert check_ins(service.database, chat.participant) == [
        {"felt_heard": 4, "no_talk_yet": False, "remarks": "Het wijkteam belde me snel terug", "finished": True}
    ]
    reviews = {goal["text"]: goal["review"] for goal in chat.board()["goals"]}
    assert reviews == {GOAL: "partly", "Meer bewegen": "reached"}


def test_the_repeat_measurement_after_a_check_in_does_not_ask_about_the_goals_again(service):
    chat = Chat(service, participant="telegram:102")
    finish_board(chat, goals=(GOAL,))
    unasked(chat)
    chat.press("skip")  # felt heard: skipped
    chat.press("review:reached")
    chat.press("skip")  # nothing else
    chat.press("repeat_now")
    assert any(choice.startswith("rating:") for choice in chat.choices)  # the repeat measurement began
    chat.press("rating:7")
    chat.press("skip")
    chat.press("domain:geld")
    chat.press("score:4")
    chat.press("next")
    chat.press("no")
    assert not any(choice.startswith("review:") for choice in chat.choices), chat.text  # reviewed in the check-in
    assert [board["number"] for board in chat.export()["measurements"]] == [1, 2]
    assert chat.export()["measurements"][0]["goals"][0]["review"] == "reached"


def test_a_resident_in_the_middle_of_a_conversation_gets_the_check_in_only_at_the_end(service):
    chat = Chat(service, participant="telegram:103")
    finish_board(chat)
    chat.say("opnieuw")  # a repeat measurement, half done
    question = chat.replies[-1].text
    assert unasked(chat).unasked == "waiting"
    assert check_ins(service.database, chat.participant) == []
    chat.say("hoi")
    assert question in chat.text  # nothing moved


def test_without_consent_or_after_stop_met_berichten_no_check_in_starts(service):
    chat = Chat(service, participant="telegram:104")
    finish_board(chat, follow_up=False)
    assert scheduled(service.database, chat.participant) == []
    assert unasked(chat).unasked == "not_needed"
    other = Chat(service, participant="telegram:105")
    finish_board(other)
    assert [row["status"] for row in scheduled(service.database, other.participant)] == ["pending"]
    other.say("stop met berichten")
    assert [row["status"] for row in scheduled(service.database, other.participant)] == ["cancelled"]
    assert unasked(other).unasked == "not_needed"


def test_the_web_chat_shows_a_due_check_in_when_the_page_greets_and_only_once(both_databases):
    service = both_databases
    chat = Chat(service, participant="web:" + "ab" * 16)
    finish_board(chat)
    chat.say("hoi")  # the page opened again
    assert "no_talk_yet" in chat.choices
    assert [(row["status"], row["claimed_by"]) for row in scheduled(service.database, chat.participant)] == [("sent", "visit")]
    chat.press("no_talk_yet")
    chat.press("skip")  # the goal
    chat.press("skip")  # nothing else
    chat.press("later")
    chat.say("hoi")
    assert "no_talk_yet" not in chat.choices  # shown once
    assert check_ins(service.database, chat.participant)[0]["no_talk_yet"] is True


def test_a_check_in_not_yet_due_is_not_shown(service, monkeypatch):
    monkeypatch.setenv("FOLLOW_UP_AFTER", "3600")
    chat = Chat(service, participant="web:" + "cd" * 16)
    finish_board(chat)
    chat.say("hoi")
    assert "no_talk_yet" not in chat.choices
    assert [row["status"] for row in scheduled(service.database, chat.participant)] == ["pending"]


def test_the_reminder_of_a_paused_board_asks_the_open_question_and_is_not_needed_once_resumed(service):
    chat = Chat(service, participant="telegram:106")
    finish_board(chat)  # consent to messages at the end of the first board
    chat.say("opnieuw")
    chat.press("rating:5")
    chat.press("skip")
    chat.say("ik ga later verder")
    rows = [row for row in scheduled(service.database, chat.participant) if row["kind"] == "reminder"]
    assert len(rows) == 1
    outcome = unasked(chat, "reminder")
    assert outcome.unasked == "started" and any(choice.startswith("domain:") for choice in chat.choices)
    chat.press("domain:wonen")  # the resident goes on from the reminder
    assert any(choice.startswith("score:") for choice in chat.choices)
    assert unasked(chat, "reminder").unasked == "not_needed"  # no longer paused
    chat.say("ik ga later verder")
    assert len([row for row in scheduled(service.database, chat.participant) if row["kind"] == "reminder"]) == 1  # never a second


def test_vergeet_mij_deletes_every_scheduled_message_and_check_in(both_databases, database_url):
    service = both_databases
    chat = Chat(service, participant="telegram:107")
    finish_board(chat)
    unasked(chat)
    chat.press("score:3")
    assert scheduled(service.database, chat.participant) and check_ins(service.database, chat.participant)
    chat.say("vergeet mij")
    chat.press("yes")
    database = Database.from_url(database_url)
    assert scheduled(database, chat.participant) == [] and check_ins(database, chat.participant) == []
    assert unasked(chat).unasked == "not_needed"
    database.dispose()


def test_a_check_in_answer_in_own_words_is_read_and_unclear_words_are_asked_again(service):
    chat = Chat(service, participant="telegram:108")
    finish_board(chat, goals=(GOAL,))
    unasked(chat)
    chat.say("xyzzy")
    assert "score:3" in chat.choices  # the same question again
    chat.say("heel goed")
    chat.say("een beetje")  # the goal
    chat.say("nee")  # nothing else
    assert check_ins(service.database, chat.participant)[0]["felt_heard"] == 5
    assert chat.board()["goals"][0]["review"] == "partly"
