"""Feedback on the scripted practice conversations (acts given as the NLU would label them)."""

from pathlib import Path

import pytest
import yaml

from bot.content import load_instrument, load_texts
from bot.content.personas import load_personas
from bot.practice.feedback import assess, render
from bot.practice.moves import WORKER_ACTS, WorkerMove
from bot.replay.stories import ROOT, stories_in, user_turns
from bot.understanding.domains import find_domains
from bot.understanding.question_form import question_form

PACK = ROOT / "bot" / "content" / "training" / "practice_conversations.yml"
BOARD = load_instrument()


def worker_turns(story_name):
    """The worker's turns of a training-pack story: [{'text', 'act'}] (start, persona and stop left out)."""
    story = stories_in(PACK)[story_name]
    return [{"text": turn["message"], "act": turn["intent"]} for turn in user_turns(story) if turn["intent"] in WORKER_ACTS]


SCRIPTED = [
    dict(c, name=c["story"], turns=worker_turns(c["story"]))
    for c in yaml.safe_load((Path(__file__).parent / "scripted.yml").read_text(encoding="utf-8"))["conversations"]
]


def labelled_moves(conversation):
    return [
        WorkerMove(turn["act"], question_form(turn["text"]), tuple(find_domains(turn["text"], BOARD)))
        for turn in conversation["turns"]
    ]


def check_expectations(figures, expect):
    """Shared with the integration test: the feedback says what a trainer would say."""
    domains, questions = figures["domains"], figures["questions"]
    if "explored" in expect:
        assert domains["explored"] == expect["explored"]
    for key in expect.get("explored_includes", ()):
        assert key in domains["explored"], key
    if "missed_important" in expect:
        assert domains["missed_important"] == expect["missed_important"]
    for key in expect.get("missed_important_includes", ()):
        assert key in domains["missed_important"], key
    for field in ("asked_wish", "asked_strength"):
        if field in expect:
            assert figures["own_view"][field] is expect[field], field
    if "advice_before_own_view" in expect:
        assert figures["advice"]["before_own_view"] is expect["advice_before_own_view"]
    if "professionals_before_own_view" in expect:
        assert figures["professionals"]["before_own_view"] is expect["professionals_before_own_view"]
    if "open_ratio_below" in expect:
        assert questions["open_ratio"] < expect["open_ratio_below"]
    if "open_ratio_at_least" in expect:
        assert questions["open_ratio"] >= expect["open_ratio_at_least"]
    tips = [tip["key"] for tip in figures["tips"]]
    if "tips" in expect:
        assert tips == expect["tips"]
    assert not set(tips) & set(expect.get("tips_exclude", ()))


@pytest.mark.parametrize("conversation", SCRIPTED, ids=[c["name"] for c in SCRIPTED])
def test_scripted_conversation_gets_the_right_feedback(conversation):
    persona = load_personas()[conversation["persona"]]
    figures = assess(labelled_moves(conversation), persona, BOARD)
    check_expectations(figures, conversation["expect"])


def test_only_asking_about_work_names_the_missed_domains_and_a_concrete_tip():
    conversation = next(c for c in SCRIPTED if c["name"] == "vast in het eerste probleem (Robert)")
    persona = load_personas()["robert"]
    messages = render(assess(labelled_moves(conversation), persona, BOARD), persona, BOARD, load_texts("practice.yml"))
    text = "\n".join(messages)
    assert "1 van de 14" in text
    assert "Wonen" in text and "Hoe je je voelt" in text and "Juist daar speelt veel bij Robert" in text
    assert "0 open en 3 gesloten" in text
    assert "gevraagd wat Robert zelf wil: nee" in text
    assert "voordat je wist wat Robert zelf wil" in text
    tips = [message for message in messages if message.startswith("Tip")]
    assert len(tips) == 2 and all("Bijvoorbeeld:" in tip for tip in tips)


def test_a_missed_domain_tip_uses_the_personas_example_question():
    persona = load_personas()["robert"]
    figures = assess(
        [WorkerMove("worker_ask_wish", "open", ("werk",)), WorkerMove("worker_ask_strength", "open", ())], persona, BOARD
    )
    assert figures["tips"][0] == {"key": "missed_important", "domain": "wonen"}
    text = "\n".join(render(figures, persona, BOARD, load_texts("practice.yml")))
    assert persona.domains["wonen"].example_question in text


def test_an_empty_session_still_gets_feedback_without_dividing_by_zero():
    persona = load_personas()["henk"]
    figures = assess([], persona, BOARD)
    assert figures["questions"]["open_ratio"] is None and figures["turns"] == 0
    messages = render(figures, persona, BOARD, load_texts("practice.yml"))
    assert "geen van de 14" in messages[1] and any(m.startswith("Tip 1") for m in messages)
