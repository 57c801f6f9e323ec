"""`python -m bot` as a user runs it: a real subprocess against a real database, with boards made
the way a resident makes them (through the turn service)."""

import json
import os
import subprocess
import sys

import jsonschema
import pytest
from sqlalchemy import create_engine, inspect, text

from bot.storage import transcript
from bot.storage.database import Database
from bot.storage.models import utc_now
from bot.storage.practice import PracticeRecords
from tests.conftest import ROOT
from tests.turn.chat import Chat, make_service


def bot_cli(*args, database_url):
    env = dict(os.environ, DATABASE_URL=database_url)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def resident(database_url: str, participant: str, rating: int = 8) -> Chat:
    """A resident who agreed to storing and gave their life a rating (and Rasa's transcript of it)."""
    service = make_service(database_url)
    chat = Chat(service, participant=participant)
    chat.say("hoi")
    chat.press("yes")
    chat.press(f"rating:{rating}")
    with service.database.engine.begin() as connection:
        transcript.append(connection, participant, [{"event": "user", "text": "hoi"}, {"event": "action", "name": "x"}])
    return chat


def rows_of(database_url: str, participant: str) -> dict:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            count = lambda sql: connection.execute(text(sql), {"p": participant}).scalar()  # noqa: E731
            return {
                "participants": count("SELECT COUNT(*) FROM participants WHERE id = :p"),
                "measurements": count("SELECT COUNT(*) FROM measurements WHERE participant_id = :p"),
                "conversations": count("SELECT COUNT(*) FROM conversations WHERE participant_id = :p"),
                "events": count("SELECT COUNT(*) FROM events WHERE sender_id = :p") if "events" in tables else 0,
            }
    finally:
        engine.dispose()


def test_export_prints_the_stored_board_as_schema_valid_json(database_url, export_schema):
    resident(database_url, "rest:cli", rating=8)
    for given in ("cli", "rest:cli"):  # a bare id is the REST sender, as the REST channel stores it
        result = bot_cli("export", "--participant", given, database_url=database_url)
        assert result.returncode == 0, result.stderr
        exported = json.loads(result.stdout)
        jsonschema.validate(exported, export_schema)
        assert exported["participant"] == given
        [board] = exported["measurements"]
        assert board["life_rating"] == 8 and board["perspective"] == "inwoner" and board["completed_at"] is None
        assert len(board["domains"]) == 14 and {d["status"] for d in board["domains"]} == {"open"}


def test_export_of_an_unknown_participant_is_empty_with_exit_0(sqlite_database):
    result = bot_cli("export", "--participant", "nobody", database_url=sqlite_database)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"participant": "nobody", "measurements": []}


def test_delete_removes_answers_conversation_and_transcript_and_the_next_message_starts_fresh(database_url):
    chat = resident(database_url, "web:" + "ab" * 16)
    other = resident(database_url, "rest:stays")
    assert all(rows_of(database_url, chat.participant).values())
    result = bot_cli("delete", "--participant", chat.participant, database_url=database_url)
    assert result.returncode == 0 and "deleted" in result.stdout
    assert rows_of(database_url, chat.participant) == {"participants": 0, "measurements": 0, "conversations": 0, "events": 0}
    assert all(rows_of(database_url, other.participant).values()), "only that participant is deleted"
    assert (
        json.loads(bot_cli("export", "--participant", chat.participant, database_url=database_url).stdout)["measurements"] == []
    )
    again = bot_cli("delete", "--participant", chat.participant, database_url=database_url)
    assert again.returncode == 0
    chat.say("hoi")  # the same person comes back: asked for consent again, nothing of before
    assert chat.choices == ["yes", "no"] and chat.export()["measurements"] == []


def test_migrate_creates_the_schema_and_can_run_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    for _ in range(2):
        result = bot_cli("migrate", database_url=url)
        assert result.returncode == 0, result.stderr
    engine = create_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"participants", "measurements", "domain_answers", "conversations", "events", "alembic_version"} <= tables
    assert json.loads(bot_cli("export", "--participant", "x", database_url=url).stdout) == {
        "participant": "x",
        "measurements": [],
    }


@pytest.mark.parametrize("command", [[], ["export"], ["delete"], ["migrate"], ["chat"], ["practice-report"]])
def test_every_command_has_help(command, sqlite_database):
    result = bot_cli(*command, "--help", database_url=sqlite_database)
    assert result.returncode == 0 and "usage:" in result.stdout


@pytest.mark.parametrize("command", ["export", "delete"])
def test_export_or_delete_without_participant_is_a_usage_error(command, sqlite_database):
    result = bot_cli(command, database_url=sqlite_database)
    assert result.returncode == 2 and "--participant" in result.stderr


def test_practice_report_lists_and_prints_a_stored_session_for_the_trainer(sqlite_database):
    database = Database.from_url(sqlite_database)
    with database.transaction() as session:
        records = PracticeRecords(session, utc_now())
        session_id = records.open_session("telegram:42", "robert")
        records.add_turn(
            session_id, 1, "Hoe gaat het met je werk?", {"act": "worker_explore", "form": "open", "domains": ["werk"]}, "Goed."
        )
        records.finish_session(
            session_id,
            {
                "tips": [{"key": "ask_wish"}],
                "messages": ["Feedback op je gesprek met Robert:", "Tip 1: Vraag wat Robert zelf wil."],
            },
        )
    database.dispose()

    listed = bot_cli("practice-report", database_url=sqlite_database)
    assert listed.returncode == 0 and "robert" in listed.stdout and "telegram:42" in listed.stdout
    printed = bot_cli("practice-report", str(session_id), database_url=sqlite_database)
    assert printed.returncode == 0, printed.stderr
    assert "worker: Hoe gaat het met je werk?" in printed.stdout
    assert "worker_explore | open question | domains: werk" in printed.stdout
    assert "Tip 1: Vraag wat Robert zelf wil." in printed.stdout
    as_json = json.loads(bot_cli("practice-report", str(session_id), "--json", database_url=sqlite_database).stdout)
    assert as_json["feedback"]["tips"] == [{"key": "ask_wish"}] and as_json["turns"][0]["reply"] == "Goed."
    missing = bot_cli("practice-report", "999999", database_url=sqlite_database)
    assert missing.returncode == 1 and "does not exist" in missing.stderr
