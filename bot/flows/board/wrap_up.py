"""After the domains: what matters most, how earlier goals went, new goals (with what the resident
can do and who can help), who is around them, the summary, and the last questions."""

import re
from typing import List, Optional

from bot.flows.board import perspectives, questions, sharing
from bot.flows.board.summary import (
    attachments,
    changes_text,
    comparison,
    goals_text,
    overview,
    reviews_text,
    round_boards,
    talk_about_line,
    topics_text,
)
from bot.flows.board.turn import MAX_FAILURES, MAX_GOALS, BoardTurn
from bot.flows.replies import Reply
from bot.storage.records import GoalEntry, NetworkEntry
from bot.understanding.domains import find_domains
from bot.understanding.intents import is_acknowledgement, is_nobody, is_nothing
from bot.understanding.numbers import read_count
from bot.understanding.reading import read_yes_no

MAX_RANKED = 3
SEVERAL_PROFESSIONALS = 2  # from two on, their advice can differ: asked
MANY_PROFESSIONALS = 3  # from three on, named kindly as a lot to keep up with
MANY_APPOINTMENTS = 3
MAX_NETWORK_MEMBERS = 12
LIST_SEPARATORS = re.compile(r"\s*(?:,|;|\n|\ben\b|\+|&)\s*", re.IGNORECASE)


def _text_or_none(turn: BoardTurn) -> Optional[str]:
    """The resident's own words, or None for a button, "sla over", "niets", "weet ik niet"."""
    if turn.message.is_button or is_nothing(turn.message):
        return None
    return turn.own_words()


# --- what matters most -------------------------------------------------------------------------------


def wrap_up(turn: BoardTurn) -> None:
    board = turn.require_board()
    marked = board.talk_about
    if len(marked) == 1:
        marked[0].talk_rank = 1
    if len(marked) >= 2 and any(entry.talk_rank is None for entry in marked):
        turn.say("priorities_explanation", count=len(marked))
        turn.go("priorities")
        return
    after_priorities(turn)


def priorities(turn: BoardTurn) -> None:
    board = turn.require_board()
    unranked = [entry for entry in board.talk_about if entry.talk_rank is None]
    choice = turn.message.choice or ""
    keys = [choice[9:]] if choice.startswith("priority:") else find_domains(turn.message.text, turn.instrument)
    chosen = next((entry for entry in unranked if entry.key in keys), None)
    if chosen is None:
        if turn.failed() >= MAX_FAILURES:
            after_priorities(turn)  # the marks stay, unordered
            return
        turn.say("priorities_not_understood")
        return
    ranked = max((entry.talk_rank or 0 for entry in board.domains), default=0) + 1
    chosen.talk_rank = ranked
    remaining = [entry for entry in unranked if entry is not chosen]
    if len(remaining) == 1 and ranked < MAX_RANKED:
        remaining[0].talk_rank = ranked + 1
        remaining = []
    if not remaining or ranked >= MAX_RANKED:
        turn.happened("priorities_set")
        after_priorities(turn)
        return
    turn.record.failures = 0


def after_priorities(turn: BoardTurn) -> None:
    if questions.pending_review_goal(turn) is not None:
        turn.say("goal_review_explanation")
        turn.go("goal_review")
        return
    to_goals(turn)


# --- goals -----------------------------------------------------------------------------------------


def goal_review(turn: BoardTurn) -> None:
    goal = questions.pending_review_goal(turn)
    if goal is None:
        to_goals(turn)
        return
    choice = turn.message.choice or ""
    if choice.startswith("review:") and choice[7:] in ("reached", "partly", "not_yet"):
        goal.review, goal.reviewed_at = choice[7:], turn.ctx.now
        turn.happened("goal_reviewed")
    elif choice == "skip" or turn.failed() >= 2:
        skipped: List[int] = turn.record.data.setdefault("reviews_skipped", [])
        skipped.append(goal.id or 0)
    else:
        return  # the same question again
    turn.record.failures = 0
    if questions.pending_review_goal(turn) is None:
        turn.say("goal_review_thanks")
        to_goals(turn)


