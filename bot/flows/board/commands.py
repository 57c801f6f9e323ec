"""What a resident (or a professional, or a naaste) can say at any point of the board: progress, back,
pause, help, a person, sharing, comparing, no more messages, who looked, a correction, small talk.
Understood in their own phrasing (bot.understanding.commands) and never stored as an answer."""

from typing import Callable, Dict, Optional

from bot.flows import cursor
from bot.flows.board import questions, resident, sharing
from bot.flows.board.domains import acknowledge, current_entry, keep_words_told, reading_of
from bot.flows.board.summary import topics_text
from bot.flows.board.turn import MAX_FAILURES, BoardTurn
from bot.understanding.commands import NLU_SURE_DURING_FREE_TEXT, read_command
from bot.understanding.contact_details import has_way_to_reach
from bot.understanding.domains import find_domains
from bot.understanding.intents import intent_is, is_greeting, is_nothing
from bot.understanding.reading import read_yes_no
from bot.understanding.scale_reader import read_scale_answer

FREE_TEXT_STEPS = (
    "rating_reason",
    "rating_next",
    "follow_up",
    "goals",
    "goal_own_step",
    "goal_helper",
    "network_people",
    "network_professionals",
    "one_contact",
    "perspective_goals",
    "callback_contact",
    "check_in_other",
)
SOCIAL_INTENTS = ("stop", "greet", "goodbye", "thank", "bot_challenge", "insult", "out_of_scope")
SOCIAL_MAX_WORDS = 6
DOMAIN_STEPS = ("domain_score", "confirm_score", "follow_up", "look_further")  # the resident is among the topics


def command_of(turn: BoardTurn) -> Optional[str]:
    """The command this message gives, or None when it answers the open question."""
    message = turn.message
    if message.is_button or turn.record.step in ("start", "callback_offer", "confirm_forget"):
        return None
    if is_greeting(message):
        return "greet"
    free_text = turn.record.step in FREE_TEXT_STEPS
    command = read_command(message, expecting_free_text=free_text)
    if command:
        return command
    if _is_correction(turn):
        return "correct"
    # during free text only a short message the NLU is very sure of ("tot ziens"), never an answer
    # it merely guessed at ("ik wandel elke dag" read as goodbye at 0.5)
    sure = len(message.words.split()) <= SOCIAL_MAX_WORDS and message.confidence >= NLU_SURE_DURING_FREE_TEXT
    for intent in SOCIAL_INTENTS:
        if intent_is(message, (intent,)) and (sure or not free_text):
            return intent
    return None


def _is_correction(turn: BoardTurn) -> bool:
    """ "Verander geld naar goed": only for a domain answered before, never the one being asked."""
    if turn.board is None or not intent_is(turn.message, ("correct_answer",)):
        return False
    current = turn.record.domain if turn.record.step in ("domain_score", "confirm_score", "follow_up") else None
    named = [key for key in find_domains(turn.message.text, turn.instrument) if key != current]
    return any(turn.board.domain(key).status != "open" for key in named)


def run(turn: BoardTurn, command: str) -> None:
    COMMANDS[command](turn)
    turn.happened(command)


# --- the commands ------------------------------------------------------------------------------------------


def progress(turn: BoardTurn) -> None:
    record, total = turn.record, len(turn.instrument.domains)
    step, position = cursor.question_position(record)
    if (
        step in ("start", "consent", "naaste_consent", "life_rating", "rating_reason", "rating_next", "first_domain")
        or not record.order
    ):
        turn.say("progress_not_started", total=total)
    elif step in DOMAIN_STEPS:
        reached = position + (1 if step in ("follow_up", "look_further") else 0)
        turn.say("progress", done=min(reached, total), total=total)
    else:
        turn.say("progress_done")


def remaining(turn: BoardTurn) -> None:
    """ "Welke zijn er nog?": the topics still open, by name, in the order they come."""
    record = turn.record
    step, position = cursor.question_position(record)
    if step not in DOMAIN_STEPS or not record.order:
        progress(turn)
        return
    board = turn.require_board()
    still_open = [key for key in record.order[position:] if board.domain(key).status == "open"]
    if still_open:
        turn.say_text(topics_text(turn.texts, "remaining_topics", turn.instrument, still_open, perspective=turn.perspective))
    else:
        turn.say("remaining_none")


