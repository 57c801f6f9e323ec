"""Practice mode through the app's turn service and router on SQLite: consent and storage, progress
over sessions (/voortgang), team reflection (/teamreflectie), "vergeet mij", and a broken persona
file that must not stop a resident's board."""

import json

from sqlalchemy import func, select

from bot.content import ContentError
from bot.content.personas import load_personas
from bot.flows.board import BoardFlow
from bot.flows.practice import PracticeFlow
from bot.flows.practice.team import team_questions
from bot.storage import models
from bot.storage.ephemeral import MemoryEphemeralStore
from bot.turn.router import Router
from bot.turn.service import TurnService
from tests.practice.conftest import Chat

ROBERT = load_personas()["robert"]
GOOD_SESSION = [
    "Hoi Robert, ik ben Sanne van het wijkteam.",
    "Hoe gaat het met je?",
    "Vertel eens over je werk.",
    "Goede vraag. Ik wil vooral luisteren, en jij bepaalt wat er met dit gesprek gebeurt.",
    "Het klinkt alsof een gewone baan je bang maakt.",
    "Hoe is het om in je eigen flat te wonen?",
    "Hoe slaap je de laatste tijd?",
    "Wat zou jij zelf willen?",
    "Ik kies geen kant. Ik wil weten wat jij ervan vindt.",
    "Speelt er verder nog iets?",
    "Even samenvatten: je woont sinds kort alleen in je flat, op de werkplaats gaat het goed, maar een gewone baan maakt je bang, en je slaapt slecht.",
    "Zullen we afspreken dat ik volgende week terugkom?",
]


def count(database, model) -> int:
    with database.transaction() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_a_kept_session_stores_what_was_said_the_hidden_state_and_the_scores(worker, reports):
    worker.practise("robert", keep=True)
    worker.say("Hoe gaat het met je?")
    worker.say("Vertel eens over je werk.")
    reply = worker.say("Dus werken vind je eigenlijk wel prima?")
    assert ROBERT.domains["werk"].correction in reply
    feedback = worker.say("/feedback")
    assert "Dus werken vind je eigenlijk wel prima?" in feedback  # the worker's own line, quoted
    [listed] = reports.sessions("rest:worker-1")
    report = reports.report(listed["id"])
    assert [turn["worker"] for turn in report["turns"]] == [
        "Hoe gaat het met je?",
        "Vertel eens over je werk.",
        "Dus werken vind je eigenlijk wel prima?",
    ]
    wrong = report["turns"][2]
    assert wrong["act"] == "reflection" and wrong["verdict"] == "wrong" and "corrected" in wrong["events"]
    assert wrong["trust"] < report["turns"][1]["trust"]
    assert report["feedback"]["messages"] == worker.replies[:-1]  # what the worker read is what the trainer sees
    assert set(reports.progress("rest:worker-1")[0]["goals"]) == set(report["feedback"]["goals"])


def test_without_agreement_nothing_is_stored_but_feedback_is_given(worker, reports, database):
    worker.practise("samira", keep=False)
    worker.say("Hoe gaat het met je?")
    assert "Leerdoelen" in worker.say("/feedback")
    assert reports.sessions() == [] and count(database, models.PracticeGoalScore) == 0


def test_progress_over_two_sessions_shows_each_learning_goal_over_time(worker):
    assert "nog geen bewaarde oefengesprekken" in worker.say("/voortgang")
    worker.practise("robert", keep=True)
    worker.say("Heb je werk?")
    worker.say("Je moet gewoon gaan solliciteren.")
    worker.say("/feedback")
    worker.practise("robert", keep=True)
    for line in GOOD_SESSION:
        worker.say(line)
    worker.say("/feedback")
    progress = worker.say("/voortgang")
    assert "2 bewaarde oefengesprekken" in progress
    listening = next(line for line in progress.splitlines() if line.startswith("Luisteren"))
    first, second = (int(score) for score in listening.split(":")[1].split("(")[0].split("→"))
    assert second > first and "stijgend" in listening


def test_progress_can_be_asked_in_the_middle_of_a_session(worker):
    worker.practise("henk", keep=False)
    worker.say("Goedemiddag Henk.")
    assert "nog geen bewaarde oefengesprekken" in worker.say("/voortgang")
    assert "Henk" in worker.replies[-1]  # and the session goes on


def test_a_teams_answer_about_a_resident_in_danger_gets_the_next_reflection_question_not_an_alarm(service, reports):
    team = Chat(service, "rest:team-zuid")
    team.say("/teamreflectie")
    team.press("yes")
    said = team.say("Een moeder vertelde pas na maanden dat haar man haar slaat. Dat hadden we eerder moeten zien.")
    assert team_questions().questions[1].text in said, said
    assert "Veilig Thuis" not in said, said


