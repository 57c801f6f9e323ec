"""How each open question of the board is asked, explained and pointed to."""

from dataclasses import replace
from typing import Callable, Dict, List, Optional

from bot.flows import cursor
from bot.flows.board import check_in_questions, last_time, skipping
from bot.flows.board.turn import MAX_FAILURES, RESIDENT, BoardTurn
from bot.flows.replies import Button, Reply

MAX_SUGGESTED_GOALS = 3
SUGGESTION_TITLE_LENGTH = 40
APPOINTMENT_CHOICES = ("0", "1", "2", "3", "4", "5+")


DOMAIN_STEPS = ("domain_score", "confirm_score", "follow_up", "correction")
# No board beside the chat yet: it appears with the first topic
BEFORE_THE_DOMAINS = ("start", "consent", "naaste_consent", "life_rating", "rating_reason", "rating_next", "first_domain")


def ask(turn: BoardTurn) -> List[Reply]:
    """The open question of the record, as the last message, with its buttons, and the live board
    (for the resident: pages that show the board beside the chat keep it up to date)."""
    asker = ASKERS.get(turn.record.step)
    replies = asker(turn) if asker else []
    if replies and replies[-1].board is None and turn.record.step not in BEFORE_THE_DOMAINS:
        board = live_board(turn)
        if board:
            replies[-1] = replace(replies[-1], board=board)
    return replies


def _reply(turn: BoardTurn, key: str, buttons: tuple = (), layout: str = "list", **values: object) -> List[Reply]:
    return [Reply(turn.text(key, **values), tuple(buttons), layout=layout)]


def _consent(turn: BoardTurn) -> List[Reply]:
    return _reply(turn, "consent_question", turn.yes_no())


def _life_rating(turn: BoardTurn) -> List[Reply]:
    rating = turn.instrument.life_rating
    assert rating is not None
    buttons = tuple(Button(str(n), f"rating:{n}") for n in range(rating.lowest, rating.highest + 1))
    if turn.is_resident and turn.record.failures >= 2:
        buttons += (turn.button("button_no_rating", "skip"),)
    if not turn.is_resident:
        custom = turn.instrument.perspective(turn.perspective).life_rating_question
        buttons += (turn.button("button_dont_know", "skip"),)
        text = custom or turn.text("perspective_life_rating_question")
        return [Reply(text, buttons, layout="grid")]
    return _reply(turn, "life_rating_question", buttons, layout="grid")


def _rating_reason(turn: BoardTurn) -> List[Reply]:
    board, rating = turn.require_board(), turn.instrument.life_rating
    assert rating is not None and board.life_rating is not None
    skip = (turn.button("button_skip_question", "skip"),)
    if board.life_rating <= rating.lowest:
        return _reply(turn, "rating_reason_question_lowest", skip)
    lower = max(rating.lowest, board.life_rating - 2)
    return _reply(turn, "rating_reason_question", skip, rating=board.life_rating, lower=lower)


def _rating_next(turn: BoardTurn) -> List[Reply]:
    board, rating = turn.require_board(), turn.instrument.life_rating
    assert rating is not None and board.life_rating is not None
    skip = (turn.button("button_skip_question", "skip"),)
    if board.life_rating >= rating.highest:
        return _reply(turn, "rating_next_question_highest", skip)
    return _reply(turn, "rating_next_question", skip, higher=board.life_rating + 1)


def _first_domain(turn: BoardTurn) -> List[Reply]:
    buttons = tuple(turn.domain_buttons()) + (turn.button("button_dont_know", "dont_know"),)
    return _reply(turn, "first_domain_question", buttons, layout="grid")


def _scale_question(turn: BoardTurn, key: str) -> List[Reply]:
    """A domain's own question with the scale (ask() adds the live board)."""
    return [Reply(turn.instrument.domain_question(key, turn.perspective), tuple(turn.scale_buttons()))]


def _domain_score(turn: BoardTurn) -> List[Reply]:
    [asked] = _scale_question(turn, turn.domain_key)
    if skipping.offers_skip_rest(turn):
        asked = replace(asked, buttons=asked.buttons + (turn.button("button_skip_rest", skipping.SKIP_REST),))
    last = last_time.line_before_question(turn, turn.domain_key)  # a repeat measurement: "Vorige keer: 😞 heel slecht."
    return [last, asked] if last else [asked]


def _correction(turn: BoardTurn) -> List[Reply]:
    """After "we passen X aan": X's own question with the scale, then back where the resident was."""
    key = turn.record.data.get("correction")
    return _scale_question(turn, key) if key in turn.instrument.keys else []


