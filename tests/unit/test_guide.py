"""The whole board through the guide and a real SQLite store (no Rasa: intents are given as NLU would)."""

import pytest
from sqlalchemy.exc import OperationalError

from bot.content import load_instrument
from bot.dialogue import DialogueState, Guide, UserMessage
from bot.dialogue.summary import MediaLinks

BOARD = load_instrument()


class Conversation:
    def __init__(self, guide, participant="rest:p"):
        self.guide, self.participant, self.state, self.turn = guide, participant, DialogueState(), None

    def say(self, text, intent=None, confidence=0.95, entities=()):
        self.turn = self.guide.handle(self.participant, self.state, UserMessage(text, intent, confidence, tuple(entities)))
        self.state = self.turn.state
        return " ".join(reply.text for reply in self.turn.replies)

    def button(self, payload, intent, **entities):
        return self.say(payload, intent, 1.0, [{"entity": k, "value": v} for k, v in entities.items()])

    @property
    def last(self):
        return self.turn.replies[-1]

    def export(self):
        return self.guide.store.export_participant(self.participant)

    def board(self):
        return self.export()["measurements"][-1]

    def domains(self):
        return {d["key"]: d for d in self.board()["domains"]}


@pytest.fixture
def guide(sqlite_store):
    return Guide(sqlite_store, media=MediaLinks("http://127.0.0.1:5005"))


@pytest.fixture
def chat(guide):
    return Conversation(guide)


def consented(chat, rating="7"):
    chat.say("hoi", "greet")
    chat.button("/affirm", "affirm")
    chat.say(rating, "give_rating")
    return chat


# --- consent and life rating ---------------------------------------------------------
def test_greeting_explains_and_asks_consent_with_buttons(chat):
    said = chat.say("hoi", "greet")
    assert "bewaar" in said and chat.last.text.endswith("?")
    assert [b.payload for b in chat.last.buttons] == ["/affirm", "/deny"]
    assert chat.state.step == "consent" and chat.turn.consent is False


def test_without_consent_nothing_is_stored_and_the_resident_is_told(chat):
    chat.say("hoi", "greet")
    assert "niets" in chat.say("nee", "deny")
    chat.say("7", "give_rating")
    assert chat.export()["measurements"] == [] and not chat.guide.store.has_consent("rest:p")
    assert chat.turn.consent is False


@pytest.mark.parametrize("answer, rating", [("7", 7), ("een 7", 7), ("zeven", 7), ("ik geef het een zes", 6)])
def test_consent_then_life_rating_is_stored(chat, answer, rating):
    chat.say("hoi", "greet")
    assert "rapportcijfer" in chat.button("/affirm", "affirm").lower() and chat.turn.consent is True
    assert [b.title for b in chat.last.buttons] == [str(n) for n in range(11)]
    assert f"een {rating}" in chat.say(answer, "give_rating")
    assert chat.board()["life_rating"] == rating
    assert chat.state.step == "first_domain" and len(chat.last.buttons) == 14


@pytest.mark.parametrize("answer, explanation", [("12", "tussen 0 en 10"), ("banaan", "geen cijfer")])
def test_bad_ratings_get_a_clear_reask_then_buttons_and_a_skip(chat, answer, explanation):
    chat.say("hoi", "greet")
    chat.say("ja", "affirm")
    assert explanation in chat.say(answer, "give_rating") and chat.last.text.endswith("?")
    assert chat.board()["life_rating"] is None
    assert "knoppen" in chat.say(answer, "give_rating")
    assert chat.last.buttons[-1].payload == "/skip"
    chat.button("/skip", "skip")
    assert chat.state.step == "first_domain" and chat.board()["life_rating"] is None


# --- the whole board ---------------------------------------------------------------------
def test_full_board_by_buttons_only(chat):
    consented(chat, "6")
    chat.button('/choose_domain{"domain":"wonen"}', "choose_domain", domain="wonen")
    assert chat.state.domain == "wonen" and chat.last.buttons[0].title.startswith("😞")
    expected = {}
    for number, key in enumerate(["wonen"] + [k for k in BOARD.keys if k != "wonen"]):
        assert chat.state.step == "domain_score" and chat.state.domain == key
        if key == "kinderen":
            chat.button("/not_applicable", "not_applicable")
            expected[key] = ("not_applicable", None)
            continue
        score = number % 5 + 1
        chat.button(f'/rate_domain{{"score":"{score}"}}', "rate_domain", score=str(score))
        expected[key] = ("answered", score)
        while chat.state.step in ("goes_well", "wish"):
            chat.button("/skip", "skip")
        if chat.state.step == "look_further":
            chat.button("/affirm", "affirm")
    assert chat.state.step == "goals"
    chat.button("/dont_know", "dont_know")
    assert chat.state.step == "training_consent"
    board = chat.board()
    assert {d["key"]: (d["status"], d["score"]) for d in board["domains"]} == expected
    assert board["completed_at"] is not None and board["goals"] == []
    images = [r for r in chat.turn.replies if r.image]
    documents = [r for r in chat.turn.replies if r.document]
    assert len(images) == 1 and len(documents) == 1
    assert [b.payload for b in chat.last.buttons] == ["/affirm", "/deny"]
    chat.button("/deny", "deny")
    assert chat.state.step == "done" and chat.export()["training_consent"] is False


