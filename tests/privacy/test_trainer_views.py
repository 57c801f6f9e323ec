"""What a trainer sees of a stored conversation holds no personal data: the replay (turns, entity
values, slots, replies, buttons), its JSON for the page, the terminal rendering and the test story;
and participants appear by a keyed pseudonym. Rasa's event format, no Rasa server needed."""

import io
import json

import pytest
import yaml
from sqlalchemy import create_engine, text

from bot.replay.privacy import anonymise_events, participant_label
from bot.replay.render import render_plain
from bot.replay.sources import (
    NotATrainer,
    NoTrainingConsent,
    Replay,
    consenting_pseudonyms,
    resolve_participant,
    stored_conversation,
)
from bot.replay.to_story import story_steps, to_story_yaml
from bot.replay.turns import turns_from_events

SECRET = "a-test-signing-secret-of-at-least-32-characters"
PARTICIPANT = "telegram:987654321"
GOAL = "Ik wil verhuizen naar de Kerkstraat 12, 1234 AB. Mijn bsn is 725763863."
INTRO = "Ik ben Fatima El Amrani, bel me op 06-41 88 27 03 of mail f.elamrani@example.nl"
PLANTED = [
    "Fatima",
    "Amrani",
    "06-41 88 27 03",
    "41 88 27 03",
    "f.elamrani@example.nl",
    "Kerkstraat",
    "1234 AB",
    "725763863",
    "14-07-1979",
    "GX-123-T",
    "NL81RABO0312345678",
    "Pieter",
    "987654321",
]


def user(text_, intent, entities=(), metadata=None):
    return {
        "event": "user",
        "text": text_,
        "parse_data": {
            "text": text_,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": list(entities),
            "intent_ranking": [{"name": intent, "confidence": 0.9}, {"name": "affirm", "confidence": 0.05}],
        },
        "metadata": metadata or {},
    }


def entity(name, in_text, words, value=None):
    start = in_text.index(words)
    return {"entity": name, "start": start, "end": start + len(words), "value": value or words, "extractor": "DIETClassifier"}


def bot(text_, buttons=()):
    return {"event": "bot", "text": text_, "data": {"buttons": [{"title": b, "payload": "/choose"} for b in buttons]}}


def action(name="action_handle_turn"):
    return {"event": "action", "name": name, "policy": "RulePolicy", "confidence": 1.0}


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


WORK = "mijn werk gaat slecht sinds 14-07-1979, mijn auto GX-123-T is weg"
EVENTS = [
    action("action_session_start"),
    action("action_listen"),
    user("hoi", "greet", metadata={"telegram": {"first_name": "Fatima", "id": 987654321}}),
    action(),
    bot("Hoi. Hoe gaat het?", ["Goed", "Slecht"]),
    action("action_listen"),
    user(INTRO, "introduce", [entity("phone", INTRO, "06-41 88"), entity("person", INTRO, "Fatima")]),
    action(),
    bot("Dank je, Fatima. Wat wil je veranderen?", ["Fatima wil niets", "Verder"]),
    slot("goals", [{"domain": "wonen", "text": GOAL}]),
    action("action_listen"),
    user(GOAL, "give_goal", [entity("domain", GOAL, "verhuizen", "wonen")]),
    action(),
    bot("Je wilt verhuizen naar de Kerkstraat. Klopt dat?"),
    action("action_listen"),
    user(WORK, "share_experience", [entity("domain", WORK, "werk")]),
    action(),
    bot("Fatima, je rekening NL81RABO0312345678 en Pieter zijn genoteerd."),
    user('/choose{"choice":"score:3"}', "choose", [{"entity": "choice", "value": "score:3"}]),
    action(),
]


def shown(replay: Replay) -> str:
    """Everything a trainer can see of a replay: the page's JSON and the terminal lines."""
    out = io.StringIO()
    render_plain(replay, out)
    return json.dumps({"title": replay.title, "turns": [t.to_dict() for t in replay.turns]}, ensure_ascii=False) + out.getvalue()


@pytest.fixture(autouse=True)
def signing_secret(monkeypatch):
    monkeypatch.setenv("SIGNING_SECRET", SECRET)
    monkeypatch.setenv("TRAINER_TOKEN", "trainer-token-for-this-test-0123456789")


def test_a_replay_shows_no_planted_detail_in_text_entities_slots_replies_or_buttons():
    seen = shown(Replay("t", turns_from_events(anonymise_events(EVENTS))))
    for planted in PLANTED:
        assert planted not in seen, planted
    for placeholder in (
        "<NAAM>",
        "<TELEFOON>",
        "<EMAIL>",
        "<ADRES>",
        "<POSTCODE>",
        "<BSN>",
        "<GEBOORTEDATUM>",
        "<KENTEKEN>",
        "<IBAN>",
    ):
        assert placeholder in seen, placeholder