def _callback_offer(turn: BoardTurn) -> List[Reply]:
    return _reply(turn, "person_offer_callback", turn.yes_no())


def _callback_contact(turn: BoardTurn) -> List[Reply]:
    return _reply(turn, "person_callback_how", (turn.button("button_skip_question", "skip"),))


def _callback_phone(turn: BoardTurn) -> List[Reply]:
    [asked] = _reply(turn, "person_callback_phone", (turn.button("button_no_number", "skip"),))
    return [replace(asked, expects="tel")]


def _confirm_score(turn: BoardTurn) -> List[Reply]:
    pending = turn.record.pending or {}
    if "value" not in pending:  # a skip or "geldt niet voor mij" the reader was unsure of: yes, or a smiley
        buttons = (turn.button("button_confirm_yes", "yes"),) + tuple(turn.scale_buttons(with_other_answers=False))
        return _reply(turn, f"{pending.get('kind', 'skipped')}_confirm", buttons)
    point = turn.point(int(pending["value"]))
    buttons = (turn.button("button_confirm_yes", "yes"),) + tuple(
        button for button in turn.scale_buttons(with_other_answers=False) if button.choice != f"score:{point.value}"
    )
    if pending.get("unasked"):  # read from the message that chose the topic: its question was not asked
        return _reply(
            turn, "score_confirm_topic", buttons, topic=turn.topic(turn.domain_key), emoji=point.emoji, phrase=point.phrase
        )
    return _reply(turn, "score_confirm", buttons, emoji=point.emoji, phrase=point.phrase)


def _follow_up(turn: BoardTurn) -> List[Reply]:
    follow_up = turn.follow_up()
    assert follow_up is not None
    question = turn.instrument.follow_up_question(follow_up, turn.domain_key, turn.perspective)
    buttons = [turn.button("button_next_domain", "next")]
    entry = turn.board.domain(turn.domain_key) if turn.board else None
    if turn.is_resident and entry is not None and not entry.talk_about:
        buttons.append(turn.button("button_talk_about", "talk_about"))
    return [Reply(question, tuple(buttons))]


def _look_further(turn: BoardTurn) -> List[Reply]:
    return _reply(turn, "look_further_question", turn.yes_no("button_look_further_yes", "button_look_further_no"))


def _priorities(turn: BoardTurn) -> List[Reply]:
    board = turn.require_board()
    unranked = [entry.key for entry in board.talk_about if entry.talk_rank is None]
    key = "priorities_question" if not any(entry.talk_rank for entry in board.domains) else "priorities_question_next"
    return _reply(turn, key, tuple(Button(turn.label(k), f"priority:{k}") for k in unranked))


def _goal_review(turn: BoardTurn) -> List[Reply]:
    goal = pending_review_goal(turn)
    buttons = (
        turn.button("button_review_reached", "review:reached"),
        turn.button("button_review_partly", "review:partly"),
        turn.button("button_review_not_yet", "review:not_yet"),
        turn.button("button_skip_question", "skip"),
    )
    return _reply(turn, "goal_review_question", buttons, goal=goal.text if goal else "")


def _goals(turn: BoardTurn) -> List[Reply]:
    board = turn.require_board()
    buttons = [Button(_short(text), f"wish:{key}") for key, text in goal_suggestions(turn)]
    buttons += [Button(turn.label(key), f"goal_topic:{key}") for key in goal_topics(turn)]
    if turn.record.count("goals_typing"):
        topic = turn.record.data.get("goal_topic")
        return _reply(turn, "goals_type_for_topic", topic=turn.topic(topic)) if topic else _reply(turn, "goals_type_it")
    if not board.goals:
        buttons += [turn.button("button_goal_other", "goal_other"), turn.button("button_goals_none", "goals_none")]
        return _reply(turn, "goals_question", tuple(buttons))
    buttons += [turn.button("button_goal_other", "goal_other"), turn.button("button_goals_done", "goals_done")]
    return _reply(turn, "goals_more_question", tuple(buttons))


def _goal_own_step(turn: BoardTurn) -> List[Reply]:
    return _reply(turn, "goal_own_step_question", (turn.button("button_skip_question", "skip"),))


def _goal_helper(turn: BoardTurn) -> List[Reply]:
    return _reply(turn, "goal_helper_question", (turn.button("button_skip_question", "skip"),))


def _network_people(turn: BoardTurn) -> List[Reply]:
    buttons = (turn.button("button_nobody", "nobody"), turn.button("button_skip_section", "skip_section"))
    return _reply(turn, "network_people_question", buttons)


