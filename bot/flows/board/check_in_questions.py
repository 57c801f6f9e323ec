"""How the check-in's questions are asked (bot/flows/board/check_in.py; registered in questions.py ASKERS)."""

from typing import List

from bot.flows.board.turn import BoardTurn
from bot.flows.replies import Reply
from bot.storage.records import GoalEntry


def goals_of(turn: BoardTurn) -> List[GoalEntry]:
    """The goals of the board the check-in is about, in the resident's order."""
    return list(turn.board.goals) if turn.board is not None else []


def ask_heard(turn: BoardTurn) -> List[Reply]:
    buttons = turn.scale_buttons(with_other_answers=False)
    buttons += [turn.button("button_no_talk_yet", "no_talk_yet"), turn.button("button_skip_question", "skip")]
    return [Reply(turn.text("check_in_heard_question"), tuple(buttons))]


def ask_goal(turn: BoardTurn) -> List[Reply]:
    goals, position = goals_of(turn), turn.record.position
    text = goals[position].text if position < len(goals) else ""
    buttons = (
        turn.button("button_review_reached", "review:reached"),
        turn.button("button_review_partly", "review:partly"),
        turn.button("button_review_not_yet", "review:not_yet"),
        turn.button("button_skip_question", "skip"),
    )
    return [Reply(turn.text("check_in_goal_question", goal=text), buttons)]


def ask_other(turn: BoardTurn) -> List[Reply]:
    return [Reply(turn.text("check_in_other_question"), (turn.button("button_check_in_nothing", "skip"),))]


def ask_repeat(turn: BoardTurn) -> List[Reply]:
    buttons = (turn.button("button_check_in_repeat_now", "repeat_now"), turn.button("button_check_in_later", "later"))
    return [Reply(turn.text("check_in_repeat_question"), buttons)]
