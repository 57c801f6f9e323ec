"""The professional's and the naaste's view of a resident's board (`/professional CODE`, `/naaste CODE`):
the resident's domains in the resident's order, on the same scale, what they see going well and what
they would want different, their estimate of the life rating, a goal they see, and the comparison.
Their answers belong to the resident's board: the resident sees them, and "vergeet mij" deletes them."""

from datetime import timedelta
from typing import List, Optional

from bot.content import Texts, load_instrument
from bot.flows.board.summary import comparison, round_boards
from bot.flows.board.turn import BoardTurn
from bot.flows.context import FlowContext
from bot.flows.replies import Reply
from bot.storage.records import Board, ConversationRecord, GoalEntry
from bot.storage.share_codes import read_code
from bot.understanding.intents import is_nothing
from bot.understanding.reading import read_yes_no

PERSPECTIVE_ROLES = ("professional", "naaste")
GUESS_WINDOW = timedelta(minutes=15)
MAX_REFUSED_CODES = 5  # per participant in GUESS_WINDOW: a mistyped code or two, never a guessing run
# Everyone together in GUESS_WINDOW: a guesser who starts a new conversation for every five codes is
# stopped here. More than nginx lets one address send (30 chat messages a minute, 450 a quarter), so
# one address cannot lock everyone out; at this rate a guess hits one of 1,000 live codes about
# once in 60 years (32^8 codes).
MAX_REFUSED_CODES_EVERYWHERE = 500


def resident_board(ctx: FlowContext, owner: str) -> Optional[Board]:
    boards = ctx.store.boards(owner, "inwoner")
    return boards[-1] if boards else None


def resident_order(ctx: FlowContext, owner: str, board: Board) -> List[str]:
    """The order in which the resident went through their board (the instrument's, where unknown)."""
    order = [key for key in ctx.store.visiting_order(owner, board.id) if key in board.domain_keys]
    return order + [key for key in board.domain_keys if key not in order]


def start(ctx: FlowContext, role: str, typed_code: str, texts: Texts) -> Optional[ConversationRecord]:
    """A perspective's conversation from a typed code; None (and one clear line) when the code cannot be used."""
    since = ctx.now - GUESS_WINDOW
    if ctx.store.refused_codes_since(since) >= MAX_REFUSED_CODES:
        ctx.say(Reply(texts.say("perspective_code_wait")))
        ctx.happened("code_guessing_stopped")
        return None
    if ctx.store.refused_codes_everywhere_since(since) >= MAX_REFUSED_CODES_EVERYWHERE:
        ctx.say(Reply(texts.say("perspective_code_busy")))
        ctx.happened("code_guessing_stopped_everywhere")
        return None
    code = read_code(typed_code)
    info = ctx.store.share_code(code) if code else None
    if info is None or not info.usable(ctx.now):
        ctx.store.note_refused_code(keep_since=since)
        ctx.say(Reply(texts.say("perspective_code_unknown")))
        ctx.happened("code_refused")
        return None
    if info.owner == ctx.participant_id:
        ctx.say(Reply(texts.say("perspective_code_own")))
        ctx.happened("code_own")
        return None
    board = resident_board(ctx, info.owner)
    if board is None:
        ctx.say(Reply(texts.say("perspective_code_unknown")))
        ctx.happened("code_refused")
        return None
    existing = ctx.record(role)
    if existing is not None and existing.board_owner == info.owner and existing.data.get("round") == board.number:
        ctx.activate(existing)
        ctx.happened("perspective_resumed")
        return existing
    if existing is not None:
        ctx.drop(existing)
    record = ConversationRecord(
        participant_id=ctx.participant_id,
        role=role,
        flow="board",
        step="naaste_consent" if role == "naaste" else "life_rating",
        board_owner=info.owner,
        order=resident_order(ctx, info.owner, board),
        data={"round": board.number, "instrument": board.instrument},
        stored=role == "professional",
    )
    ctx.activate(record)
    ctx.say(Reply(texts.say(f"perspective_welcome_{role}")))
    if role == "naaste":
        ctx.say(Reply(texts.say("perspective_naaste_sees")))
    else:
        open_board(ctx, record)
    ctx.happened(f"perspective_started_{role}")
    return record


def open_board(ctx: FlowContext, record: ConversationRecord) -> Board:
    """The perspective's own board for the resident's round (their answers belong to the resident)."""
    instrument = load_instrument(record.data.get("instrument"))
    assert record.board_owner is not None
    board = ctx.store.new_board(
        record.board_owner, ctx.participant_id, instrument, perspective=record.role, round=int(record.data["round"])
    )
    record.board_id = board.id
    record.stored = True
    if instrument.life_rating is None:
        record.step, record.position = "domain_score", 0
    return board


def naaste_consent(turn: BoardTurn) -> None:
    answer = read_yes_no(turn.message)
    if answer is None:
        turn.failed()
        return
    if not answer:
        turn.say("perspective_naaste_declined")
        turn.ctx.drop(turn.record)
        turn.happened("naaste_declined")
        return
    turn.board = open_board(turn.ctx, turn.record)
    turn.instrument = load_instrument(turn.board.instrument)
    if turn.record.step == "naaste_consent":
        turn.go("life_rating", remember=False)
    turn.happened("naaste_agreed")


def after_domains(turn: BoardTurn) -> None:
    turn.go("perspective_goals")


def perspective_goals(turn: BoardTurn) -> None:
    board = turn.require_board()
    if not turn.message.is_button and not is_nothing(turn.message):
        text = turn.own_words()
        if text:
            board.goals.append(GoalEntry(text=text))
    finish(turn)


def finish(turn: BoardTurn) -> None:
    board = turn.require_board()
    if board.completed_at is None:
        board.completed_at = turn.ctx.now
    turn.say("perspective_done", who=turn.who())
    resident = resident_board(turn.ctx, board.owner)
    if resident is not None:
        turn.ctx.say(
            *comparison(round_boards(turn.ctx.store.boards(board.owner), resident), turn.texts, viewer=board.perspective)
        )
    turn.happened("perspective_completed")
    turn.go("done")


def already_done(turn: BoardTurn) -> None:
    """A naaste or professional who writes after filling in the board: where they are, and the comparison one tap away."""
    turn.say_text(turn.text("perspective_already_done"), [turn.button("button_compare", "compare")])