def _network_professionals(turn: BoardTurn) -> List[Reply]:
    return [
        Reply(turn.text("network_professionals_hint")),
        *_reply(turn, "network_professionals_question", (turn.button("button_nobody", "nobody"),)),
    ]


def _appointments(turn: BoardTurn) -> List[Reply]:
    buttons = tuple(Button(value, f"count:{value.rstrip('+')}") for value in APPOINTMENT_CHOICES)
    return _reply(turn, "appointments_question", buttons + (turn.button("button_skip_question", "skip"),), layout="grid")


def _conflicting_advice(turn: BoardTurn) -> List[Reply]:
    return _reply(turn, "conflicting_advice_question", turn.yes_no())


def _one_contact(turn: BoardTurn) -> List[Reply]:
    board = turn.require_board()
    options = [member.description for member in board.network if member.kind == "professional"][:4]
    buttons = [Button(_short(text), f"contact:{index}") for index, text in enumerate(options)]
    buttons += [turn.button("button_wijkteam_contact", "contact_wijkteam"), turn.button("button_dont_know", "dont_know")]
    return _reply(turn, "one_contact_question", tuple(buttons))


def _follow_up_consent(turn: BoardTurn) -> List[Reply]:
    return _reply(turn, "follow_up_question", turn.yes_no())


def _training_consent(turn: BoardTurn) -> List[Reply]:
    return _reply(turn, "training_question", turn.yes_no("button_training_yes", "button_training_no"))


def _done(turn: BoardTurn) -> List[Reply]:
    if not turn.is_resident:
        return []
    buttons = []
    if turn.stored:
        buttons.append(turn.button("button_share", "share"))
        if has_other_perspectives(turn):
            buttons.append(turn.button("button_compare", "compare"))
    buttons.append(turn.button("button_repeat", "repeat"))
    return _reply(turn, "done_question", tuple(buttons))


def _naaste_consent(turn: BoardTurn) -> List[Reply]:
    return _reply(turn, "perspective_naaste_question", turn.yes_no())


def _perspective_goals(turn: BoardTurn) -> List[Reply]:
    return _reply(turn, "perspective_goals_question", (turn.button("button_skip_question", "skip"),), who=turn.who())


ASKERS: Dict[str, Callable[[BoardTurn], List[Reply]]] = {
    "consent": _consent,
    "life_rating": _life_rating,
    "rating_reason": _rating_reason,
    "rating_next": _rating_next,
    "first_domain": _first_domain,
    "domain_score": _domain_score,
    "confirm_score": _confirm_score,
    "correction": _correction,
    "callback_offer": _callback_offer,
    "callback_contact": _callback_contact,
    "callback_phone": _callback_phone,
    "follow_up": _follow_up,
    "look_further": _look_further,
    "priorities": _priorities,
    "goal_review": _goal_review,
    "goals": _goals,
    "goal_own_step": _goal_own_step,
    "goal_helper": _goal_helper,
    "network_people": _network_people,
    "network_professionals": _network_professionals,
    "appointments": _appointments,
    "conflicting_advice": _conflicting_advice,
    "one_contact": _one_contact,
    "follow_up_consent": _follow_up_consent,
    "training_consent": _training_consent,
    "done": _done,
    "naaste_consent": _naaste_consent,
    "perspective_goals": _perspective_goals,
    "check_in_heard": check_in_questions.ask_heard,
    "check_in_goal": check_in_questions.ask_goal,
    "check_in_other": check_in_questions.ask_other,
    "check_in_repeat": check_in_questions.ask_repeat,
}


# --- shared by asking and answering -------------------------------------------------------------------


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUGGESTION_TITLE_LENGTH else text[: SUGGESTION_TITLE_LENGTH - 1].rstrip() + "…"


def goal_suggestions(turn: BoardTurn) -> List[tuple]:
    """(domain key, wish) of the resident's own wishes not yet a goal, the marked and lowest domains first."""
    board = turn.require_board()
    taken = {goal.text for goal in board.goals}
    entries = [entry for entry in board.domains if entry.wish and entry.wish not in taken]
    entries.sort(key=lambda entry: (not entry.talk_about, entry.talk_rank or 99, entry.score if entry.score is not None else 99))
    return [(entry.key, entry.wish) for entry in entries[:MAX_SUGGESTED_GOALS]]


def going_badly(turn: BoardTurn) -> list:
    """The answered domains at the two lowest points of the scale (😞 🙁)."""
    lowest = turn.instrument.scale.values[:2]
    return [entry for entry in turn.require_board().answered if entry.score in lowest]


