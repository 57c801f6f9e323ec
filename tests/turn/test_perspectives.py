"""Sharing a board: the professional's and the naaste's view, the comparison, codes that do not work."""

from datetime import timedelta

import jsonschema
import pytest
from sqlalchemy import text

from bot.content import load_instrument
from tests.conftest import every_table_as_text
from tests.turn.chat import Chat

KEYS = load_instrument().keys
SCALE = load_instrument().scale


def finished_board(service, score: int = 4) -> Chat:
    """A resident who filled in every domain with `score` and shared the board."""
    resident = Chat(service)
    resident.say("hoi")
    resident.press("yes")
    fill_in_round(resident, score)
    return resident


def fill_in_round(resident: Chat, score: int) -> None:
    """From the life rating: every domain `score` by buttons, nothing more, then the board shared."""
    resident.press("rating:6")
    resident.press("skip")
    resident.press("domain:geld")
    for number in range(len(KEYS)):
        resident.press(f"score:{score}")
        resident.press("next")
        if number == 0:
            resident.press("yes")
    resident.press("goals_none")
    resident.press("skip_section")
    resident.press("no")
    resident.press("no")
    resident.press("share")


def fill_in_view(chat: Chat, code: str, role: str, score: int) -> None:
    chat.say(f"/{role} {code}")
    if role == "naaste":
        chat.press("yes")
    chat.press("rating:4")
    for _ in KEYS:
        chat.press(f"score:{score}")
        chat.press("next")
    chat.press("skip")  # no goal of their own


def test_professional_and_naaste_fill_in_the_residents_board_and_the_export_holds_them(service, export_schema):
    resident = finished_board(service)
    code = resident.share_code()
    professional = Chat(service)
    fill_in_view(professional, code.lower().replace("-", ""), "professional", score=2)  # lower case, no dash works too
    naaste = Chat(service)
    fill_in_view(naaste, code, "naaste", score=4)
    export = resident.export()
    jsonschema.validate(export, export_schema)
    views = {m["perspective"]: m for m in export["measurements"]}
    assert set(views) == {"inwoner", "professional", "naaste"}
    assert views["professional"]["round"] == views["inwoner"]["number"] == views["naaste"]["round"]
    assert {d["score"] for d in views["professional"]["domains"]} == {2}
    assert professional.export()["measurements"] == []  # their answers belong to the resident's board


def test_the_comparison_names_every_domain_two_steps_apart(service):
    resident = finished_board(service, score=5)
    code = resident.share_code()
    professional = Chat(service)
    fill_in_view(professional, code, "professional", score=2)
    assert "verschillend" in professional.text  # shown at the end of their conversation too
    resident.say("vergelijk", intent="compare")
    for label in (domain.label for domain in load_instrument().domains):
        assert label in resident.text


def test_a_wrong_expired_or_withdrawn_code_starts_nothing(service, database_url):
    resident = finished_board(service)
    code = resident.share_code()
    stranger = Chat(service)
    stranger.say("/professional ZZZZ-ZZZZ")
    assert stranger.events == ["code_refused"]
    resident.say("stop met delen", intent="stop_sharing")
    stranger.say(f"/naaste {code}")
    assert stranger.events == ["code_refused"]
    resident.press("share")  # a new code works again
    fresh = resident.share_code()
    assert fresh != code
    with service.database.engine.begin() as connection:
        connection.execute(text("UPDATE share_codes SET expires_at = :past"), {"past": service.clock() - timedelta(days=1)})
    stranger.say(f"/professional {fresh}")
    assert stranger.events == ["code_refused"]
    with service.database.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM measurements WHERE perspective != 'inwoner'")).scalar() == 0


def test_a_code_used_twice_by_the_same_person_continues_their_view(service):
    resident = finished_board(service)
    code = resident.share_code()
    professional = Chat(service)
    professional.say(f"/professional {code}")
    professional.press("rating:4")
    professional.press("score:3")
    professional.say(f"/professional {code}")
    assert any(choice.startswith("score:") or choice == "next" for choice in professional.choices)
    fill = [m for m in resident.export()["measurements"] if m["perspective"] == "professional"]
    assert len(fill) == 1 and fill[0]["life_rating"] == 4


def test_a_naaste_who_says_no_stores_nothing(service):
    resident = finished_board(service)
    naaste = Chat(service)
    naaste.say(f"/naaste {resident.share_code()}")
    naaste.press("no")
    assert [m["perspective"] for m in resident.export()["measurements"]] == ["inwoner"]


def test_after_five_wrong_codes_even_a_right_one_waits_a_quarter_of_an_hour(service):
    resident = finished_board(service)
    code = resident.share_code()
    guesser = Chat(service)
    for guess in ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD", "EEEE-EEEE"):
        guesser.say(f"/professional {guess}")
        assert guesser.events == ["code_refused"]
    guesser.say(f"/professional {code}")  # right, but after a run of wrong ones: no board is opened
    assert guesser.events == ["code_guessing_stopped"] and guesser.replies and not guesser.choices
    now = service.clock()
    service.clock = lambda: now + timedelta(minutes=16)
    guesser.say(f"/professional {code}")
    assert guesser.events == ["perspective_started_professional"]


