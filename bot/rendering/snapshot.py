"""A board kept in memory only, back from the snapshot its picture link carries
(bot/flows/board/summary.py `picture_snapshot`): scores, statuses and talk_about, nothing else."""

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

from bot.content import ContentError, Instrument, load_instrument
from bot.storage.records import Board, DomainEntry

STATUSES = ("open", "answered", "skipped", "not_applicable")
SNAPSHOT_OWNER = "snapshot"  # a snapshot names nobody


def board_from_snapshot(snapshot: Dict[str, Any]) -> Optional[Tuple[Board, Instrument]]:
    """The board and its instrument, or None when the snapshot does not fit its instrument."""
    key, rating, rows = snapshot.get("instrument"), snapshot.get("life_rating"), snapshot.get("domains")
    if not isinstance(key, str) or not isinstance(rows, list) or not (rating is None or _is_int(rating)):
        return None
    try:
        instrument = load_instrument(key)
    except ContentError:
        return None
    domains: List[DomainEntry] = []
    for row in rows:
        entry = _entry(row, instrument)
        if entry is None:
            return None
        domains.append(entry)
    board = Board(
        owner=SNAPSHOT_OWNER,
        author=SNAPSHOT_OWNER,
        instrument=key,
        perspective="inwoner",
        number=1,
        started_at=datetime.now(timezone.utc),
        domains=domains,
        life_rating=rating,
    )
    return board, instrument


def _entry(row: Any, instrument: Instrument) -> Optional[DomainEntry]:
    if not isinstance(row, list) or len(row) != 4:
        return None
    key, status, score, talk_about = row
    if key not in instrument.keys or status not in STATUSES or not isinstance(talk_about, bool):
        return None
    if (status == "answered") != (score is not None) or (
        score is not None and (not _is_int(score) or score not in instrument.scale.values)
    ):
        return None
    return DomainEntry(key=key, status=status, score=score, talk_about=talk_about)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
