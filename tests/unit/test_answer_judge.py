"""The answer judge (bot/understanding/answer_judge.py): the last word on "store it, or ask first".

- what a resident meets: a reading the judge trusts is stored, one it does not is confirmed with
  one tap; what the reader knows best (a short answer, a typed number, a sure reading with nothing
  beside it) keeps the reader's own confidence; nothing read stays nothing;
- its weights are content, checked when loaded, with errors that name the file.
The effect on the blind answers is gated in tests/unit/test_answer_model.py.
"""

from pathlib import Path

import pytest

from bot.content.errors import ContentError
from bot.understanding.answer_judge import Judge, judge, judged, load_judge
from bot.understanding.scale_reader import NONE, ScaleReading

LONG = 12  # words: an answer the judge reads
SURE_OF_EVERYTHING = Judge(store_from=0.5, intercept=50.0, weights={})
SURE_OF_NOTHING = Judge(store_from=0.5, intercept=-50.0, weights={})
PROBABILITIES = {
    "1": 0.05,
    "2": 0.6,
    "3": 0.2,
    "4": 0.05,
    "5": 0.02,
    "skipped": 0.02,
    "dont_know": 0.02,
    "not_applicable": 0.02,
    "other": 0.02,
}
UNSURE_SCORE = ScaleReading("score", 2, 0.6, "ik heb schulden bij de energie", "term_in_story")
SURE_SCORE = ScaleReading("score", 2, 0.9, "ik heb schulden bij de energie", "term")


def test_a_trusted_reading_is_stored_and_a_distrusted_one_is_confirmed():
    assert not judged(UNSURE_SCORE, UNSURE_SCORE, PROBABILITIES, LONG, SURE_OF_EVERYTHING).needs_confirmation
    assert judged(SURE_SCORE, SURE_SCORE, PROBABILITIES, LONG, SURE_OF_NOTHING).needs_confirmation


def test_the_judge_changes_how_sure_a_reading_is_never_what_it_says():
    for chosen in (SURE_OF_EVERYTHING, SURE_OF_NOTHING):
        reading = judged(UNSURE_SCORE, UNSURE_SCORE, PROBABILITIES, LONG, chosen)
        assert (reading.kind, reading.value, reading.story) == ("score", 2, UNSURE_SCORE.story)


@pytest.mark.parametrize(
    "words, reading, count",
    [
        (UNSURE_SCORE, UNSURE_SCORE, 3),  # a short answer: the words know best
        (ScaleReading("score", 4, 0.6, "het is een mooi huis met veel licht", "digit"),) * 2 + (LONG,),  # a number typed
        (ScaleReading("score", 2, 0.6, None, "term_sarcasm"),) * 2 + (LONG,),  # praise with an eye roll
        (ScaleReading("score", 5, 0.9, None, "idiom"),) * 2 + (LONG,),  # sure, nothing beside the rating
    ],
)
def test_what_the_reader_knows_best_keeps_its_own_confidence(words, reading, count):
    for chosen in (SURE_OF_EVERYTHING, SURE_OF_NOTHING):
        assert judged(words, reading, PROBABILITIES, count, chosen) == reading


def test_nothing_read_stays_nothing():
    assert judged(NONE, NONE, PROBABILITIES, LONG, SURE_OF_EVERYTHING) == NONE


def test_the_shipped_judge_loads_and_stores_only_what_it_finds_right_most_often():
    shipped = judge()
    assert 0.9 <= shipped.store_from < 1.0 and shipped.weights


@pytest.mark.parametrize(
    "content, problem",
    [
        ('{"store_from": 1.5, "intercept": 0.0, "weights": {}}', "store_from"),
        ('{"store_from": 0.9, "intercept": 0.0, "weights": {"spelling": 1.0}}', "spelling"),
        ('{"store_from": 0.9, "intercept": 0.0, "weights": {"model_top": .nan}}', "model_top"),
        ('{"store_from": 0.9, "weights": {}}', "intercept"),
    ],
)
def test_a_broken_judge_file_is_refused_with_its_name_and_the_problem(tmp_path: Path, content, problem):
    path = tmp_path / "answer_judge.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_judge(path)
    assert "answer_judge.yml" in str(error.value) and problem in str(error.value)