def goal_topics(turn: BoardTurn) -> List[str]:
    """Domain keys to suggest as a goal's topic, beside the wishes: marked or going badly (😞 🙁),
    without a wish of their own and not yet a goal's topic; as many as leave MAX_SUGGESTED_GOALS in all."""
    board = turn.require_board()
    room = MAX_SUGGESTED_GOALS - len(goal_suggestions(turn))
    taken = {goal.domain for goal in board.goals}
    low = {entry.key for entry in going_badly(turn)}
    entries = [
        entry for entry in board.domains if not entry.wish and entry.key not in taken and (entry.talk_about or entry.key in low)
    ]
    entries.sort(key=lambda entry: (not entry.talk_about, entry.talk_rank or 99, entry.score if entry.score is not None else 99))
    return [entry.key for entry in entries[: max(room, 0)]]


def pending_review_goal(turn: BoardTurn):
    previous = turn.ctx.store.previous_board(turn.require_board())
    if previous is None:
        return None
    return next(
        (goal for goal in previous.goals if goal.review is None and goal.id not in turn.record.data.get("reviews_skipped", [])),
        None,
    )


def done_help(turn: BoardTurn) -> str:
    """What can be done with a finished board, as far as its buttons go (no sharing without storing)."""
    if not turn.stored:
        return "done_help_not_stored"
    return "done_help" if has_other_perspectives(turn) else "done_help_alone"


def has_other_perspectives(turn: BoardTurn) -> bool:
    board = turn.board
    if board is None or board.id is None or board.id < 0:
        return False
    return any(other.perspective != RESIDENT for other in turn.ctx.store.boards(board.owner))


def live_board(turn: BoardTurn) -> dict:
    """The board as it fills in, for pages that show it beside the chat (no free text)."""
    board = turn.board
    if board is None or not turn.is_resident:
        return {}
    return {
        "instrument": board.instrument,
        "current": current_domain(turn),
        "domains": [
            {"key": e.key, "label": turn.label(e.key), "status": e.status, "score": e.score, "talk_about": e.talk_about}
            for e in board.domains
        ],
        "scale": [
            {"value": p.value, "emoji": p.emoji, "label": p.label, "colour": p.colour} for p in turn.instrument.scale.points
        ],
    }


def current_domain(turn: BoardTurn) -> Optional[str]:
    """The domain the open question is about, if any ("Nu" on the live board)."""
    if turn.record.step == "correction":
        return turn.record.data.get("correction")
    return turn.record.domain if turn.record.step in DOMAIN_STEPS else None


# the explanation of a step, where it is not "<step>_help" (the smiley and follow-up steps have their own)
SHARED_HELP = {
    "consent": "consent_explanation",
    "goal_own_step": "goal_step_help",
    "goal_helper": "goal_step_help",
    "network_people": "network_help",
    "network_professionals": "network_help",
}


def help_key(step: str) -> str:
    """The text that explains a step with a fixed explanation ("welcome" when it has none)."""
    return SHARED_HELP.get(step, f"{step}_help")


def help_replies(turn: BoardTurn) -> List[Reply]:
    """An explanation with an example, then the same question again."""
    step = turn.record.step
    key = help_key(step)
    follow_up = turn.follow_up() if step == "follow_up" else None
    if step in ("domain_score", "confirm_score"):
        text = turn.text("score_help", example=turn.example(turn.domain_key))
    elif follow_up is not None:
        text = follow_up.help
    elif step == "done":
        text = turn.text(done_help(turn))
    else:
        text = turn.text(key if key in turn.texts else "welcome")
    return [Reply(text)] + ask(turn)


def where(turn: BoardTurn) -> str:
    """A few words that remind the resident where they were (for an in-between question without
    its own words, such as a correction: the question it interrupted)."""
    step = turn.record.step
    if f"where_{step}" not in turn.texts and step in cursor.INTERRUPTIONS and turn.record.resume:
        step = turn.record.resume[0]
    if step in ("domain_score", "confirm_score", "follow_up"):
        return turn.text(
            "where_domain", topic=turn.topic(turn.record.domain), number=turn.record.position + 1, total=len(turn.record.order)
        )
    if step in ("goal_own_step", "goal_helper"):
        step = "goals"
    if step in ("network_people", "network_professionals", "appointments", "conflicting_advice", "one_contact"):
        step = "network"
    key = f"where_{step}"
    return turn.text(key) if key in turn.texts else turn.text("where_life_rating")


def welcome_back(turn: BoardTurn) -> str:
    """ "Welkom terug" with where the resident was (or that the board is done)."""
    if turn.record.step == "done":
        return turn.text("welcome_back_done")
    return turn.text("welcome_back", where=where(turn))


def failed_too_often(turn: BoardTurn) -> bool:
    return turn.record.failures >= MAX_FAILURES
