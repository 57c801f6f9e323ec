"""The scale reader's learned second opinion (bot/understanding/answer_model.py, trained on
bot/content/answer_training.yml, used by bot/understanding/scale_reader.py).

- what a resident meets: an answer the word lists cannot read is proposed with one tap or stored,
  a sure reading the model strongly doubts is asked back, an unsure one it agrees with is stored;
- its fast scorer equals scikit-learn's; the built file is used only when it fits the training
  data; the training data holds the development answers and nothing of the held-out sets;
- the training file is checked when loaded, with errors that name the file;
- the quality gate on the blind held-out answers: at least the measured share stored right, at
  most the measured share stored wrong (aggregate figures only).
"""

import json
from pathlib import Path

import pytest
import yaml

from bench.answers_heldout import evaluate, load_answers
from bot.content.errors import ContentError
from bot.content.instruments import load_instrument
from bot.understanding.answer_model import (
    LABELS,
    TRAINING_FILE,
    answer_model,
    fingerprint,
    load_or_train,
    read_training,
    train,
)
from bot.understanding.message import UserMessage
from bot.understanding.scale_reader import ScaleReading, read_by_words, read_scale_answer, with_learned_opinion
from bot.understanding.text import normalise
from bot.understanding.tfidf import char_ngrams, word_ngrams
from tests.conftest import ROOT

DEV_SETS = sorted((ROOT / "tests" / "dev").glob("answers_dev*.yml"))
BLIND_SETS = sorted((ROOT / "tests" / "heldout").glob("answers*.yml"))  # answers.yml and every answers_fresh*.yml


def scale():
    return load_instrument().scale


def sure_of(label: str, probability: float = 0.97):
    rest = (1 - probability) / (len(LABELS) - 1)
    return {name: (probability if name == label else rest) for name in LABELS}


# --- what the resident meets ---------------------------------------------------------------------
def test_an_answer_the_word_lists_cannot_read_gets_a_smiley_instead_of_the_question_again():
    text = "weinig vrije tijd, werk en kinderen"
    assert read_by_words(UserMessage(text), scale()).kind == "none"
    reading = read_scale_answer(UserMessage(text), scale())
    assert (reading.kind, reading.value) == ("score", 2)


def test_where_the_words_read_nothing_a_sure_model_is_stored_and_a_less_sure_one_confirmed_with_one_tap():
    nothing = ScaleReading("none", None, 0.0, None)
    stored = with_learned_opinion(nothing, sure_of("2", 0.97))
    assert (stored.value, stored.needs_confirmation) == (2, False)
    proposed = with_learned_opinion(nothing, sure_of("skipped", 0.6))
    assert (proposed.kind, proposed.needs_confirmation) == ("skipped", True)
    assert with_learned_opinion(nothing, sure_of("4", 0.2)).kind == "none"
    assert with_learned_opinion(nothing, sure_of("other", 0.9)).kind == "none"


def test_a_sure_reading_of_a_short_answer_is_kept_whatever_the_model_says():
    sure = ScaleReading("score", 4, 0.9, None)
    assert with_learned_opinion(sure, sure_of("1", 0.99), word_count=2) == sure


def test_a_sure_score_in_a_longer_answer_that_the_model_doubts_is_confirmed_with_one_tap_as_the_words_read_it():
    sure = ScaleReading("score", 4, 0.9, "de huur is hoog")
    doubted = with_learned_opinion(sure, sure_of("1", 0.7), word_count=6)
    assert (doubted.kind, doubted.value, doubted.story, doubted.needs_confirmation) == ("score", 4, "de huur is hoog", True)
    assert with_learned_opinion(sure, sure_of("4", 0.7), word_count=6) == sure  # the model agrees
    assert with_learned_opinion(sure, sure_of("1", 0.3), word_count=6) == sure  # the model is unsure


def test_an_unsure_reading_is_stored_only_when_the_model_is_very_sure_of_the_same_meaning():
    unsure = ScaleReading("score", 2, 0.6, "de huur")
    agreed = with_learned_opinion(unsure, sure_of("2", 0.99))
    assert (agreed.value, agreed.needs_confirmation, agreed.story) == (2, False, "de huur")
    assert with_learned_opinion(unsure, sure_of("2", 0.8)).needs_confirmation


