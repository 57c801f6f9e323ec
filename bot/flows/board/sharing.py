"""Sharing the board: a share code, stopping it, the comparison of perspectives, and who looked."""

from dataclasses import dataclass
from datetime import datetime
from typing import List, Sequence, Tuple

from bot.dates import date, date_time, local
from bot.flows.board.summary import comparison, round_boards
from bot.flows.board.turn import RESIDENT, BoardTurn
from bot.storage.records import Board
from bot.storage.share_codes import new_code, shown, valid_for

MAX_CODE_ATTEMPTS = 10
MAX_VIEW_LINES = 20  # the latest days a worker looked; earlier ones are counted


@dataclass(frozen=True)
class ViewsOfADay:
    who: str
    first: datetime  # the first look that day
    times: int


def views_per_day(views: Sequence[Tuple[str, datetime]]) -> List[ViewsOfADay]:
    """(worker, when) oldest first -> one entry per worker per day (local time), oldest first:
    opening the board, its print version and its picture in one sitting is one line, not three."""
    days: dict = {}
    for who, when in views:
        key = (who, local(when).date())
        first, times = days.get(key, (when, 0))
        days[key] = (first, times + 1)
    return [ViewsOfADay(who, first, times) for (who, _), (first, times) in days.items()]


def resident_board(turn: BoardTurn) -> Board | None:
    """The resident's latest stored board (this conversation's when it is the resident's own)."""
    owner = turn.record.board_owner or turn.ctx.participant_id
    boards = turn.ctx.store.boards(owner, RESIDENT)
    return boards[-1] if boards else None


def share(turn: BoardTurn) -> None:
    if not turn.stored or not turn.is_resident:
        turn.say("share_needs_storage")
        return
    if resident_board(turn) is None:
        turn.say("share_needs_board")
        return
    store, owner = turn.ctx.store, turn.ctx.participant_id
    usable = store.usable_share_codes(owner)
    info = usable[-1] if usable else None
    if info is None:
        code = new_code()
        for _ in range(MAX_CODE_ATTEMPTS):
            if not store.share_code_taken(code):
                break
            code = new_code()
        info = store.add_share_code(owner, code, valid_for())
    turn.say("share_code", code=shown(info.code), until=date(info.expires_at))  # a date: shared again, it stays the same
    turn.say("share_how", code=shown(info.code))
    turn.say("share_who_sees")
    turn.happened("shared")


def stop_sharing(turn: BoardTurn) -> None:
    withdrawn = turn.ctx.store.withdraw_share_codes(turn.ctx.participant_id) if turn.stored else 0
    turn.say("sharing_stopped" if withdrawn else "sharing_nothing_to_stop")
    turn.happened("sharing_stopped")


def compare(turn: BoardTurn) -> None:
    board = resident_board(turn)
    if board is None:
        turn.say("compare_nothing_yet")
        return
    replies = comparison(round_boards(turn.ctx.store.boards(board.owner), board), turn.texts, viewer=turn.perspective)
    if not replies:
        turn.say("compare_nothing_yet")
        return
    turn.ctx.say(*replies)
    turn.happened("compared")


def who_viewed(turn: BoardTurn) -> None:
    if not turn.stored:
        turn.say("viewed_needs_storage")
        return
    views = turn.ctx.store.board_views(turn.ctx.participant_id)
    if not views:
        turn.say("viewed_nobody")
        return
    days = views_per_day(views)
    shown_days, earlier = days[-MAX_VIEW_LINES:], days[:-MAX_VIEW_LINES]
    lines = [turn.text("viewed_intro")]
    if earlier:
        lines.append(turn.text("viewed_earlier", count=sum(day.times for day in earlier)))
    for day in shown_days:
        when = date_time(day.first)
        if day.times == 1:
            lines.append(turn.text("viewed_line", who=day.who, when=when))
        else:
            lines.append(turn.text("viewed_line_times", who=day.who, when=when, count=day.times))
    turn.say_text("\n".join(lines))
    turn.happened("views_shown")
