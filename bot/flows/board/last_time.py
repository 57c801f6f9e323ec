"""At a repeat measurement: last time's answer for the topic asked, said before its question
("Vorige keer: 😞 heel slecht."), and an answer that compares with it ("hetzelfde", "beter, de
regeling loopt") read against it. The same as last time is stored and said back; a change is
proposed with one tap, never stored unasked."""

from typing import Optional

from bot.flows.board.turn import BoardTurn
from bot.flows.replies import Reply
from bot.understanding.change_reader import read_change
from bot.understanding.message import UserMessage
from bot.understanding.scale_reader import CONFIRM_BELOW, ScaleReading, read_scale_answer

SAME_CONFIDENCE = 0.9  # "hetzelfde" under a question that showed last time's smiley: stored
CHANGE_CONFIDENCE = 0.5  # "beter": how much better is a guess, so it is confirmed


def last_score(turn: BoardTurn, key: str) -> Optional[int]:
    """The topic's point of the scale on this person's previous board, when it had one."""
    previous = turn.ctx.store.previous_board(turn.require_board())
    if previous is None or key not in previous.domain_keys:
        return None
    entry = previous.domain(key)
    return entry.score if entry.status == "answered" else None


def explain_scale(turn: BoardTurn) -> None:
    """How to answer, before the first topic; at a repeat measurement with the words that compare."""
    repeat = turn.ctx.store.previous_board(turn.require_board()) is not None
    turn.say("score_explanation_repeat" if repeat else "score_explanation")


def line_before_question(turn: BoardTurn, key: str) -> Optional[Reply]:
    last = last_score(turn, key)
    if last is None:
        return None
    point = turn.point(last)
    return Reply(turn.text("score_last_time", emoji=point.emoji, phrase=point.phrase))


def read_against_last_time(turn: BoardTurn, reading: ScaleReading) -> ScaleReading:
    """The reading of a typed answer that compares with last time's answer, else `reading` as it is."""
    if turn.message.is_button:
        return reading
    change = read_change(turn.message.text)
    last = last_score(turn, turn.domain_key) if change else None
    if change is None or last is None:
        return reading
    values = turn.instrument.scale.values
    value = values[min(len(values) - 1, max(0, values.index(last) + change.step))]
    sure = change.step == 0 and not _rates_otherwise(turn, change.story, value)
    basis = "same_as_last_time" if change.step == 0 else "change_from_last_time"
    return ScaleReading("score", value, SAME_CONFIDENCE if sure else CHANGE_CONFIDENCE, change.story, basis)


def _rates_otherwise(turn: BoardTurn, words: Optional[str], value: int) -> bool:
    """Whether the words after "hetzelfde" rate the topic otherwise ("hetzelfde, nog steeds slecht" after 😐)."""
    if not words:
        return False
    reading = read_scale_answer(UserMessage(words), turn.instrument.scale)
    return reading.kind == "score" and reading.value != value and reading.confidence >= CONFIRM_BELOW