FREE_TEXT_BOARD = [
    # (domain, how it goes, expected score or status, goes well, wish)
    ("geld", "echt slecht", 1, None, "ik wil van mijn schulden af"),
    ("werk", "gaat wel", 3, "mijn collega's zijn aardig", "meer uren"),
    ("wonen", "prima hoor", 4, "mijn flat is fijn", None),
    ("lichamelijke_gezondheid", "kan beter", 2, None, "beter slapen"),
    ("psychische_gezondheid", "niet zo best", 2, None, "minder piekeren"),
    ("sociale_contacten", "heel goed", 5, "mijn buurvrouw helpt me", None),
    ("relaties", "goet", 4, "mijn zus belt elke week", None),
    ("kinderen", "nvt", "not_applicable", None, None),
    ("dagelijks_leven", "zo zo", 3, "ik kook zelf", "de post bijhouden"),
    ("verslaving", "sla over", "skipped", None, None),
    ("veiligheid", "super", 5, "niets", None),
    ("justitie", "niet van toepassing", "not_applicable", None, None),
    ("meedoen", "slect", 2, None, "weer gaan vissen"),
    ("zingeving", "gaad wel", 3, "mijn geloof", "weet ik niet"),
]


def test_full_board_by_free_text_only(chat):
    consented(chat, "ik geef het een vijf")
    said = chat.say("vooral geld eigenlijk")
    assert chat.state.domain == "geld" and "geld en rondkomen" in said
    for key, how, expected, goes_well, wish in FREE_TEXT_BOARD:
        assert (chat.state.step, chat.state.domain) == ("domain_score", key), chat.turn.events
        chat.say(how)
        if isinstance(expected, int):
            if expected >= 3:
                assert chat.state.step == "goes_well"
                chat.say(goes_well or "niets")
            if expected <= 3:
                assert chat.state.step == "wish"
                chat.say(wish or "niets")
        if chat.state.step == "look_further":
            chat.say("ja hoor")
    assert chat.state.step == "goals"
    chat.say("mijn schulden aflossen")
    chat.say("weer beter slapen")
    chat.say("nee")
    assert chat.state.step == "training_consent"
    chat.say("ja")
    assert chat.state.step == "done" and chat.export()["training_consent"] is True
    board = chat.board()
    assert board["life_rating"] == 5
    domains = chat.domains()
    for key, how, expected, goes_well, wish in FREE_TEXT_BOARD:
        status = "answered" if isinstance(expected, int) else expected
        assert domains[key]["status"] == status, key
        assert domains[key]["score"] == (expected if status == "answered" else None), key
        assert domains[key]["goes_well"] == (goes_well if goes_well not in (None, "niets") else None), key
        assert domains[key]["wish"] == (wish if wish not in (None, "weet ik niet") else None), key
    assert board["goals"] == [
        {"domain": "geld", "text": "mijn schulden aflossen"},
        {"domain": "lichamelijke_gezondheid", "text": "weer beter slapen"},
    ]


def test_only_the_first_domain_when_the_resident_wants_that(chat):
    consented(chat)
    chat.say("wonen")
    chat.say("slecht")
    chat.say("een groter huis")
    assert chat.state.step == "look_further" and "13" in " ".join(r.text for r in chat.turn.replies)
    chat.button("/deny", "deny")
    assert chat.state.step == "goals" and "Wonen" in " ".join(r.text for r in chat.turn.replies)
    chat.say("een andere woning zoeken")
    chat.button("/deny", "deny")
    domains = chat.domains()
    assert domains["wonen"]["score"] == 2 and domains["geld"]["status"] == "open"
    assert chat.board()["goals"] == [{"domain": "wonen", "text": "een andere woning zoeken"}]


