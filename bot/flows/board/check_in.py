"""The check-in: some weeks after the board the assistant asks how it went, and the one reminder
of a paused board.

A check-in comes unasked on Telegram (bot/schedule sends it) or at the resident's next visit
(web chat: the page greets when it opens). Its questions, one per message: did you feel heard
(the board's smiley scale), did you get closer to each goal (by name: reached, partly, not yet;
kept as the goal's review, so the repeat measurement does not ask it again), anything else (own
words, skippable); then the offer of the repeat measurement.

It starts only when the resident is at the end of their board ("done") with no other
conversation open; otherwise it waits. The flow (flow.py) asks the first question; how each
question is asked is check_in_questions.py (registered in questions.py ASKERS).
"""

from typing import Callable, Optional, Tuple

from bot.flows.board import resident
from bot.flows.board.check_in_questions import goals_of
from bot.flows.board.domains import reading_of
from bot.flows.board.turn import MAX_FAILURES, RESIDENT, BoardTurn
from bot.flows.context import FlowContext
from bot.flows.cursor import INTERRUPTIONS
from bot.storage.records import Board, ConversationRecord
from bot.understanding.intents import intent_is, is_greeting, is_nothing
from bot.understanding.reading import read_yes_no
from bot.understanding.scale_reader import CONFIRM_BELOW
from bot.understanding.text import normalise

STARTED, WAITING, NOT_NEEDED = "started", "waiting", "not_needed"
CHECK_IN, REMINDER = "check_in", "reminder"
STEPS = ("check_in_heard", "check_in_goal", "check_in_other", "check_in_repeat")
DATA_KEY = "check_in"
REVIEWS = ("reached", "partly", "not_yet")
REVIEW_WORDS = {  # typed answers to "ben je dichterbij gekomen?"
    "gelukt": "reached",
    "helemaal": "reached",
    "helemaal gelukt": "reached",
    "ja gelukt": "reached",
    "een beetje": "partly",
    "beetje": "partly",
    "een klein beetje": "partly",
    "deels": "partly",
    "half": "partly",
    "nog niet": "not_yet",
    "niet": "not_yet",
    "nee nog niet": "not_yet",
    "helemaal niet": "not_yet",
}

TurnFactory = Callable[[FlowContext, ConversationRecord], BoardTurn]


# --- starting ------------------------------------------------------------------------------------------


def start_unasked(
    ctx: FlowContext, kind: str, message_id: Optional[int], make_turn: TurnFactory
) -> Tuple[str, Optional[BoardTurn]]:
    """(started | waiting | not_needed, the turn whose open question the flow asks next)."""
    consent = ctx.store.consent(ctx.participant_id)
    if consent is None or not consent.follow_up:
        return NOT_NEEDED, None
    if kind == REMINDER:
        return _reminder(ctx, make_turn)
    if kind != CHECK_IN:
        raise ValueError(f"unknown kind of message: {kind}")
    record = ctx.record(RESIDENT)
    if record is None:
        boards = ctx.store.boards(ctx.participant_id, RESIDENT)
        if not boards:
            return NOT_NEEDED, None  # no board: nothing to ask about
        if boards[-1].completed_at is None:
            return WAITING, None
        record = _done_record(ctx, boards[-1])
    if ctx.active is not None and ctx.active is not record:
        return WAITING, None  # another conversation is open (a practice session, someone's board)
    turn = make_turn(ctx, record)
    ongoing = record.data.get(DATA_KEY) or {}
    if record.step in STEPS and ongoing.get("message") == message_id:
        turn.say("check_in_intro")  # the same check-in again (a send that failed): no new answers row
        return STARTED, turn
    if record.step != "done":
        return WAITING, None  # mid-conversation: the check-in waits until the board is done
    if turn.board is None or turn.board.completed_at is None:
        return NOT_NEEDED, None
    ctx.activate(record)
    begin(turn, message_id)
    return STARTED, turn


def on_visit(ctx: FlowContext, record: Optional[ConversationRecord], make_turn: TurnFactory) -> Optional[BoardTurn]:
    """A due check-in shown when the resident greets at the end of their board (the web chat page
    greets when it opens); None: the message is handled as usual."""
    message = ctx.message
    if record is None or record.role != RESIDENT or record.step != "done" or not record.stored:
        return None
    if message.is_button or not (is_greeting(message) or intent_is(message, ("greet",))):
        return None
    consent = ctx.store.consent(ctx.participant_id)
    due = ctx.store.due_check_in(ctx.participant_id) if consent is not None and consent.follow_up else None
    if due is None:
        return None
    turn = make_turn(ctx, record)
    if turn.board is None or turn.board.completed_at is None or not ctx.store.take_for_visit(due):
        return None
    begin(turn, due)
    turn.happened("check_in_on_visit")
    return turn


def begin(turn: BoardTurn, message_id: Optional[int]) -> None:
    board = turn.require_board()
    check_in_id = turn.ctx.store.begin_check_in(turn.ctx.participant_id, board.id, message_id)
    turn.record.data[DATA_KEY] = {"id": check_in_id, "message": message_id}
    turn.record.history = []  # "terug" stays inside the check-in
    turn.say("check_in_intro")
    turn.go("check_in_heard", 0, remember=False)
    turn.happened("check_in_started")


