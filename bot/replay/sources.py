"""What can be replayed, by the SOURCE a trainer names:

- a story name from data/stories, bot/content/training or tests/stories ("good levensbreed conversation");
- a story file ("tests/stories/test_board.yml"; all its stories, or one with --story);
- "participant:ID": a stored conversation, only when the participant agreed to training use;
- "practice:ID": a stored practice session, with its feedback.
"""

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional

from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from bot.replay.stories import ROOT, find_story, stories_in, user_turns
from bot.replay.turns import ReplayTurn, turns_from_events


class NoTrainingConsent(PermissionError):
    """The participant did not agree that their conversation is used for training."""


class NotATrainer(PermissionError):
    """A stored conversation was asked for without the trainer token."""


def require_trainer_token() -> None:
    """Stored conversations are for trainers: the command line needs TRAINER_TOKEN set, as the page does."""
    import os

    if not os.environ.get("TRAINER_TOKEN"):
        raise NotATrainer("stored conversations are for trainers: set TRAINER_TOKEN (the replay page's token) first")


@dataclass
class Replay:
    title: str
    turns: List[ReplayTurn]
    feedback: List[str] = field(default_factory=list)  # practice sessions: the feedback the worker got


def stories_of(source: str, story: Optional[str] = None) -> List[dict]:
    """The stories a SOURCE names (a file, or a story name); LookupError when there is none."""
    path = Path(source)
    path = path if path.is_absolute() else ROOT / path
    if path.suffix in (".yml", ".yaml") and path.exists():
        stories = stories_in(path)
        if story:
            if story not in stories:
                raise LookupError(f"no story {story!r} in {source}")
            return [stories[story]]
        return list(stories.values())
    found = find_story(source)
    if not found:
        raise LookupError(f"no story file or story named {source!r}")
    return [found]


def replay_story(story: dict, run: Callable[[str, List[str]], List[dict]]) -> Replay:
    """Run a story's messages through the assistant (`run(sender, messages) -> events`)."""
    expected = user_turns(story)
    events = run(f"replay:{uuid.uuid4().hex[:12]}", [turn["message"] for turn in expected])  # a fresh conversation each time
    turns = turns_from_events(events)
    for turn, step in zip(turns, expected):
        turn.expected_intent = step["intent"]
    return Replay(story["story"], turns)


def stored_events(engine: Engine, participant: str) -> List[dict]:
    """A stored conversation's Rasa events (table `events`), only with the participant's training consent."""
    require_trainer_token()
    from bot.storage.models import Participant
    from bot.storage.tracker_events import RASA_EVENTS_TABLE

    with engine.connect() as connection:
        consent = connection.execute(select(Participant.training_consent).where(Participant.id == participant)).scalar()
        if not consent:
            raise NoTrainingConsent(f"{participant} did not agree to training use (or is not stored)")
        rows = connection.execute(
            text(f"SELECT data FROM {RASA_EVENTS_TABLE} WHERE sender_id = :p ORDER BY id"), {"p": participant}
        )
        return [_json(row[0]) for row in rows]


def stored_conversation(engine: Engine, participant: str) -> Replay:
    return Replay(f"participant {participant}", turns_from_events(stored_events(engine, participant)))


def practice_session(engine: Engine, session_id: int) -> Replay:
    from bot.storage.practice import PracticeStore

    report = PracticeStore(engine).report(session_id)
    turns = [
        ReplayTurn(
            number=turn["position"],
            user=turn["worker"],
            intent=(turn["act"], None) if turn["act"] else None,
            entities=[("domain", key) for key in turn["domains"]],
            slots=[("form", f"{turn['form']} question")],
            actions=[("persona reply", "bot.practice", None)],
            replies=[turn["reply"]],
        )
        for turn in report["turns"]
    ]
    feedback = (report.get("feedback") or {}).get("messages") or []
    return Replay(f"practice session {session_id} with {report['persona']}", turns, feedback)


def _json(value):
    import json

    return json.loads(value) if isinstance(value, str) else value