def test_dont_know_gets_an_example_and_the_choice_to_skip(chat):
    consented(chat)
    chat.say("geld")
    said = chat.say("weet ik niet", "dont_know")
    assert "schulden" in said and "overslaan" in said and chat.state.step == "domain_score"


def test_a_question_not_understood_three_times_is_left_open_and_the_board_moves_on(chat):
    consented(chat)
    chat.say("geld")
    chat.say("banaan")
    said = chat.say("appel")
    assert "overslaan" in said and chat.state.failures == 2
    said = chat.say("peer")
    assert "even open" in said and chat.state.step == "look_further"
    assert chat.domains()["geld"]["status"] == "open"


def test_unclear_first_domain_twice_then_start_at_the_beginning(chat):
    consented(chat)
    chat.say("tja")
    chat.say("hmm")
    said = chat.say("pfff")
    assert chat.state.step == "domain_score" and chat.state.domain == "geld" and "begin" in said


# --- help, progress, back, pause, corrections ---------------------------------------------
def test_help_explains_with_an_example_and_asks_again(chat):
    consented(chat)
    chat.say("werk")
    said = chat.say("wat bedoel je?", "ask_help")
    assert "vrijwilligerswerk" in said and chat.last.text == BOARD.domain("werk").question


def test_progress_counts_the_domains(chat):
    consented(chat)
    chat.say("geld")
    chat.say("goed")
    chat.say("ik werk")
    chat.say("ja")
    chat.say("gaat wel")
    assert "2 van de 14" in chat.say("hoe ver ben ik?", "ask_progress")  # geld and werk have a score


def test_go_back_reopens_the_previous_question(chat):
    consented(chat)
    chat.say("geld")
    chat.say("goed")
    assert chat.state.step == "goes_well"
    chat.say("terug", "go_back")
    assert (chat.state.step, chat.state.domain) == ("domain_score", "geld")
    chat.say("slecht")
    assert chat.domains()["geld"]["score"] == 2 and chat.state.step == "wish"


def test_pause_and_come_back_with_a_reminder(chat):
    consented(chat)
    chat.say("geld")
    assert "bewaard" in chat.say("ik ga later verder", "pause") and chat.state.paused
    said = chat.say("hoi", "greet")
    assert "Welkom terug" in said and "Geld en rondkomen (1 van 14)" in said
    assert chat.last.text == BOARD.domain("geld").question and not chat.state.paused


@pytest.mark.parametrize(
    "text, entities, key, score",
    [
        ("bij wonen bedoelde ik slecht", [{"entity": "domain", "value": "wonen"}], "wonen", 2),
        ("verander geld naar 4", [], "geld", 4),
    ],
)
def test_corrections_change_the_answer_and_return_to_the_open_question(chat, text, entities, key, score):
    consented(chat)
    chat.say("geld")
    chat.say("heel goed")
    chat.say("alles betaald")
    chat.say("ja")
    chat.say("wonen", "choose_domain")  # not a score
    assert chat.state.domain == "werk"
    said = chat.say(text, "correct_answer", 0.9, entities)
    assert "veranderd" in said and chat.domains()[key]["score"] == score
    assert chat.state.domain == "werk" and chat.state.step == "domain_score"


def test_a_correction_without_a_new_answer_asks_for_it(chat):
    consented(chat)
    chat.say("geld")
    chat.say("heel goed")
    chat.say("verander geld", "correct_answer")
    assert chat.state.step == "correction" and chat.last.text == BOARD.domain("geld").question
    chat.say("kan beter")
    assert chat.domains()["geld"]["score"] == 2 and chat.state.step == "goes_well"


def test_chit_chat_gets_a_short_answer_and_the_same_question(chat):
    consented(chat)
    chat.say("geld")
    said = chat.say("ben jij een robot", "bot_challenge")
    assert "computerprogramma" in said and chat.last.text == BOARD.domain("geld").question


def test_own_words_win_over_a_guessed_command_in_free_text(chat):
    consented(chat)
    chat.say("geld")
    chat.say("gaat wel")
    long_answer = "ik wil graag hulp bij het stoppen met al die rekeningen die binnenkomen"
    chat.say(long_answer, "stop", 0.7)
    assert chat.domains()["geld"]["goes_well"] == long_answer


