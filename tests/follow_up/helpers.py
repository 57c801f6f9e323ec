"""Residents for the follow-up tests: a board finished through the turn service (as a resident
would, tests/turn/chat.py), scheduled rows and check-ins read back from the database."""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Dict, List, Optional, Sequence

from sqlalchemy import select

from bot.flows.board import BoardFlow
from bot.flows.practice import PracticeFlow
from bot.storage import models
from bot.storage.database import Database
from bot.storage.ephemeral import MemoryEphemeralStore
from bot.turn.router import Router
from bot.turn.service import TurnService
from tests.turn.chat import Chat

GOAL = "Mijn post op orde"
NOON = datetime(2026, 12, 2, 11, 0, tzinfo=timezone.utc)  # 12:00 in Amsterdam (winter time)


@dataclass
class Clock:
    now: datetime = NOON

    def __call__(self) -> datetime:
        return self.now

    def set_local(self, day: int, hour: int, minute: int = 0) -> None:
        """A time on a December day in Amsterdam (UTC+1)."""
        self.now = datetime(2026, 12, day, hour - 1, minute, tzinfo=timezone.utc)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def service_on(url: str, clock: Optional[Callable[[], datetime]] = None) -> TurnService:
    kwargs = {"clock": clock} if clock else {}
    return TurnService(Database.from_url(url), MemoryEphemeralStore(), Router(BoardFlow(), PracticeFlow()), **kwargs)


def finish_board(chat: Chat, follow_up: bool = True, goals: Sequence[str] = (GOAL,), score: int = 2) -> None:
    """A short board (one domain, then straight to the end) with goals, ending at 'done'."""
    chat.say("hoi")
    chat.press("yes")  # store my answers
    chat.press("rating:6")
    chat.press("skip")
    chat.press("domain:geld")
    chat.press(f"score:{score}")
    chat.press("next")
    chat.press("no")  # not the other domains
    if not goals:
        chat.press("goals_none")
    for goal in goals:
        chat.say(goal)
        chat.press("skip")  # own step
        chat.press("skip")  # helper
    if goals:
        chat.press("goals_done")
    chat.press("skip_section")  # the people around me
    chat.press("yes" if follow_up else "no")  # a check-in later
    chat.press("no")  # training use
    assert "share" in chat.choices, chat.text  # the end of the board


def scheduled(database: Database, participant: str) -> List[Dict]:
    row = models.ScheduledMessage
    with database.reading() as session:
        rows = session.execute(select(row).where(row.participant_id == participant).order_by(row.id)).scalars().all()
        return [
            {
                "id": r.id,
                "kind": r.kind,
                "status": r.status,
                "due_at": r.due_at,
                "attempts": r.attempts,
                "claimed_by": r.claimed_by,
            }
            for r in rows
        ]


def check_ins(database: Database, participant: str) -> List[Dict]:
    row = models.CheckIn
    with database.reading() as session:
        rows = session.execute(select(row).where(row.participant_id == participant).order_by(row.id)).scalars().all()
        return [
            {
                "felt_heard": r.felt_heard,
                "no_talk_yet": r.no_talk_yet,
                "remarks": r.remarks,
                "finished": r.finished_at is not None,
            }
            for r in rows
        ]
