"""The worker-move reader (bot/flows/practice/moves.py), plain Python: acts, question form,
jargon, broad questions and aims; and its figures on the development and the blind held-out sets."""

from pathlib import Path

import pytest
import yaml

from bench.worker_moves_eval import SETS, evaluate
from bot.content import load_instrument
from bot.flows.practice.lexicon import move_examples
from bot.flows.practice.moves import read_move, real_questions
from bot.understanding.text import fold

INSTRUMENT = load_instrument()


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("Hoe gaat het met je werk?", "open_question"),
        ("Kunt u vertellen hoe uw week eruitziet?", "open_question"),
        ("Slaap je goed?", "closed_question"),
        ("Weet je wat er verandert als je achttien wordt?", "closed_question"),
        ("Hoe gaat het met je werk en hoe slaap je?", "double_question"),
        ("Kom je rond of heb je schulden?", "double_question"),
        ("Je bent toch wel blij met je flat?", "leading_question"),
        ("Dus werken vind je eigenlijk wel prima?", "reflection"),
        ("Je bent moe, klopt dat?", "reflection"),
        ("Even samenvatten: je werkt drie dagen, je flat is nog wennen en je slaapt slecht.", "summary"),
        ("Je moet gewoon gaan solliciteren.", "advice"),
        ("Hoi, ik ben Sanne van het wijkteam.", "introduce"),
        ("Dank je wel. Zullen we afspreken dat ik volgende week terugkom?", "closing"),
    ],
)
def test_acts(text, act):
    assert read_move(text, INSTRUMENT).act == act


def test_a_check_tag_is_no_second_question_and_a_subordinate_clause_neither():
    assert len(real_questions("Je bent moe, klopt dat?")) == 0
    assert len(real_questions("Hoe is het voor je, nu je alleen woont?")) == 1
    assert len(real_questions("Drink je alcohol en zo ja hoeveel?")) == 2


def test_jargon_broad_and_aims():
    move = read_move("Speelt er verder nog iets, ook op het gebied van je zelfredzaamheid?", INSTRUMENT)
    assert move.broad and move.jargon == ("zelfredzaamheid",)
    assert read_move("Wat zou jij zelf willen?", INSTRUMENT).aims_at("wish")
    assert read_move("Kun je in je eigen woorden zeggen wat we afspreken?", INSTRUMENT).aims_at("understanding")
    assert read_move("Voel jij je veilig thuis?", INSTRUMENT).aims_at("safety")
    assert read_move("Ik bespreek niets zonder jouw toestemming.", INSTRUMENT).aims_at("confidentiality")
    assert not read_move("Hoe gaat het met je werk?", INSTRUMENT).jargon


def test_the_training_examples_share_no_line_with_the_blind_held_out_set():
    heldout = SETS["heldout"]
    if not heldout.exists():
        pytest.skip("no held-out set")
    blind = {" ".join(fold(item["text"]).split()) for item in yaml.safe_load(heldout.read_text())["moves"]}
    trained = {" ".join(fold(text).split()) for examples in move_examples().acts.values() for text in examples}
    shared = len(blind & trained)
    assert shared == 0, f"{shared} training lines are held-out lines: remove them (the lines are not shown here)"


def test_the_development_sets_are_read_well():
    for name in ("dev", "dev2"):
        figures = evaluate(yaml.safe_load(Path(SETS[name]).read_text())["moves"])
        assert figures["act_accuracy"] >= 0.9 and figures["all_acts_at_least_0_85"], (name, figures["per_act_accuracy"])


def test_every_act_of_the_blind_held_out_set_is_read_right_at_least_85_percent():
    if not SETS["heldout"].exists():
        pytest.skip("no held-out set")
    figures = evaluate(yaml.safe_load(SETS["heldout"].read_text())["moves"])
    figures.pop("_rows")  # aggregates only: the held-out lines are never shown
    assert figures["lines"] >= 200
    assert figures["all_acts_at_least_0_85"], figures["per_act_accuracy"]