def to_goals(turn: BoardTurn) -> None:
    board = turn.require_board()
    low = [entry.key for entry in questions.going_badly(turn)]
    if len(board.goals) >= MAX_GOALS:
        to_network(turn)
        return
    if low:
        turn.say_text(topics_text(turn.texts, "goals_low_scores", turn.instrument, low, perspective=turn.perspective))
    turn.say("goals_explanation")
    if questions.goal_suggestions(turn):
        turn.say("goals_suggestions")
    turn.go("goals")


def goals(turn: BoardTurn) -> None:
    board = turn.require_board()
    choice = turn.message.choice or ""
    typing = turn.record.count("goals_typing")
    turn.record.counters.pop("goals_typing", None)
    topic = turn.record.data.pop("goal_topic", None) if typing else None
    if choice.startswith("wish:"):
        suggestions = dict(questions.goal_suggestions(turn))
        key = choice[5:]
        if key in suggestions:
            _add_goal(turn, suggestions[key], key)
        return
    if choice == "goal_other" or choice.startswith("goal_topic:"):
        chosen = choice[11:] if choice.startswith("goal_topic:") else None
        if chosen is not None and chosen not in questions.goal_topics(turn):
            return
        turn.record.counters["goals_typing"] = 1
        turn.record.data["goal_topic"] = chosen
        return
    if choice in ("goals_none", "goals_done") or (not typing and read_yes_no(turn.message) is False):
        if not board.goals:
            turn.say("goals_none")
        to_network(turn)
        return
    text = _text_or_none(turn)
    if text is None:
        if turn.failed() >= MAX_FAILURES or is_nothing(turn.message):
            if not board.goals:
                turn.say("goals_none")
            to_network(turn)
        else:
            turn.say("goals_help")  # "ok": what a goal is, then the question again
        return
    domains = find_domains(text, turn.instrument)
    _add_goal(turn, text, topic or (domains[0] if domains else None))


def _add_goal(turn: BoardTurn, text: str, domain: Optional[str]) -> None:
    turn.require_board().goals.append(GoalEntry(text=text, domain=domain))
    turn.happened("goal_stored")
    turn.go("goal_own_step")


def goal_own_step(turn: BoardTurn) -> None:
    text = _text_or_none(turn)
    if text:
        turn.require_board().goals[-1].own_step = text
    turn.go("goal_helper")


def goal_helper(turn: BoardTurn) -> None:
    board = turn.require_board()
    text = _text_or_none(turn)
    if text:
        board.goals[-1].helper = text
    if len(board.goals) < MAX_GOALS:
        turn.go("goals")
    else:
        to_network(turn)


# --- who is around the resident -----------------------------------------------------------------------------


def to_network(turn: BoardTurn) -> None:
    turn.say("network_explanation")
    turn.go("network_people")


def _members(text: str) -> List[str]:
    parts = [part.strip(" .") for part in LIST_SEPARATORS.split(text)]
    return [part for part in parts if part][:MAX_NETWORK_MEMBERS]


def _set_members(turn: BoardTurn, kind: str, text: Optional[str]) -> None:
    board = turn.require_board()
    board.network = [member for member in board.network if member.kind != kind]
    board.network += [NetworkEntry(kind=kind, description=part) for part in _members(text or "")]


def network_people(turn: BoardTurn) -> None:
    if turn.message.choice == "skip_section":
        turn.happened("network_skipped")
        finish(turn)
        return
    _set_members(turn, "person", None if is_nobody(turn.message) else _text_or_none(turn))
    turn.go("network_professionals")


def network_professionals(turn: BoardTurn) -> None:
    _set_members(turn, "professional", None if is_nobody(turn.message) else _text_or_none(turn))
    if not any(member.kind == "professional" for member in turn.require_board().network):
        turn.go("one_contact")
        return
    turn.go("appointments")


def appointments(turn: BoardTurn) -> None:
    board = turn.require_board()
    choice = turn.message.choice or ""
    value = int(choice[6:]) if choice.startswith("count:") else read_count(turn.message.text)
    if value is None and choice != "skip" and turn.failed() < MAX_FAILURES and not is_nothing(turn.message):
        return
    board.appointments_per_week = value
    professionals = sum(1 for member in board.network if member.kind == "professional")
    many = _many_helpers(professionals >= MANY_PROFESSIONALS, (value or 0) >= MANY_APPOINTMENTS)
    if many:
        turn.say(many)
    turn.go("conflicting_advice" if professionals >= SEVERAL_PROFESSIONALS else "one_contact")