# --- forget, safety, repeat, failures ----------------------------------------------------------
def test_forget_me_asks_first_then_deletes_everything(chat):
    consented(chat)
    chat.say("vergeet mij", "forget_me")
    assert chat.state.step == "confirm_forget" and chat.board()["life_rating"] == 7
    chat.button("/deny", "deny")
    assert chat.state.step == "first_domain" and chat.board()["life_rating"] == 7
    chat.say("vergeet mij", "forget_me")
    said = chat.button("/affirm", "affirm")
    assert "gewist" in said and chat.export()["measurements"] == []
    assert chat.turn.consent is False and not chat.guide.store.has_consent("rest:p")


def test_safety_message_comes_first_and_the_resident_chooses_to_go_on(chat):
    consented(chat)
    chat.say("geld")
    chat.say("ik wil er niet meer zijn", "rate_domain", 0.4)
    assert "0800-0113" in chat.turn.replies[0].text and "112" in chat.turn.replies[0].text
    assert chat.state.step == "safety_check" and chat.domains()["geld"]["status"] == "open"
    chat.say("ja", "affirm")
    assert (chat.state.step, chat.state.domain) == ("domain_score", "geld")


def test_safety_then_no_pauses_and_keeps_answers(chat):
    consented(chat)
    chat.say("mijn man slaat me", "safety_concern")
    assert "0800-2000" in " ".join(r.text for r in chat.turn.replies)
    assert "bewaard" in chat.say("nee", "deny") and chat.state.paused and chat.board()["life_rating"] == 7


def complete_quick_board(chat, score_text):
    chat.say("geld")
    for _ in range(60):
        if chat.state.step == "domain_score":
            chat.say(score_text)
        elif chat.state.step in ("goes_well", "wish", "goals"):
            chat.say("niets")
        elif chat.state.step in ("look_further",):
            chat.say("ja")
        if chat.state.step == "training_consent":
            return
    raise AssertionError(chat.state)


def test_repeat_measurement_is_number_2_and_the_summary_shows_what_changed(chat):
    consented(chat, "5")
    complete_quick_board(chat, "slecht")
    said = chat.say("opnieuw")
    assert chat.state.step == "life_rating" and "opnieuw" in said
    chat.say("7")
    complete_quick_board(chat, "goed")
    summary = " ".join(r.text for r in chat.turn.replies)
    assert "Geld en rondkomen: beter (2 → 4)" in summary and "(5 → 7)" in summary
    assert [m["number"] for m in chat.export()["measurements"]] == [1, 2]


def test_a_participant_with_stored_answers_resumes_at_the_first_open_domain_when_the_tracker_is_lost(chat, guide):
    consented(chat)
    chat.say("geld")
    chat.say("goed")
    fresh = Conversation(guide)
    said = fresh.say("hoi", "greet")
    assert "Welkom terug" in said and (fresh.state.step, fresh.state.domain) == ("domain_score", "werk")


def test_storage_failure_keeps_the_question_open_and_says_so(chat, monkeypatch):
    chat.say("hoi", "greet")
    chat.say("ja", "affirm")
    before = chat.state

    def broken(*args, **kwargs):
        raise OperationalError("UPDATE", {}, Exception("database is locked"))

    monkeypatch.setattr(chat.guide.store, "set_life_rating", broken)
    said = chat.say("7", "give_rating")
    assert "lukt nu even niet" in said and chat.state == before and chat.turn.consent is True
    assert chat.last.text == "Welk rapportcijfer geef je je leven nu?"


def test_coming_back_before_answering_consent_welcomes_again(chat):
    chat.say("hoi", "greet")
    said = chat.button("/resume", "resume")
    assert "bewaren?" in said and chat.state.step == "consent" and chat.export()["measurements"] == []


def test_training_use_is_asked_at_the_end_and_an_unclear_answer_twice_means_no(chat):
    consented(chat, "6")
    complete_quick_board(chat, "goed")
    assert chat.last.text == "Mag het wijkteam jouw gesprek daarvoor gebruiken?"
    assert "Zonder je naam" in chat.say("hmm")
    assert chat.state.step == "training_consent"
    said = chat.say("geen idee eigenlijk")
    assert chat.state.step == "done" and "niet om te oefenen" in said
    assert chat.export()["training_consent"] is False


def test_a_lost_tracker_after_a_finished_board_resumes_at_the_end_not_a_new_board(chat):
    consented(chat, "6")
    complete_quick_board(chat, "goed")
    chat.say("nee")
    before = chat.export()
    chat.state = DialogueState()  # the tracker is gone, the answers are not
    said = chat.say("hoi", "greet")
    assert chat.state.step == "done" and "Welkom terug" in said
    assert chat.export() == before
    chat.say("opnieuw")
    assert chat.state.step == "life_rating" and len(chat.export()["measurements"]) == 2
