"""A repeat measurement through the turn service (no Rasa): each topic's question shows last time's
smiley, and an answer that compares with it ("hetzelfde", "beter") is read against it."""

import pytest

from bot.content import load_instrument
from tests.turn.chat import Chat
from tests.turn.test_board import answer_every_domain_and_finish

SCALE = load_instrument().scale


def first_board(chat: Chat) -> None:
    """A finished board that began with geld: geld 1, werk 2, wonen 3, ... (answer_every_domain_and_finish)."""
    chat.say("hoi")
    chat.press("yes")
    chat.press("rating:5")
    chat.press("skip")
    chat.press("domain:geld")
    answer_every_domain_and_finish(chat)


def repeat_at(chat: Chat, key: str) -> Chat:
    """The second board, at `key`'s question (geld chosen first; werk after geld, by buttons)."""
    chat.say("opnieuw")
    chat.press("rating:7")
    chat.press("skip")
    chat.press("domain:geld")
    if key != "geld":
        chat.press("score:1")
        chat.press("next")
        chat.press("yes")
    return chat


def stored(chat: Chat, key: str) -> dict:
    return chat.domains()[key]


def test_each_topics_question_shows_last_times_smiley_and_a_first_board_none(service):
    chat = Chat(service)
    chat.say("hoi")
    chat.press("yes")
    chat.press("rating:5")
    chat.press("skip")
    first = chat.press("domain:geld")
    answer_every_domain_and_finish(chat)
    again = repeat_at(chat, "geld").replies
    saddest = SCALE.point(1).emoji
    assert saddest not in " ".join(reply.text for reply in first), "no last time on a first board"
    assert len(again) == len(first) + 1 and saddest in again[-2].text, "last time's smiley, right before the question"
    chat.press("score:1")
    chat.press("next")
    werk = chat.press("yes")
    assert SCALE.point(2).emoji in werk[-2].text and saddest not in werk[-2].text, "werk was 2 last time"


@pytest.mark.parametrize(
    "words", ["nog steeds hetzelfde", "Hetzelfde.", "niks veranderd eigenlijk", "nou, zelfde als vorige keer"]
)
def test_the_same_as_last_time_in_words_is_stored_as_last_times_smiley(service, words):
    chat = Chat(service)
    first_board(chat)
    repeat_at(chat, "werk")
    chat.say(words)
    assert stored(chat, "werk")["score"] == 2, "werk was 2 last time"
    assert "next" in chat.choices, "on to what goes well, without a question in between"


def test_better_than_last_time_is_proposed_one_step_up_and_stored_only_after_yes(service):
    chat = Chat(service)
    first_board(chat)
    repeat_at(chat, "werk")
    chat.say("beter, ik heb nu twee dagen werk")
    assert "yes" in chat.choices and "score:3" not in chat.choices, "3 (one up from 2) proposed with one tap"
    assert stored(chat, "werk")["status"] == "open", "never stored unasked"
    chat.press("yes")
    assert stored(chat, "werk")["score"] == 3
    assert "twee dagen werk" in stored(chat, "werk")["story"]


def test_much_worse_is_proposed_two_steps_down_and_a_smiley_instead_is_stored(service):
    chat = Chat(service)
    first_board(chat)
    repeat_at(chat, "werk")  # werk 2 last time: two steps down is the lowest point
    chat.say("een stuk slechter")
    assert "yes" in chat.choices and "score:1" not in chat.choices
    chat.press("score:2")
    assert stored(chat, "werk")["score"] == 2


def test_without_a_smiley_last_time_the_same_is_not_read_as_a_change(service):
    chat = Chat(service)
    chat.say("hoi")
    chat.press("yes")
    chat.press("rating:5")
    chat.press("skip")
    chat.press("domain:geld")
    chat.press("skip")  # geld skipped: no smiley to compare with on the next board
    chat.press("yes")
    chat.press("skip")
    chat.press("skip")
    chat.press("skip_rest")
    chat.press("goals_none")
    chat.press("skip_section")
    chat.press("no")
    chat.press("no")
    chat.say("opnieuw")
    chat.press("rating:7")
    chat.press("skip")
    replies = chat.press("domain:geld")
    assert not any(emoji in replies[-2].text for emoji in (point.emoji for point in SCALE.points))
    chat.say("hetzelfde")
    assert stored(chat, "geld")["status"] == "open", "nothing to be the same as: not stored"


@pytest.mark.parametrize("typed", ["dank je wel", "7", "wat nu?"])
def test_typed_words_after_the_board_is_done_get_an_answer_and_change_nothing(service, typed):
    chat = Chat(service)
    first_board(chat)
    before = chat.export()
    replies = chat.say(typed)
    assert len(replies) == 2 and chat.choices == ["share", "repeat"], "a line, then what can be done"
    assert chat.export() == before


def test_a_score_better_than_last_time_is_acknowledged_as_better_not_as_the_score_alone(service):
    first = Chat(service)
    first.say("hoi")
    first.press("yes")
    first.press("rating:5")
    first.press("skip")
    first.press("domain:geld")
    on_a_first_board = first.press("score:2")
    chat = Chat(service)
    first_board(chat)
    repeat_at(chat, "geld")  # geld was 1 last time
    on_a_repeat = chat.press("score:2")
    assert on_a_repeat[0].text != on_a_first_board[0].text, "the same smiley, heard as better than last time"
