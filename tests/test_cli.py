"""`python -m bot` as a user runs it: a real subprocess against a real database."""

import json
import os
import subprocess
import sys

import jsonschema
import pytest

from bot.content import load_instrument
from tests.conftest import ROOT


def bot_cli(*args, database_url):
    env = dict(os.environ, DATABASE_URL=database_url)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_export_prints_the_stored_board_as_schema_valid_json(store, database_url, export_schema):
    store.give_consent("rest:cli")
    store.set_life_rating(store.open_measurement("rest:cli", load_instrument()), 8)
    result = bot_cli("export", "--participant", "rest:cli", database_url=database_url)
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    jsonschema.validate(exported, export_schema)
    assert exported["measurements"][0]["life_rating"] == 8


def test_export_of_an_unknown_participant_is_empty_with_exit_0(sqlite_database, export_schema):
    result = bot_cli("export", "--participant", "nobody", database_url=sqlite_database)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"participant": "nobody", "measurements": []}


def test_delete_removes_the_participant(sqlite_store, sqlite_database):
    sqlite_store.give_consent("web:x")
    sqlite_store.open_measurement("web:x", load_instrument())
    result = bot_cli("delete", "--participant", "web:x", database_url=sqlite_database)
    assert result.returncode == 0 and "deleted" in result.stdout
    assert sqlite_store.export_participant("web:x")["measurements"] == []
    again = bot_cli("delete", "--participant", "web:x", database_url=sqlite_database)
    assert "nothing was stored" in again.stdout


@pytest.mark.parametrize("command", [[], ["export"], ["delete"], ["migrate"], ["chat"]])
def test_every_command_has_help(command, sqlite_database):
    result = bot_cli(*command, "--help", database_url=sqlite_database)
    assert result.returncode == 0 and "usage:" in result.stdout


def test_export_without_participant_is_a_usage_error(sqlite_database):
    result = bot_cli("export", database_url=sqlite_database)
    assert result.returncode == 2 and "--participant" in result.stderr


def test_practice_report_lists_and_prints_a_stored_session_for_the_trainer(store, database_url):
    from bot.storage.practice import PracticeStore

    practice = PracticeStore(store.engine)
    session_id = practice.open_session("telegram:42", "robert")
    practice.add_turn(
        session_id, 1, "Hoe gaat het met je werk?", {"act": "worker_explore", "form": "open", "domains": ["werk"]}, "Goed."
    )
    practice.finish_session(
        session_id,
        {"tips": [{"key": "ask_wish"}], "messages": ["Feedback op je gesprek met Robert:", "Tip 1: Vraag wat Robert zelf wil."]},
    )

    listed = bot_cli("practice-report", database_url=database_url)
    assert listed.returncode == 0 and "robert" in listed.stdout and "telegram:42" in listed.stdout
    printed = bot_cli("practice-report", str(session_id), database_url=database_url)
    assert printed.returncode == 0, printed.stderr
    assert (
        "worker: Hoe gaat het met je werk?" in printed.stdout
        and "worker_explore | open question | domains: werk" in printed.stdout
    )
    assert "Tip 1: Vraag wat Robert zelf wil." in printed.stdout
    as_json = json.loads(bot_cli("practice-report", str(session_id), "--json", database_url=database_url).stdout)
    assert as_json["feedback"]["tips"] == [{"key": "ask_wish"}] and as_json["turns"][0]["reply"] == "Goed."
    missing = bot_cli("practice-report", "999999", database_url=database_url)
    assert missing.returncode == 1 and "does not exist" in missing.stderr
