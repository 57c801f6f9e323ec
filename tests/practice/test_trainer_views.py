"""What a trainer sees of practice (plain Python over the replay's sources): a stored session with
the persona's hidden state per turn, and the group's progress with pseudonymised workers."""

import json

import pytest

from bot.content.personas import load_personas
from bot.replay.sources import practice_overview, practice_session, practice_sessions
from bot.replay.turns import ReplayTurn
from tests.practice.conftest import Chat


@pytest.fixture(autouse=True)
def signing_secret(monkeypatch):
    monkeypatch.setenv("SIGNING_SECRET", "a-signing-secret-for-practice-tests-0123456789")


def test_a_stored_session_shows_trust_and_what_opened_per_turn(worker, reports, database):
    worker.practise("robert", keep=True)
    for line in (
        "Hoe gaat het met je?",
        "Vertel eens over je werk.",
        "Goede vraag. Ik wil vooral luisteren, en jij bepaalt wat er met dit gesprek gebeurt.",
        "Dus werken vind je eigenlijk wel prima?",
        "Het klinkt alsof een gewone baan je bang maakt.",
        "Hoe slaap je de laatste tijd?",
        "Hoe is het om in je eigen flat te wonen?",
        "Even samenvatten: je woont sinds kort alleen in je flat, op de werkplaats gaat het goed, maar een gewone baan maakt je bang, en je slaapt slecht.",
        "Nee, ik bespreek niets met je klantmanager zonder jouw toestemming.",
    ):
        worker.say(line)
    worker.say("/feedback")
    [listed] = reports.sessions()
    replay = practice_session(database.engine, listed["id"])
    hidden = [turn.hidden for turn in replay.turns]
    assert all(any(name == "vertrouwen" for name, _ in rows) for rows in hidden)
    corrected = hidden[3]
    assert ("gebeurde", "zette het recht") in corrected and ("oordeel", "reflectie klopte niet") in corrected
    assert any(name == "opende" and value.startswith("angst:") for name, value in hidden[8])
    assert "hidden" in ReplayTurn(1, "x").to_dict()


def test_the_list_names_the_persona_as_the_worker_saw_it_and_what_was_not_finished(worker, database):
    jeroen, robert = load_personas()["jeroen"], load_personas()["robert"]
    worker.practise("jeroen", keep=True)
    worker.say("Hoe gaat het met je?")
    worker.say("/feedback")
    worker.practise("robert", keep=True)
    worker.say("Hoe gaat het met je?")
    unfinished, finished = [session["title"] for session in practice_sessions(database.engine)]  # newest first
    assert finished.startswith(f"{jeroen.name} ({jeroen.age}), ") and "niet afgerond" not in finished
    assert unfinished.startswith(f"{robert.name} ({robert.age}), ") and unfinished.endswith("niet afgerond")
    assert "T" not in finished.split(", ")[1], "a date as people read it, not ISO"


def test_the_group_overview_shows_progress_per_goal_under_pseudonyms(service, database):
    first, second = Chat(service, "rest:worker-a"), Chat(service, "rest:worker-b")
    for chat in (first, first, second):
        chat.practise("samira", keep=True)
        chat.say("Hoe gaat het met je?")
        chat.say("/feedback")
    team = Chat(service, "rest:team-a")
    team.say("/teamreflectie")
    team.press("yes")
    team.say("Bij mevrouw Jansen op de Dorpsstraat 12 keken we alleen naar de schulden.")
    team.say("stop")
    overview = practice_overview(database.engine)
    text = json.dumps(overview, ensure_ascii=False)
    assert "rest:worker" not in text and "rest:team" not in text
    assert sorted(worker["sessions"] for worker in overview["workers"]) == [1, 2]
    assert all(worker["worker"].startswith("deelnemer-") for worker in overview["workers"])
    assert set(overview["group"]) >= {"luisteren", "levensbreed"} and overview["group"]["luisteren"]["workers"] == 2
    [kept] = overview["team_reflections"]
    assert kept["answers"] and "Dorpsstraat 12" not in text  # what a team typed is anonymised too
