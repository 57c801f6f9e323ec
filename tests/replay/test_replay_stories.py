"""Every story in the repository replays through the real model and action server, and the replay
shows the intents the story says (data/stories, the training pack, tests/stories)."""

import os
import subprocess
import sys

import pytest

from bot.replay.sources import replay_story, stories_of
from bot.replay.stories import ROOT, stories_in, story_files, user_turns

pytestmark = pytest.mark.integration

ALL_STORIES = [(path.relative_to(ROOT), name) for path in story_files() for name in stories_in(path)]


@pytest.fixture(scope="module")
def assistant():
    from bot.replay.runner import LocalAssistant

    with LocalAssistant() as running:
        yield running


def test_every_story_folder_has_stories():
    folders = {path.parts[0] if path.parts[0] != "bot" else "bot/content/training" for path, _ in ALL_STORIES}
    assert folders == {"data", "bot/content/training", "tests"}


@pytest.mark.parametrize("path, name", ALL_STORIES, ids=[f"{p.name}:{n}" for p, n in ALL_STORIES])
def test_story_replays_with_the_right_intents(assistant, path, name):
    story = stories_in(ROOT / path)[name]
    replay = replay_story(story, assistant.conversation)
    assert len(replay.turns) == len(user_turns(story))
    for turn in replay.turns:
        assert turn.understood_as(turn.expected_intent), (turn.number, turn.user, turn.intent, turn.reading)
        assert turn.actions and turn.actions[0][0] == "action_handle_turn" and turn.replies, (turn.number, turn.user)


def test_the_cli_replays_a_training_pack_story_in_the_terminal():
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", COLUMNS="120")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "replay", "vast in het eerste probleem (Robert)", "--auto", "--delay", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "vast in het eerste probleem (Robert)" in out and "turn 1 of" in out
    assert "move_advice" in out and "action_handle_turn by RulePolicy" in out and "Feedback op je gesprek met Robert" in out


def test_an_unknown_source_is_a_clear_error_without_loading_anything():
    result = subprocess.run(
        [sys.executable, "-m", "bot", "replay", "geen verhaal met deze naam", "--plain"],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "no story file or story named" in result.stderr
    with pytest.raises(LookupError):
        stories_of("tests/stories/test_first_slice.yml", "no such story")
