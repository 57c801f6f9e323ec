"""Stored practice: sessions (what the worker said, how it was read, the persona's reply and hidden
state, the feedback), scores per learning goal, and team reflections. Written only for workers and
teams who agreed, inside the turn's transaction (PracticeRecords); read for the worker's progress
(in a turn), and for trainers (PracticeReports: the CLI and the replay page)."""

import json
from datetime import datetime
from typing import Any, Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.database import Database
from bot.storage.models import PracticeGoalScore, PracticeSession, PracticeTurn, PracticeTurnState, TeamReflection

MAX_TEXT_LENGTH = 5000


def _events(value: Optional[str]) -> List[str]:
    try:
        events = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(event) for event in events] if isinstance(events, list) else []


class PracticeRecords:
    """Practice sessions, scores and team reflections within one turn's transaction."""

    def __init__(self, session: Session, now: datetime):
        self.session, self.now = session, now

    # --- practice sessions ----------------------------------------------------------------------------
    def open_session(self, participant_id: str, persona: str) -> int:
        practice = PracticeSession(participant_id=participant_id, persona=persona, started_at=self.now)
        self.session.add(practice)
        self.session.flush()
        return int(practice.id)

    def add_turn(
        self,
        session_id: int,
        position: int,
        worker_text: str,
        move: Dict[str, Any],
        reply: str,
        trust: Optional[int] = None,
        verdict: Optional[str] = None,
        events: Optional[List[str]] = None,
    ) -> None:
        turn = PracticeTurn(
            session_id=session_id,
            position=position,
            worker_text=(worker_text or "")[:MAX_TEXT_LENGTH],
            act=move.get("act"),
            form=move.get("form", "none"),
            domains=",".join(move.get("domains") or ()),
            reply=reply,
            created_at=self.now,
        )
        self.session.add(turn)
        if trust is not None:
            self.session.flush()
            self.session.add(
                PracticeTurnState(turn_id=turn.id, trust=trust, verdict=verdict, events=json.dumps(list(events or ())))
            )

    def finish_session(self, session_id: int, feedback: Dict[str, Any], goals: Optional[Dict[str, int]] = None) -> None:
        practice = self.session.get(PracticeSession, session_id)
        if practice is None:
            return
        practice.ended_at = self.now
        practice.feedback = json.dumps(feedback, ensure_ascii=False)
        for goal, score in (goals or {}).items():
            self.session.add(
                PracticeGoalScore(
                    session_id=session_id, participant_id=practice.participant_id, goal=goal, score=int(score), scored_at=self.now
                )
            )

    def progress(self, participant_id: str) -> List[Dict[str, Any]]:
        """The worker's finished, stored sessions, oldest first, each with its scores per goal."""
        return _progress(self.session, participant_id)

    # --- team reflections -------------------------------------------------------------------------------
    def open_team_reflection(self, participant_id: str) -> int:
        reflection = TeamReflection(participant_id=participant_id, started_at=self.now, answers="[]")
        self.session.add(reflection)
        self.session.flush()
        return int(reflection.id)

    def add_team_answer(self, reflection_id: int, key: str, question: str, answer: str) -> None:
        reflection = self.session.get(TeamReflection, reflection_id)
        if reflection is None:
            return
        answers = json.loads(reflection.answers or "[]")
        answers = [entry for entry in answers if entry.get("key") != key]
        answers.append({"key": key, "question": question, "answer": (answer or "")[:MAX_TEXT_LENGTH]})
        reflection.answers = json.dumps(answers, ensure_ascii=False)

    def finish_team_reflection(self, reflection_id: int) -> None:
        reflection = self.session.get(TeamReflection, reflection_id)
        if reflection is not None:
            reflection.finished_at = self.now


def _progress(session: Session, participant_id: str) -> List[Dict[str, Any]]:
    sessions = session.execute(
        select(PracticeSession)
        .where(PracticeSession.participant_id == participant_id, PracticeSession.ended_at.is_not(None))
        .order_by(PracticeSession.ended_at, PracticeSession.id)
    ).scalars()
    found = []
    for practice in sessions:
        scores = session.execute(select(PracticeGoalScore).where(PracticeGoalScore.session_id == practice.id)).scalars()
        goals = {score.goal: int(score.score) for score in scores}
        if goals:
            found.append(
                {"id": practice.id, "persona": practice.persona, "ended_at": practice.ended_at.isoformat(), "goals": goals}
            )
    return found


class PracticeReports:
    """Stored practice for a trainer (CLI, replay page). Participant ids are returned as they are:
    the caller pseudonymises them (bot/pseudonyms.py) before a trainer sees them."""

    def __init__(self, database: Database):
        self.database = database

    def report(self, session_id: int) -> Dict[str, Any]:
        with self.database.reading() as session:
            practice = session.get(PracticeSession, session_id)
            if practice is None:
                raise LookupError(f"practice session {session_id} does not exist")
            states = {
                state.turn_id: state
                for state in session.execute(
                    select(PracticeTurnState).where(PracticeTurnState.turn_id.in_([turn.id for turn in practice.turns]))
                ).scalars()
            }
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
                        "trust": states[turn.id].trust if turn.id in states else None,
                        "verdict": states[turn.id].verdict if turn.id in states else None,
                        "events": _events(states[turn.id].events) if turn.id in states else [],
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

    def progress(self, participant_id: str) -> List[Dict[str, Any]]:
        with self.database.reading() as session:
            return _progress(session, participant_id)

    def group(self) -> Dict[str, List[Dict[str, Any]]]:
        """Every worker with stored, finished sessions: participant id -> their sessions with scores."""
        with self.database.reading() as session:
            workers = session.execute(select(PracticeGoalScore.participant_id).distinct()).scalars().all()
            return {worker: _progress(session, worker) for worker in sorted(workers)}

    def team_reflections(self) -> List[Dict[str, Any]]:
        with self.database.reading() as session:
            rows = session.execute(select(TeamReflection).order_by(TeamReflection.id)).scalars()
            return [
                {
                    "id": row.id,
                    "participant": row.participant_id,
                    "started_at": row.started_at.isoformat(),
                    "finished_at": row.finished_at.isoformat() if row.finished_at else None,
                    "answers": json.loads(row.answers or "[]"),
                }
                for row in rows
            ]