def test_team_reflection_goes_through_ten_questions_and_keeps_answers_only_with_consent(service, reports):
    team = Chat(service, "rest:team-noord")
    team.say("/teamreflectie")
    assert team.choices == ["yes", "no"]
    team.press("yes")
    questions = team_questions().questions
    assert questions[0].text in team.replies[-1] and "1 van 10" in team.replies[-1]
    team.say("We kijken vaak alleen naar de schuld, niet naar de rest van het leven.")
    assert questions[1].text in team.replies[-1]
    team.press("team:next")
    team.say("ja")  # too short to be an answer
    assert questions[2].text not in team.replies[-1]
    for _ in range(2, 10):
        team.say("De verwijzer bepaalt vaak de agenda, dat willen we anders doen.")
    assert any(reply.startswith("Klaar") for reply in team.replies)
    [kept] = reports.team_reflections()
    assert kept["finished_at"] and [a["key"] for a in kept["answers"]][:2] == [questions[0].key, questions[2].key]
    other = Chat(service, "rest:team-zuid")
    other.say("/teamreflectie")
    other.press("no")
    other.say("Wij beginnen te vaak met een oplossing.")
    other.say("stop")
    assert len(reports.team_reflections()) == 1


def test_vergeet_mij_deletes_the_worker_s_practice_and_team_answers(worker, service, database):
    worker.practise("robert", keep=True)
    worker.say("Hoe gaat het met je?")
    worker.say("/feedback")
    worker.say("/teamreflectie")
    worker.press("yes")
    worker.say("We vragen te weinig wat de inwoner zelf wil.")
    worker.say("stop")
    assert count(database, models.PracticeGoalScore) and count(database, models.TeamReflection)
    worker.say("vergeet mij")
    worker.press("yes")
    for model in (
        models.PracticeSession,
        models.PracticeTurn,
        models.PracticeTurnState,
        models.PracticeGoalScore,
        models.TeamReflection,
    ):
        assert count(database, model) == 0, model.__tablename__


def test_a_broken_persona_file_does_not_stop_a_resident_s_board(database, monkeypatch):
    def broken():
        raise ContentError("bot/content/practice/personas/robert.yml: domains.werk: needs at least one fact")

    monkeypatch.setattr("bot.flows.practice.flow.load_personas", broken)
    service = TurnService(database, MemoryEphemeralStore(), Router(BoardFlow(), PracticeFlow()))  # builds without personas
    resident = Chat(service, "rest:resident-1")
    assert resident.say("hoi")  # the board starts as always
    board_step = resident.replies
    assert "even niet" in resident.say("/oefenen")
    assert resident.say("hoi") and board_step  # and the board still answers


def test_the_stored_feedback_is_json_with_the_goals(worker, database):
    worker.practise("jeroen", keep=True)
    worker.say("Hoi Jeroen.")
    worker.say("/feedback")
    with database.transaction() as session:
        stored = session.execute(select(models.PracticeSession.feedback)).scalar_one()
    assert set(json.loads(stored)["goals"]) >= {"luisteren", "aansluiten"}


def test_lines_to_the_persona_are_part_of_the_exercise_but_the_worker_s_own_danger_is_not(worker):
    worker.practise("naomi", keep=False)
    worker.say("Hoe gaat het met je?")
    reply = worker.say("Als het thuis niet veilig is, kun je altijd Veilig Thuis bellen of in noodgevallen 112.")
    assert not any(event.startswith("safety_") for event in worker.outcome.events), reply
    worker.say("Slaat hij je weleens?")
    assert not any(event.startswith("safety_") for event in worker.outcome.events)
    worker.say("ik wil zelf eigenlijk niet meer leven")
    assert any(event.startswith("safety_") for event in worker.outcome.events)


def test_a_persona_is_chosen_by_its_place_in_the_list(worker):
    worker.say("/oefenen")
    listed = [choice for choice in worker.choices if choice.startswith("persona:")]
    worker.say("2")  # on a phone: the second name
    assert worker.choices == ["yes", "no"], "the storage question of the chosen persona"
    worker.press("no")
    assert load_personas()[listed[1][8:]].name in "\n".join(worker.replies)


def test_a_number_outside_the_list_chooses_nobody(worker):
    worker.say("/oefenen")
    asked = worker.choices
    worker.say("99")
    assert worker.choices == asked
