"""Stored practice sessions: what the worker said, how it was understood, the persona's reply,
and the feedback. Written only for workers who agreed; read by `python -m bot practice-report`."""

import json
from contextlib import contextmanager
from typing import Iterator, List, Optional

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.models import PracticeSession, PracticeTurn, utc_now

MAX_TEXT_LENGTH = 5000


class PracticeStore:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, future=True, expire_on_commit=False)

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def open_session(self, participant_id: str, persona: str) -> int:
        if not participant_id:
            raise ValueError("participant id is empty")
        with self._transaction() as session:
            practice = PracticeSession(participant_id=participant_id, persona=persona, started_at=utc_now())
            session.add(practice)
            session.flush()
            return practice.id

    def add_turn(self, session_id: int, position: int, worker_text: str, move: dict, reply: str) -> None:
        """Store turn `position` (1, 2, ...); storing the same position again replaces it (a retried turn)."""
        with self._transaction() as session:
            existing = session.execute(
                select(PracticeTurn).where(PracticeTurn.session_id == session_id, PracticeTurn.position == position)
            ).scalar_one_or_none()
            turn = existing or PracticeTurn(session_id=session_id, position=position, created_at=utc_now())
            turn.worker_text = (worker_text or "")[:MAX_TEXT_LENGTH]
            turn.act, turn.form = move.get("act"), move.get("form", "none")
            turn.domains = ",".join(move.get("domains") or ())
            turn.reply = reply
            session.add(turn)

    def finish_session(self, session_id: int, feedback: dict) -> None:
        with self._transaction() as session:
            practice = self._get(session, session_id)
            practice.ended_at = utc_now()
            practice.feedback = json.dumps(feedback, ensure_ascii=False)

    def report(self, session_id: int) -> dict:
        """The session with its turns and feedback, as plain data."""
        with self._transaction() as session:
            practice = self._get(session, session_id)
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

    def sessions(self, participant_id: Optional[str] = None) -> List[dict]:
        """A line per stored session (newest first), optionally of one participant."""
        with self._transaction() as session:
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

    @staticmethod
    def delete_participant_sessions(session: Session, participant_id: str) -> int:
        """Delete every practice session of a participant inside the caller's transaction."""
        ids = session.execute(select(PracticeSession.id).where(PracticeSession.participant_id == participant_id)).scalars().all()
        if ids:
            session.execute(delete(PracticeTurn).where(PracticeTurn.session_id.in_(ids)))
            session.execute(delete(PracticeSession).where(PracticeSession.id.in_(ids)))
        return len(ids)

    @staticmethod
    def _get(session: Session, session_id: int) -> PracticeSession:
        practice = session.get(PracticeSession, session_id)
        if practice is None:
            raise LookupError(f"practice session {session_id} does not exist")
        return practice
