"""The file a media link grants: a board's picture or PDF, rendered once per version and cached.

`MediaService(database).fetch(token)` gives a `MediaFile` or None (a forged, expired or malformed
token, or a board that no longer exists). For a stored board every fetch first asks the database,
in one query, whether the board still exists and at which versions it and the other boards in
its picture are; the cached file of exactly those versions is served, else the file is rendered
(once at a time per file in this process) and cached. A change to any of those boards raises its
version (bot/storage/mapping.py), so the next fetch renders anew.

What a link shows: the resident's board with every other perspective of the same round; the
professional's or naaste's board with the resident's board of its round (they see the resident's
board and their own, never each other's). The PDF also uses the resident's previous board (the
change since then, the review of its goals).

A board kept in memory only has its picture in the link itself (bot/rendering/tokens.py); its
rendering is kept in this process only (never in Redis), under a digest of the snapshot, for as
long as a link works. A snapshot names nobody and holds no free text.
"""

import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import Session, aliased

from bot.content import load_instrument, load_texts
from bot.flows.board.summary import round_boards
from bot.rendering.cache import MediaCache, MemoryByteStore, shared_media_cache
from bot.rendering.picture import board_picture
from bot.rendering.sheet import board_pdf
from bot.rendering.snapshot import board_from_snapshot
from bot.rendering.tokens import SnapshotGrant, StoredGrant, attachment_token, media_link_seconds, read_token
from bot.storage.database import Database
from bot.storage.mapping import board_from_row
from bot.storage.models import Measurement
from bot.storage.records import Board

__all__ = ["MediaCache", "MediaFile", "MediaService", "attachment_token"]

CONTENT_TYPES = {"board_picture": "image/png", "board_pdf": "application/pdf"}
FILE_NAMES = {"board_picture": "{instrument}-bord.png", "board_pdf": "{instrument}-overzicht.pdf"}
SNAPSHOT_CACHE_BYTES = 8 * 1024 * 1024  # pictures of boards kept in memory only: this process only
RENDER_LOCKS = 16


@dataclass(frozen=True)
class MediaFile:
    body: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class _Row:
    id: int
    owner: str
    instrument: str
    perspective: str
    number: int
    round: Optional[int]
    version: int


@dataclass(frozen=True)
class _Selection:
    """The boards one link shows, and the name of their file in the cache."""

    owner: str
    instrument: str
    resident_id: Optional[int]  # the resident's board of the round
    shown: Tuple[int, ...]
    previous_id: Optional[int]  # the resident's board before it (PDF only)
    name: str


class MediaService:
    def __init__(self, database: Database, cache: Optional[MediaCache] = None):
        self.database = database
        self.cache = cache if cache is not None else shared_media_cache()
        self._snapshots = MemoryByteStore(max_bytes=SNAPSHOT_CACHE_BYTES, ttl=media_link_seconds())
        self._locks = [threading.Lock() for _ in range(RENDER_LOCKS)]

    def fetch(self, token: str) -> Optional[MediaFile]:
        grant = read_token(token)
        if isinstance(grant, SnapshotGrant):
            return self._snapshot_file(grant.snapshot)
        if isinstance(grant, StoredGrant):
            return self._stored_file(grant)
        return None

    # --- a stored board --------------------------------------------------------------------------

    def _stored_file(self, grant: StoredGrant) -> Optional[MediaFile]:
        with self.database.reading() as session:
            selection = _selection(_round_rows(session, grant.board_id), grant)
        if selection is None:
            return None
        body = self.cache.get(selection.owner, selection.name)
        if body is None:
            with self._locks[hash(selection.name) % RENDER_LOCKS]:  # one rendering of a file at a time
                body = self.cache.get(selection.owner, selection.name)
                if body is None:
                    rendered = self._render(grant)
                    if rendered is None:
                        return None
                    selection, body = rendered
                    self.cache.put(selection.owner, selection.name, body)
        return _file(grant.kind, selection.instrument, body)

    def _render(self, grant: StoredGrant) -> Optional[Tuple[_Selection, bytes]]:
        """Load the boards (with the versions they are cached under) in one transaction, then render."""
        with self.database.reading() as session:
            selection = _selection(_round_rows(session, grant.board_id), grant)
            if selection is None:
                return None
            boards = {board_id: _load(session, board_id) for board_id in selection.shown}
            previous = _load(session, selection.previous_id) if selection.previous_id is not None else None
        instrument = load_instrument(selection.instrument)
        shown = _ordered(boards, selection, grant.board_id)
        if grant.kind == "board_pdf":
            return selection, board_pdf(shown, previous, instrument, load_texts("sheet"))
        return selection, board_picture(shown, instrument)

    # --- a board kept in memory only ----------------------------------------------------------------

    def _snapshot_file(self, snapshot: Dict[str, object]) -> Optional[MediaFile]:
        restored = board_from_snapshot(snapshot)
        if restored is None:
            return None
        board, instrument = restored
        key = hashlib.sha256(json.dumps(snapshot, sort_keys=True).encode()).hexdigest()
        body = self._snapshots.get(key)
        if body is None:
            body = board_picture([board], instrument)
            self._snapshots.put(key, body)
        return _file("board_picture", instrument.key, body)


