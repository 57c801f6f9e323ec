"""The resident's board over REST through the real servers (Rasa's NLU, the action server, the turn
service, the database), then checked in the export, the transcript and what the replies offer.

The scenarios are written as a resident goes through them (tests/integration/scenario.py): what
they type, or which offered button they press."""

import urllib.request

import jsonschema
import pytest

from bot.content import load_instrument, load_texts
from tests.integration.scenario import Resident, consented

KEYS = load_instrument().keys
TEXTS = load_texts("board")
NOTHING = None  # a follow-up answered with "niets", "nee", "weet ik niet": nothing kept

# A whole board typed as a resident would type it. Per domain, in the order asked (geld first):
# how it goes, what is stored, the answer to "what goes well?", the answer to "what should change?".
FREE_TEXT_BOARD = [
    ("geld", "niet zo goed", 2, "niets", "ik wil rust in mijn hoofd over de rekeningen"),
    ("werk", "gaat wel", 3, "mijn collega's zijn aardig", "meer uren kunnen maken"),
    ("wonen", "goed", 4, "ik woon op een fijne plek", "niks"),
    ("lichamelijke_gezondheid", "niet zo best met mijn rug", 2, "ik wandel elke dag", "minder pijn"),
    ("psychische_gezondheid", "redelijk", 3, "weet ik niet", "meer rust in mijn hoofd"),  # the reader asks to confirm
    ("sociale_contacten", "prima", 4, "mijn buurvrouw helpt me", "niets"),
    ("relaties", "heel goed", 5, "mijn vrouw en ik praten veel", "nee"),
    ("kinderen", "ik heb geen kinderen", "not_applicable", None, None),
    ("dagelijks_leven", "gaat wel hoor", 3, "ik kook elke dag zelf", "dat ik de post bijhoud"),
    ("verslaving", "geldt niet voor mij", "not_applicable", None, None),
    ("veiligheid", "sla maar over", "skipped", None, None),
    ("justitie", "geldt niet voor mij", "not_applicable", None, None),
    ("meedoen", "het is zwaar", 2, "nee", "weer gaan vissen met mijn broer"),
    ("zingeving", "super", 5, "mijn geloof geeft me kracht", "niets"),
]
NOTHING_WORDS = ("niets", "niks", "nee", "weet ik niet")


def kept(answer):
    return None if answer is None or answer in NOTHING_WORDS else answer


@pytest.fixture
def resident(stack) -> Resident:
    return Resident(stack)


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.headers["Content-Type"], response.read()


def only_first_domain(resident: Resident, key: str, score: int) -> None:
    """From the choice of where to begin to the end of the board, with one domain only."""
    resident.press(f"domain:{key}")
    resident.press(f"score:{score}")
    resident.press("next")
    resident.press("no")  # not the other domains
    resident.press("goals_none")
    resident.press("skip_section")  # the people around
    resident.press("no")  # no check-in later
    resident.press("no")  # no training use


def test_a_whole_board_by_buttons_only_ends_with_the_picture_and_the_pdf(resident, export_schema):
    resident.say("hoi")
    resident.press("yes")
    resident.press("rating:6")
    resident.press("skip")
    resident.press("domain:wonen")
    order = ["wonen"] + [key for key in KEYS if key != "wonen"]
    expected = {}
    for number, key in enumerate(order):
        assert resident.offers_scale(), (key, resident.text)
        if key == "kinderen":
            resident.press("not_applicable")
            expected[key] = ("not_applicable", None)
        else:
            resident.press(f"score:{number % 5 + 1}")
            expected[key] = ("answered", number % 5 + 1)
            resident.press("next")  # no follow-up questions
        if number == 0:
            resident.press("yes")  # look at the other domains too
    resident.press("goals_none")
    resident.press("skip_section")
    summary = resident.replies
    image = next(reply["image"] for reply in summary if reply.get("image"))
    document = next(reply["custom"]["document"] for reply in summary if reply.get("custom", {}).get("document"))
    content_type, body = fetch(image)
    assert content_type == "image/png" and body.startswith(b"\x89PNG")
    content_type, body = fetch(document)
    assert content_type == "application/pdf" and body.startswith(b"%PDF")
    assert sorted(resident.choices) == ["no", "yes"]  # may the assistant check in later?
    resident.press("no")
    resident.press("no")  # training use
    assert {"share", "repeat"} <= set(resident.choices)

    exported = resident.export()
    jsonschema.validate(exported, export_schema)
    [board] = exported["measurements"]
    assert [domain["key"] for domain in board["domains"]] == list(KEYS)  # the instrument's order
    assert {d["key"]: (d["status"], d["score"]) for d in board["domains"]} == expected
    assert board["life_rating"] == 6 and board["completed_at"] is not None and board["goals"] == []
    assert exported["follow_up_consent"] is False and exported["training_consent"] is False