def for_someone_else(turn: BoardTurn) -> None:
    """ "Ik ben de dochter van mevrouw Jansen": how a naaste fills in, with the resident's code; a
    naaste who already came with a code hears that this is how they take part."""
    turn.say("for_someone_else" if turn.is_resident else "for_someone_else_with_code")


def back(turn: BoardTurn) -> None:
    """The previous question; from an interruption ("Klopt dat?", "Wil je dat iemand je belt?") the
    question it interrupted, so an answer given there can be given again."""
    if turn.record.step in cursor.INTERRUPTIONS:
        if turn.record.step == "confirm_score":  # the smiley is taken back, not the words told
            keep_words_told(current_entry(turn), (turn.record.pending or {}).get("story"))
        cursor.resume(turn.record)
        return
    if turn.record.step == "goals" and turn.record.counters.pop("goals_typing", 0):
        turn.record.data.pop("goal_topic", None)  # from "Typ in je eigen woorden ..." back to the goal buttons
        return
    if not cursor.go_back(turn.record):
        turn.say("go_back_first")


def pause(turn: BoardTurn) -> None:
    turn.record.paused = True
    turn.quiet = True
    if not turn.stored:
        turn.say("paused_memory_only")
        return
    turn.say("paused")
    consent = turn.ctx.store.consent(turn.ctx.participant_id) if turn.is_resident else None
    if consent is not None and consent.follow_up and turn.board is not None and turn.board.completed_at is None:
        turn.ctx.store.schedule_reminder(turn.ctx.participant_id)


def stop(turn: BoardTurn) -> None:
    turn.record.paused = True
    turn.quiet = True
    turn.say("stopped" if turn.stored else "paused_memory_only")


def goodbye(turn: BoardTurn) -> None:
    turn.record.paused = True
    turn.quiet = True
    turn.say("goodbye")


def help_(turn: BoardTurn) -> None:
    turn.ctx.say(*questions.help_replies(turn))
    turn.quiet = True


def welcome_back(turn: BoardTurn) -> None:
    turn.record.paused = False
    if turn.record.step in ("start", "consent"):
        return
    turn.say_text(questions.welcome_back(turn))


def start_again(turn: BoardTurn) -> None:
    """A new round once the board is done; before that, how to change an answer instead of starting over."""
    if turn.is_resident and turn.record.step == "done":
        resident.repeat(turn)
    elif turn.record.step in ("start", "consent", "done"):
        welcome_back(turn)
    else:
        turn.record.paused = False
        turn.say("start_again_not_done")


def privacy(turn: BoardTurn) -> None:
    """Who sees the answers and what is kept, as it is for this participant now."""
    if not turn.is_resident:
        turn.say("privacy_other")
    elif turn.record.step == "consent":
        turn.say("consent_explanation")  # not decided yet: what storing would mean
    else:
        turn.say("privacy_stored" if turn.stored else "privacy_memory")


def person(turn: BoardTurn) -> None:
    contacts = turn.contacts
    turn.say("person_contact", phone=contacts.phone, hours=contacts.hours)
    turn.say("person_contact_web", website=contacts.website)
    if turn.stored and turn.is_resident:
        cursor.interrupt(turn.record, "callback_offer")


def callback_offer(turn: BoardTurn) -> None:
    answer = read_yes_no(turn.message)
    if answer is True:
        turn.record.step = "callback_contact"
        return
    if answer is None and turn.failed() < 2:
        return
    turn.say("person_callback_no")
    cursor.resume(turn.record)


def callback_contact(turn: BoardTurn) -> None:
    """How and when, in the resident's words; without a number or e-mail address, one question for the number."""
    how = None if is_nothing(turn.message) else turn.own_words()
    if has_way_to_reach(how):
        _request_callback(turn, how)
        return
    turn.record.data["callback_when"] = how
    turn.record.step = "callback_phone"


