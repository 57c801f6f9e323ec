"""Practice mode through the REAL Rasa server and action server over REST: the NLU reads the
worker's moves, the persona answers in character, and the stored feedback on the scripted
conversations (tests/practice/scripted.yml) says what a trainer would say."""

import re

import pytest

from bot.content.personas import load_personas
from bot.storage.database import create_database_engine
from bot.storage.practice import PracticeStore
from tests.practice.test_feedback import SCRIPTED, check_expectations

pytestmark = pytest.mark.integration


def texts(replies):
    return [reply.get("text", "") for reply in replies]


def practice_store(stack) -> PracticeStore:
    return PracticeStore(create_database_engine(stack.database_url))


def start_practice(stack, sender, persona_key, keep=True):
    chooser = stack.say(sender, "/oefenen")
    payloads = [b["payload"] for reply in chooser for b in reply.get("buttons", ())]
    payload = f'/choose_persona{{"persona":"{persona_key}"}}'
    assert payload in payloads, payloads
    consent = stack.say(sender, payload)
    assert [b["payload"] for b in consent[-1]["buttons"]] == ["/affirm", "/deny"]
    return stack.say(sender, "ja" if keep else "nee")


@pytest.mark.parametrize("conversation", SCRIPTED, ids=[c["name"] for c in SCRIPTED])
def test_scripted_practice_conversation_gets_the_right_feedback_through_the_real_nlu(stack, conversation):
    sender = "rest:practice-" + re.sub(r"\W+", "-", conversation["name"])
    persona = load_personas()[conversation["persona"]]
    intro = " ".join(texts(start_practice(stack, sender, persona.key)))
    assert f"{persona.name} ({persona.age})" in intro and "/feedback" in intro
    for turn in conversation["turns"]:
        [reply] = stack.say(sender, turn["text"])  # one answer, in the persona's words
        assert reply["text"]
    replies = texts(stack.say(sender, "/feedback"))
    feedback = "\n".join(replies)
    assert f"Feedback op je gesprek met {persona.name}" in feedback and "Tip 1:" in feedback

    store = practice_store(stack)
    [listed] = store.sessions(sender)
    report = store.report(listed["id"])
    print("understood:", [(t["worker"], t["act"], t["form"], t["domains"]) for t in report["turns"]])  # shown on failure
    assert [t["worker"] for t in report["turns"]] == [turn["text"] for turn in conversation["turns"]]
    assert report["feedback"]["messages"] == replies[:-1]  # what the worker read is what the trainer sees
    check_expectations(report["feedback"], conversation["expect"])


def test_robert_answers_in_character_and_only_about_what_was_asked(stack):
    sender = "rest:practice-robert-character"
    robert = load_personas()["robert"]
    start_practice(stack, sender, "robert", keep=False)
    assert texts(stack.say(sender, "Hoi Robert, ik ben Sanne van het wijkteam.")) == [robert.greeting]
    assert texts(stack.say(sender, "Hoe gaat het met je?")) == [robert.opening]
    assert texts(stack.say(sender, "Heb je werk?")) == [robert.domains["werk"].closed]  # guarded: short
    assert texts(stack.say(sender, "Vertel eens over je werk.")) == [robert.domains["werk"].facts[0]]
    first_wish = texts(stack.say(sender, "Wat wil jij zelf?"))[0]
    assert first_wish.startswith(robert.first_asked_wish)
    stack.say(sender, "/feedback")
    assert practice_store(stack).sessions(sender) == []  # the worker said no: nothing kept


def test_practice_words_never_reach_the_logs(stack):
    sender = "rest:practice-logs"
    start_practice(stack, sender, "henk", keep=False)
    phrase = "Hoe gaat het met uw geheime spaarpot 8123?"
    stack.say(sender, phrase)
    stack.say(sender, "/feedback")
    assert "8123" not in stack.rasa.log() and "8123" not in stack.actions.log()
