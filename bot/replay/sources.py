"""What can be replayed, by the SOURCE a trainer names:

- a story name from data/stories, bot/content/training or tests/stories ("good levensbreed conversation");
- a story file ("tests/stories/test_first_slice.yml"; all its stories, or one with --story);
- "participant:ID" or "participant:deelnemer-7F3K9QXA" (the keyed pseudonym the page shows): a stored
  conversation, only when the participant agreed to training use, and only for a trainer;
- "practice:ID": a stored practice session, with its feedback.

Every replay is anonymised before anyone sees it (bot/replay/privacy.py): the texts, entity values,
slot values and replies as one conversation, and a participant is shown by their pseudonym only.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, List, Optional

from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from bot.dates import date_time
from bot.replay.privacy import anonymise_events, anonymise_texts, fictional_names, participant_label
from bot.replay.stories import ROOT, find_story, stories_in, user_turns
from bot.replay.turns import ReplayTurn, turns_from_events
from bot.storage.database import read_only

RASA_EVENTS_TABLE = "events"  # Rasa's SQL tracker store, in DATABASE_URL


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
    """Run a story's messages through the assistant (`run(sender, messages) -> events`), anonymised."""
    expected = user_turns(story)
    events = run(f"replay:{uuid.uuid4().hex[:12]}", [turn["message"] for turn in expected])  # a fresh conversation each time
    turns = turns_from_events(anonymise_events(events, allowed_names=fictional_names()))
    for turn, step in zip(turns, expected):
        turn.expected_intent = step["intent"]
    return Replay(story["story"], turns)


# ---- stored conversations: only with training consent, only for trainers, never by their id ----


def _participants(engine: Engine, consenting_only: bool) -> List[str]:
    from bot.storage.models import Participant

    query = select(Participant.id).order_by(Participant.id)
    if consenting_only:
        query = query.where(Participant.training_consent.is_(True))
    with read_only(engine).connect() as connection:
        return list(connection.execute(query).scalars())


def consenting_pseudonyms(engine: Engine) -> List[str]:
    """The pseudonyms of the participants who agreed to training use (what the page lists)."""
    return sorted(participant_label(participant) for participant in _participants(engine, consenting_only=True))


def resolve_participant(engine: Engine, key: str, pseudonym_only: bool = False) -> str:
    """The participant a trainer names: their pseudonym ("deelnemer-...") or, on the command line, their id.

    LookupError when nobody has that pseudonym (or, very rarely, two participants share it)."""
    from bot.pseudonyms import PREFIX

    if not key.startswith(PREFIX):
        if pseudonym_only:
            raise LookupError("participants are named by their pseudonym")
        return key
    matches = [p for p in _participants(engine, consenting_only=False) if participant_label(p) == key]
    if len(matches) != 1:
        raise LookupError(f"no single participant is {key}")
    return matches[0]


def stored_events(engine: Engine, participant: str) -> List[dict]:
    """A stored conversation's Rasa events (raw), only with the participant's training consent."""
    require_trainer_token()
    from bot.storage.models import Participant

    with read_only(engine).connect() as connection:
        consent = connection.execute(select(Participant.training_consent).where(Participant.id == participant)).scalar()
        if not consent:
            raise NoTrainingConsent(f"{participant_label(participant)} did not agree to training use (or is not stored)")
        rows = connection.execute(
            text(f"SELECT data FROM {RASA_EVENTS_TABLE} WHERE sender_id = :p ORDER BY id"), {"p": participant}
        )
        return [_json(row[0]) for row in rows]


def stored_conversation(engine: Engine, participant: str) -> Replay:
    """A consenting participant's conversation, anonymised, under their pseudonym."""
    events = anonymise_events(stored_events(engine, participant))
    return Replay(f"participant {participant_label(participant)}", turns_from_events(events))


def practice_session(engine: Engine, session_id: int) -> Replay:
    """A stored practice session with its feedback; what the worker typed is anonymised (the personas are made up)."""
    from bot.flows.practice.report import hidden_rows
    from bot.storage.database import Database
    from bot.storage.practice import PracticeReports

    report = PracticeReports(Database(engine)).report(session_id)
    turns = report["turns"]
    feedback = (report.get("feedback") or {}).get("messages") or []
    texts = anonymise_texts(
        [turn["worker"] or "" for turn in turns] + [turn["reply"] or "" for turn in turns] + list(feedback),
        allowed_names=fictional_names(),
    )
    workers, replies, feedback = texts[: len(turns)], texts[len(turns) : 2 * len(turns)], texts[2 * len(turns) :]
    hidden = hidden_rows(turns, report["persona"])
    replay_turns = [
        ReplayTurn(
            number=turn["position"],
            user=worker,
            intent=(turn["act"], None) if turn["act"] else None,
            entities=[("domain", key) for key in turn["domains"]],
            slots=[("form", f"{turn['form']} question")],
            actions=[("persona reply", "bot.practice", None)],
            replies=[reply],
            hidden=state,
        )
        for turn, worker, reply, state in zip(turns, workers, replies, hidden)
    ]
    return Replay(f"practice session {session_id} with {report['persona']}", replay_turns, feedback)


def practice_sessions(engine: Engine) -> List[dict]:
    """Stored practice sessions for the page's list (no participant ids): id and title."""
    from bot.storage.database import Database
    from bot.storage.practice import PracticeReports

    return [{"id": session["id"], "title": practice_title(session)} for session in PracticeReports(Database(engine)).sessions()]


def practice_title(session: dict) -> str:
    """ "Jeroen (24), 7 december 2026, 04:16, 2 beurten, niet afgerond": as a trainer reads it."""
    from bot.content.personas import load_personas

    persona = load_personas().get(session["persona"])
    who = f"{persona.name} ({persona.age})" if persona else session["persona"]
    turns = "1 beurt" if session["turns"] == 1 else f"{session['turns']} beurten"
    unfinished = "" if session["ended"] else ", niet afgerond"
    return f"{who}, {date_time(datetime.fromisoformat(session['started_at']))}, {turns}{unfinished}"


def practice_overview(engine: Engine) -> dict:
    """The trainer's group overview of practice: progress per learning goal per worker, under their
    keyed pseudonym, and the team reflections that were kept (their answers anonymised)."""
    from bot.flows.practice.progress import group_overview
    from bot.storage.database import Database
    from bot.storage.practice import PracticeReports

    reports = PracticeReports(Database(engine))
    overview = group_overview(reports.group(), participant_label)
    teams = reports.team_reflections()
    answers = anonymise_texts([a["answer"] for team in teams for a in team["answers"]])
    position = 0
    overview["team_reflections"] = []
    for team in teams:
        kept = []
        for answer in team["answers"]:
            kept.append({"key": answer["key"], "question": answer["question"], "answer": answers[position]})
            position += 1
        overview["team_reflections"].append(
            {"team": participant_label(team["participant"]), "finished": team["finished_at"] is not None, "answers": kept}
        )
    return overview


def _json(value):
    import json

    return json.loads(value) if isinstance(value, str) else value
