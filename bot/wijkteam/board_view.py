"""What the board page shows, built from the stored boards of one resident (read only).

- every perspective of one round side by side (the resident's board and the professional's and
  naaste's views that belong to it: bot/flows/board/summary.py `round_boards`);
- the differences: domains where two perspectives are DIFFERENCE_STEPS or more apart;
- the change since the resident's previous board, and how the earlier goals went;
- the goals, and everything in the resident's (and the others') own words.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.content import Instrument, PerspectiveStyle, load_instrument, load_perspective_styles
from bot.flows.board.summary import DIFFERENCE_STEPS, round_boards
from bot.storage import models
from bot.storage.mapping import board_from_row
from bot.storage.models import PERSPECTIVES
from bot.storage.records import Board, DomainEntry, GoalEntry

STATUS_WORDS = {"open": "nog niet ingevuld", "skipped": "overgeslagen", "not_applicable": "niet van toepassing"}
REVIEW_WORDS = {"reached": "gelukt", "partly": "deels gelukt", "not_yet": "nog niet gelukt"}
NETWORK_WORDS = {"person": "persoon", "professional": "hulpverlener"}


@dataclass(frozen=True)
class Column:
    """One perspective's board in this round."""

    key: str  # inwoner | professional | naaste
    name: str  # "Bewoner", "Wijkteam", "Naaste" (numbered when there are two of one kind)
    letter: str
    colour: str
    life_rating: Optional[int]
    completed: bool


@dataclass(frozen=True)
class Cell:
    score: Optional[int]
    emoji: str
    words: str  # "Niet zo goed", or the status in words


@dataclass(frozen=True)
class DomainRow:
    key: str
    label: str
    cells: List[Cell]
    differs: bool
    talk_rank: Optional[int]  # the resident wants to talk about it (their order; 0: unranked)


@dataclass(frozen=True)
class Difference:
    label: str
    topic: str
    views: List[str]  # "Bewoner: Niet zo goed"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    direction: str  # "beter", "minder goed", "gelijk"


@dataclass(frozen=True)
class GoalView:
    who: str
    text: str
    domain: Optional[str]
    own_step: Optional[str]
    helper: Optional[str]
    review: Optional[str]


@dataclass(frozen=True)
class Words:
    """What one perspective told about a domain in its own words."""

    column: Column
    story: Optional[str]
    goes_well: Optional[str]
    wish: Optional[str]


@dataclass(frozen=True)
class DomainWords:
    """A domain's own words from every perspective together, so that they can be read side by side."""

    label: str
    views: List[Words]


@dataclass(frozen=True)
class Measurement:
    number: int
    started_at: datetime
    completed: bool


@dataclass
class BoardView:
    reference: str
    title: str
    number: int
    started_at: datetime
    completed_at: Optional[datetime]
    columns: List[Column]
    rows: List[DomainRow]
    differences: List[Difference]
    scale: List[str]  # "1 😞 Heel slecht" ... for the legend
    previous_number: Optional[int] = None
    changes: List[Change] = field(default_factory=list)
    life_rating_change: Optional[str] = None
    goal_reviews: List[GoalView] = field(default_factory=list)
    goals: List[GoalView] = field(default_factory=list)
    words: List[DomainWords] = field(default_factory=list)
    rating_reason: Optional[str] = None
    rating_next: Optional[str] = None
    network: List[str] = field(default_factory=list)
    appointments_per_week: Optional[int] = None
    conflicting_advice: Optional[bool] = None
    one_contact: Optional[str] = None
    measurements: List[Measurement] = field(default_factory=list)

    @property
    def has_others(self) -> bool:
        return len(self.columns) > 1


def load_boards(session: Session, owner: str) -> List[Board]:
    rows = session.execute(
        select(models.Measurement)
        .where(models.Measurement.participant_id == owner)
        .options(
            selectinload(models.Measurement.domain_answers),
            selectinload(models.Measurement.goals),
            selectinload(models.Measurement.network),
        )
        .order_by(models.Measurement.started_at, models.Measurement.id)
    ).scalars()
    return [board_from_row(row) for row in rows]


def resident_boards(boards: List[Board]) -> List[Board]:
    return sorted((board for board in boards if board.perspective == "inwoner"), key=lambda board: board.number)


def pick_round(boards: List[Board], number: Optional[int]) -> Optional[Board]:
    """The resident's board with this number, or their latest when `number` is None."""
    own = resident_boards(boards)
    if number is None:
        return own[-1] if own else None
    return next((board for board in own if board.number == number), None)


def round_of(boards: List[Board], number: Optional[int]) -> List[Board]:
    """The boards of the round `pick_round` chose (the resident's first); empty when there is none."""
    chosen = pick_round(boards, number)
    if chosen is None:
        return []
    return round_boards([board for board in boards if board.instrument == chosen.instrument], chosen)


