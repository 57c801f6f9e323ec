"""Anonymous figures across residents: per period (quarter, month or year, Netherlands time), per
instrument and per domain: how many residents and boards, the mean score, the change between a
resident's measurement and the one before it, the share of goals reached, and the check-ins.

Privacy, by construction:
- only numbers are read: scores, statuses, reviews, dates, the felt-heard scale; never a text
  column (own words, goals, remarks), so no free text can ever reach the output;
- every group is counted in distinct residents, and a group smaller than MONITOR_MIN_GROUP (10)
  gives no figures at all, not even its size: only `too_small`;
- only the residents' own boards count (perspective 'inwoner', completed).
"""

import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from statistics import mean
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content import load_instrument
from bot.content.errors import ContentError
from bot.storage import models

FORMAT = "wat-telt-monitor"
VERSION = 1
DEFAULT_MIN_GROUP = 10
PERIOD_KINDS = ("quarter", "month", "year")
LOCAL = ZoneInfo("Europe/Amsterdam")
REVIEWS = ("reached", "partly", "not_yet")
CHANGES = ("better", "same", "worse")


def min_group() -> int:
    value = int(os.environ.get("MONITOR_MIN_GROUP", "").strip() or DEFAULT_MIN_GROUP)
    if value < 1:
        raise ValueError("MONITOR_MIN_GROUP must be 1 or more")
    return value


# --- periods ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    key: str  # "2026-Q4", "2026-12", "2026"
    start: date
    end: date  # the last day


def period_of(moment: datetime, kind: str) -> Period:
    local = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(LOCAL).date()
    if kind == "year":
        return Period(f"{local.year}", date(local.year, 1, 1), date(local.year, 12, 31))
    if kind == "month":
        first = date(local.year, local.month, 1)
        return Period(f"{local.year}-{local.month:02d}", first, _last_day(local.year, local.month))
    if kind == "quarter":
        quarter = (local.month - 1) // 3 + 1
        first_month = 3 * (quarter - 1) + 1
        return Period(f"{local.year}-Q{quarter}", date(local.year, first_month, 1), _last_day(local.year, first_month + 2))
    raise ValueError(f"period must be one of {', '.join(PERIOD_KINDS)}")


