"""The resident's board through the turn service (no Rasa): what they answer is what is stored."""

import jsonschema
import pytest

from bot.content import load_instrument
from tests.turn.chat import Chat, make_service

KEYS = load_instrument().keys
MAX_BUTTON_TURNS = 45


def consent_and_rate(chat: Chat, rating: int = 6) -> None:
    chat.say("hoi")
    chat.press("yes")
    chat.press(f"rating:{rating}")
    chat.press("skip")  # the scaling question: skipping it skips the second one too


def at_domain_question(chat: Chat, key: str) -> Chat:
    """Consent, a rating, and the resident chose to begin with `key`: its smiley question is open."""
    consent_and_rate(chat)
    chat.press(f"domain:{key}")
    return chat


@pytest.mark.parametrize("question", ["wie kan mijn antwoorden zien?", "wat betekent bewaren?", "Wordt dit allemaal opgeslagen?"])
def test_asking_who_sees_the_answers_gets_an_answer_then_the_same_question(service, question):
    chat = at_domain_question(Chat(service), "geld")
    asked = chat.replies[-1].text
    replies = chat.say(question)
    assert len(replies) == 2 and replies[-1].text == asked, "what is kept and who sees it, then the question again"
    assert chat.events == ["privacy"], "answered as a question about privacy, not as an answer not understood"
    assert chat.domains()["geld"]["status"] == "open", "the question is no answer"
    stored_answer = replies[0].text
    memory = Chat(service)
    memory.say("hoi")
    memory.press("no")  # nothing is stored
    assert memory.say(question)[0].text != stored_answer, "without storing, the answer says so"


def test_asking_about_storing_at_the_consent_question_explains_it_and_asks_again(service):
    chat = Chat(service)
    chat.say("hoi")
    replies = chat.say("wat doen jullie met mijn gegevens?")
    assert chat.choices == ["yes", "no"] and len(replies) == 2 and chat.events == ["privacy"]
    chat.press("yes")
    assert chat.text and chat.choices  # the conversation goes on: the life rating


@pytest.mark.parametrize("question", ["welke zijn er nog?", "Wat komt er nog", "welke onderwerpen hebben we nog niet gehad"])
def test_asking_which_topics_are_left_names_the_open_ones_then_the_same_question(service, question):
    labels = {key: load_instrument().domain(key).label for key in KEYS}
    chat = past_the_first_domain(Chat(service))  # geld answered, werk's question open
    asked = chat.replies[-1].text
    replies = chat.say(question)
    assert chat.events == ["remaining"] and replies[-1].text == asked, "an answer, then the question again"
    listed = [key for key in KEYS if labels[key] in replies[0].text]
    assert "geld" not in listed and set(listed) == set(KEYS) - {"geld"}, "every topic still open, and only those"
    assert chat.domains()["werk"]["status"] == "open", "the question is no answer"


def test_doubt_at_the_consent_question_gets_more_than_the_same_line_and_no_goes_on_without_storing(service):
    chat = Chat(service)
    chat.say("hoi")
    first = chat.say("hmm")[0].text
    again = chat.say("geen idee")[0].text
    assert chat.choices == ["yes", "no"] and again != first, "the second time it says that no is fine too"
    chat.say("nee nee")
    assert chat.events == ["consent_refused"] and chat.text, "the board begins, in memory only"


def past_the_first_domain(chat: Chat) -> Chat:
    """Consent, a rating, geld answered (score 2) and on to the other domains: a question is open."""
    at_domain_question(chat, "geld")
    chat.press("score:2")
    chat.press("next")
    chat.press("yes")
    return chat


def answer_every_domain_and_finish(chat: Chat) -> dict:
    """From the first domain's question, by buttons: every domain a score, no goals, no people
    around, no check-in, no training use. The scores in the order they were given."""
    scores = {}
    for number in range(len(KEYS)):
        value = number % 5 + 1
        chat.press(f"score:{value}")
        chat.press("next")
        if "yes" in chat.choices and number == 0:  # look at the other domains too
            chat.press("yes")
        scores[number] = value
    chat.press("goals_none")
    chat.press("skip_section")
    chat.press("no")  # no check-in later
    chat.press("no")  # no training use
    return scores


def test_a_whole_board_by_buttons_takes_at_most_45_turns_and_stores_every_answer(service, export_schema):
    chat = at_domain_question(Chat(service), "wonen")
    scores = answer_every_domain_and_finish(chat)
    assert chat.turns <= MAX_BUTTON_TURNS
    export = chat.export()
    jsonschema.validate(export, export_schema)
    board = chat.board()
    assert board["completed_at"] is not None and board["life_rating"] == 6
    order = ["wonen"] + [key for key in KEYS if key != "wonen"]
    stored = {domain["key"]: domain["score"] for domain in board["domains"]}
    assert [stored[key] for key in order] == [scores[number] for number in range(len(KEYS))]
    assert [domain["key"] for domain in board["domains"]] == list(KEYS)  # the export keeps the instrument's order