def _file(kind: str, instrument: str, body: bytes) -> MediaFile:
    return MediaFile(body, CONTENT_TYPES[kind], FILE_NAMES[kind].format(instrument=instrument))


def _round_rows(session: Session, board_id: int) -> List[_Row]:
    """In one query: the board, the resident's board of its round and the one before, and every
    other perspective's board of that round (ids and versions only)."""
    requested, board = aliased(Measurement), Measurement
    round_number = case((requested.perspective == "inwoner", requested.number), else_=requested.round)
    query = (
        select(board.id, board.participant_id, board.instrument, board.perspective, board.number, board.round, board.version)
        .join_from(
            requested, board, and_(board.participant_id == requested.participant_id, board.instrument == requested.instrument)
        )
        .where(
            requested.id == board_id,
            or_(
                board.id == requested.id,
                and_(board.perspective == "inwoner", board.number.in_([round_number, round_number - 1])),
                and_(board.perspective != "inwoner", board.round == round_number),
            ),
        )
    )
    return [_Row(*row) for row in session.execute(query)]


def _selection(rows: Sequence[_Row], grant: StoredGrant) -> Optional[_Selection]:
    requested = next((row for row in rows if row.id == grant.board_id), None)
    if requested is None:  # forgotten, or never there
        return None
    round_number = requested.number if requested.perspective == "inwoner" else requested.round
    residents = {row.number: row for row in rows if row.perspective == "inwoner"}
    resident = residents.get(round_number) if round_number is not None else None
    if requested.perspective == "inwoner":
        shown = [requested] + [row for row in rows if row.perspective != "inwoner" and row.round == round_number]
    else:
        shown = ([resident] if resident else []) + [requested]
    previous = residents.get(round_number - 1) if grant.kind == "board_pdf" and round_number is not None else None
    versions = sorted((row.id, row.version) for row in shown + ([previous] if previous else []))
    name = f"{grant.kind}:{grant.board_id}:" + ",".join(f"{board_id}v{version}" for board_id, version in versions)
    return _Selection(
        owner=requested.owner,
        instrument=requested.instrument,
        resident_id=resident.id if resident else None,
        shown=tuple(row.id for row in shown),
        previous_id=previous.id if previous else None,
        name=name,
    )


def _load(session: Session, board_id: int) -> Board:
    row = session.get(Measurement, board_id)
    if row is None:  # pragma: no cover - the same transaction just saw it
        raise LookupError(board_id)
    return board_from_row(row)


def _ordered(boards: Dict[int, Board], selection: _Selection, requested_id: int) -> List[Board]:
    """The resident's board first, then the other perspectives (bot.flows.board.summary.round_boards)."""
    if selection.resident_id is None:
        return [boards[requested_id]]
    others = [board for board_id, board in boards.items() if board_id != selection.resident_id]
    return round_boards(others, boards[selection.resident_id])
