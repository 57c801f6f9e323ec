import pytest

from bot.understanding.scores import read_score, scale


@pytest.mark.parametrize(
    "text, score",
    [
        ("echt slecht", 1),
        ("waardeloos", 1),
        ("kan beter", 2),
        ("niet zo best", 2),
        ("slecht", 2),
        ("gaat wel", 3),
        ("zo zo", 3),
        ("prima hoor", 4),
        ("goed", 4),
        ("heel goed", 5),
        ("super!", 5),
        ("het gaat niet zo goed eigenlijk", 2),
        ("Heel Goed", 5),
        ("slect", 2),
        ("gaad wel", 3),
        ("supr", 5),
        ("3", 3),
        ("een 4", 4),
        ("😀", 5),
        ("🙁 niet zo goed", 2),
        ("niet slecht", 4),
        ("helemaal niet goed", 1),
        ("superrrr", 5),
        ("best goed hoor", 4),
    ],
)
def test_free_text_maps_to_the_smiley_scale(text, score):
    assert read_score(text) == score


@pytest.mark.parametrize("text", ["banaan", "", "7", "ik weet het niet", "mijn buurvrouw", "0"])
def test_no_score_where_there_is_none(text):
    assert read_score(text) is None


def test_the_scale_has_five_steps_with_a_smiley_and_a_label():
    assert [(s.score, bool(s.emoji), bool(s.label)) for s in scale()] == [(n, True, True) for n in range(1, 6)]


@pytest.mark.parametrize(
    "text, score",
    [
        ("niet zo geweldig", 2),
        ("nie echt lekker", 2),
        ("nit zo goed", 2),
        ("het gaat ontzettend slecht", 1),
        ("niet slecht", 4),
        ("gaat gewoon goed", 4),
        ("helemaal niet goed", 1),
    ],
)
def test_negation_and_fillers(text, score):
    assert read_score(text) == score


def test_a_close_spelling_never_turns_one_word_into_another():
    assert read_score("kan niet slechter") != 5  # not "kan niet beter"
