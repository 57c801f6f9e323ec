"""The PDF to bring to the conversation: goals, differences, own words, the people around, change."""

import pytest
import reportlab.rl_config

from bot.content import load_texts
from bot.rendering.sheet import board_pdf
from bot.storage.records import GoalEntry, NetworkEntry
from tests.rendering.conftest import make_board

SCORES = [2, 4, 3, 2, 1, 3, 4, "not_applicable", 3, 5, 4, "skipped", 3, None]


@pytest.fixture(autouse=True)
def readable_pdf(monkeypatch):
    """Uncompressed page streams, so the tests can find the words (ASCII stays readable in them)."""
    monkeypatch.setattr(reportlab.rl_config, "pageCompression", 0)


@pytest.fixture
def texts():
    return load_texts("sheet")


def shows(pdf: bytes, text: str) -> bool:
    assert text.isascii() and "(" not in text and ")" not in text, "the search works for plain ASCII only"
    return text.encode() in pdf


def resident_board(wat_telt, **changes):
    board = make_board(wat_telt, SCORES, life_rating=6, talk_about=["geld"])
    for name, value in changes.items():
        setattr(board, name, value)
    return board


def test_the_sheet_is_an_a4_pdf(wat_telt, texts):
    pdf = board_pdf([resident_board(wat_telt)], None, wat_telt, texts)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf


def test_goals_with_own_step_and_helper(wat_telt, texts):
    goals = [GoalEntry("Post openen met mijn zus", domain="geld", own_step="Elke maandag de post openen", helper="Mijn zus Anna")]
    pdf = board_pdf([resident_board(wat_telt, goals=goals)], None, wat_telt, texts)
    for words in ("Post openen met mijn zus", "Elke maandag de post openen", "Mijn zus Anna"):
        assert shows(pdf, words), words


def test_the_previous_goals_come_with_their_review(wat_telt, texts):
    previous = make_board(wat_telt, SCORES, life_rating=4)
    previous.goals = [GoalEntry("Schuldhulp bellen", review="reached"), GoalEntry("Meer bewegen", review="not_yet")]
    board = resident_board(wat_telt, number=2)
    without = board_pdf([board], None, wat_telt, texts)
    with_previous = board_pdf([board], previous, wat_telt, texts)
    assert not shows(without, "Schuldhulp bellen")
    assert shows(with_previous, "Schuldhulp bellen") and shows(with_previous, "Meer bewegen")
    assert shows(with_previous, texts.say("review_reached")) and shows(with_previous, texts.say("review_not_yet"))


def test_differences_of_two_points_or_more_are_named_with_a_question(wat_telt, texts):
    resident = resident_board(wat_telt)  # geld 2, werk 4, wonen 3
    professional = make_board(wat_telt, [4, 3, 3] + SCORES[3:], "professional", life_rating=5)  # geld 2 points apart, werk 1
    pdf = board_pdf([resident, professional], None, wat_telt, texts)
    geld, werk = wat_telt.domain("geld"), wat_telt.domain("werk")
    assert shows(pdf, texts.say("difference_question", topic=geld.topic))
    assert not shows(pdf, texts.say("difference_question", topic=werk.topic))
    alone = board_pdf([resident], None, wat_telt, texts)
    assert not shows(alone, texts.say("difference_question", topic=geld.topic))


def test_who_does_what(wat_telt, texts):
    network = [NetworkEntry("person", "mijn buurvrouw"), NetworkEntry("professional", "de huisarts")]
    board = resident_board(
        wat_telt, network=network, appointments_per_week=7, conflicting_advice=True, one_contact="Sanne van het wijkteam"
    )
    pdf = board_pdf([board], None, wat_telt, texts)
    for words in ("mijn buurvrouw", "de huisarts", "Sanne van het wijkteam", "7"):
        assert shows(pdf, words), words
    empty = board_pdf([resident_board(wat_telt)], None, wat_telt, texts)
    assert not shows(empty, "mijn buurvrouw")


def test_the_residents_own_words_per_domain(wat_telt, texts):
    board = resident_board(wat_telt)
    entry = board.domain("wonen")
    entry.goes_well, entry.wish, entry.story = "De buren zijn aardig", "Een huis zonder schimmel", "Het is <b>vochtig</b> & koud"
    pdf = board_pdf([board], None, wat_telt, texts)
    for words in ("De buren zijn aardig", "Een huis zonder schimmel", "vochtig"):
        assert shows(pdf, words), words


def test_change_since_last_time_is_in_words(wat_telt, texts):
    previous = make_board(wat_telt, [1, 5] + SCORES[2:], life_rating=4)  # geld 1 -> 2, werk 5 -> 4
    pdf = board_pdf([resident_board(wat_telt, number=2)], previous, wat_telt, texts)
    assert shows(pdf, f"{wat_telt.domain('geld').label}: {texts.say('change_better')}")
    assert shows(pdf, f"{wat_telt.domain('werk').label}: {texts.say('change_worse')}")
    assert not shows(pdf, f"{wat_telt.domain('wonen').label}: {texts.say('change_better')}")


def test_words_in_any_script_and_emoji_do_not_break_the_sheet(wat_telt, texts):
    board = resident_board(wat_telt, rating_reason="Şükrü helpt me 😀 مرحبا Привет", rating_next="Rust\nen tijd")
    pdf = board_pdf([board], None, wat_telt, texts)
    assert pdf.startswith(b"%PDF-")


def test_a_ten_point_instrument_gives_a_sheet(ten_point, texts):
    resident = make_board(ten_point, [0, 7, 10, 5, "skipped", None], talk_about=["mentaal"])
    professional = make_board(ten_point, [2, 7, 9, 5, 4, 10], "professional")
    resident.goals = [GoalEntry("Elke dag wandelen", domain="lichaam")]
    pdf = board_pdf([resident, professional], None, ten_point, texts)
    assert shows(pdf, "Elke dag wandelen")
    assert shows(pdf, texts.say("difference_question", topic=ten_point.domain("lichaam").topic))  # 0 and 2: two points apart
    assert not shows(pdf, texts.say("difference_question", topic=ten_point.domain("zingeving").topic))  # 10 and 9