def test_a_whole_board_by_free_text_only(resident, export_schema):
    resident.say("hoi")
    resident.say("ja hoor")
    resident.say("een 5")
    resident.say("ik heb een dak boven mijn hoofd")
    resident.say("minder zorgen over geld")
    resident.say("geld")
    for number, (key, how, stored, goes_well, wish) in enumerate(FREE_TEXT_BOARD):
        assert resident.offers_scale(), (key, resident.text)
        resident.say(how)
        resident.confirm()  # when the reader is not sure ("redelijk"): one tap
        if isinstance(stored, int):
            resident.say(goes_well)
            resident.say(wish)
        if number == 0:
            resident.say("ja")  # the other domains too
    resident.say("mijn schulden aflossen")  # a goal in own words
    resident.say("de schuldhulp bellen")  # what I can do myself
    resident.say("mijn zus")  # who can help
    resident.say("weer beter slapen")
    resident.say("sla over")
    resident.say("niets")
    resident.say("nee")  # no more goals
    resident.say("mijn zus en de buurvrouw")
    resident.say("de huisarts en de schuldhulp")
    resident.say("1")  # appointments a week
    resident.say("nee")  # no conflicting advice
    resident.say("de huisarts")  # one contact
    assert any(reply.get("image") for reply in resident.replies)
    resident.say("nee")  # no check-in later
    resident.say("nee")  # no training use

    exported = resident.export()
    jsonschema.validate(exported, export_schema)
    [board] = exported["measurements"]
    assert board["life_rating"] == 5 and board["completed_at"] is not None
    assert (board["rating_reason"], board["rating_next"]) == ("ik heb een dak boven mijn hoofd", "minder zorgen over geld")
    domains = {domain["key"]: domain for domain in board["domains"]}
    for key, how, stored, goes_well, wish in FREE_TEXT_BOARD:
        status, score = ("answered", stored) if isinstance(stored, int) else (stored, None)
        assert (domains[key]["status"], domains[key]["score"]) == (status, score), (key, how)
        assert (domains[key]["goes_well"], domains[key]["wish"]) == (kept(goes_well), kept(wish)), key
    assert [(goal["domain"], goal["text"], goal["own_step"], goal["helper"]) for goal in board["goals"]] == [
        ("geld", "mijn schulden aflossen", "de schuldhulp bellen", "mijn zus"),
        ("lichamelijke_gezondheid", "weer beter slapen", None, None),
    ]
    assert [(member["kind"], member["description"]) for member in board["network"]] == [
        ("person", "mijn zus"),
        ("person", "de buurvrouw"),
        ("professional", "de huisarts"),
        ("professional", "de schuldhulp"),
    ]
    assert board["appointments_per_week"] == 1


def test_skips_and_not_applicable_are_stored_as_such(stack):
    resident = consented(stack, rating=7)
    resident.say("geld")
    resident.press("skip")
    resident.press("yes")  # the other domains too
    resident.say("sla maar over")  # werk, in words
    resident.press("not_applicable")  # wonen
    resident.say("dat geldt niet voor mij")  # lichamelijke gezondheid, in words
    resident.say("weet ik niet")  # psychische gezondheid: not a score, and nothing stored
    assert resident.offers_scale() and "skip" in resident.choices
    domains = resident.domains()
    assert (domains["geld"]["status"], domains["werk"]["status"]) == ("skipped", "skipped")
    assert (domains["wonen"]["status"], domains["lichamelijke_gezondheid"]["status"]) == ("not_applicable", "not_applicable")
    assert all(domains[key]["score"] is None for key in KEYS)
    assert all(domains[key]["status"] == "open" for key in KEYS[4:])


def test_button_words_typed_out_do_what_the_button_does(stack):
    resident = consented(stack, rating=7)
    resident.say("Wonen")  # the domain grid's button, typed
    resident.say("Gaat wel")
    resident.say("Hier wil ik over praten")
    resident.say("Volgende onderwerp")
    assert resident.choices == ["yes", "no"]  # "Wil je ook naar de andere onderwerpen kijken?"
    wonen = resident.domains()["wonen"]
    assert (wonen["score"], wonen["talk_about"], wonen["goes_well"], wonen["wish"]) == (3, True, None, None)


def test_pause_and_resume_across_a_restart_of_the_rasa_server(stack):
    resident = consented(stack, rating=6)
    resident.say("geld")
    resident.press("score:3")
    asked = resident.question
    resident.say("ik ga later verder")
    assert resident.choices == []  # paused: no question
    stack.restart_rasa()
    resident.say("hoi")
    assert resident.question == asked and "next" in resident.choices  # the same question as before the pause
    assert TEXTS.say("welcome_back", where="").split(".")[0] in resident.text
    resident.say("ik heb een budgetcoach")
    resident.say("minder rekeningen in de bus")
    geld = resident.domains()["geld"]
    assert (geld["score"], geld["goes_well"], geld["wish"]) == (3, "ik heb een budgetcoach", "minder rekeningen in de bus")