def test_guessers_who_start_a_new_conversation_for_every_few_codes_are_stopped_together(service, database_url, monkeypatch):
    from bot.flows.board import perspectives

    monkeypatch.setattr(perspectives, "MAX_REFUSED_CODES_EVERYWHERE", 6)
    resident = finished_board(service)
    code = resident.share_code()
    guessers = [Chat(service) for _ in range(3)]
    for number, guesser in enumerate(guessers):  # each stays under the limit of five per participant
        for guess in (f"AAAA-AAA{number + 2}", f"BBBB-BBB{number + 2}"):
            guesser.say(f"/professional {guess}")
            assert guesser.events == ["code_refused"]
    latecomer = Chat(service)
    latecomer.say(f"/professional {code}")  # right, but everyone has guessed too often: no board opens
    assert latecomer.events == ["code_guessing_stopped_everywhere"] and latecomer.replies and not latecomer.choices
    stored = every_table_as_text(database_url)
    assert not any(chat.participant in text for chat in guessers for text in stored.values())  # counted without who
    now = service.clock()
    service.clock = lambda: now + timedelta(minutes=16)
    latecomer.say(f"/professional {code}")
    assert latecomer.events == ["perspective_started_professional"]


def test_a_naaste_and_a_professional_say_a_topic_does_not_apply_to_the_resident_not_to_themselves(service):
    resident = finished_board(service)
    code = resident.share_code()
    own = Chat(service)
    own.say("hoi")
    own.press("yes")
    own.press("rating:6")
    own.press("skip")
    own.press("domain:geld")
    resident_title = next(b.title for r in own.replies for b in r.buttons if b.choice == "not_applicable")
    titles, said = {}, {}
    for role in ("naaste", "professional"):
        chat = Chat(service)
        chat.say(f"/{role} {code}")
        if role == "naaste":
            chat.press("yes")
        chat.press("rating:4")
        titles[role] = next(b.title for r in chat.replies for b in r.buttons if b.choice == "not_applicable")
        said[role] = chat.press("not_applicable")[0].text
    assert resident_title not in titles.values() and titles["naaste"] != titles["professional"]
    own.press("not_applicable")
    assert own.replies[0].text not in said.values(), "what is said back is not about the naaste or professional"


def test_help_at_a_topic_names_the_button_the_naaste_sees(service):
    code = finished_board(service).share_code()
    naaste = Chat(service)
    naaste.say(f"/naaste {code}")
    naaste.press("yes")
    naaste.press("rating:4")
    for _ in KEYS:  # on to the question about the children
        if any("kinderen" in reply.text for reply in naaste.replies):
            break
        naaste.press("score:3")
        naaste.press("next")
    button = next(b.title for r in naaste.replies for b in r.buttons if b.choice == "not_applicable")
    explained = naaste.say("wat bedoel je?", intent="ask_help", confidence=0.97)[0].text
    assert button in explained
    assert "Heb je geen kinderen" not in explained, "the naaste is asked about the resident's children, not their own"
    unsure = naaste.say("weet ik niet")[0].text  # what the topic is about, as at "wat bedoel je?"
    assert button in unsure and "Heb je geen kinderen" not in unsure


@pytest.mark.parametrize("role, who", [("naaste", "je naaste"), ("professional", "de bewoner")])
def test_a_naaste_or_professional_is_asked_about_the_resident_s_life_not_their_own(service, role, who):
    """ "Hoe gaat het volgens jou met je lichaam en je gezondheid?" asked a naaste about their own body."""
    import re

    code = finished_board(service).share_code()
    chat = Chat(service)
    chat.say(f"/{role} {code}")
    if role == "naaste":
        chat.press("yes")
    asked = [reply.text for reply in chat.press("rating:4")]
    for _ in KEYS:
        asked += [reply.text for reply in chat.press("score:3")]  # the question what goes well follows
        asked += [reply.text for reply in chat.press("next")]  # the next topic's question
    questions = [text for text in asked if text.rstrip().endswith("?")]
    assert len(questions) >= 2 * len(KEYS)
    for question in questions:
        assert not re.search(r"\bje\b", question.replace(who, "")), question


def test_the_comparison_a_naaste_sees_calls_the_resident_their_naaste(service):
    code = finished_board(service).share_code()
    naaste = Chat(service)
    fill_in_view(naaste, code, "naaste", score=3)  # the comparison comes with the thanks
    assert "je naaste" in naaste.text and "bewoner" not in naaste.text, naaste.text


@pytest.mark.parametrize("role", ["naaste", "professional"])
def test_after_filling_in_the_board_a_message_still_gets_an_answer(service, role):
    """A naaste who typed "bedankt, hij kan zelf solliciteren" after the end got no reply at all
    (the web chat then shows its error line)."""
    code = finished_board(service).share_code()
    chat = Chat(service)
    fill_in_view(chat, code, role, score=3)
    for typed in ("hij kan zelf solliciteren", "ok", "nee"):
        assert chat.say(typed), typed
    assert "compare" in chat.choices, "the comparison is one tap away"
    chat.press("compare")
    assert "compared" in chat.events, chat.text


def test_sharing_again_gives_the_same_code_and_the_same_last_day_fourteen_days_ahead(service):
    from datetime import datetime, timezone

    from bot.dates import date

    resident = finished_board(service)
    first = resident.text
    resident.press("share")
    assert resident.text == first, "the same code, valid until the same day"
    assert date(datetime.now(timezone.utc) + timedelta(days=14)) in first


def test_a_professional_at_the_next_round_sees_their_own_smiley_of_last_time(service):
    resident = finished_board(service, score=2)
    professional = Chat(service)
    fill_in_view(professional, resident.share_code(), "professional", score=4)
    resident.say("opnieuw")
    fill_in_round(resident, score=3)
    professional.say(f"/professional {resident.share_code()}")
    replies = professional.press("rating:5")
    own, residents = SCALE.point(4).emoji, SCALE.point(2).emoji
    assert own in replies[-2].text and residents not in replies[-2].text, "their own view of last time, not the resident's"