def _cell(entry: DomainEntry, instrument: Instrument) -> Cell:
    if entry.status == "answered" and entry.score is not None:
        point = instrument.scale.point(entry.score)
        return Cell(entry.score, point.emoji, point.label)
    return Cell(None, "", STATUS_WORDS.get(entry.status, entry.status))


def _entry(board: Board, key: str) -> DomainEntry:
    try:
        return board.domain(key)
    except KeyError:
        return DomainEntry(key=key)


def _columns(boards: List[Board], styles: Dict[str, PerspectiveStyle]) -> List[Column]:
    columns = []
    for board in boards:
        style = styles[board.perspective]
        same = [other for other in boards if other.perspective == board.perspective]
        name = style.legend if len(same) == 1 else f"{style.legend} {same.index(board) + 1}"
        columns.append(
            Column(board.perspective, name, style.letter, style.colour, board.life_rating, board.completed_at is not None)
        )
    return columns


def _phrase(entry: DomainEntry, instrument: Instrument) -> str:
    return _cell(entry, instrument).words


def build(reference: str, boards: List[Board], number: Optional[int] = None) -> Optional[BoardView]:
    """The page's content for one round (the latest when `number` is None); None when there is none."""
    shown = round_of(boards, number)
    if not shown:
        return None
    resident = shown[0]
    shown = [resident] + sorted(shown[1:], key=lambda board: (PERSPECTIVES.index(board.perspective), board.number))
    instrument = load_instrument(resident.instrument)
    styles = load_perspective_styles()
    columns = _columns(shown, styles)
    rows, differences = [], []
    for domain in instrument.domains:
        entries = [_entry(board, domain.key) for board in shown]
        cells = [_cell(entry, instrument) for entry in entries]
        scores = [cell.score for cell in cells if cell.score is not None]
        differs = len(scores) >= 2 and instrument.scale.steps_between(min(scores), max(scores)) >= DIFFERENCE_STEPS
        own = entries[0]
        talk_rank = (own.talk_rank or 0) if own.talk_about else None
        rows.append(DomainRow(domain.key, domain.label, cells, differs, talk_rank))
        if differs:
            views = [f"{column.name}: {cell.words}" for column, cell in zip(columns, cells) if cell.score is not None]
            differences.append(Difference(domain.label, domain.topic, views))
    view = BoardView(
        reference=reference,
        title=instrument.title,
        number=resident.number,
        started_at=resident.started_at,
        completed_at=resident.completed_at,
        columns=columns,
        rows=rows,
        differences=differences,
        scale=[f"{point.emoji} {point.label}" for point in instrument.scale.points],
        rating_reason=resident.rating_reason,
        rating_next=resident.rating_next,
        network=[f"{member.description} ({NETWORK_WORDS.get(member.kind, member.kind)})" for member in resident.network],
        appointments_per_week=resident.appointments_per_week,
        conflicting_advice=resident.conflicting_advice,
        one_contact=resident.one_contact,
        measurements=[
            Measurement(board.number, board.started_at, board.completed_at is not None) for board in resident_boards(boards)
        ],
    )
    _add_changes(view, resident, boards, instrument)
    for column, board in zip(columns, shown):
        view.goals += [_goal(column.name, goal, instrument) for goal in board.goals]
    for domain in instrument.domains:
        told = [(column, _entry(board, domain.key)) for column, board in zip(columns, shown)]
        perspectives = [
            Words(column, entry.story, entry.goes_well, entry.wish)
            for column, entry in told
            if entry.story or entry.goes_well or entry.wish
        ]
        if perspectives:
            view.words.append(DomainWords(domain.label, perspectives))
    return view


def _goal(who: str, goal: GoalEntry, instrument: Instrument) -> GoalView:
    label = instrument.domain(goal.domain).label if goal.domain and goal.domain in instrument.keys else None
    return GoalView(who, goal.text, label, goal.own_step, goal.helper, REVIEW_WORDS.get(goal.review or ""))


def _add_changes(view: BoardView, resident: Board, boards: List[Board], instrument: Instrument) -> None:
    earlier = [
        board
        for board in resident_boards(boards)
        if board.number < resident.number and board.instrument == resident.instrument and board.completed_at is not None
    ]
    if not earlier:
        return
    previous = earlier[-1]
    view.previous_number = previous.number
    if previous.life_rating is not None and resident.life_rating is not None:
        view.life_rating_change = f"{previous.life_rating} → {resident.life_rating}"
    for domain in instrument.domains:
        before, after = _entry(previous, domain.key), _entry(resident, domain.key)
        if before.score is None and after.score is None:
            continue
        if before.score is not None and after.score is not None:
            direction = "beter" if after.score > before.score else "minder goed" if after.score < before.score else "gelijk"
        else:
            direction = "niet te vergelijken"
        view.changes.append(Change(domain.label, _phrase(before, instrument), _phrase(after, instrument), direction))
    view.goal_reviews = [_goal("Bewoner", goal, instrument) for goal in previous.goals]
