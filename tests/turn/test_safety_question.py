"""When the safety net is unsure it asks first ("Ben je in gevaar, of denk je aan zelfmoord?") and holds
the message: "yes" gives the numbers, "no" lets the message through as if nothing happened.

The first two messages below are ones only the learned layer reads as danger, between its question
and alarm thresholds; the third one a pattern flags while the learned layer reads almost no danger
(tests/unit/test_safety.py checks that they still are)."""

import pytest

from bot.understanding.safety import safety_net
from tests.conftest import every_table_as_text
from tests.turn.chat import Chat, make_service
from tests.turn.test_board import at_domain_question

AFRAID_OF_HIM = "slecht, hij wordt snel boos en dan ben ik bang"  # a score and a story: danger at home likeliest
CANNOT_GO_ON = "ik kan niet meer, echt niet meer"  # suicide likeliest
TESTAMENT = "goed, testament geregeld bij de notaris"  # a pattern flags it, the learned layer reads no danger
NUMBERS = ("0800-0113", "0800-2000", "112")


def asked_first(chat: Chat) -> bool:
    return sorted(chat.choices) == ["no", "yes"] and not any(number in chat.text for number in NUMBERS)


def care_line() -> str:
    return safety_net().messages.care


def confirm_if_asked(chat: Chat) -> None:
    """The scale reader may ask "Ik begrijp: ... Klopt dat?" with the smileys: yes."""
    if "yes" in chat.choices and any(choice.startswith("score:") for choice in chat.choices):
        chat.press("yes")


def test_an_unsure_message_is_asked_about_and_after_no_it_is_read_as_it_was(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.say(AFRAID_OF_HIM)
    assert asked_first(chat) and chat.domains()["geld"]["status"] == "open"
    chat.press("no")
    confirm_if_asked(chat)
    geld = chat.domains()["geld"]
    assert geld["status"] == "answered" and geld["score"] <= 2
    assert geld["story"] and "bang" in geld["story"]


def test_yes_gives_the_numbers_then_the_same_question_again(service):
    chat = at_domain_question(Chat(service), "geld")
    asked = chat.replies[-1].text
    chat.say(AFRAID_OF_HIM)
    chat.press("yes")
    assert chat.text.index("0800-2000") < chat.text.index("0800-0113")  # Veilig Thuis first, the 113 line too
    assert sorted(chat.choices) == ["no", "yes"]
    chat.press("yes")  # go on with the questions
    assert chat.replies[-1].text == asked and chat.domains()["geld"]["status"] == "open"


def test_an_answer_that_is_no_yes_or_no_is_asked_once_more_then_gets_the_numbers(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.say(CANNOT_GO_ON)
    chat.say("hm")
    assert asked_first(chat)
    chat.say("hm")
    assert chat.text.index("0800-0113") < chat.text.index("0800-2000")  # 113 first: suicide was likeliest
    assert care_line() not in chat.text, "she told nothing: not thanked for telling it"


def test_yes_to_the_question_is_thanked_for(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.say(CANNOT_GO_ON)
    chat.press("yes")
    assert "0800-0113" in chat.text and care_line() in chat.text


def test_a_typed_no_with_its_reason_counts_as_no_and_the_held_answer_goes_on(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.say(AFRAID_OF_HIM)
    chat.say("nee hoor, hij moppert alleen als de rekeningen komen")
    assert "danger_question_no" in chat.events and "112" not in chat.text, "she said no: no alarm"
    confirm_if_asked(chat)
    assert chat.domains()["geld"]["status"] == "answered"


@pytest.mark.parametrize("answer", ["nee, maar soms denk ik er wel aan", "nee af en toe", "nee maar soms wel"])
def test_a_no_with_a_but_is_no_plain_no(service, answer):
    chat = at_domain_question(Chat(service), "geld")
    chat.say(CANNOT_GO_ON)
    chat.say(answer, intent="deny", confidence=0.95)  # as Rasa may read it
    assert "0800-0113" in chat.text or asked_first(chat), "the numbers, or the question once more"
    assert chat.domains()["geld"]["status"] == "open"


def test_a_typed_no_with_a_reason_after_the_numbers_pauses(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.say(CANNOT_GO_ON)
    chat.press("yes")  # the numbers, then "Wil je verder met de vragen?"
    chat.say("nee, ik moet nu de kinderen van school halen")
    assert chat.domains()["geld"]["status"] == "open" and chat.events == ["paused_after_safety"]


def test_danger_in_the_answer_to_the_question_raises_the_alarm_at_once(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.say(CANNOT_GO_ON)
    chat.say("nee, maar ik wil eigenlijk dood")
    assert "0800-0113" in chat.text and chat.domains()["geld"]["status"] == "open"


def test_the_held_message_survives_a_restart(database_url):
    first = make_service(database_url)
    chat = at_domain_question(Chat(first), "geld")
    chat.say(AFRAID_OF_HIM)
    first.database.dispose()
    chat.service = make_service(database_url)  # the app restarted between the question and the answer
    try:
        chat.press("no")
        confirm_if_asked(chat)
        assert chat.domains()["geld"]["status"] == "answered"
    finally:
        chat.service.database.dispose()


def test_a_first_message_is_asked_about_without_storing_anything(service, database_url):
    chat = Chat(service)
    chat.say(CANNOT_GO_ON)
    assert asked_first(chat)
    assert not any("echt niet meer" in rows for rows in every_table_as_text(database_url).values())
    chat.press("no")
    assert "yes" in chat.choices  # the conversation begins: may we store your answers?
    assert not any("echt niet meer" in rows for rows in every_table_as_text(database_url).values())


def test_a_button_is_never_asked_about(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:1")
    assert not asked_first(chat) and chat.domains()["geld"]["score"] == 1


def test_a_pattern_alarm_read_as_no_danger_is_asked_about_and_after_no_stored_with_the_numbers_near(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.say(TESTAMENT)
    assert asked_first(chat) and chat.domains()["geld"]["status"] == "open"
    chat.press("no")
    assert "0800-0113" in chat.text  # the thanks keep the numbers near
    confirm_if_asked(chat)
    geld = chat.domains()["geld"]
    assert geld["status"] == "answered" and geld["score"] >= 4 and "notaris" in geld["story"]
