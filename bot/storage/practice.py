"""Stored practice sessions: what the worker said, how it was understood, the persona's reply, and
the feedback. Written only for workers who agreed, inside the turn's transaction; read by
`python -m bot practice-report`."""

import json
from datetime import datetime
from typing import Any, Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.database import Database
from bot.storage.models import PracticeSession, PracticeTurn

MAX_TEXT_LENGTH = 5000


class PracticeRecords:
    """Practice sessions within one turn's transaction."""

    def __init__(self, session: Session, now: datetime):
        self.session, self.now = session, now

    def open_session(self, participant_id: str, persona: str) -> int:
        practice = PracticeSession(participant_id=participant_id, persona=persona, started_at=self.now)
        self.session.add(practice)
        self.session.flush()
        return int(practice.id)

    def add_turn(self, session_id: int, position: int, worker_text: str, move: Dict[str, Any], reply: str) -> None:
        self.session.add(
            PracticeTurn(
                session_id=session_id,
                position=position,
                worker_text=(worker_text or "")[:MAX_TEXT_LENGTH],
                act=move.get("act"),
                form=move.get("form", "none"),
                domains=",".join(move.get("domains") or ()),
                reply=reply,
                created_at=self.now,
            )
        )

    def finish_session(self, session_id: int, feedback: Dict[str, Any]) -> None:
        practice = self.session.get(PracticeSession, session_id)
        if practice is not None:
            practice.ended_at = self.now
            practice.feedback = json.dumps(feedback, ensure_ascii=False)


class PracticeReports:
    """Stored sessions for a trainer (CLI, replay page)."""

    def __init__(self, database: Database):
        self.database = database

    def report(self, session_id: int) -> Dict[str, Any]:
        with self.database.reading() as session:
            practice = session.get(PracticeSession, session_id)
            if practice is None:
                raise LookupError(f"practice session {session_id} does not exist")
            return {
                "id": practice.id,
                "participant": practice.participant_id,
                "persona": practice.persona,
                "started_at": practice.started_at.isoformat(),
                "ended_at": practice.ended_at.isoformat() if practice.ended_at else None,
                "turns": [
                    {
                        "position": turn.position,
                        "worker": turn.worker_text,
                        "act": turn.act,
                        "form": turn.form,
                        "domains": [key for key in turn.domains.split(",") if key],
                        "reply": turn.reply,
                    }
                    for turn in practice.turns
                ],
                "feedback": json.loads(practice.feedback) if practice.feedback else None,
            }

    def sessions(self, participant_id: Optional[str] = None) -> List[Dict[str, Any]]:
        """A line per stored session (newest first), optionally of one participant."""
        with self.database.reading() as session:
            query = select(PracticeSession).order_by(PracticeSession.id.desc())
            if participant_id:
                query = query.where(PracticeSession.participant_id == participant_id)
            return [
                {
                    "id": p.id,
                    "participant": p.participant_id,
                    "persona": p.persona,
                    "started_at": p.started_at.isoformat(),
                    "ended": p.ended_at is not None,
                    "turns": len(p.turns),
                }
                for p in session.execute(query).scalars()
            ]
