"""Stored conversations as training material, through the real servers and the command line:
replay and to-story need the participant's training consent and the trainer token, show the
participant only by pseudonym, and remove every planted personal detail; the story still passes Rasa.

The conversation is held with the real Rasa and action servers; the participant's row (storing and
training consent) is written first, so the transcript is kept whatever the board flow asks."""

import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest
import yaml
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from tests.conftest import ROOT, TRAINER_TOKEN

pytestmark = pytest.mark.integration

MESSAGES = [
    "hoi",
    "Ik ben Fatima El Amrani en mijn baas Jan de Vries helpt me.",
    "Mail hem op jan.devries@example.nl of bel 06-12345678.",
    "Ik wil verhuizen naar de Kerkstraat 12, 1234 AB. Mijn bsn is 725763863 en ik ben geboren op 3 maart 1985.",
    "fatima vindt het fijn dat het goed gaat",
]
SECRETS = (
    "Fatima",
    "fatima",
    "Amrani",
    "Jan de Vries",
    "jan.devries@example.nl",
    "06-12345678",
    "Kerkstraat 12",
    "1234 AB",
    "725763863",
    "3 maart 1985",
)


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


def participant_row(stack, participant, training_consent):
    from bot.storage.models import Participant

    engine = create_engine(stack.database_url, future=True)
    try:
        with Session(engine) as session:
            session.merge(Participant(id=participant, training_consent=training_consent))
            session.commit()
    finally:
        engine.dispose()


def pseudonym_of(participant):
    from bot.pseudonyms import pseudonym

    return pseudonym(participant)


def conversation_with_planted_details(stack, sender, training_consent):
    """The participant id of a REST conversation with the planted details, stored by the real servers."""
    from bot.channels.rest import participant_of

    participant = participant_of(sender)
    participant_row(stack, participant, training_consent)
    for message in MESSAGES:
        assert stack.say(sender, message), message
    return participant


@pytest.fixture(scope="module")
def consenting(stack):
    return conversation_with_planted_details(stack, "training-yes", training_consent=True)


def test_a_consenting_participants_conversation_replays_turn_by_turn_without_personal_data(stack, consenting):
    result = bot_cli(stack, "replay", f"participant:{consenting}", "--plain")
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"== participant {pseudonym_of(consenting)}" in result.stdout
    assert f"-- turn {len(MESSAGES)}" in result.stdout and "intent: " in result.stdout and "reply: " in result.stdout
    for secret in SECRETS + ("training-yes",):
        assert secret not in result.stdout, secret
    assert "<NAAM>" in result.stdout and "<TELEFOON>" in result.stdout


def test_the_command_line_also_takes_the_pseudonym_the_page_shows(stack, consenting):
    by_pseudonym = bot_cli(stack, "replay", f"participant:{pseudonym_of(consenting)}", "--plain")
    assert by_pseudonym.returncode == 0, by_pseudonym.stderr[-2000:]
    assert by_pseudonym.stdout == bot_cli(stack, "replay", f"participant:{consenting}", "--plain").stdout


def test_to_story_removes_every_planted_detail_and_the_story_passes_rasa(stack, consenting, tmp_path):
    story_file = tmp_path / "stored.yml"
    result = bot_cli(stack, "to-story", consenting, "--name", "stored board", "--out", str(story_file))
    assert result.returncode == 0, result.stderr[-2000:]
    text = story_file.read_text(encoding="utf-8")
    for secret in SECRETS + ("training-yes",):
        assert secret not in text, secret
    for placeholder in ("<NAAM>", "<EMAIL>", "<TELEFOON>", "<ADRES>", "<POSTCODE>", "<BSN>", "<GEBOORTEDATUM>"):
        assert placeholder in text, placeholder
    steps = yaml.safe_load(text)["stories"][0]["steps"]
    assert len([s for s in steps if "intent" in s]) == len(MESSAGES)

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
    sender = conversation_with_planted_details(stack, "training-no", training_consent=False)
    for args in (("replay", f"participant:{sender}", "--plain"), ("to-story", sender)):
        result = bot_cli(stack, *args)
        assert result.returncode == 3 and "training" in result.stderr, args
        assert "Fatima" not in result.stdout + result.stderr
    assert bot_cli(stack, "to-story", "rest:nobody").returncode == 3


def test_stored_conversations_need_the_trainer_token_on_the_command_line_too(stack, consenting):
    for args in (("replay", f"participant:{consenting}", "--plain"), ("to-story", consenting)):
        result = bot_cli(stack, *args, trainer=False)
        assert result.returncode == 3 and "TRAINER_TOKEN" in result.stderr and "Fatima" not in result.stdout


def test_a_stored_practice_session_replays_with_its_feedback_and_without_the_workers_details(stack):
    from bot.storage.practice import PracticeRecords

    engine = create_engine(stack.database_url, future=True)
    try:
        with Session(engine) as session, session.begin():
            records = PracticeRecords(session, datetime.now(timezone.utc))
            session_id = records.open_session("rest:practice-replay", "robert")
            records.add_turn(
                session_id, 1, "Hoi Robert, ik ben Sanne Visser, bel me op 06-12345678", {"act": "worker_introduce"}, "Hoi."
            )
            records.add_turn(
                session_id, 2, "Hoe gaat het met je werk?", {"act": "worker_explore", "domains": ["work"]}, "Gaat wel."
            )
            records.finish_session(session_id, {"messages": ["Feedback op je gesprek met Robert: vraag door, Sanne."]})
    finally:
        engine.dispose()
    result = bot_cli(stack, "replay", f"practice:{session_id}", "--plain")
    assert result.returncode == 0, result.stderr
    assert "user: Hoe gaat het met je werk?" in result.stdout and "intent: worker_explore" in result.stdout
    assert "-- feedback" in result.stdout and "Feedback op je gesprek met Robert" in result.stdout  # the persona stays
    for secret in ("Sanne", "Visser", "06-12345678", "practice-replay"):
        assert secret not in result.stdout, secret
