"""Stored conversations as training material, through the real servers: replay and to-story need the
participant's training consent, and to-story removes every planted personal detail."""

import os
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT, TRAINER_TOKEN

pytestmark = pytest.mark.integration

PLANTED = {
    "goes_well": "Mijn baas Jan de Vries helpt me. Mail hem op jan.devries@example.nl of bel 06-12345678.",
    "goal": "Ik wil verhuizen naar de Kerkstraat 12, 1234 AB. Mijn bsn is 123456782 en ik ben geboren op 3 maart 1985.",
}
SECRETS = ("Jan de Vries", "jan.devries@example.nl", "06-12345678", "Kerkstraat 12", "1234 AB", "123456782", "3 maart 1985")


def bot_cli(stack, *args, trainer=True):
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        DATABASE_URL=stack.database_url,
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    env.pop("TRAINER_TOKEN", None)
    if trainer:
        env["TRAINER_TOKEN"] = TRAINER_TOKEN
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


def board_with_planted_details(stack, sender, training_answer):
    for message in ("hoi", "ja", "7", "werk", "goed", PLANTED["goes_well"], "nee", PLANTED["goal"], "nee"):
        assert stack.say(sender, message), message
    last = stack.say(sender, training_answer)
    return " ".join(reply.get("text", "") for reply in last)


@pytest.fixture(scope="module")
def consenting(stack):
    sender = "rest:training-yes"
    said = board_with_planted_details(stack, sender, "ja")
    assert "Dank je" in said and stack.export(sender)["training_consent"] is True
    return sender


def test_a_consenting_participants_conversation_replays_turn_by_turn(stack, consenting):
    result = bot_cli(stack, "replay", f"participant:{consenting}", "--plain")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "== participant rest:training-yes" in result.stdout and "-- turn 10" in result.stdout
    assert "intent: give_rating" in result.stdout and "step life_rating -> first_domain" in result.stdout


def test_to_story_removes_every_planted_detail_and_the_story_passes_rasa(stack, consenting, tmp_path):
    story_file = tmp_path / "stored.yml"
    result = bot_cli(stack, "to-story", consenting, "--name", "stored board", "--out", str(story_file))
    assert result.returncode == 0, result.stderr[-2000:]
    text = story_file.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text, secret
    assert "training-yes" not in text  # not even the participant id
    for placeholder in ("<NAAM>", "<EMAIL>", "<TELEFOON>", "<ADRES>", "<POSTCODE>", "<BSN>", "<GEBOORTEDATUM>"):
        assert placeholder in text, placeholder
    steps = yaml.safe_load(text)["stories"][0]["steps"]
    assert [s["intent"] for s in steps if "intent" in s][:3] == ["greet", "affirm", "give_rating"]

    rasa = [sys.executable, "-m", "rasa"]
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    validate = subprocess.run(
        rasa + ["data", "validate", "--domain", "domain.yml", "--data", "data", str(story_file), "--fail-on-warnings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert validate.returncode == 0, validate.stdout[-2000:] + validate.stderr[-2000:]
    out = tmp_path / "results"
    tested = subprocess.run(
        rasa + ["test", "core", "--model", "models/wat-telt.tar.gz", "--stories", str(story_file), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert tested.returncode == 0, tested.stdout[-2000:] + tested.stderr[-2000:]
    assert "None of the test stories failed" in (out / "failed_test_stories.yml").read_text()


def test_without_training_consent_replay_and_to_story_are_refused(stack):
    sender = "rest:training-no"
    assert "niet om te oefenen" in board_with_planted_details(stack, sender, "nee")
    for args in (("replay", f"participant:{sender}", "--plain"), ("to-story", sender)):
        result = bot_cli(stack, *args)
        assert result.returncode == 3 and "training" in result.stderr, args
        assert "Jan de Vries" not in result.stdout
    assert bot_cli(stack, "to-story", "rest:nobody").returncode == 3


def test_stored_conversations_need_the_trainer_token_on_the_command_line_too(stack, consenting):
    for args in (("replay", f"participant:{consenting}", "--plain"), ("to-story", consenting)):
        result = bot_cli(stack, *args, trainer=False)
        assert result.returncode == 3 and "TRAINER_TOKEN" in result.stderr and "Jan" not in result.stdout


def test_a_stored_practice_session_replays_with_its_feedback(stack):
    sender = "rest:practice-replay"
    stack.say(sender, "/oefenen robert")
    stack.say(sender, "ja")
    stack.say(sender, "Hoe gaat het met je werk?")
    stack.say(sender, "/feedback")
    listed = bot_cli(stack, "practice-report", "--participant", sender)
    session_id = listed.stdout.splitlines()[1].split()[0]
    result = bot_cli(stack, "replay", f"practice:{session_id}", "--plain")
    assert result.returncode == 0, result.stderr
    assert "user: Hoe gaat het met je werk?" in result.stdout and "intent: worker_explore" in result.stdout
    assert "-- feedback" in result.stdout and "Feedback op je gesprek met Robert" in result.stdout
