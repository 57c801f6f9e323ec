"""Tracker events to turns, and to an anonymised test story (no Rasa needed)."""

import yaml

from bot.replay.render import render_plain, turn_lines
from bot.replay.sources import Replay
from bot.replay.to_story import story_steps, to_story_yaml
from bot.replay.turns import turns_from_events


def user(text, intent, confidence=0.9, entities=(), runner_up=("affirm", 0.05)):
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": confidence},
            "entities": list(entities),
            "intent_ranking": [{"name": intent, "confidence": confidence}, {"name": runner_up[0], "confidence": runner_up[1]}],
        },
    }


def action(name="action_handle_turn", policy="RulePolicy", confidence=1.0):
    return {"event": "action", "name": name, "policy": policy, "confidence": confidence}


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def bot(text, buttons=()):
    return {"event": "bot", "text": text, "data": {"buttons": [{"title": b, "payload": "/x"} for b in buttons]}}


PLANTED = "Ik ben Fatima en ik woon op de Kerkstraat 12, bel 06-12345678. Mijn werk gaat slecht"
EVENTS = [
    action("action_session_start", None, None),
    slot("dialogue_state", None),
    action("action_listen"),
    user("hoi", "greet", 0.98),
    action(),
    bot("Hoi. Ik help je.", ["Ja", "Nee"]),
    slot("dialogue_state", {"step": "consent"}),
    slot("consent", False),
    action("action_listen"),
    user("/affirm", "affirm", 1.0),
    action(),
    bot("Fijn."),
    slot("dialogue_state", {"step": "life_rating"}),
    slot("consent", True),
    action("action_listen"),
    user(
        PLANTED,
        "share_experience",
        0.71,
        entities=[
            {
                "entity": "domain",
                "value": "werk",
                "start": PLANTED.index("werk"),
                "end": PLANTED.index("werk") + 4,
                "extractor": "DIETClassifier",
            }
        ],
    ),
    action(),
    bot("Dank je."),
    slot("dialogue_state", {"step": "life_rating"}),
    action("action_listen"),
]


def test_events_become_turns_with_what_a_trainer_needs():
    turns = turns_from_events(EVENTS)
    assert [t.user for t in turns][:2] == ["hoi", "/affirm"]
    first = turns[0]
    assert first.intent == ("greet", 0.98) and first.runner_up == ("affirm", 0.05)
    assert first.actions == [("action_handle_turn", "RulePolicy", 1.0)]
    assert first.replies == ["Hoi. Ik help je. [Ja | Nee]"]
    assert ("dialogue_state", "step - -> consent") in first.slots and ("consent", "- -> False") in first.slots
    assert turns[1].slots == [("dialogue_state", "step consent -> life_rating"), ("consent", "False -> True")]
    assert turns[2].slots == [] and turns[2].entities == [("domain", "werk")]
    lines = dict(turn_lines(first))
    assert lines["intent"] == "greet (0.98); runner-up affirm (0.05)"


def test_plain_rendering_shows_every_turn():
    import io

    out = io.StringIO()
    render_plain(Replay("test", turns_from_events(EVENTS), ["Tip 1: vraag door"]), out)
    text = out.getvalue()
    assert "-- turn 3" in text and "action_handle_turn by RulePolicy (1.00)" in text and "Tip 1: vraag door" in text


def test_a_stored_conversation_becomes_an_anonymised_test_story():
    steps = story_steps(EVENTS)
    assert steps[0] == {"user": "hoi", "intent": "greet"} and steps[1] == {"action": "action_handle_turn"}
    assert steps[2] == {"intent": "affirm"}  # a button: its intent, no text
    anonymised = steps[4]["user"]
    for planted in ("Fatima", "Kerkstraat", "06-12345678"):
        assert planted not in anonymised
    assert '[werk]{"entity": "domain"}' in anonymised and "<NAAM>" in anonymised and "<TELEFOON>" in anonymised
    story = yaml.safe_load(to_story_yaml(EVENTS, "a failed conversation"))
    assert story["stories"][0]["story"] == "a failed conversation" and story["version"] == "3.1"
    assert all(
        "action_session_start" not in str(step) and "action_listen" not in str(step) for step in story["stories"][0]["steps"]
    )