def test_an_unsure_reading_gives_way_to_the_model_when_the_model_is_sure_of_another_meaning():
    unsure = ScaleReading("score", 2, 0.6, "de huur")
    proposed = with_learned_opinion(unsure, sure_of("dont_know", 0.8))
    assert (proposed.kind, proposed.value, proposed.story, proposed.needs_confirmation) == ("dont_know", None, "de huur", True)
    stored = with_learned_opinion(unsure, sure_of("3", 0.99))
    assert (stored.kind, stored.value, stored.needs_confirmation) == ("score", 3, False)
    assert with_learned_opinion(unsure, sure_of("3", 0.5)) == unsure  # the model is not sure enough
    assert with_learned_opinion(unsure, sure_of("other", 0.99)) == unsure  # "no answer" never replaces a reading


def test_a_question_or_a_greeting_is_no_answer_for_the_model_either():
    for text in ("kan ik iemand spreken?", "hoi", "wat bedoel je"):
        assert read_scale_answer(UserMessage(text), scale()).kind == "none", text


def test_buttons_and_other_scales_are_read_without_the_model():
    button = read_scale_answer(UserMessage("", choice="score:5"), scale())
    assert (button.value, button.basis) == (5, "button")


# --- the model ---------------------------------------------------------------------------------------
def test_the_fast_scorer_gives_what_scikit_learn_gives():
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    examples = read_training()[::6]
    model = train(examples, c=8.0)
    texts = [normalise(example.text) for example in examples]
    words = TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True, lowercase=False)
    chars = TfidfVectorizer(analyzer=char_ngrams, sublinear_tf=True, lowercase=False, min_df=2)
    matrix = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    reference = LogisticRegression(C=8.0, max_iter=3000).fit(matrix, [example.label for example in examples])
    unseen = ["niet zo best eigenlijk", "weet ik echt niet", "heb geen kinderen", "top geregeld 👍"]
    expected = reference.predict_proba(hstack([words.transform(unseen), chars.transform(unseen)]).tocsr())
    for text, row in zip(unseen, expected):
        got = model.probabilities(text)
        for label, probability in zip(reference.classes_, row):
            assert got[label] == pytest.approx(probability, abs=1e-4)


def test_the_built_file_is_used_only_when_it_was_built_from_this_training_data(tmp_path: Path):
    built = tmp_path / "answer-model.json"
    stale = answer_model().to_json()
    stale["fingerprint"] = "built-from-other-data"
    stale["intercepts"] = [0.0] * len(LABELS)
    built.write_text(json.dumps(stale), encoding="utf-8")
    model = load_or_train(built=built)
    assert model.fingerprint == fingerprint(TRAINING_FILE.read_text(encoding="utf-8"))
    assert model.intercepts != tuple(stale["intercepts"])


def test_the_training_data_holds_the_development_answers_and_nothing_of_the_held_out_sets():
    trained = {normalise(example.text) for example in read_training()}
    held_out = {
        normalise(answer["text"])
        for path in [*BLIND_SETS, ROOT / "tests" / "nlu" / "scores_holdout.yml"]
        for answer in load_answers(path)
    }
    assert not held_out & trained
    for path in DEV_SETS:
        assert {normalise(answer["text"]) for answer in load_answers(path)} - held_out <= trained, path.name


@pytest.mark.parametrize(
    "content, problem",
    [
        ({label: ["goed"] for label in LABELS if label != "5"}, "needs a list of answers for each of"),
        ({**{label: ["goed"] for label in LABELS}, "3": []}, "3: needs a list of answers"),
        ({**{label: ["goed"] for label in LABELS}, "4": ["  "]}, "4: every entry must be an answer"),
    ],
)
def test_a_broken_training_file_is_refused_with_its_name_and_the_place(tmp_path: Path, content, problem):
    path = tmp_path / "answer_training.yml"
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        read_training(path)
    assert str(path) in str(error.value) and problem in str(error.value)


