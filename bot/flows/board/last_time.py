"""At a repeat measurement: last time's answer for the topic asked, said before its question
("Vorige keer: 😞 heel slecht."), and an answer that compares with it ("hetzelfde", "beter, de
regeling loopt") read against it. The same as last time is stored and said back; a change is
proposed with one tap, never stored unasked."""

from typing import Optional

from bot.flows.board.turn import BoardTurn
from bot.flows.replies import Reply
from bot.understanding import change_reader
from bot.understanding.scale_reader import ScaleReading


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
    key = "score_last_time" if turn.is_resident else "score_last_time_other"  # a naaste or professional: their own view
    return Reply(turn.text(key, emoji=point.emoji, phrase=point.phrase))


def read_against_last_time(turn: BoardTurn, reading: ScaleReading) -> ScaleReading:
    """The reading of a typed answer that compares with last time's answer, else `reading` as it is."""
    change = None if turn.message.is_button else change_reader.read_change(turn.message.text)
    last = last_score(turn, turn.domain_key) if change else None  # no words that compare: not looked up
    if change is None or last is None:
        return reading
    return change_reader.read_against_last_time(change, last, turn.instrument.scale, reading)
