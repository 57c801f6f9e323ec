import pytest

from bot.understanding.number_words import words_a_group_takes
from bot.understanding.numbers import read_count, read_rating


@pytest.mark.parametrize(
    "text, value",
    [
        ("7", 7),
        ("een 7", 7),
        ("zeven", 7),
        ("ik geef het een zes", 6),
        ("Een dikke 8!", 8),
        ("0", 0),
        ("nul", 0),
        ("tien", 10),
        ("10", 10),
        ("een zesje", 6),
        ("n achtje", 8),
        ("5 denk ik", 5),
        ("één", 1),
        ("een", 1),
        ("6,5", 7),
        ("  9  ", 9),
        ("ZEVEN", 7),
        ("een zes. ja een zes", 6),
        ("7/10", 7),
        ("8 / 10", 8),
        ("een 7 van de 10", 7),
        ("zeven van de tien", 7),
        ("ik geef het een 6 op een schaal van 1 tot 10", 6),
        ("5 uit 10", 5),
        ("10/10", 10),
    ],
)
def test_reads_marks_typed_in_many_ways(text, value):
    assert read_rating(text).value == value


@pytest.mark.parametrize("text", ["12", "twaalf", "-1", "100", "11"])
def test_marks_outside_0_to_10_are_out_of_range(text):
    reading = read_rating(text)
    assert reading.value is None and reading.problem == "out_of_range"


@pytest.mark.parametrize("text", ["banaan", "", "goed", "weet ik niet", "een beetje"])
def test_text_without_a_mark_has_no_number(text):
    reading = read_rating(text)
    assert reading.value is None and reading.problem == "no_number"


def test_two_different_marks_are_ambiguous():
    assert read_rating("een 6 of een 7").problem == "ambiguous"


def test_a_scale_other_than_the_marks_is_not_dropped():
    assert read_rating("een 3 van de 5").problem == "ambiguous"


@pytest.mark.parametrize(
    "pattern, words",
    [
        (r"\b(10|[0-9]|ten|nine) out of (10|ten)\b", {"ten", "nine"}),
        (r"(?<![0-9] )\b([1-5]|twee|tien) (van)", {"twee", "tien"}),  # a shared first letter
        (r"^(?:een )?([0-9]) (?P<half>5)$", set()),
        (r"(\d{1,2}) punten", set()),
        (r"(\w+) van de vijf", None),  # any word: cannot be checked
        (r"(.) x", None),
    ],
)
def test_the_words_a_number_group_can_take(pattern, words):
    taken = words_a_group_takes(pattern)
    assert taken == (None if words is None else frozenset(words))


@pytest.mark.parametrize(
    "text, count",
    [
        ("twee", 2),
        ("een stuk of 3", 3),
        ("geen", 0),  # none in a week, not "nothing to say"
        ("helemaal geen", 0),
        ("elke dag", 5),
        ("bijna elke dag wel iets", 5),
        ("drie of vier", 4),  # the higher: the load is what counts
        ("1 x per week", 1),
        ("geen idee", None),
        ("weet ik niet", None),
    ],
)
def test_a_number_of_appointments_in_a_week(text, count):
    assert read_count(text) == count