def _last_day(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


# --- what is read (numbers and dates only) ------------------------------------------------------------------


@dataclass(frozen=True)
class BoardFacts:
    id: int
    resident: str
    instrument: str
    number: int
    completed_at: datetime
    life_rating: Optional[int]


def _boards(session: Session) -> Dict[int, BoardFacts]:
    m = models.Measurement
    rows = session.execute(
        select(m.id, m.participant_id, m.instrument, m.number, m.completed_at, m.life_rating).where(
            m.perspective == "inwoner", m.completed_at.is_not(None)
        )
    ).all()
    return {
        row.id: BoardFacts(row.id, row.participant_id, row.instrument, row.number, row.completed_at, row.life_rating)
        for row in rows
    }


def _scores(session: Session, board_ids: Iterable[int]) -> Dict[int, Dict[str, int]]:
    """Per board: domain -> score, for the answered domains."""
    a = models.DomainAnswer
    wanted = set(board_ids)
    scores: Dict[int, Dict[str, int]] = defaultdict(dict)
    for row in session.execute(select(a.measurement_id, a.domain_key, a.score).where(a.status == "answered")):
        if row.measurement_id in wanted and row.score is not None:
            scores[row.measurement_id][row.domain_key] = int(row.score)
    return scores


def _goal_reviews(session: Session) -> List[Tuple[int, Optional[str], str, datetime]]:
    g = models.Goal
    rows = session.execute(
        select(g.measurement_id, g.domain_key, g.review, g.reviewed_at).where(g.review.is_not(None), g.reviewed_at.is_not(None))
    ).all()
    return [(row.measurement_id, row.domain_key, row.review, row.reviewed_at) for row in rows]


def _check_ins(session: Session) -> List[Tuple[str, Optional[int], datetime, Optional[int], bool]]:
    c = models.CheckIn
    rows = session.execute(
        select(c.participant_id, c.board_id, c.answered_at, c.felt_heard, c.no_talk_yet).where(c.answered_at.is_not(None))
    ).all()
    return [(row.participant_id, row.board_id, row.answered_at, row.felt_heard, bool(row.no_talk_yet)) for row in rows]


# --- the figures ----------------------------------------------------------------------------------------------


def _round(value: float, digits: int = 2) -> float:
    return round(value + 0.0, digits)


def _share(part: int, whole: int) -> float:
    return _round(part / whole, 3) if whole else 0.0


class _Group:
    """Values of distinct residents; shown only when there are at least `minimum` of them."""

    def __init__(self) -> None:
        self.residents: Set[str] = set()
        self.order: List[str] = []  # the resident of each value
        self.values: List[Any] = []

    def add(self, resident: str, value: Any) -> None:
        self.residents.add(resident)
        self.order.append(resident)
        self.values.append(value)

    def shown(self, minimum: int) -> bool:
        return len(self.residents) >= minimum


TOO_SMALL: Dict[str, Any] = {"too_small": True}


def _instrument_info(key: str, seen_domains: Iterable[str]) -> Tuple[List[Tuple[str, str]], Optional[Dict[str, int]]]:
    """(domain key, label) in the instrument's order, and its scale; the keys seen when the instrument is gone."""
    try:
        instrument = load_instrument(key)
    except (ContentError, FileNotFoundError, KeyError):
        return [(domain, domain) for domain in sorted(seen_domains)], None
    values = instrument.scale.values
    return [(domain.key, domain.label) for domain in instrument.domains], {"lowest": values[0], "highest": values[-1]}


def monitor(
    session: Session, period_kind: str = "quarter", minimum: Optional[int] = None, now: Optional[datetime] = None
) -> Dict[str, Any]:
    """The monitor as one JSON-able document (its format: docs/follow-up.md)."""
    if period_kind not in PERIOD_KINDS:
        raise ValueError(f"period must be one of {', '.join(PERIOD_KINDS)}")
    minimum = min_group() if minimum is None else minimum
    boards = _boards(session)
    scores = _scores(session, boards)
    by_resident: Dict[Tuple[str, str], List[BoardFacts]] = defaultdict(list)
    for board in boards.values():
        by_resident[(board.resident, board.instrument)].append(board)
    for series in by_resident.values():
        series.sort(key=lambda board: (board.number, board.completed_at))

    cells: Dict[Tuple[Period, str], Dict[str, Any]] = defaultdict(
        lambda: {
            "boards": _Group(),
            "life": _Group(),
            "domains": defaultdict(_Group),
            "changes": defaultdict(_Group),
            "goals": defaultdict(_Group),
            "check_ins": _Group(),
            "seen": set(),
        }
    )
    for board in boards.values():
        cell = cells[(period_of(board.completed_at, period_kind), board.instrument)]
        cell["boards"].add(board.resident, board.id)
        if board.life_rating is not None:
            cell["life"].add(board.resident, board.life_rating)
        for domain, score in scores.get(board.id, {}).items():
            cell["domains"][domain].add(board.resident, score)
            cell["seen"].add(domain)
    for series in by_resident.values():  # each repeat measurement against the one before it
        for before, after in zip(series, series[1:]):
            cell = cells[(period_of(after.completed_at, period_kind), after.instrument)]
            earlier, later = scores.get(before.id, {}), scores.get(after.id, {})
            for domain in set(earlier) & set(later):
                cell["changes"][domain].add(after.resident, later[domain] - earlier[domain])
    for board_id, goal_domain, review, reviewed_at in _goal_reviews(session):
        reviewed = boards.get(board_id)
        if reviewed is not None and review in REVIEWS:
            cell = cells[(period_of(reviewed_at, period_kind), reviewed.instrument)]
            cell["goals"][goal_domain or ""].add(reviewed.resident, review)
    for resident, check_in_board, answered_at, felt_heard, no_talk_yet in _check_ins(session):
        about = boards.get(check_in_board) if check_in_board is not None else None
        if about is not None:
            cells[(period_of(answered_at, period_kind), about.instrument)]["check_ins"].add(resident, (felt_heard, no_talk_yet))

    periods = []
    for (period, instrument_key), cell in sorted(cells.items(), key=lambda item: (item[0][0], item[0][1])):
        domains, scale = _instrument_info(instrument_key, cell["seen"])
        periods.append(
            {
                "period": period.key,
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "instrument": instrument_key,
                "scale": scale,
                "overall": _overall(cell, minimum),
                "domains": [_domain(key, label, cell, minimum) for key, label in domains],
                "check_ins": _check_in_figures(cell["check_ins"], minimum, scale),
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": (now or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds"),
        "min_group": minimum,
        "period_kind": period_kind,
        "periods": periods,
    }


def _overall(cell: Dict[str, Any], minimum: int) -> Dict[str, Any]:
    boards, life = cell["boards"], cell["life"]
    if not boards.shown(minimum):
        return dict(TOO_SMALL)
    figures: Dict[str, Any] = {"too_small": False, "residents": len(boards.residents), "boards": len(boards.values)}
    figures["mean_life_rating"] = _round(mean(life.values)) if life.shown(minimum) else None
    return figures


def _domain(key: str, label: str, cell: Dict[str, Any], minimum: int) -> Dict[str, Any]:
    group: _Group = cell["domains"].get(key) or _Group()
    entry: Dict[str, Any] = {"domain": key, "label": label}
    if not group.shown(minimum):
        return {**entry, **TOO_SMALL}
    entry.update(too_small=False, residents=len(group.residents), boards=len(group.values), mean_score=_round(mean(group.values)))
    entry["change"] = _change(cell["changes"].get(key) or _Group(), minimum)
    entry["goals"] = _goals(cell["goals"].get(key) or _Group(), minimum)
    return entry


def _change(group: _Group, minimum: int) -> Dict[str, Any]:
    if not group.shown(minimum):
        return dict(TOO_SMALL)
    deltas = group.values
    counts = {
        "better": sum(1 for d in deltas if d > 0),
        "same": sum(1 for d in deltas if d == 0),
        "worse": sum(1 for d in deltas if d < 0),
    }
    return {
        "too_small": False,
        "residents": len(group.residents),
        "pairs": len(deltas),
        "mean_change": _round(mean(deltas)),
        **{name: _share(counts[name], len(deltas)) for name in CHANGES},
    }


def _goals(group: _Group, minimum: int) -> Dict[str, Any]:
    if not group.shown(minimum):
        return dict(TOO_SMALL)
    reviews = group.values
    return {
        "too_small": False,
        "residents": len(group.residents),
        "reviewed": len(reviews),
        **{name: _share(sum(1 for r in reviews if r == name), len(reviews)) for name in REVIEWS},
    }


def _check_in_figures(group: _Group, minimum: int, scale: Optional[Dict[str, int]]) -> Dict[str, Any]:
    if not group.shown(minimum):
        return dict(TOO_SMALL)
    answers = group.values
    heard = [value for value, _ in answers if value is not None]
    heard_by = {resident for resident, (value, _) in zip(group.order, answers) if value is not None}
    figures: Dict[str, Any] = {
        "too_small": False,
        "residents": len(group.residents),
        "answered": len(answers),
        "no_talk_yet": _share(sum(1 for _, no_talk in answers if no_talk), len(answers)),
        "felt_heard_mean": None,
        "felt_heard": None,
    }
    if len(heard_by) >= minimum:  # the scale's answers are a group of their own
        values = range(scale["lowest"], scale["highest"] + 1) if scale else sorted(set(heard))
        figures["felt_heard_mean"] = _round(mean(heard))
        figures["felt_heard"] = {str(value): _share(sum(1 for h in heard if h == value), len(heard)) for value in values}
    return figures