def test_the_replay_keeps_what_a_trainer_discusses():
    turns = turns_from_events(anonymise_events(EVENTS))
    assert [t.intent[0] for t in turns] == ["greet", "introduce", "give_goal", "share_experience", "choose"]
    assert ("domain", "werk") in turns[3].entities and ("domain", "wonen") in turns[2].entities
    assert turns[0].replies == ["Hoi. Hoe gaat het? [Goed | Slecht]"] and turns[0].user == "hoi"
    assert turns[4].user == '/choose{"choice":"score:3"}' and ("choice", "score:3") in turns[4].entities


def test_an_entity_over_part_of_a_phone_number_shows_the_placeholder():
    entities = dict(turns_from_events(anonymise_events(EVENTS))[1].entities)
    assert entities == {"phone": "<TELEFOON>", "person": "<NAAM>"}


def test_to_story_anonymises_first_and_never_splits_a_finding_with_an_annotation():
    story = to_story_yaml(EVENTS, "stored")
    for planted in PLANTED + ["41 88", "27 03"]:
        assert planted not in story, planted
    steps = [step for step in story_steps(EVENTS) if "user" in step]
    assert steps[1]["user"] == 'Ik ben [<NAAM>]{"entity": "person"}, bel me op [<TELEFOON>]{"entity": "phone"} of mail <EMAIL>'
    assert '[verhuizen]{"entity": "domain", "value": "wonen"}' in steps[2]["user"] and "<ADRES>" in steps[2]["user"]
    assert steps[3]["user"] == 'mijn [werk]{"entity": "domain"} gaat slecht sinds <GEBOORTEDATUM>, mijn auto <KENTEKEN> is weg'
    assert yaml.safe_load(story)["stories"][0]["steps"][0] == {"user": "hoi", "intent": "greet"}


def test_a_participant_appears_as_a_stable_keyed_pseudonym(monkeypatch):
    label = participant_label(PARTICIPANT)
    assert label.startswith("deelnemer-") and len(label) >= len("deelnemer-") + 6
    assert "987654321" not in label and label == participant_label(PARTICIPANT)
    assert participant_label("telegram:987654322") != label
    monkeypatch.setenv("SIGNING_SECRET", SECRET[::-1])
    assert participant_label(PARTICIPANT) != label  # keyed: without the server secret nobody can make it


# ---- stored conversations in Rasa's SQL tracker store table, with and without consent ----------


@pytest.fixture
def engine(tmp_path):
    from sqlalchemy.orm import Session

    from bot.storage.models import Base, Participant

    engine = create_engine(f"sqlite:///{tmp_path / 'replay.db'}", future=True)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all([Participant(id=PARTICIPANT, training_consent=True), Participant(id="web:no", training_consent=False)])
        session.commit()
    with engine.begin() as connection:
        for sender in (PARTICIPANT, "web:no"):
            for event in EVENTS:
                connection.execute(
                    text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, :t, 0, :d)"),
                    {"s": sender, "t": event["event"], "d": json.dumps(event)},
                )
    yield engine
    engine.dispose()


def test_a_stored_conversation_is_listed_and_replayed_by_pseudonym_only(engine):
    label = participant_label(PARTICIPANT)
    assert consenting_pseudonyms(engine) == [label]
    replay = stored_conversation(engine, resolve_participant(engine, label, pseudonym_only=True))
    seen = shown(replay)
    assert replay.title == f"participant {label}" and PARTICIPANT not in seen
    for planted in PLANTED:
        assert planted not in seen, planted
    assert len(replay.turns) == 5


def test_the_page_never_accepts_a_participant_id_and_consent_is_still_needed(engine):
    with pytest.raises(LookupError):
        resolve_participant(engine, PARTICIPANT, pseudonym_only=True)
    with pytest.raises(LookupError):
        resolve_participant(engine, "deelnemer-NOBODY00", pseudonym_only=True)
    with pytest.raises(NoTrainingConsent) as refused:
        stored_conversation(engine, resolve_participant(engine, participant_label("web:no"), pseudonym_only=True))
    assert "web:no" not in str(refused.value)


def test_stored_conversations_need_the_trainer_token(engine, monkeypatch):
    monkeypatch.delenv("TRAINER_TOKEN")
    with pytest.raises(NotATrainer):
        stored_conversation(engine, PARTICIPANT)
