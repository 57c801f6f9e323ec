"""action_handle_turn with rasa_sdk's CollectingDispatcher and real Tracker objects."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handle_turn import ActionHandleTurn, user_message_from
from bot.dialogue import Guide


def tracker_for(sender, text, intent, confidence=0.9, slots=None, entities=()):
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [dict(entity) for entity in entities],
        "intent_ranking": [{"name": intent, "confidence": confidence}],
    }
    return Tracker(sender, slots or {}, latest, [], False, None, {}, "action_listen")


@pytest.fixture
def action(sqlite_store):
    return ActionHandleTurn(Guide(sqlite_store))


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def test_first_message_gets_explanation_and_consent_buttons_and_no_consent_slot(action):
    messages, slots = run(action, tracker_for("rest:a", "hoi", "greet"))
    assert messages[-1]["buttons"] == [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]
    assert slots["consent"] is False and slots["dialogue_state"]["step"] == "consent"


def test_state_travels_through_slots_and_the_rating_is_stored(action, sqlite_store):
    _, slots = run(action, tracker_for("rest:a", "hoi", "greet"))
    _, slots = run(action, tracker_for("rest:a", "/affirm", "affirm", 1.0, slots))
    assert slots["consent"] is True and slots["dialogue_state"]["step"] == "life_rating"
    messages, slots = run(action, tracker_for("rest:a", "ik geef het een zes", "give_rating", 0.8, slots))
    assert any("een 6" in m["text"] for m in messages)
    assert sqlite_store.export_participant("rest:a")["measurements"][0]["life_rating"] == 6


def test_events_are_slot_sets_only(action):
    events = ActionHandleTurn.run(action, CollectingDispatcher(), tracker_for("rest:b", "hoi", "greet"), {})
    assert events == [SlotSet("dialogue_state", events[0]["value"]), SlotSet("consent", False)]


def test_user_message_from_latest_message_keeps_intent_confidence_and_entities():
    message = user_message_from(
        {
            "text": "bij wonen bedoelde ik slecht",
            "intent": {"name": "correct_answer", "confidence": 0.77},
            "entities": [{"entity": "domain", "value": "wonen", "start": 4, "end": 9}],
        }
    )
    assert (message.intent, message.confidence) == ("correct_answer", 0.77)
    assert message.entities == ({"entity": "domain", "value": "wonen"},)


def test_an_empty_latest_message_does_not_crash(action):
    dispatcher = CollectingDispatcher()
    tracker = Tracker("rest:c", {}, {}, [], False, None, {}, "action_listen")
    action.run(dispatcher, tracker, {})
    assert dispatcher.messages


def user_event(text, intent, confidence=0.95):
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": [],
            "intent_ranking": [{"name": intent, "confidence": confidence}],
        },
    }


def answered(state):
    return [{"event": "action", "name": "action_handle_turn"}, {"event": "slot", "name": "dialogue_state", "value": state}]


def test_what_was_said_while_the_action_server_was_down_is_stored_when_it_returns(action, sqlite_store):
    _, slots = run(action, tracker_for("rest:outage", "hoi", "greet"))
    _, slots = run(action, tracker_for("rest:outage", "/affirm", "affirm", 1.0, slots))
    history = [
        user_event("hoi", "greet"),
        *answered({}),
        user_event("/affirm", "affirm"),
        *answered(slots["dialogue_state"]),
        user_event("een 8", "give_rating"),
        {"event": "action", "name": "action_handle_turn"},
    ]  # the action failed here
    latest = tracker_for("rest:outage", "werk", "choose_domain", 0.95, slots, [{"entity": "domain", "value": "werk"}])
    latest.events = history + [user_event("werk", "choose_domain")]
    _, slots = run(action, latest)
    assert sqlite_store.export_participant("rest:outage")["measurements"][0]["life_rating"] == 8
    assert slots["dialogue_state"]["step"] == "domain_score" and slots["dialogue_state"]["order"][0] == "werk"


def test_a_resent_message_after_an_outage_is_handled_once(action, sqlite_store):
    _, slots = run(action, tracker_for("rest:retry", "hoi", "greet"))
    _, slots = run(action, tracker_for("rest:retry", "/affirm", "affirm", 1.0, slots))
    retry = tracker_for("rest:retry", "7", "give_rating", 0.95, slots)
    retry.events = [
        user_event("7", "give_rating"),
        {"event": "action", "name": "action_handle_turn"},
        user_event("7", "give_rating"),
    ]
    _, slots = run(action, retry)
    assert slots["dialogue_state"]["step"] == "first_domain"
    assert sqlite_store.export_participant("rest:retry")["measurements"][0]["life_rating"] == 7


def test_when_storage_fails_no_state_is_saved_so_the_message_is_handled_again(action, sqlite_store, monkeypatch):
    from sqlalchemy.exc import OperationalError

    _, slots = run(action, tracker_for("rest:db", "hoi", "greet"))
    _, slots = run(action, tracker_for("rest:db", "/affirm", "affirm", 1.0, slots))

    def database_down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("database is down"))

    with monkeypatch.context() as patch:
        patch.setattr(sqlite_store, "set_life_rating", database_down)
        dispatcher = CollectingDispatcher()
        events = action.run(dispatcher, tracker_for("rest:db", "6", "give_rating", 0.95, slots), {})
    assert events == [] and "niet om je antwoord te bewaren" in dispatcher.messages[0]["text"]
    later = tracker_for("rest:db", "werk", "choose_domain", 0.95, slots, [{"entity": "domain", "value": "werk"}])
    later.events = [
        user_event("6", "give_rating"),
        {"event": "action", "name": "action_handle_turn"},
        user_event("werk", "choose_domain"),
    ]
    _, slots = run(action, later)
    assert sqlite_store.export_participant("rest:db")["measurements"][0]["life_rating"] == 6
    assert slots["dialogue_state"]["step"] == "domain_score"