def callback_phone(turn: BoardTurn) -> None:
    """The number to call; nothing is passed on without one (nobody could call back)."""
    refused = is_nothing(turn.message) or read_yes_no(turn.message) is False
    number = None if refused else turn.own_words()
    when = turn.record.data.pop("callback_when", None)
    if has_way_to_reach(number):
        _request_callback(turn, "\n".join(part for part in (when, number) if part))
        return
    if not refused and turn.failed() < 2:
        turn.record.data["callback_when"] = when
        turn.say("person_callback_phone_unclear")
        return
    turn.say("person_callback_no_number", phone=turn.contacts.phone, hours=turn.contacts.hours)
    cursor.resume(turn.record)


def _request_callback(turn: BoardTurn, how_to_reach: Optional[str]) -> None:
    turn.ctx.store.add_callback_request(turn.ctx.participant_id, how_to_reach)
    turn.say("person_callback_stored")
    turn.happened("callback_requested")
    cursor.resume(turn.record)


def stop_messages(turn: BoardTurn) -> None:
    store, participant = turn.ctx.store, turn.ctx.participant_id
    consent = store.consent(participant) if turn.stored else None
    if consent is None:
        turn.say("stop_messages_none")
        return
    store.set_consents(participant, follow_up=False)
    store.cancel_scheduled(participant)
    turn.say("stop_messages_done")


def correct(turn: BoardTurn) -> None:
    board = turn.require_board()
    current = turn.record.domain if turn.record.step in ("domain_score", "confirm_score", "follow_up") else None
    keys = [
        key for key in find_domains(turn.message.text, turn.instrument) if key != current and board.domain(key).status != "open"
    ]
    if not keys:
        turn.say("correction_unclear")
        return
    key = keys[0]
    reading = read_scale_answer(turn.message, turn.instrument.scale)
    if reading.kind == "score" and reading.value is not None:
        board.domain(key).set_status("answered", reading.value)
        point = turn.point(reading.value)
        turn.say("correction_done", label=turn.label(key), emoji=point.emoji, phrase=point.phrase)
        return
    turn.say("correction_ask", topic=turn.topic(key))
    cursor.interrupt(turn.record, "correction")
    turn.record.data["correction"] = key


def correction(turn: BoardTurn) -> None:
    """The answer to "we passen X aan": a new score for that domain, then back where we were."""
    key = turn.record.data.get("correction")
    reading = reading_of(turn)
    board = turn.require_board()
    if key is None or reading.kind not in ("score", "skipped", "not_applicable"):
        if key is None or turn.failed() >= MAX_FAILURES:
            cursor.resume(turn.record)
            return
        turn.say("score_not_understood")
        return
    entry = board.domain(key)
    entry.set_status("answered", reading.value) if reading.kind == "score" else entry.set_status(reading.kind)
    if reading.kind == "score" and reading.value is not None:
        acknowledge(turn, reading.value, typed=not turn.message.is_button, key=key)
    turn.record.data.pop("correction", None)
    cursor.resume(turn.record)


def social(intent: str) -> Callable[[BoardTurn], None]:
    def reply(turn: BoardTurn) -> None:
        turn.say(f"chitchat_{intent}")

    return reply


COMMANDS: Dict[str, Callable[[BoardTurn], None]] = {
    "progress": progress,
    "back": back,
    "pause": pause,
    "help": help_,
    "person": person,
    "share": sharing.share,
    "stop_sharing": sharing.stop_sharing,
    "compare": sharing.compare,
    "stop_messages": stop_messages,
    "who_viewed": sharing.who_viewed,
    "resume": welcome_back,
    "start_again": start_again,
    "privacy": privacy,
    "remaining": remaining,
    "for_someone_else": for_someone_else,
    "stop": stop,
    "greet": welcome_back,
    "goodbye": goodbye,
    "correct": correct,
    **{intent: social(intent) for intent in ("thank", "bot_challenge", "insult", "out_of_scope")},
}
