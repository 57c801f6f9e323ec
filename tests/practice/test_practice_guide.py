"""Practice mode through the guide and a real SQLite store (intents given as the NLU would)."""

import pytest

from bot.content.personas import load_personas
from bot.dialogue import DialogueState, Guide, UserMessage
from bot.dialogue.summary import MediaLinks
from bot.storage.practice import PracticeStore

ROBERT = load_personas()["robert"]


class Session:
    def __init__(self, guide, participant="rest:worker"):
        self.guide, self.participant, self.state, self.turn = guide, participant, DialogueState(), None

    def say(self, text, intent=None, confidence=0.9, entities=(), ranking=()):
        message = UserMessage(text, intent, confidence, tuple(entities), tuple(ranking) or ((intent, confidence),))
        self.turn = self.guide.handle(self.participant, self.state, message)
        self.state = self.turn.state
        return "\n".join(reply.text for reply in self.turn.replies)


@pytest.fixture
def guide(sqlite_store):
    return Guide(sqlite_store, media=MediaLinks("http://127.0.0.1:5005"))


@pytest.fixture
def practice_store(guide):
    return PracticeStore(guide.store.engine)


def start_with_robert(session, keep=True):
    said = session.say("/oefenen")
    assert "Met wie wil je oefenen?" in said
    assert [b.payload for b in session.turn.replies[-1].buttons][0] == '/choose_persona{"persona":"robert"}'
    session.say('/choose_persona{"persona":"robert"}', "choose_persona", 1.0, [{"entity": "persona", "value": "robert"}])
    assert session.state.step == "practice_consent"
    said = session.say("/affirm" if keep else "/deny", "affirm" if keep else "deny", 1.0)
    assert "Robert (38)" in said and "/feedback" in said
    return said


def test_a_whole_practice_session_is_stored_with_its_feedback(guide, practice_store):
    session = Session(guide)
    start_with_robert(session)
    assert session.say("Hoi Robert, ik ben Sanne.", "worker_introduce") == ROBERT.greeting
    assert session.say("Hoe gaat het met je werk?", "worker_explore") == ROBERT.domains["werk"].facts[0]
    session.say("Je moet gewoon solliciteren.", "worker_advise")
    feedback = session.say("/feedback")
    assert "Feedback op je gesprek met Robert" in feedback and "Tip 1" in feedback
    assert session.state.step == "start" and session.state.practice is None and session.turn.consent is False

    [listed] = practice_store.sessions("rest:worker")
    report = practice_store.report(listed["id"])
    assert [t["act"] for t in report["turns"]] == ["worker_introduce", "worker_explore", "worker_advise"]
    assert report["turns"][1] == {
        "position": 2,
        "worker": "Hoe gaat het met je werk?",
        "act": "worker_explore",
        "form": "open",
        "domains": ["werk"],
        "reply": ROBERT.domains["werk"].facts[0],
    }
    assert report["feedback"]["advice"]["before_own_view"] is True
    assert report["feedback"]["messages"][0].startswith("Feedback op je gesprek met Robert")
    assert report["ended_at"] is not None


def test_without_agreement_nothing_is_stored_but_feedback_is_given(guide, practice_store):
    session = Session(guide)
    start_with_robert(session, keep=False)
    session.say("Hoe slaap je?", "worker_explore")
    assert "Feedback" in session.say("stop oefenen", "practice_stop", 0.95)
    assert practice_store.sessions() == []


def test_the_worker_acts_are_read_from_the_ranking_not_just_the_top_intent(guide):
    session = Session(guide)
    start_with_robert(session, keep=False)
    # the NLU's top intent is a resident intent; practice mode takes the best worker act
    reply = session.say("wat wil je zelf", "share_experience", 0.5, ranking=[("share_experience", 0.5), ("worker_ask_wish", 0.4)])
    assert ROBERT.wish in reply
    assert session.state.practice["moves"][-1] == {"act": "worker_ask_wish", "form": "open", "domains": []}


def test_worker_intents_never_reach_the_residents_board(guide):
    session = Session(guide, "rest:resident")
    session.say("hoi", "greet")
    session.say("/affirm", "affirm", 1.0)
    session.say("7", "give_rating")
    assert session.state.step == "first_domain"
    session.say("vooral mijn werk", "worker_explore", 0.7, ranking=[("worker_explore", 0.7), ("choose_domain", 0.2)])
    assert session.state.step == "domain_score"


def test_practising_in_the_middle_of_a_board_returns_to_the_open_question(guide):
    session = Session(guide, "rest:both")
    session.say("hoi", "greet")
    session.say("/affirm", "affirm", 1.0)
    assert session.state.step == "life_rating"
    start_with_robert(session, keep=False)
    assert session.turn.consent is True  # the resident's consent stays
    said = session.say("/feedback")
    assert said.endswith(guide.questions.ask(DialogueState(step="life_rating"))[0].text)
    assert session.state.step == "life_rating"


def test_a_question_about_suicide_is_part_of_the_exercise_but_the_worker_in_danger_gets_113(guide):
    session = Session(guide)
    start_with_robert(session, keep=False)
    reply = session.say("Heb je weleens gedacht aan zelfmoord?", "worker_explore")
    assert "113" not in reply and session.state.step == "practice"
    reply = session.say("ik wil zelf niet meer leven", "safety_concern", 0.9)
    assert "113" in reply and "112" in reply and session.state.step == "safety_check"
    session.say("/affirm", "affirm", 1.0)
    assert session.state.step == "practice"
    assert session.state.practice["persona"] == "robert"


def test_vergeet_mij_deletes_the_workers_practice_sessions(guide, practice_store):
    session = Session(guide)
    start_with_robert(session)
    session.say("Hoe gaat het met je werk?", "worker_explore")
    session.say("/feedback")
    assert len(practice_store.sessions("rest:worker")) == 1
    session.say("vergeet mij", "forget_me", 0.95)
    assert practice_store.sessions("rest:worker") == []


def test_choosing_a_persona_by_typing_and_with_the_start_command(guide):
    session = Session(guide)
    session.say("/oefenen henk")
    assert session.state.step == "practice_consent" and session.state.practice["persona"] == "henk"
    other = Session(guide, "rest:other")
    other.say("ik wil oefenen", "practice_start", 0.9)
    other.say("samira graag")
    assert other.state.practice["persona"] == "samira"


def test_an_unclear_persona_choice_is_asked_again_then_practice_is_left(guide):
    session = Session(guide)
    session.say("/oefenen")
    assert "Kies een van de namen" in session.say("piet")
    session.say("klaas")
    assert "niet" in session.say("jan") and session.state.step == "start" and session.state.practice is None


def test_help_in_practice_mode_explains_how_to_stop(guide):
    session = Session(guide)
    start_with_robert(session, keep=False)
    assert "/feedback" in session.say("help", "ask_help", 0.95)
    assert session.state.step == "practice"
