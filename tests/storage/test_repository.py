"""The answer store on SQLite and on a real PostgreSQL server."""

import jsonschema
import pytest
from sqlalchemy import text

from bot.content import load_instrument
from bot.storage.tracker_events import count_tracker_events

INSTRUMENT = load_instrument()


def test_nothing_is_stored_without_consent(store):
    with pytest.raises(PermissionError):
        store.open_measurement("web:anon", INSTRUMENT)
    assert store.export_participant("web:anon") == {"participant": "web:anon", "measurements": []}
    with pytest.raises(PermissionError):
        store.set_training_consent("web:anon", True)


def test_training_consent_is_no_until_given_and_can_be_withdrawn(store, export_schema):
    store.give_consent("rest:trainee")
    assert store.has_training_consent("rest:trainee") is False
    store.set_training_consent("rest:trainee", True)
    assert (
        store.has_training_consent("rest:trainee") is True
        and store.export_participant("rest:trainee")["training_consent"] is True
    )
    store.set_training_consent("rest:trainee", False)
    assert store.has_training_consent("rest:trainee") is False
    import jsonschema

    jsonschema.validate(store.export_participant("rest:trainee"), export_schema)


def test_a_new_measurement_lists_every_domain_open_in_instrument_order(store, export_schema):
    store.give_consent("rest:ann")
    store.open_measurement("rest:ann", INSTRUMENT)
    exported = store.export_participant("rest:ann")
    jsonschema.validate(exported, export_schema)
    (measurement,) = exported["measurements"]
    assert measurement["number"] == 1 and measurement["perspective"] == "inwoner"
    assert measurement["instrument"] == "wat-telt"
    assert [d["key"] for d in measurement["domains"]] == list(INSTRUMENT.keys)
    assert {d["status"] for d in measurement["domains"]} == {"open"}
    assert measurement["completed_at"] is None and measurement["life_rating"] is None
    assert measurement["started_at"].endswith("+00:00")


def test_answers_are_stored_and_exported(store, export_schema):
    store.give_consent("p1")
    measurement = store.open_measurement("p1", INSTRUMENT)
    store.set_life_rating(measurement, 6)
    store.record_domain_status(measurement, "geld", "answered", 2)
    store.record_domain_text(measurement, "geld", "goes_well", "Ik betaal de huur op tijd.")
    store.record_domain_text(measurement, "geld", "wish", "Minder schulden")
    store.record_domain_status(measurement, "kinderen", "not_applicable")
    store.record_domain_status(measurement, "verslaving", "skipped")
    exported = store.export_participant("p1")
    jsonschema.validate(exported, export_schema)
    domains = {d["key"]: d for d in exported["measurements"][0]["domains"]}
    assert exported["measurements"][0]["life_rating"] == 6
    assert domains["geld"] == {
        "key": "geld",
        "status": "answered",
        "score": 2,
        "goes_well": "Ik betaal de huur op tijd.",
        "wish": "Minder schulden",
    }
    assert domains["kinderen"]["status"] == "not_applicable" and domains["kinderen"]["score"] is None
    assert domains["verslaving"]["status"] == "skipped"


def test_the_unfinished_measurement_is_reused_and_a_repeat_gets_the_next_number(store):
    store.give_consent("p2")
    first = store.open_measurement("p2", INSTRUMENT)
    assert store.open_measurement("p2", INSTRUMENT) == first
    store.complete_measurement(first)
    second = store.open_measurement("p2", INSTRUMENT)
    assert second != first
    numbers = [m["number"] for m in store.export_participant("p2")["measurements"]]
    assert numbers == [1, 2]
    assert store.export_participant("p2")["measurements"][0]["completed_at"] is not None


@pytest.mark.parametrize("rating", [-1, 11, 7.5, "7"])
def test_life_rating_outside_0_to_10_is_refused(store, rating):
    store.give_consent("p3")
    measurement = store.open_measurement("p3", INSTRUMENT)
    with pytest.raises(ValueError):
        store.set_life_rating(measurement, rating)
    assert store.export_participant("p3")["measurements"][0]["life_rating"] is None


@pytest.mark.parametrize("status, score", [("answered", None), ("skipped", 3), ("answered", 6), ("answered", 0), ("maybe", None)])
def test_inconsistent_domain_answers_are_refused(store, status, score):
    store.give_consent("p4")
    measurement = store.open_measurement("p4", INSTRUMENT)
    with pytest.raises(ValueError):
        store.record_domain_status(measurement, "werk", status, score)


def test_the_database_itself_refuses_a_score_without_answered_status(store):
    store.give_consent("p5")
    measurement = store.open_measurement("p5", INSTRUMENT)
    with pytest.raises(Exception), store.engine.begin() as connection:
        connection.execute(text("UPDATE domain_answers SET score = 4 WHERE measurement_id = :m"), {"m": measurement})


def test_forget_deletes_answers_and_the_rasa_tracker_but_nobody_else(store):
    for participant in ("telegram:1", "telegram:2"):
        store.give_consent(participant)
        store.set_life_rating(store.open_measurement(participant, INSTRUMENT), 5)
    with store.engine.begin() as connection:  # the table Rasa's SQL tracker store writes
        connection.execute(
            text(
                "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), type_name VARCHAR(255), timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
            )
        )
        for participant in ("telegram:1", "telegram:2"):
            connection.execute(
                text("INSERT INTO events (id, sender_id, type_name, data) VALUES (:id, :s, 'user', '{}')"),
                {"id": hash(participant) % 100000, "s": participant},
            )

    assert store.forget_participant("telegram:1") is True
    assert store.export_participant("telegram:1")["measurements"] == []
    assert not store.has_consent("telegram:1")
    with store.engine.connect() as connection:
        assert count_tracker_events(connection, "telegram:1") == 0
        assert count_tracker_events(connection, "telegram:2") == 1
        assert connection.execute(text("SELECT COUNT(*) FROM domain_answers")).scalar_one() == 14
    assert store.export_participant("telegram:2")["measurements"][0]["life_rating"] == 5
    assert store.forget_participant("telegram:1") is False
