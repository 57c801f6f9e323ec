"""Practice sessions on SQLite and a real PostgreSQL: turns, feedback, retries, and 'vergeet mij'."""

from bot.content import load_instrument
from bot.storage.practice import PracticeStore

MOVE = {"act": "worker_explore", "form": "open", "domains": ["werk", "wonen"]}


def test_turns_and_feedback_are_kept_in_order_and_a_retried_turn_replaces_itself(store):
    practice = PracticeStore(store.engine)
    session_id = practice.open_session("web:w1", "samira")
    practice.add_turn(session_id, 1, "Hoi Samira", {"act": "worker_introduce", "form": "none", "domains": []}, "Hoi.")
    practice.add_turn(session_id, 2, "Hoe gaat het met werk en wonen?", MOVE, "Druk.")
    practice.add_turn(session_id, 2, "Hoe gaat het met werk en wonen?", MOVE, "Druk.")  # the same turn, retried
    practice.finish_session(session_id, {"turns": 2, "messages": ["Feedback"]})
    report = practice.report(session_id)
    assert [t["position"] for t in report["turns"]] == [1, 2]
    assert report["turns"][1]["domains"] == ["werk", "wonen"] and report["feedback"] == {"turns": 2, "messages": ["Feedback"]}
    assert practice.sessions("web:w1")[0]["turns"] == 2 and practice.sessions("web:other") == []


def test_forgetting_a_participant_deletes_their_practice_sessions_and_nobody_elses(store):
    practice = PracticeStore(store.engine)
    mine = practice.open_session("web:w1", "robert")
    practice.add_turn(mine, 1, "Hoe slaap je?", MOVE, "Slecht.")
    other = practice.open_session("web:w2", "robert")
    store.give_consent("web:w1")
    store.open_measurement("web:w1", load_instrument())
    assert store.forget_participant("web:w1") is True
    assert practice.sessions("web:w1") == [] and [s["id"] for s in practice.sessions()] == [other]


def test_a_worker_without_a_board_can_still_be_forgotten(store):
    practice = PracticeStore(store.engine)
    practice.open_session("telegram:7", "dylan")
    assert store.forget_participant("telegram:7") is True
    assert practice.sessions("telegram:7") == []
