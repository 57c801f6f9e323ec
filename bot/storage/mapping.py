"""Between the database rows (bot/storage/models.py) and the typed records (bot/storage/records.py).

Saving compares field by field, so a turn writes only what it changed.
"""

from typing import Any, Dict, List, Optional

from sqlalchemy.orm import Session

from bot.storage import models
from bot.storage.records import Board, ConversationRecord, DomainEntry, GoalEntry, NetworkEntry

DOMAIN_FIELDS = ("status", "score", "story", "goes_well", "wish", "talk_about", "talk_rank")
GOAL_FIELDS = ("text", "own_step", "helper", "review", "reviewed_at")
BOARD_FIELDS = (
    "completed_at",
    "life_rating",
    "rating_reason",
    "rating_next",
    "appointments_per_week",
    "conflicting_advice",
    "one_contact",
)
RENUMBER_OFFSET = 1000
RECORD_FIELDS = ("active", "flow", "step", "board_id", "board_owner", "position", "failures", "paused", "pending")
RECORD_JSON_FIELDS = {
    "order": "order_keys",
    "counters": "counters",
    "history": "history",
    "resume": "resume",
    "data": "data",
    "offered": "offered",
    "seen_messages": "seen_messages",
    "last_replies": "last_replies",
}


def board_from_row(row: models.Measurement) -> Board:
    return Board(
        id=row.id,
        owner=row.participant_id,
        author=row.author_id or row.participant_id,
        instrument=row.instrument,
        perspective=row.perspective,
        number=row.number,
        round=row.round,
        started_at=row.started_at,
        completed_at=row.completed_at,
        life_rating=row.life_rating,
        rating_reason=row.rating_reason,
        rating_next=row.rating_next,
        appointments_per_week=row.appointments_per_week,
        conflicting_advice=row.conflicting_advice,
        one_contact=row.one_contact,
        version=row.version or 1,
        domains=[
            DomainEntry(
                key=answer.domain_key,
                status=answer.status,
                score=answer.score,
                story=answer.story,
                goes_well=answer.goes_well,
                wish=answer.wish,
                talk_about=bool(answer.talk_about),
                talk_rank=answer.talk_rank,
            )
            for answer in row.domain_answers
        ],
        goals=[
            GoalEntry(
                id=goal.id,
                text=goal.text,
                domain=goal.domain_key,
                own_step=goal.own_step,
                helper=goal.helper,
                review=goal.review,
                reviewed_at=goal.reviewed_at,
            )
            for goal in row.goals
        ],
        network=[NetworkEntry(id=member.id, kind=member.kind, description=member.description) for member in row.network],
    )


def row_for_new_board(board: Board) -> models.Measurement:
    return models.Measurement(
        participant_id=board.owner,
        author_id=board.author,
        number=board.number,
        round=board.round,
        instrument=board.instrument,
        perspective=board.perspective,
        started_at=board.started_at,
        version=board.version,
        domain_answers=[
            models.DomainAnswer(domain_key=entry.key, position=position, status=entry.status, score=entry.score, talk_about=False)
            for position, entry in enumerate(board.domains)
        ],
    )


def _assign(target: Any, name: str, value: Any) -> bool:
    """Set `target.name` when it differs; whether it did."""
    if getattr(target, name) == value:
        return False
    setattr(target, name, value)
    return True


def apply_board(board: Board, row: models.Measurement, session: Session) -> bool:
    """Write the record's changes onto its row (and its answers, goals and people); whether anything changed."""
    changed = False
    for name in BOARD_FIELDS:
        changed |= _assign(row, name, getattr(board, name))
    answers = {answer.domain_key: answer for answer in row.domain_answers}
    for entry in board.domains:
        answer = answers[entry.key]
        for name in DOMAIN_FIELDS:
            changed |= _assign(answer, name, getattr(entry, name))
    changed |= _apply_goals(board.goals, row, session)
    changed |= _apply_network(board.network, row)
    if changed:
        board.version += 1
        row.version = board.version
    return changed


def _apply_goals(goals: List[GoalEntry], row: models.Measurement, session: Session) -> bool:
    existing: Dict[Optional[int], models.Goal] = {goal.id: goal for goal in row.goals}
    wanted_ids = [goal.id for goal in goals if goal.id is not None]
    changed = False
    for goal in list(row.goals):
        if goal.id not in wanted_ids:
            row.goals.remove(goal)
            changed = True
    kept_in_place = [goal.id for goal in row.goals] == wanted_ids and all(
        goal.priority == position for position, goal in enumerate(row.goals, 1)
    )
    if changed or not kept_in_place:  # priorities are unique per board: renumber in two steps
        session.flush()
        for goal in row.goals:
            goal.priority += RENUMBER_OFFSET
        session.flush()
    for priority, entry in enumerate(goals, 1):
        target = existing.get(entry.id) if entry.id is not None else None
        if target is None:
            target = models.Goal(priority=priority, domain_key=entry.domain, text=entry.text)
            row.goals.append(target)
            changed = True
        changed |= _assign(target, "domain_key", entry.domain)
        for name in GOAL_FIELDS:
            changed |= _assign(target, name, getattr(entry, name))
        target.priority = priority
    return changed


def _apply_network(members: List[NetworkEntry], row: models.Measurement) -> bool:
    current = [(member.kind, member.description) for member in row.network]
    wanted = [(member.kind, member.description) for member in members]
    if current == wanted:
        return False
    row.network.clear()
    for position, (kind, description) in enumerate(wanted):
        row.network.append(models.NetworkMember(position=position, kind=kind, description=description))
    return True


def assign_new_ids(board: Board, row: models.Measurement) -> None:
    """After a flush: the ids the database gave new goals and people."""
    board.id = row.id
    for goal, goal_row in zip(board.goals, row.goals):
        goal.id = goal_row.id
    for member, member_row in zip(board.network, row.network):
        member.id = member_row.id


def record_from_row(row: models.Conversation) -> ConversationRecord:
    document = {name: getattr(row, column) for name, column in RECORD_JSON_FIELDS.items()}
    document.update({name: getattr(row, name) for name in RECORD_FIELDS})
    document.update(participant_id=row.participant_id, role=row.role)
    return ConversationRecord.from_document(document, stored=True)


def apply_record(record: ConversationRecord, row: models.Conversation) -> None:
    document = record.to_document()
    for name in RECORD_FIELDS:
        _assign(row, name, document[name])
    for name, column in RECORD_JSON_FIELDS.items():
        _assign(row, column, document[name])