# --- the quality gate on blind answers (figures only) ------------------------------------------------
# Measured with the words and this model, without Rasa's intents (bench/answers_heldout.py --file F).
# Eighth session: every gate set again to what the reader measures with the answer judge
# (bot/understanding/answer_judge.py), and again after answers_dev47-50 joined the model's training and the
# judge was fitted again (store_from 0.95 -> 0.955 by its rule); the figures in the comments below are the
# history before the judge. Each gate allows one answer either way: build/answer-model.json is fitted
# by `make setup` on the machine that runs the tests, and its floating point follows the CPU's maths
# library (eleventh session: fresh20 read 159 of 350 right here where CI had read 160 at the same commit).
MEASURED = {
    # after round 27 (the learned model retrained with answers_dev10 to _dev27; docs/benchmarks.md). Round 22
    # confirms a skip or not-applicable inside a long story: fewer stored wrong, a few fewer stored right.
    "answers.yml": {"right": 0.758, "wrong": 0.007},
    # fresh: 0.71% stored wrong after round 14, one more after the round-15 retrain
    "answers_fresh.yml": {"right": 0.725, "wrong": 0.004},  # 0.732 -> 0.725 after the round-59 retrain
    # fresh2: 1.43% after round 15, two more after the round-16 retrain, one fewer after round 20, one more after
    # the round-25 retrain, one more after the round-28 retrain
    "answers_fresh2.yml": {
        "right": 0.645,
        "wrong": 0.012,
    },  # 0.605 stored right after the round-33 retrain; 0.660 -> 0.646 after round 52
    "answers_fresh3.yml": {
        "right": 0.697,
        "wrong": 0.003,
    },  # measured once after round 8; 0.29% after round 24; after round 54 0 or 1 of 350 wrong, 0.697 right
    "answers_fresh4.yml": {
        "right": 0.56,
        "wrong": 0.003,
    },  # measured once after round 10 (0.449), again after 11-27; 0.86% stored wrong after the round-35 retrain; 0 -> 1 after round 52
    # fresh5: measured once after round 13 (0.626 / 0.57%); 0.29% after 14-16, 0.57% after the round-17 retrain,
    # 1.14% after the round-23 retrain, 0.86% after round 24
    "answers_fresh5.yml": {
        "right": 0.637,
        "wrong": 0.003,
    },  # 0.622 stored right after the round-29 retrain; 0.646 -> 0.637 after round 52
    # fresh6: measured once after round 17 (0.469 / 0.886 / 0.86%); 0.57% after 19, 0.86% after the round-22 retrain
    "answers_fresh6.yml": {
        "right": 0.511,
        "wrong": 0.009,
    },  # 0.469 stored right after the round-34 retrain; 0.57% after the round-36 retrain
    # fresh7: measured once before round 20 (0.357 / 0.766 / 2.57%); 2.0% after round 22, 2.29% after round 24,
    # 2.0% after round 25, 2.29% after the round-26 retrain
    # 0.348 after round 29; 2.57% stored wrong after the round-31 retrain; 2.0% -> 2.29% after the round-59 retrain
    "answers_fresh7.yml": {"right": 0.385, "wrong": 0.023},
    # fresh8: measured once after round 22 (0.337 / 0.743 / 1.71%); 2.0% after the round-23 retrain; after round 24
    # 1.71% again, 2.0% after the round-25 retrain (0.342 stored right after round 26)
    "answers_fresh8.yml": {
        "right": 0.374,
        "wrong": 0.012,
    },  # 2.29% after the round-31 retrain, 2.57% after round 33; 0.382 -> 0.374 after round 53
    # fresh9: measured once after round 23 (0.520 / 0.874 / 0.86%)
    "answers_fresh9.yml": {"right": 0.602, "wrong": 0.006},  # 0.86% stored wrong after the round-42 retrain (0.554 stored right)
    # fresh10: measured once after round 25 (0.526 / 0.894 / 0.29%)
    "answers_fresh10.yml": {"right": 0.585, "wrong": 0.0},  # 0.591 -> 0.586 after the round-52 retrain
    # fresh11: measured once after round 26 (0.491 / 0.914 / 0.57%); 0.485 stored right after the round-29 retrain
    "answers_fresh11.yml": {"right": 0.565, "wrong": 0.003},
    # fresh12: measured once after round 29 (0.346 / 0.829 / 0.86%)
    "answers_fresh12.yml": {"right": 0.374, "wrong": 0.009},  # 1.14% after the round-31 retrain
    # fresh13: measured once after round 31 (0.371 / 0.829 / 0.29%)
    "answers_fresh13.yml": {
        "right": 0.397,  # 0.405 -> 0.397 after round 53
        "wrong": 0.015,
    },  # 0.57% after the round-33 retrain, 0.366 stored right after round 35; 0.414 / 1.14% -> 0.406 / 1.43% after round 52
    # fresh14: measured once after round 33 (0.377 / 0.854 / 0.57%)
    "answers_fresh14.yml": {"right": 0.42, "wrong": 0.003},  # 0.86% after the round-35 retrain
    # fresh15: measured once after round 34 (0.383 / 0.837 / 0.29%)
    "answers_fresh15.yml": {
        "right": 0.402,
        "wrong": 0.009,
    },  # 0.57% after the round-35 retrain, 0.86% after the round-37 retrain; 0.408 -> 0.402 after round 55
    # fresh16: measured once after round 35 (0.409 / 0.840 / 0.29%)
    "answers_fresh16.yml": {
        "right": 0.434,
        "wrong": 0.003,
    },  # 0.451 -> 0.445 after round 53, 0.440 after round 54, 0.434 after round 55
    # fresh17: measured once after round 35 (0.386 / 0.877 / 0.86%)
    "answers_fresh17.yml": {"right": 0.408, "wrong": 0.006},
    # fresh18: measured once after the round-36 retrain (0.423 / 0.794 / 2.0%)
    "answers_fresh18.yml": {"right": 0.434, "wrong": 0.009},  # 0.420 stored right after the round-37 retrain
    # fresh19: measured once after the round-37 retrain (0.414 / 0.863 / 0.29%); 0.403 stored right after the round-38 retrain
    "answers_fresh19.yml": {"right": 0.434, "wrong": 0.006},
    # fresh20 and fresh21: measured once after rounds 39-46 and their retrain (0.449 / 0.846 / 0.86%; 0.483 / 0.857 / 1.43%)
    "answers_fresh20.yml": {"right": 0.446, "wrong": 0.012},  # 0.457 -> 0.451 after round 53, 0.446 after the round-59 retrain
    "answers_fresh21.yml": {"right": 0.5, "wrong": 0.012},  # 0.509 -> 0.500 after the round-52 retrain
    # fresh22: measured once on 2026-12-06 (seventh session; 0.409 / 0.891 / 0.29%)
    "answers_fresh22.yml": {"right": 0.405, "wrong": 0.003},
    # fresh23: measured once on 2026-12-06 (eighth session), with the answer judge: 0.463 / 0.909 / 0.86%
    # (without the judge it would have been 0.437 / 0.909 / 0.29%); 0.443 / 0.906 / 0.86% after the dev47-50 retrain
    "answers_fresh23.yml": {"right": 0.44, "wrong": 0.009},
    # fresh24: measured once in the tenth session, after the round-51 retrain: 0.529 / 0.900 / 1.71% with the judge
    # (0.517 / 0.900 / 0.86% without it; 0.551 / 1.71% at store_from 0.95, which the judge's rule chose)
    "answers_fresh24.yml": {"right": 0.528, "wrong": 0.018},
    # fresh25: measured once in the eleventh session, after the round-52 retrain: 0.463 / 0.894 / 0.86% with the judge
    # (0.474 / 0.894 / 2.0% without it)
    "answers_fresh25.yml": {"right": 0.454, "wrong": 0.009},  # 0.462 -> 0.454 after round 53
    # fresh26: measured once in the thirteenth session, after the round-53 retrain: 0.589 / 0.880 / 1.43% with the judge
    # (0.600 / 0.880 / 1.14% without it)
    # 206 -> 203 of 350 stored right after the round-56 retrain, 202 after round 58
    "answers_fresh26.yml": {"right": 0.577, "wrong": 0.015},
    # fresh27: measured once in the fourteenth session, after the round-54 retrain: 0.529 / 0.917 / 0.29% with the judge
    # (0.523 / 0.917 / 0.57% without it)
    "answers_fresh27.yml": {"right": 0.528, "wrong": 0.003},
    # fresh28: measured once in the fifteenth session, after the round-55 retrain: 0.440 / 0.874 / 1.43% with the judge
    # (0.431 / 0.874 / 2.0% without it)
    # 0.434 after the round-57 retrain (two answers fewer stored right)
    "answers_fresh28.yml": {"right": 0.434, "wrong": 0.015},
    # fresh29: measured once in the sixteenth session, before round 56: 0.457 / 0.883 / 0.29% with the judge
    # (0.420 / 0.883 / 0.0% without it); 0.454 / 0.886 / 0.57% after the round-56 retrain
    "answers_fresh29.yml": {"right": 0.454, "wrong": 0.006},
    # fresh30: measured once in the seventeenth session, before round 57: 0.471 / 0.854 / 0.57% with the judge;
    # 0.469 / 0.849 / 0.57% after the round-57 retrain (the judge not refitted); 0.466 after round 58
    "answers_fresh30.yml": {"right": 0.466, "wrong": 0.006},
    # fresh31: measured once in the eighteenth session, before round 58: 0.363 / 0.829 / 0.29% with the judge;
    # 0.360 / 0.826 / 0.29% after the round-58 retrain
    "answers_fresh31.yml": {"right": 0.357, "wrong": 0.003},  # 0.36 -> 0.357 after the round-59 retrain
    # fresh32: measured once in the nineteenth session, before round 59: 0.374 / 0.869 / 0.29% with the judge; the same after
    "answers_fresh32.yml": {"right": 0.374, "wrong": 0.003},
    # fresh33: measured once in the nineteenth session, before round 60: 0.417 / 0.914 / 0% with the judge; 0.414 after
    "answers_fresh33.yml": {"right": 0.414, "wrong": 0.0},
}
# Nineteenth session: round 59's word lists alone took the thirty-three sets (with fresh32) from 5,871 to 5,870 stored
# right and kept 82 stored wrong; the retrain with answers_dev59 (the judge not refitted) then gave 5,851 and 79: three
# fewer stored wrong for twenty more confirmed. Four gates moved, named above. Round 60 (answers_dev60 and two English
# words; the model retrained, the judge not): the thirty-three earlier sets 5,851 -> 5,861 stored right, 79 -> 81 stored
# wrong (four sets one up or down, all within their gates).
# Eighteenth session: round 58's word lists alone took the thirty-one earlier sets from 5,610 to 5,611 stored right and
# kept 78 stored wrong; the retrain with answers_dev58 (the judge not refitted) then gave 5,614 and 80 (over all
# thirty-two with fresh31: 5,738 / 79 before the retrain, 5,740 / 81 after). Three gates moved by one answer, named above.
# Seventeenth session: after the round-57 retrain (answers_dev57 in the answer model; the judge was not refitted, its
# folds take about 110 CPU minutes) one gate moved, named above (fresh28 two answers fewer stored right); over the thirty
# earlier sets 0.5171 stored right and 76 of 10,531 stored wrong (0.5162 and 74 before round 57).
# Sixteenth session: after the round-56 retrain (answers_dev56 in the answer model, the judge refitted, its rule kept
# store_from at 0.955) one gate moved, named above (fresh26 three answers fewer stored right than when measured); over
# the twenty-nine earlier sets 0.5183 stored right and 72 of 10,181 stored wrong (0.5147 and 71 before, with round 56's
# word lists).
# Fifteenth session: after the round-55 retrain (answers_dev55 in the answer model, the judge refitted, its rule kept
# store_from at 0.955) two gates moved by two answers each, named above (fresh15, fresh16 fewer stored right); over the
# twenty-eight earlier sets 0.5173 stored right and 66 of 9,831 stored wrong (0.5170 and 71 before).
# Fourteenth session: after the round-54 retrain (answers_dev54 in the answer model, the judge refitted, its rule kept
# store_from at 0.955) two gates moved by one answer each, named above (fresh3 one stored wrong, fresh16 two fewer
# stored right); over the twenty-seven earlier sets 0.5166 stored right and 70 of 9,481 stored wrong (0.5132 and 69 before).
# Thirteenth session: after the round-53 retrain (answers_dev53 in the answer model, the judge refitted, its rule kept
# store_from at 0.955) five gates moved down by two or three answers, named above, while others rose: over the
# twenty-six earlier sets 0.5103 stored right and 64 of 9,131 stored wrong (0.5106 and 65 before).
# Eleventh session: after the round-52 retrain (answers_dev52 in the answer model, the judge refitted, its rule kept
# store_from at 0.955) six gates moved, named above; over the twenty-five sets 0.5127 stored right and 62 of
# 8,781 stored wrong (0.5122 and 62 before).
# Tenth session: every set above is held at its level after the round-51 retrain (answers_dev51 in the answer model
# and the judge refitted, store_from kept at 0.955). Over the twenty-four: 0.512 stored right, 56 of 8,431 stored
# wrong (0.512 and 57 before); per set within one or two answers of the earlier gates, either way.


@pytest.mark.parametrize("blind", BLIND_SETS, ids=lambda path: path.name)
def test_the_blind_answers_keep_the_measured_share_stored_right_and_stored_wrong(blind: Path):
    answers = load_answers(blind)
    rates = evaluate(answers)["rates"]
    summary = {key: rates[key] for key in ("stored_right_without_question", "stored_wrong", "confirmed", "asked_again")}
    one_answer = 1 / len(answers)  # the model is fitted on each machine: its last digits follow the CPU
    assert rates["stored_right_without_question"] >= MEASURED[blind.name]["right"] - one_answer, summary
    assert rates["stored_wrong"] <= MEASURED[blind.name]["wrong"] + one_answer, summary