def test_a_correction_changes_the_earlier_answer_and_keeps_its_own_words(stack):
    resident = consented(stack, rating=7)
    resident.say("geld")
    resident.say("heel goed")
    resident.say("alles wordt op tijd betaald")
    resident.press("next")
    resident.say("ja")
    resident.say("slecht")  # werk
    asked = resident.question
    resident.say("bij geld bedoelde ik slecht")
    point = load_instrument().scale.point(1)  # plain "slecht": the first smiley
    assert TEXTS.say("correction_done", label="Geld en rondkomen", emoji=point.emoji, phrase=point.phrase) in resident.text
    assert resident.question == asked  # and on with the question it interrupted
    domains = resident.domains()
    assert (domains["geld"]["score"], domains["werk"]["score"]) == (1, 1)
    assert domains["geld"]["goes_well"] == "alles wordt op tijd betaald" and domains["werk"]["goes_well"] is None


def test_the_safety_net_in_the_middle_of_the_board_interrupts_at_once_then_asks_to_go_on(stack):
    resident = consented(stack, rating=6)
    resident.say("geld")
    asked = resident.question
    resident.say("ik wil er niet meer zijn")
    assert "0800-0113" in resident.replies[0]["text"] and "112" in resident.replies[0]["text"]
    assert sorted(resident.choices) == ["no", "yes"] and not resident.offers_scale()
    assert resident.domains()["geld"]["status"] == "open"
    resident.press("yes")
    assert resident.question == asked and resident.offers_scale()
    resident.press("score:2")
    assert resident.domains()["geld"]["score"] == 2


def test_saying_no_after_the_safety_message_pauses_and_keeps_what_was_said(stack):
    resident = consented(stack, rating=6)
    resident.say("geld")
    resident.press("score:4")
    resident.say("ik zie het niet meer zitten, ik wil dood")
    resident.press("no")
    assert resident.choices == [] and resident.domains()["geld"]["score"] == 4
    resident.say("hoi")
    assert "next" in resident.choices  # back where they were


@pytest.mark.parametrize(
    "answer, scores, word",
    [
        ("slecht, hij wordt snel boos en dan ben ik bang", (1, 2), "bang"),  # only the learned layer reads danger, unsure
        ("goed, testament geregeld bij de notaris", (4, 5), "notaris"),  # a pattern flags it, the learned layer reads none
    ],
)
def test_when_the_safety_net_is_unsure_it_asks_first_and_no_keeps_the_answer(stack, answer, scores, word):
    resident = consented(stack, rating=6)
    resident.say("geld")
    resident.say(answer)
    assert sorted(resident.choices) == ["no", "yes"] and "0800" not in " ".join(r["text"] for r in resident.replies)
    resident.press("no")
    if "yes" in resident.choices and any(choice.startswith("score:") for choice in resident.choices):  # "Klopt dat?"
        resident.press("yes")
    geld = resident.domains()["geld"]
    assert geld["status"] == "answered" and geld["score"] in scores and word in geld["story"]


def test_vergeet_mij_deletes_answers_and_transcript_and_the_next_message_starts_fresh(stack):
    resident = consented(stack, rating=6)
    resident.say("geld")
    resident.press("score:2")
    resident.say("mijn post op orde")
    assert resident.export()["measurements"] and resident.transcript_events() > 0
    resident.say("vergeet mij")
    assert sorted(resident.choices) == ["no", "yes"]  # asked first
    assert resident.export()["measurements"], "nothing is deleted before the yes"
    resident.press("yes")
    assert resident.export() == {"participant": resident.participant, "measurements": []}
    assert resident.transcript_events() == 0
    resident.say("hoi")
    assert sorted(resident.choices) == ["no", "yes"] and not resident.offers_ratings()  # consent, from the start
    assert resident.export()["measurements"] == [] and resident.transcript_events() == 0


def test_a_stale_button_changes_nothing(stack):
    resident = consented(stack, rating=6)
    resident.say("geld")
    resident.press("score:3")
    before = resident.export()
    resident.send('/choose{"choice":"score:5"}')  # a button of the question before
    assert "next" in resident.choices  # the open question again
    resident.send('/choose{"choice":"rating:0"}')
    assert resident.export() == before


def test_a_repeat_measurement_shows_what_changed_in_words(stack):
    resident = consented(stack, rating=5)
    only_first_domain(resident, "geld", score=2)
    assert "repeat" in resident.choices
    resident.say("opnieuw")
    assert resident.offers_ratings()  # a new board, from the life rating
    resident.press("rating:7")
    resident.press("skip")
    resident.press("domain:geld")
    resident.press("score:4")
    resident.press("next")
    resident.press("no")
    resident.press("goals_none")
    resident.press("skip_section")
    said = resident.text
    assert f"Geld en rondkomen: {TEXTS.say('change_better')}" in said  # the change in words
    assert "2 → 4" not in said and "5 → 7" in said  # never the scale's numbers; the life rating is a number
    exported = resident.export()
    assert [m["number"] for m in exported["measurements"]] == [1, 2]
    assert all(m["completed_at"] for m in exported["measurements"])
    assert [resident.domains(n)["geld"]["score"] for n in (1, 2)] == [2, 4]
    assert [m["life_rating"] for m in exported["measurements"]] == [5, 7]