def _done_record(ctx: FlowContext, latest: Board) -> ConversationRecord:
    """The resident's record at the end of their latest board, when they have none (saved only when the check-in starts)."""
    record = ConversationRecord(
        participant_id=ctx.participant_id, role=RESIDENT, flow="board", step="done", active=False,
        board_id=latest.id, board_owner=ctx.participant_id, order=latest.domain_keys, stored=True,
    )  # fmt: skip
    ctx.records.append(record)
    return record


def _reminder(ctx: FlowContext, make_turn: TurnFactory) -> Tuple[str, Optional[BoardTurn]]:
    """The one reminder of a paused board: only while it is still paused and unfinished."""
    record = ctx.record(RESIDENT)
    if record is None or ctx.active is not record or not record.paused:
        return NOT_NEEDED, None
    if record.step in ("start", "consent", "done") + STEPS or record.step in INTERRUPTIONS:
        return NOT_NEEDED, None
    turn = make_turn(ctx, record)
    if turn.board is None or turn.board.completed_at is not None:
        return NOT_NEEDED, None
    turn.say("reminder_intro")
    turn.happened("reminder")
    return STARTED, turn


# --- the questions -----------------------------------------------------------------------------------


def _check_in_id(turn: BoardTurn) -> Optional[int]:
    return (turn.record.data.get(DATA_KEY) or {}).get("id")


def heard(turn: BoardTurn) -> None:
    """ "Hoe goed voelde je je gehoord?": a smiley, "nog geen gesprek gehad", or skipped."""
    store, check_in_id, choice = turn.ctx.store, _check_in_id(turn), turn.message.choice
    if choice == "no_talk_yet":
        if check_in_id is not None:
            store.answer_check_in(check_in_id, no_talk_yet=True)
        turn.happened("check_in_no_talk_yet")
    elif choice != "skip" and not is_nothing(turn.message):
        reading = reading_of(turn)
        sure = turn.message.is_button or reading.confidence >= CONFIRM_BELOW
        if reading.kind == "score" and reading.value is not None and sure:
            if check_in_id is not None:
                store.answer_check_in(check_in_id, felt_heard=reading.value)
            turn.happened("check_in_heard")
        elif reading.kind not in ("skipped", "dont_know") and turn.failed() < MAX_FAILURES - 1:
            turn.say("check_in_not_understood")
            return
    _after_heard(turn)


def _after_heard(turn: BoardTurn) -> None:
    if goals_of(turn):
        turn.say("check_in_goals_explanation")
        turn.go("check_in_goal", 0)
        return
    _to_other(turn)


def _review_of(turn: BoardTurn) -> Optional[str]:
    choice = turn.message.choice or ""
    if choice.startswith("review:") and choice[7:] in REVIEWS:
        return choice[7:]
    if turn.message.is_button:
        return None
    words = normalise(turn.message.text)
    if words in REVIEW_WORDS:
        return REVIEW_WORDS[words]
    answer = read_yes_no(turn.message)
    return None if answer is None else ("reached" if answer else "not_yet")


def goal(turn: BoardTurn) -> None:
    """ "Ben je dichter bij je doel gekomen?" for each goal of the board, by name."""
    goals, position = goals_of(turn), turn.record.position
    if position >= len(goals):
        _to_other(turn)
        return
    review = _review_of(turn)
    if review is not None:
        goals[position].review, goals[position].reviewed_at = review, turn.ctx.now
        turn.happened("goal_reviewed")
    elif turn.message.choice != "skip" and not is_nothing(turn.message) and turn.failed() < MAX_FAILURES - 1:
        turn.say("check_in_not_understood")
        return
    if position + 1 < len(goals):
        turn.go("check_in_goal", position + 1)
        return
    _to_other(turn)


def _to_other(turn: BoardTurn) -> None:
    turn.say("check_in_other_explanation")
    turn.go("check_in_other", 0)


def other(turn: BoardTurn) -> None:
    """ "Wil je nog iets kwijt?": own words, or nothing."""
    text = None if turn.message.is_button or is_nothing(turn.message) else turn.own_words()
    check_in_id = _check_in_id(turn)
    if text and check_in_id is not None:
        turn.ctx.store.answer_check_in(check_in_id, remarks=text)
        turn.say("check_in_other_kept")
        turn.happened("check_in_remarks")
    if check_in_id is not None:
        turn.ctx.store.answer_check_in(check_in_id, finished=True)
    turn.say("check_in_thanks")
    turn.say("check_in_repeat_explanation")
    turn.happened("check_in_finished")
    turn.go("check_in_repeat", 0)


def repeat_offer(turn: BoardTurn) -> None:
    """The repeat measurement now ("opnieuw"; it reviews the goals still open), or later."""
    choice = turn.message.choice
    answer = True if choice == "repeat_now" else False if choice == "later" else read_yes_no(turn.message)
    if answer is None and turn.failed() < MAX_FAILURES - 1:
        turn.say("check_in_not_understood")
        return
    turn.record.data.pop(DATA_KEY, None)
    if answer:
        resident.repeat(turn)
        return
    turn.say("repeat_later")
    turn.go("done", remember=False)
