"""The trained model reads worker moves well enough, on moves written blind to the training data
(tests/nlu/practice_moves.yml). Measured figures and the command are in docs/benchmarks.md."""

import asyncio
from pathlib import Path

import pytest
import yaml

from bot.practice.evaluation import evaluate_moves
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

MODEL = ROOT / "models" / "wat-telt.tar.gz"
MOVES = yaml.safe_load((Path(__file__).parent.parent / "nlu" / "practice_moves.yml").read_text(encoding="utf-8"))["moves"]
MIN_ACT_ACCURACY = 0.80
MIN_FORM_ACCURACY = 0.95
MIN_DOMAIN_EXACT = 0.80


@pytest.fixture(scope="module")
def figures():
    from rasa.core.agent import Agent

    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make setup` first")
    agent = Agent.load(str(MODEL))
    loop = asyncio.new_event_loop()
    try:
        parsed = {m["text"]: loop.run_until_complete(agent.parse_message(m["text"])) for m in MOVES}
    finally:
        loop.close()
    return evaluate_moves(parsed.__getitem__, MOVES)


def test_the_held_out_set_covers_every_act_and_domain():
    assert len(MOVES) >= 150
    assert {m["act"] for m in MOVES} >= {
        "worker_explore",
        "worker_ask_wish",
        "worker_ask_strength",
        "worker_reflect",
        "worker_advise",
        "worker_about_professionals",
        "worker_introduce",
    }
    assert len({d for m in MOVES for d in m["domains"]}) == 14


def test_worker_acts_are_recognised(figures):
    assert figures["act_accuracy"] >= MIN_ACT_ACCURACY, (figures["confusions"], figures["misses"][:20])
    assert min(figures["act_recall"].values()) >= 0.6, figures["act_recall"]


def test_open_and_closed_questions_are_told_apart(figures):
    assert figures["form_accuracy"] >= MIN_FORM_ACCURACY


def test_the_domains_of_a_move_are_found(figures):
    assert figures["domain_exact"] >= MIN_DOMAIN_EXACT
