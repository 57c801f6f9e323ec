"""The persona answers in character, tells a domain only when asked, and opens up only after trust."""

from bot.content import load_instrument
from bot.content.personas import load_personas
from bot.practice.moves import WorkerMove
from bot.practice.roleplay import PersonaPlayer
from bot.practice.state import PracticeState

ROBERT = load_personas()["robert"]
SAMIRA = load_personas()["samira"]
BOARD = load_instrument()


class Talk:
    def __init__(self, persona):
        self.player, self.state = PersonaPlayer(persona), PracticeState(persona=persona.key)

    def ask(self, act, form="open", domains=(), text=""):
        reply, self.state = self.player.answer(self.state, WorkerMove(act, form, tuple(domains)), text)
        return reply


def test_robert_from_the_issue_is_there_with_his_facts():
    assert (ROBERT.name, ROBERT.age, ROBERT.openness) == ("Robert", 38, "guarded")
    told = " ".join(f for d in ROBERT.domains.values() for f in d.facts + (d.feeling or "",) + (d.professionals or "",))
    for fact in (
        "bipolaire stoornis",
        "flat",
        "drie dagen",
        "fietsenwerkplaats",
        "dagbesteding",
        "slaap",
        "klantmanager",
        "begeleider",
    ):
        assert fact in told, fact
    assert {"werk", "wonen", "psychische_gezondheid", "lichamelijke_gezondheid"} <= set(ROBERT.important_domains)
    assert len(load_personas()) >= 4 and {p.openness for p in load_personas().values()} == {"open", "guarded"}


def test_a_general_question_gets_only_the_presenting_problem():
    talk = Talk(ROBERT)
    reply = talk.ask("worker_explore")
    assert reply == ROBERT.opening
    assert talk.state.told == {}  # no domain told without being asked about it


def test_each_open_question_about_a_domain_tells_the_next_fact_then_nothing_more():
    talk = Talk(SAMIRA)
    facts = SAMIRA.domains["kinderen"].facts
    replies = [talk.ask("worker_explore", domains=["kinderen"]) for _ in facts]
    assert replies == list(facts)
    assert talk.ask("worker_explore", domains=["kinderen"]) == SAMIRA.domains["kinderen"].feeling
    assert talk.ask("worker_explore", domains=["kinderen"]) in SAMIRA.reactions["nothing_more"]


def test_guarded_robert_gives_short_answers_to_closed_questions():
    talk = Talk(ROBERT)
    assert talk.ask("worker_explore", "closed", ["werk"]) == ROBERT.domains["werk"].closed
    assert talk.state.told.get("werk", 0) == 0
    assert talk.ask("worker_explore", "open", ["werk"]) == ROBERT.domains["werk"].facts[0]


def test_guarded_robert_keeps_his_fear_to_himself_until_he_feels_heard():
    talk = Talk(ROBERT)
    talk.ask("worker_explore", "closed", ["werk"])
    talk.ask("worker_explore", "open", ["werk"])  # trust 1 of 2
    assert talk.ask("worker_explore", "closed", ["werk"], "Is dat eng?") == ROBERT.domains["werk"].closed
    first = talk.ask("worker_explore", "open", ["werk"], "Hoe voel je je daarbij?")  # trust 2
    assert first == ROBERT.domains["werk"].feeling

    impatient = Talk(ROBERT)
    impatient.ask("worker_explore", "closed", ["werk"])
    impatient.ask("worker_explore", "open", ["werk"])
    impatient.ask("worker_advise", "none", ["werk"])  # advice costs trust
    assert impatient.ask("worker_explore", "open", ["werk"], "Hoe voel je je daarbij?") in ROBERT.reactions["guarded"]


def test_being_asked_what_he_wants_is_new_for_robert_and_he_answers_per_domain():
    talk = Talk(ROBERT)
    first = talk.ask("worker_ask_wish", domains=["werk"])
    assert first.startswith(ROBERT.first_asked_wish) and ROBERT.domains["werk"].wants in first
    assert talk.ask("worker_ask_wish") == ROBERT.wish  # the second time, no surprise
    assert talk.ask("worker_ask_strength") == ROBERT.can_do
    assert talk.ask("worker_about_professionals", domains=["werk"]) == ROBERT.domains["werk"].professionals


def test_advice_before_anyone_asked_what_he_wants_gets_his_complaint_once():
    talk = Talk(ROBERT)
    assert talk.ask("worker_advise", "none") == ROBERT.reactions["advice_before_wish"][0]
    assert talk.ask("worker_advise", "none") in ROBERT.reactions["advice"]


def test_a_follow_up_without_a_domain_stays_with_the_domain_just_discussed():
    talk = Talk(SAMIRA)
    talk.ask("worker_explore", domains=["geld"], text="Hoe gaat het met geld?")
    follow_up = talk.ask("worker_explore", text="Kun je daar meer over vertellen?")
    assert follow_up == SAMIRA.domains["geld"].facts[1]
    assert talk.ask("worker_reflect", "none", text="Dat klinkt zwaar.").startswith(tuple(SAMIRA.reactions["reflect"]))


def test_a_move_that_was_not_understood_gets_a_question_back():
    talk = Talk(ROBERT)
    assert talk.ask(None, "none") == ROBERT.reactions["not_understood"][0]


def test_the_same_question_twice_does_not_get_the_same_answer_twice():
    talk = Talk(ROBERT)
    first = talk.ask("worker_about_professionals", domains=["werk"])
    assert first == ROBERT.domains["werk"].professionals
    assert talk.ask("worker_about_professionals", domains=["werk"]) in ROBERT.reactions["nothing_more"]