def _many_helpers(many_professionals: bool, many_appointments: bool) -> Optional[str]:
    """The text that names kindly what is a lot, or None when nothing is."""
    if many_professionals and many_appointments:
        return "many_helpers"
    if many_professionals:
        return "many_professionals"
    return "many_appointments" if many_appointments else None


def conflicting_advice(turn: BoardTurn) -> None:
    answer = read_yes_no(turn.message)
    if answer is None and turn.failed() < MAX_FAILURES and not is_nothing(turn.message):
        return
    turn.require_board().conflicting_advice = answer
    if answer:
        turn.say("conflicting_advice_yes")
    turn.go("one_contact")


def one_contact(turn: BoardTurn) -> None:
    board = turn.require_board()
    choice = turn.message.choice or ""
    professionals = [member.description for member in board.network if member.kind == "professional"]
    if choice.startswith("contact:") and choice[8:].isdigit() and int(choice[8:]) < len(professionals):
        board.one_contact = professionals[int(choice[8:])]
    elif choice == "contact_wijkteam":
        board.one_contact = turn.text("button_wijkteam_contact").lower()
    elif choice != "dont_know":
        board.one_contact = _text_or_none(turn)
    finish(turn)


# --- the end ----------------------------------------------------------------------------------------


def summary_replies(turn: BoardTurn) -> List[Reply]:
    board, texts, instrument = turn.require_board(), turn.texts, turn.instrument
    replies = [Reply(overview(board, instrument, texts))]
    for text in (talk_about_line(board, instrument, texts), goals_text(board, texts)):
        if text:
            replies.append(Reply(text))
    previous = turn.ctx.store.previous_board(board)
    if previous is not None:
        reviews = reviews_text(previous, texts)
        if reviews:
            replies.append(Reply(reviews))
        replies.append(Reply(changes_text(board, previous, instrument, texts)))
    if board.id is not None and board.id > 0:
        replies += comparison(round_boards(turn.ctx.store.boards(board.owner), board), texts)
    return replies + attachments(board, texts)


def finish(turn: BoardTurn) -> None:
    board = turn.require_board()
    if board.completed_at is None:
        board.completed_at = turn.ctx.now
    turn.ctx.say(*summary_replies(turn))
    turn.happened("completed")
    if turn.stored:
        turn.say("follow_up_explanation")
        turn.go("follow_up_consent")
        return
    turn.say("done_memory_only")
    turn.go("done")


def follow_up_consent(turn: BoardTurn) -> None:
    answer = read_yes_no(turn.message)
    if answer is None and turn.failed() < 2:
        return
    turn.ctx.store.set_consents(turn.ctx.participant_id, follow_up=bool(answer))
    if answer:
        turn.ctx.store.schedule_check_in(turn.ctx.participant_id)
    turn.say("follow_up_yes" if answer else "follow_up_no")
    turn.happened("follow_up_consent_given" if answer else "follow_up_consent_refused")
    turn.say("training_explanation")
    turn.go("training_consent")


def training_consent(turn: BoardTurn) -> None:
    """May the conversation be used (anonymised) to train workers? Unclear twice means no."""
    answer = read_yes_no(turn.message)
    if answer is None and turn.failed() < 2:
        turn.say("training_consent_help")
        return
    turn.ctx.store.set_consents(turn.ctx.participant_id, training=bool(answer))
    turn.say("training_yes" if answer else "training_no")
    turn.say("done")
    turn.happened("training_consent_given" if answer else "training_consent_refused")
    turn.go("done")


def done(turn: BoardTurn) -> None:
    choice = turn.message.choice
    if choice == "share":
        sharing.share(turn)
    elif choice == "compare":
        sharing.compare(turn)
    elif choice == "repeat":
        turn.say("repeat_later")
    elif not turn.is_resident:  # a naaste or professional who has filled in the board: never silence
        perspectives.already_done(turn)
    elif not turn.message.is_button:  # typed words that are no command ("dank je wel", "7"): never silence
        turn.say("done_thanks" if is_acknowledgement(turn.message.text) else questions.done_help(turn))
    turn.happened("done")