def test_own_words_are_stored_with_the_score_and_both_follow_ups_are_asked(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.say("heel slecht, ik heb schulden bij de energie")
    if "yes" in chat.choices:  # the reader may ask to confirm: one tap
        chat.press("yes")
    chat.say("ik kan goed zuinig leven")
    chat.say("hulp bij de post")
    geld = chat.domains()["geld"]
    assert geld["status"] == "answered" and geld["score"] == 1
    assert "schulden" in geld["story"]
    assert geld["goes_well"] == "ik kan goed zuinig leven"
    assert geld["wish"] == "hulp bij de post"


def test_a_typed_button_title_does_what_the_button_does_and_is_never_kept_as_an_answer(service):
    chat = at_domain_question(Chat(service), "werk")
    chat.say("gaat wel")
    chat.say("Hier wil ik over praten")  # typed, as on a phone whose buttons scrolled away
    chat.say("Volgende onderwerp")
    werk = chat.domains()["werk"]
    assert werk["talk_about"] is True
    assert werk["goes_well"] is None and werk["wish"] is None
    assert chat.choices == ["yes", "no"]  # past werk's follow-ups: "Wil je ook naar de andere onderwerpen kijken?"


@pytest.mark.parametrize("nod", ["ok", "👍", "Ja, klopt"])
def test_a_nod_at_an_open_question_is_not_kept_as_the_residents_words(service, nod):
    chat = at_domain_question(Chat(service), "wonen")
    chat.say("goed")
    chat.say(nod)  # "Wat gaat er goed bij wonen?": a nod says nothing to keep
    chat.say("een grotere tuin")
    wonen = chat.domains()["wonen"]
    assert wonen["goes_well"] is None and wonen["wish"] == "een grotere tuin"


def test_a_nod_at_the_goals_question_is_no_goal_and_what_a_goal_is_is_explained(service):
    chat = at_domain_question(Chat(service), "wonen")
    chat.press("score:2")
    chat.say("een grotere tuin")
    chat.say("minder lawaai")
    chat.press("no")  # only this topic: on to the goals
    offered = chat.choices
    chat.say("ok")
    assert chat.board()["goals"] == [] and chat.choices == offered
    assert len(chat.replies) >= 2, "an explanation, then the same question"
    chat.press("wish:wonen")
    assert [goal["text"] for goal in chat.board()["goals"]] == ["minder lawaai"]


def test_an_unsure_reading_is_confirmed_with_one_tap_before_it_is_stored(service):
    chat = at_domain_question(Chat(service), "werk")
    chat.say("ik heb schulden")  # says little about how it goes: the reader is not sure
    assert "yes" in chat.choices and chat.domains()["werk"]["status"] == "open"
    proposed = next(choice for choice in ("score:1", "score:2", "score:3") if choice not in chat.choices)
    other = "score:1" if proposed != "score:1" else "score:2"
    chat.press(other)  # the resident taps what they meant
    assert chat.domains()["werk"]["score"] == int(other[-1])


@pytest.mark.parametrize("then", [["nee, gaat wel"], ["nee", "gaat wel"], ["nee", "!score:3"], ["terug", "!score:3"]])
def test_the_words_of_an_answer_read_wrongly_are_kept_with_the_answer_that_follows(service, then):
    chat = at_domain_question(Chat(service), "werk")
    chat.say("ik heb schulden bij de baas")  # says little about how it goes: "Klopt dat?"
    assert "yes" in chat.choices and chat.domains()["werk"]["status"] == "open"
    for message in then:  # not what was meant: typed again, or the question again and then an answer
        chat.press(message[1:]) if message.startswith("!") else chat.say(message)
    werk = chat.domains()["werk"]
    assert werk["score"] == 3 and "schulden bij de baas" in (werk["story"] or ""), "the smiley was wrong, not the words"


def test_an_unsure_not_applicable_is_confirmed_before_the_domain_is_left_out(service):
    chat = at_domain_question(Chat(service), "relaties")
    chat.say("Ik ben alleenstaand")  # perhaps "geldt niet voor mij", perhaps how it goes: asked first
    assert "yes" in chat.choices and chat.domains()["relaties"]["status"] == "open"
    chat.press("yes")
    assert chat.domains()["relaties"]["status"] == "not_applicable"


def test_an_unsure_skip_can_be_answered_with_a_smiley_instead(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.say("hoeft niet")
    assert "yes" in chat.choices and chat.domains()["geld"]["status"] == "open"
    chat.press("score:2")
    assert chat.domains()["geld"]["score"] == 2


def test_an_answer_no_word_list_reads_is_still_understood(service):
    """The learned second opinion (bot/understanding/answer_model.py) reads what the lexicons do not."""
    chat = at_domain_question(Chat(service), "meedoen")
    chat.say("weinig vrije tijd, werk en kinderen")
    if "yes" in chat.choices:  # proposed rather than stored: one tap
        chat.press("yes")
    assert chat.domains()["meedoen"]["score"] == 2


def test_dont_know_is_never_a_score(service):
    chat = at_domain_question(Chat(service), "werk")
    chat.say("weet niet zo goed")
    assert chat.domains()["werk"]["status"] == "open"
    assert "skip" in chat.choices


def test_a_first_answer_is_never_taken_as_a_correction(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.say("slecht, schuld bij Kevin", intent="correct_answer")
    assert chat.domains()["geld"]["score"] == 1


def test_a_correction_changes_an_earlier_domain_and_the_board_goes_on(service):
    chat = past_the_first_domain(Chat(service))
    asked = chat.replies[-1].text
    chat.say("verander geld naar heel goed", intent="correct_answer")
    assert chat.domains()["geld"]["score"] == 5
    assert chat.replies[-1].text == asked  # the same open question again


def test_a_correction_without_a_new_score_asks_for_it_with_the_scale_then_goes_back(service):
    chat = past_the_first_domain(Chat(service))
    asked = chat.replies[-1].text
    chat.say("ik wil geld veranderen", intent="correct_answer")
    assert "score:4" in chat.choices  # the scale is offered for geld
    chat.press("score:4")
    assert chat.domains()["geld"]["score"] == 4
    assert chat.replies[-1].text == asked  # and the open question again


def test_asking_for_a_person_offers_a_call_takes_how_and_returns_to_the_open_question(service):
    from sqlalchemy import text

    chat = at_domain_question(Chat(service), "wonen")
    asked = chat.replies[-1].text
    chat.say("ik wil iemand spreken", intent="ask_person")
    assert chat.choices == ["yes", "no"]  # "Wil je dat iemand van het wijkteam je belt?"
    chat.press("yes")
    assert "skip" in chat.choices  # how and when, in own words (or skip)
    chat.say("bel me na vijf uur, 06 12345678")
    assert chat.replies[-1].text == asked
    with service.database.transaction() as session:
        requests = session.execute(text("SELECT participant_id, how_to_reach FROM callback_requests")).all()
    assert [tuple(row) for row in requests] == [(chat.participant, "bel me na vijf uur, 06 12345678")]
    chat.press("score:3")
    assert chat.domains()["wonen"]["score"] == 3


def callback_requests(service) -> list:
    from sqlalchemy import text

    with service.database.transaction() as session:
        return [row[0] for row in session.execute(text("SELECT how_to_reach FROM callback_requests")).all()]


def test_a_call_back_without_a_number_asks_for_the_number_once_and_keeps_the_time(service):
    chat = at_domain_question(Chat(service), "wonen")
    asked = chat.replies[-1].text
    chat.say("ik wil iemand spreken", intent="ask_person")
    chat.press("yes")
    chat.say("bel me morgen na 3 uur")
    assert callback_requests(service) == [], "nobody can call back without a number"
    assert "skip" in chat.choices and chat.replies[-1].text != asked
    chat.say("dat weet je toch")  # no number: said once more what is needed
    assert callback_requests(service) == [] and chat.replies[-1].text != asked
    chat.say("0612345678")
    assert callback_requests(service) == ["bel me morgen na 3 uur\n0612345678"]
    assert chat.replies[-1].text == asked


def test_why_at_the_number_question_explains_it_and_asks_again(service):
    chat = at_domain_question(Chat(service), "wonen")
    chat.say("ik wil iemand spreken", intent="ask_person")
    chat.press("yes")
    asked = chat.say("na drie uur")[-1].text
    welcome = Chat(service).say("hoi")[0].text
    replies = chat.say("waarom?", intent="ask_help", confidence=0.97)
    assert replies[0].text not in (welcome, asked) and replies[-1].text == asked
    assert callback_requests(service) == []


def test_no_number_for_a_call_back_passes_nothing_on_and_goes_back_to_the_question(service):
    chat = at_domain_question(Chat(service), "werk")
    asked = chat.replies[-1].text
    chat.say("ik wil iemand spreken", intent="ask_person")
    chat.press("yes")
    chat.press("skip")  # how and when: skipped
    assert chat.replies[-1].text != asked  # the number is asked
    chat.press("skip")  # "Liever niet"
    assert callback_requests(service) == []
    assert chat.replies[-1].text == asked
    chat.press("score:2")
    assert chat.domains()["werk"]["score"] == 2


def test_hello_in_the_middle_of_a_correction_or_a_call_back_says_where_the_resident_was(service):
    chat = at_domain_question(Chat(service), "wonen")
    at_the_question = chat.say("hoi")[0].text  # "Welkom terug. We waren bij wonen (.. van 14)."
    chat.say("ik wil geld veranderen", intent="correct_answer")
    assert chat.say("hoi")[0].text == at_the_question, "the question the correction interrupted"
    chat.press("score:4")
    chat.say("ik wil iemand spreken", intent="ask_person")
    chat.press("yes")
    during_the_call_back = chat.say("hoi")[0].text
    at_the_rating = Chat(service)
    at_the_rating.say("hoi")
    at_the_rating.press("yes")
    assert during_the_call_back not in (at_the_question, at_the_rating.say("hoi")[0].text)
    assert "skip" in chat.choices, "then the call-back's own question again"


@pytest.mark.parametrize(
    "key, typed", [("werk", "werk"), ("geld", "geld"), ("kinderen", "de kinderen"), ("meedoen", "vrije tijd")]
)
def test_the_topics_name_typed_at_its_question_proposes_no_smiley(service, key, typed):
    """The learned model guessed a smiley for a bare topic name ("geld": 😞 heel slecht, "werk": 🙂 goed)."""
    chat = at_domain_question(Chat(service), key)
    asked = chat.replies[-1].text
    chat.say(typed)
    assert "yes" not in chat.choices and chat.replies[-1].text == asked
    assert chat.events == ["topic_echoed"], "the topic we are on, said back: no answer not understood"
    assert chat.domains()[key]["status"] == "open"
    chat.say(f"{typed} gaat slecht")
    if "yes" in chat.choices:  # "Klopt dat?"
        chat.press("yes")
    assert chat.domains()[key]["score"] in (1, 2)


def test_back_from_is_that_right_returns_to_the_same_domains_question(service):
    chat = at_domain_question(Chat(service), "werk")
    asked = chat.replies[-1].text
    chat.say("kan beter")  # an unsure reading: "Klopt dat?"
    assert "yes" in chat.choices
    chat.say("terug")
    assert chat.replies[-1].text == asked
    chat.press("score:2")
    assert chat.domains()["werk"]["score"] == 2


def test_back_goes_to_the_previous_question_and_the_answer_can_change(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:4")
    chat.say("terug")
    assert any(choice.startswith("score:") for choice in chat.choices)
    chat.press("score:1")
    assert chat.domains()["geld"]["score"] == 1


def test_a_new_answer_after_back_replaces_the_earlier_words(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.say("slecht, ik heb schulden bij de energie")
    chat.say("terug")
    chat.say("slecht, de schulden zijn nu bij de schuldhulp")
    assert chat.domains()["geld"]["story"] == "de schulden zijn nu bij de schuldhulp"


def test_the_board_resumes_after_a_restart_of_everything(service, database_url):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:3")
    question = chat.replies[-1].text
    again = Chat(make_service(database_url), participant=chat.participant)  # a new process: nothing in memory
    again.say("hoi")
    assert again.replies[-1].text == question
    again.press("next")
    again.press("yes")  # look at the other domains too
    assert any(choice.startswith("score:") for choice in again.choices)
    assert again.domains()["geld"]["score"] == 3


def test_a_stale_button_changes_nothing(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:3")
    stale = chat.service.handle(chat.participant, chat_message("score:5"))
    assert chat.domains()["geld"]["score"] == 3
    assert stale.replies  # a clear answer, and the question again


def chat_message(choice: str):
    from bot.understanding.message import UserMessage

    return UserMessage(text=f'/choose{{"choice":"{choice}"}}', choice=choice)


def test_the_same_message_sent_twice_is_applied_once(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:2")
    chat.press("next")
    chat.press("no")  # only this domain
    first = chat.say("mijn post op orde", message_id="m-1")
    again = chat.say("mijn post op orde", message_id="m-1")
    assert [reply.text for reply in again] == [reply.text for reply in first]
    assert [goal["text"] for goal in chat.board()["goals"]] == ["mijn post op orde"]


def test_saying_no_to_storing_still_gives_a_whole_board_and_nothing_is_written(service):
    chat = Chat(service)
    chat.say("hoi")
    chat.press("no")
    chat.press("rating:5")
    chat.press("skip")
    chat.press("domain:geld")
    chat.press("score:2")
    chat.press("next")
    chat.press("no")
    chat.press("goals_none")
    chat.press("skip_section")
    assert any(reply.attachment is not None and reply.attachment.kind == "board_picture" for reply in chat.replies)
    with service.database.engine.connect() as connection:
        from sqlalchemy import text

        for table in ("participants", "measurements", "domain_answers", "conversations", "events", "goals"):
            assert connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar() == 0, table


def test_goals_come_from_the_residents_own_wishes_with_own_step_and_helper(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:2")
    chat.press("next")
    chat.press("no")
    chat.press("goals_none") if "wish:geld" not in chat.choices else None
    board = chat.board()
    assert board["goals"] == []


def test_a_marked_domain_and_a_goal_from_a_wish_reach_the_export(service, export_schema):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:2")
    chat.press("talk_about")
    chat.say("het gaat goed met sparen")
    chat.say("minder schulden")
    chat.press("no")
    chat.press("wish:geld")
    chat.say("bellen met schuldhulp")
    chat.say("mijn zus")
    chat.press("goals_done")
    jsonschema.validate(chat.export(), export_schema)
    board = chat.board()
    assert board["goals"][0]["text"] == "minder schulden" and board["goals"][0]["domain"] == "geld"
    assert board["goals"][0]["own_step"] == "bellen met schuldhulp" and board["goals"][0]["helper"] == "mijn zus"
    assert chat.domains()["geld"]["talk_about"] is True


def test_slash_commands_of_every_channel_mean_their_words_in_the_middle_of_a_board(service):
    chat = at_domain_question(Chat(service), "geld")
    asked = chat.replies[-1].text
    chat.say("/start")
    assert chat.replies[-1].text == asked  # "hoi": welcome back to the same question
    chat.say("/vergeet")
    assert chat.choices == ["yes", "no"] and chat.events == ["forget_asked"]
    chat.press("no")
    chat.press("score:3")
    assert chat.domains()["geld"]["score"] == 3


def test_every_question_of_the_resident_carries_the_live_board_as_it_fills_in(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:2")  # the follow-up question is open now
    board = chat.replies[-1].board
    assert board["current"] == "geld"
    assert {d["key"]: d["score"] for d in board["domains"]}["geld"] == 2
    chat.press("next")  # "Wil je ook naar de andere onderwerpen kijken?": no domain is current
    assert chat.replies[-1].board["current"] is None


def test_the_live_board_appears_with_the_first_topic_not_before(service):
    chat = Chat(service)
    chat.say("hoi")
    chat.press("yes")
    assert chat.replies[-1].board is None  # the life rating
    chat.press("rating:6")
    chat.press("skip")
    assert chat.replies[-1].board is None  # where to begin
    chat.press("domain:geld")
    assert chat.replies[-1].board["current"] == "geld"


def at_the_appointments_question(chat: Chat, professionals: str = "de huisarts") -> Chat:
    """A short board (only geld), no goals, the people around named: "Hoeveel afspraken ...?" is open."""
    at_domain_question(chat, "geld")
    chat.press("score:3")
    chat.press("next")  # past what goes well and what should change
    chat.press("no")  # only this topic
    chat.press("goals_none")
    chat.say("mijn zus")
    chat.say(professionals)
    assert any(choice.startswith("count:") for choice in chat.choices)
    return chat


def test_an_answer_a_question_cannot_use_gets_its_explanation_then_the_question(service):
    chat = at_the_appointments_question(Chat(service))
    asked = chat.replies[-1].text
    replies = chat.say("ja")  # no number: before, the same question again in silence
    assert len(replies) == 2 and replies[0].text != asked and replies[-1].text == asked
    explained = replies[0].text
    assert chat.say("weet niet", intent="ask_help", confidence=0.95)[0].text == explained, "help explains this question"
    chat.press("count:2")
    assert chat.board()["appointments_per_week"] == 2


@pytest.mark.parametrize(
    "language, question, again",
    [
        ("english", "do you speak english?", "can you speak english please?"),
        ("polish", "nie rozumiem, mówię po polsku", "proszę o pomoc"),
        ("turkish", "anlamıyorum, Türkçe konuşuyorum", "yardım lütfen, anlamadım"),
        ("arabic", "لا أفهم، أتكلم العربية فقط", "ساعدني من فضلك"),
        ("ukrainian", "я не розумію, я говорю українською", "допоможіть, будь ласка"),
    ],
)
def test_someone_writing_another_language_hears_once_in_it_how_to_get_help(service, language, question, again):
    from bot.content import load_contacts
    from bot.understanding.lexicon import other_languages

    phone = load_contacts().phone
    line = other_languages().languages[language].line.format(phone=phone)
    chat = Chat(service)
    chat.say("hello")
    replies = chat.say(question, intent="out_of_scope", confidence=0.9)
    assert line in [reply.text for reply in replies], "the wijkteam's number, in the writer's language"
    assert chat.choices == ["yes", "no"], "the consent question again, with its buttons"
    replies = chat.say(again, intent="out_of_scope", confidence=0.9)
    assert not any(phone in reply.text for reply in replies), "said once"


def test_someone_writing_dutch_does_not_hear_the_other_language_line(service):
    from bot.content import load_contacts

    phone = load_contacts().phone
    dutch = Chat(service)
    dutch.say("hoi")
    assert not any(phone in reply.text for reply in dutch.say("wat bedoel je daarmee dan precies?"))


def test_a_topic_going_badly_without_a_wish_is_offered_as_a_goal_and_the_goal_keeps_it(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:2")
    chat.press("next")  # no wish for geld
    chat.press("no")  # only this topic
    assert "goal_topic:geld" in chat.choices
    asked = chat.replies[-1].text
    chat.press("goal_topic:geld")
    assert chat.replies[-1].text != asked and chat.choices == []  # what to reach there, in own words
    chat.say("rustig overzicht van mijn rekeningen")
    goals = chat.board()["goals"]
    assert [(goal["text"], goal["domain"]) for goal in goals] == [("rustig overzicht van mijn rekeningen", "geld")]
    chat.press("skip")
    chat.press("skip")
    assert "goal_topic:geld" not in chat.choices, "a topic is offered until it has a goal"


def test_topics_going_badly_are_named_one_per_line_so_a_name_with_a_comma_stays_whole(service):
    label = load_instrument().domain("werk").label  # "Werk, school en dagbesteding"
    assert "," in label
    chat = at_domain_question(Chat(service), "werk")
    chat.press("score:2")
    chat.press("next")
    chat.press("yes")  # the other topics too
    chat.press("score:1")  # geld
    chat.press("next")
    while "goals_none" not in chat.choices:  # the rest going well, up to the goals
        chat.press("score:4")
        chat.press("next")
    lines = [line.strip("-• ").strip() for line in chat.text.splitlines()]
    assert label in lines and load_instrument().domain("geld").label in lines, "each topic's whole name on a line"


def test_back_while_typing_a_goal_returns_to_the_goal_buttons(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:1")
    chat.press("next")
    chat.press("no")  # only this topic
    offered = chat.choices
    chat.press("goal_topic:geld")
    chat.say("terug")
    assert chat.choices == offered, "the goal buttons again, not the question before them"
    chat.press("goal_other")
    chat.say("terug")
    chat.say("terug")  # and back once more: the question before the goals
    assert chat.choices == ["yes", "no"]
    chat.press("no")
    assert chat.choices == offered, "no half-typed goal left behind"


def test_nobody_typed_at_the_people_around_is_nobody_not_a_person(service):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:3")
    chat.press("next")
    chat.press("no")  # only this topic
    chat.press("goals_none")
    chat.say("niemand eigenlijk")  # "Wie steunt je?"
    chat.say("ik heb geen hulp")  # "Welke hulpverleners of instanties helpen je nu?"
    assert chat.board()["network"] == []


@pytest.mark.parametrize("supporters", ["mijn man en mijn zus", "m'n moeder, m'n oom en de buurvrouw"])
def test_a_list_of_relatives_at_the_people_around_is_kept_without_a_question_about_danger(service, supporters):
    chat = at_domain_question(Chat(service), "geld")
    chat.press("score:3")
    chat.press("next")
    chat.press("no")  # only this topic
    chat.press("goals_none")
    chat.say(supporters)  # "Wie steunt je?": the learned layer alone read "mijn man en mijn zus" as likely danger
    assert not any(event.startswith(("danger_question", "safety_")) for event in chat.events), chat.events
    chat.say("de huisarts")  # "Welke hulpverleners of instanties helpen je nu?"
    assert any(choice.startswith("count:") for choice in chat.choices), "on to the appointments"
    assert len(chat.board()["network"]) >= 3


def test_geen_at_the_number_of_appointments_is_none_in_a_week(service):
    chat = at_the_appointments_question(Chat(service))
    chat.say("geen")
    assert chat.board()["appointments_per_week"] == 0, "zero, not unknown"


@pytest.mark.parametrize(
    "professionals, per_week, remark, advice_asked",
    [
        ("de huisarts en de schuldhulp", "count:1", False, True),  # two are not many, but can disagree
        ("huisarts, schuldhulp, jeugdzorg", "count:1", True, True),
        ("de huisarts", "count:4", True, False),  # many appointments, one professional: no "van hen"
        ("de huisarts", "count:1", False, False),
    ],
)
def test_only_what_is_really_a_lot_is_named_and_differing_advice_needs_two_professionals(
    service, professionals, per_week, remark, advice_asked
):
    chat = at_the_appointments_question(Chat(service), professionals)
    replies = chat.press(per_week)
    assert (len(replies) == 2) is remark, "a kind word about how much it is, before the next question"
    assert (chat.choices == ["yes", "no"]) is advice_asked, "'Krijg je weleens verschillende adviezen van hen?'"
    assert chat.board()["appointments_per_week"] == int(per_week[6:])


def test_a_repeat_measurement_says_the_life_rating_of_last_time_after_the_new_one(service):
    chat = Chat(service)
    chat.say("hoi")
    chat.press("yes")
    first = chat.press("rating:4")
    assert "4" in " ".join(reply.text or "" for reply in first)
    chat.press("skip")
    chat.press("domain:geld")
    answer_every_domain_and_finish(chat)
    chat.say("opnieuw")
    replies = chat.press("rating:7")
    again = " ".join(reply.text or "" for reply in replies)
    assert "7" in again and "4" in again, "the new rating, and last time's"
    assert len(replies) == len(first) + 1, "one line more than on the first board, which has no last time"


def test_not_knowing_the_life_rating_in_own_words_gets_help_not_that_there_is_no_number(service):
    unclear = Chat(service)
    unclear.say("hoi")
    unclear.press("yes")
    unclear.say("blabla")
    chat = Chat(service)
    chat.say("hoi")
    chat.press("yes")
    replies = chat.say("weet ik niet precies")  # no NLU here: the words alone
    assert replies[0].text != unclear.replies[0].text, "help with choosing a mark, not 'Ik zie geen cijfer'"
    assert chat.choices == unclear.choices and chat.board()["life_rating"] is None


def test_someone_who_fills_in_for_another_person_hears_how_a_naaste_takes_part(service):
    plain = Chat(service)
    plain.say("goedemiddag")
    chat = Chat(service)
    replies = chat.say("goedemiddag, ik ben de dochter van mevrouw Jansen")
    assert len(replies) == len(plain.replies) + 1 and "/naaste" in replies[1].text, "before the consent question"
    assert chat.choices == plain.choices, "then the same question"
    replies = chat.say("ik vul dit in voor mijn moeder")  # at the consent question: no yes, no no
    assert "/naaste" in replies[0].text and chat.choices == plain.choices
    assert chat.export()["measurements"] == [], "nothing stored, no board"


def test_starting_over_before_the_board_is_done_keeps_the_answers_and_the_question(service):
    chat = Chat(service)
    consent_and_rate(chat)
    chat.press("domain:geld")
    chat.press("score:2")
    asked = chat.choices
    replies = chat.say("ik wil opnieuw beginnen")
    assert len(replies) == 2 and chat.choices == asked, "an explanation, then the same question again"
    assert "'terug'" in replies[0].text, "it names the command that changes an answer, instead of 'welcome back'"
    assert len(chat.export()["measurements"]) == 1, "no new round"
    assert chat.domains()["geld"]["score"] == 2, "the answer given stays"


def test_a_first_topic_chosen_in_words_that_say_how_it_goes_is_proposed_with_one_tap(service):
    chat = Chat(service)
    consent_and_rate(chat)
    chat.say("het gaat echt slecht met geld, ik heb schulden bij de energie")
    assert "yes" in chat.choices, "the reading is proposed, not asked for again"
    assert chat.domains()["geld"]["status"] != "answered", "never stored before the resident says yes"
    chat.press("yes")
    geld = chat.domains()["geld"]
    assert geld["score"] == 1 and "schulden" in (geld["story"] or "")
    assert "next" in chat.choices, "on to what goes well with money"


@pytest.mark.parametrize("typed", ["geld", "mijn huis", "vooral geld eigenlijk", "eerst werk"])
def test_a_first_topic_chosen_without_saying_how_it_goes_gets_its_question(service, typed):
    chat = Chat(service)
    consent_and_rate(chat)
    chat.say(typed)
    assert "yes" not in chat.choices and "score:1" in chat.choices, "no smiley guessed from a topic's name"


def test_what_the_resident_tells_when_choosing_the_first_topic_is_kept_with_it(service):
    chat = Chat(service)
    consent_and_rate(chat)
    chat.say("mijn huis is vies en de buurman schreeuwt de hele nacht")
    assert "score:1" in chat.choices, "the question of wonen"
    chat.press("score:2")
    wonen = chat.domains()["wonen"]
    assert wonen["score"] == 2 and "buurman" in (wonen["story"] or "")


def test_no_to_a_proposed_reading_of_the_first_topic_asks_its_question(service):
    chat = Chat(service)
    consent_and_rate(chat)
    chat.say("wonen gaat niet zo goed, de buurman schreeuwt de hele nacht")
    assert "yes" in chat.choices
    chat.say("nee")
    assert "score:1" in chat.choices and "yes" not in chat.choices, "the smiley question of wonen"
    assert chat.domains()["wonen"]["status"] != "answered"


def skip_topics(chat: Chat, count: int) -> None:
    """From the first topic's question: `count` topics skipped one after another (and looking further)."""
    chat.press("skip")
    chat.press("yes")  # the other topics too
    for _ in range(count - 1):
        chat.press("skip")


def test_after_three_topics_skipped_the_rest_can_be_skipped_at_once_and_stays_open(service):
    chat = at_domain_question(Chat(service), "geld")
    skip_topics(chat, 2)
    assert "skip_rest" not in chat.choices, "two skips are no pattern yet"
    chat.press("skip")
    assert "skip_rest" in chat.choices and any(choice.startswith("score:") for choice in chat.choices)
    chat.press("skip_rest")
    assert not any(choice.startswith("score:") for choice in chat.choices), "on to the end of the board"
    statuses = [domain["status"] for domain in chat.board()["domains"]]
    assert statuses.count("skipped") == 3 and statuses.count("open") == len(statuses) - 3


def test_an_answer_between_the_skips_starts_the_count_again(service):
    chat = at_domain_question(Chat(service), "geld")
    skip_topics(chat, 2)
    chat.press("score:4")
    chat.press("next")  # past what goes well and what should change
    chat.press("skip")
    chat.press("skip")
    assert "skip_rest" not in chat.choices
    chat.press("skip")
    assert "skip_rest" in chat.choices
    chat.press("score:2")  # an answer after all: the question is answered, the next has no offer
    chat.press("next")
    assert "skip_rest" not in chat.choices
    assert [domain["status"] for domain in chat.board()["domains"]].count("answered") == 2


def test_a_topic_skipped_again_after_going_back_counts_once(service):
    chat = at_domain_question(Chat(service), "geld")
    skip_topics(chat, 2)
    chat.say("terug")  # back to the second topic, skipped a moment ago
    chat.press("skip")  # skipped again: still two topics skipped
    assert any(choice.startswith("score:") for choice in chat.choices) and "skip_rest" not in chat.choices
    chat.press("skip")
    assert "skip_rest" in chat.choices


@pytest.mark.parametrize("words", ["geen idee", "weet ik echt niet", "sla maar over"])
def test_not_knowing_where_to_begin_in_own_words_begins_at_the_first_topic(service, words):
    chat = Chat(service)
    consent_and_rate(chat)
    chat.say(words)  # without Rasa's intent: the words alone
    assert any(choice.startswith("score:") for choice in chat.choices), "the first topic's question, not asked again"
    assert chat.events == ["first_domain_chosen"]


def test_help_at_the_questions_after_the_life_rating_explains_each_and_stores_nothing(service):
    chat = Chat(service)
    chat.say("hoi")
    chat.press("yes")
    chat.press("rating:5")
    reason_asked = chat.replies[-1].text
    explained = chat.say("wat bedoel je?")
    assert explained[-1].text == reason_asked and len(explained) == 2, "an explanation, then the same question"
    chat.say("mijn kinderen")
    next_asked = chat.replies[-1].text
    explained_next = chat.say("wat bedoel je?")
    assert explained_next[-1].text == next_asked and explained_next[0].text != explained[0].text, "each question its own"
    assert chat.board()["rating_reason"] == "mijn kinderen" and chat.board()["rating_next"] is None


def test_how_life_goes_told_at_the_life_rating_without_a_mark_is_kept_with_its_reason(service):
    chat = Chat(service)
    chat.say("hoi")
    chat.press("yes")
    chat.say("slecht, ik heb veel schulden bij de zorgverzekeraar")
    assert any(choice.startswith("rating:") for choice in chat.choices), "the mark is still asked"
    chat.say("wat moet ik hier doen")  # no words about life: nothing kept
    chat.press("rating:3")
    chat.say("mijn kinderen houden me op de been")
    reason = chat.board()["rating_reason"]
    assert "schulden bij de zorgverzekeraar" in reason and "op de been" in reason
    assert "wat moet ik" not in reason
