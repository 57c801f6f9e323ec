"""The start of the resident's board: welcome, consent, the life rating and where to begin."""

from typing import List, Optional

from bot.flows.board import domains, last_time, steps
from bot.flows.board.turn import MAX_FAILURES, RESIDENT, BoardTurn
from bot.understanding.commands import read_command
from bot.understanding.domains import find_domains
from bot.understanding.intents import is_nothing
from bot.understanding.numbers import read_rating
from bot.understanding.reading import read_yes_no
from bot.understanding.scale_reader import read_scale_answer


def start(turn: BoardTurn) -> None:
    turn.say("welcome")
    if not turn.message.is_button and read_command(turn.message, expecting_free_text=False) == "for_someone_else":
        turn.say("for_someone_else")  # "ik ben de dochter van mevrouw Jansen": how a naaste takes part, before the consent
    turn.say("consent_explanation")
    turn.go("consent", remember=False)
    turn.happened("welcomed")


def consent(turn: BoardTurn) -> None:
    answer = read_yes_no(turn.message)
    if answer is None and turn.message.intent in ("greet", "resume"):
        start(turn)
        return
    if answer is None:
        # again unclear: doubt, most likely; say that "nee" is fine too
        turn.say("consent_unsure" if turn.failed() >= 2 else "consent_reask")
        turn.happened("not_understood")
        return
    store, record, participant = turn.ctx.store, turn.record, turn.ctx.participant_id
    if answer:
        store.give_consent(participant)
        record.stored = True
        turn.say("consent_given")
        turn.happened("consent_given")
    else:
        turn.say("consent_refused")
        turn.happened("consent_refused")
    board = store.new_board(participant, participant, turn.instrument, RESIDENT, stored=answer)
    record.board_id, record.board_owner = board.id, participant
    turn.board = board
    begin_board(turn)


def begin_board(turn: BoardTurn) -> None:
    """The first question of a (new) board: the life rating, or the domains when the instrument has none."""
    turn.record.history, turn.record.counters, turn.record.order = [], {}, []
    if turn.instrument.life_rating is None:
        to_first_domain(turn)
        return
    turn.say("life_rating_explanation")
    turn.go("life_rating", 0, remember=False)


def _rating_value(turn: BoardTurn) -> tuple:
    """(value, problem): a rating button, or a rating in the resident's words."""
    rating = turn.instrument.life_rating
    assert rating is not None
    choice = turn.message.choice or ""
    if choice.startswith("rating:"):
        return int(choice.split(":", 1)[1]), None
    reading = read_rating(turn.message.text, rating.lowest, rating.highest)
    return reading.value, reading.problem


def _says_dont_know(turn: BoardTurn, or_skip: bool = False) -> bool:
    """ "weet ik niet precies" (with `or_skip` also "sla maar over"): the button, Rasa's intent, or the
    words the scale reader knows for it."""
    if steps.means_dont_know(turn) or (or_skip and steps.means_skip(turn)):
        return True
    if turn.message.is_button:
        return False
    kind = read_scale_answer(turn.message, turn.instrument.scale).kind
    return kind == "dont_know" or (or_skip and kind == "skipped")


def life_rating(turn: BoardTurn) -> None:
    board = turn.require_board()
    if turn.message.choice in ("skip", "dont_know") or steps.means_skip(turn):
        turn.happened("life_rating_skipped")
        after_life_rating(turn)
        return
    value, problem = _rating_value(turn)
    if value is None:
        dont_know = _says_dont_know(turn)
        if not turn.is_resident and dont_know:
            after_life_rating(turn)
            return
        failures = turn.failed()
        if dont_know:
            turn.say("life_rating_help")
        else:
            turn.say("life_rating_out_of_range" if problem == "out_of_range" else "life_rating_not_understood")
            keep_how_life_goes(turn)
        if failures >= 2:
            turn.say("life_rating_offer_buttons")
        turn.happened("rating_not_understood")
        return
    board.life_rating = value
    turn.happened("life_rating_stored")
    if turn.is_resident:
        turn.say("life_rating_stored", rating=value)
        previous = turn.ctx.store.previous_board(board)
        if previous is not None and previous.life_rating is not None:
            turn.say("life_rating_before", rating=previous.life_rating)  # a repeat measurement: where it was
        turn.go("rating_reason")
        return
    after_life_rating(turn)


def keep_how_life_goes(turn: BoardTurn) -> None:
    """Words that say how life goes but give no mark ("slecht, ik heb veel schulden"): kept as the
    resident's words for the rating (what the scaling question asks), never lost."""
    if not turn.is_resident or turn.message.is_button:
        return
    words = turn.own_words()
    if words and domains.rated_in_words(read_scale_answer(turn.message, turn.instrument.scale)):
        board = turn.require_board()
        board.rating_reason = domains.words_added(board.rating_reason, words)[:5000]
        turn.say("life_rating_words_kept")


def after_life_rating(turn: BoardTurn) -> None:
    if turn.is_resident:
        to_first_domain(turn)
    else:
        steps.first_domain_of_perspective(turn)


def rating_reason(turn: BoardTurn) -> None:
    text = _free_text(turn)
    if text is None:
        to_first_domain(turn)  # skipping the first scaling question skips the second too
        return
    board = turn.require_board()
    board.rating_reason = domains.words_added(board.rating_reason, text)[:5000]  # after words told at the rating itself
    turn.go("rating_next")


def rating_next(turn: BoardTurn) -> None:
    text = _free_text(turn)
    if text is not None:
        turn.require_board().rating_next = text
    to_first_domain(turn)


def _free_text(turn: BoardTurn) -> Optional[str]:
    if turn.message.choice in ("skip", "next") or is_nothing(turn.message):
        return None
    return turn.own_words()


def to_first_domain(turn: BoardTurn) -> None:
    turn.say("first_domain_explanation", count=len(turn.instrument.domains))
    turn.go("first_domain")


def chosen_domains(turn: BoardTurn) -> List[str]:
    choice = turn.message.choice or ""
    if choice.startswith("domain:") and choice[7:] in turn.instrument.keys:
        return [choice[7:]]
    return find_domains(turn.message.text, turn.instrument) if not turn.message.is_button else []


def first_domain(turn: BoardTurn) -> None:
    chosen = chosen_domains(turn)
    if not chosen:
        undecided = _says_dont_know(turn, or_skip=True)
        if not undecided and turn.record.failures + 1 < MAX_FAILURES:
            turn.failed()
            turn.say("first_domain_not_understood")
            turn.happened("domain_not_understood")
            return
        turn.say("first_domain_dont_know")
    turn.record.order = chosen[:1] + [key for key in turn.instrument.keys if key not in chosen[:1]]
    turn.go("domain_score", 0)
    turn.happened("first_domain_chosen")
    if chosen and domains.propose_from_choice(turn, chosen[0]):
        return
    last_time.explain_scale(turn)


def look_further(turn: BoardTurn) -> None:
    answer = read_yes_no(turn.message)
    turn.record.counters["looked_further"] = 1
    if answer is False:
        turn.happened("only_first_domain")
        steps.after_domains(turn)
        return
    if answer is None and turn.record.failures + 1 < MAX_FAILURES:
        turn.failed()
        turn.say("look_further_help")
        turn.happened("not_understood")
        return
    turn.go("domain_score", 1)
    turn.happened("looking_further")


def repeat(turn: BoardTurn) -> None:
    """ "Opnieuw" after a finished board: the repeat measurement (earlier goals are reviewed on the way)."""
    participant = turn.ctx.participant_id
    turn.ctx.store.forget_memory_board(turn.record.board_id)
    board = turn.ctx.store.new_board(participant, participant, turn.instrument, RESIDENT, stored=turn.stored)
    turn.record.board_id, turn.board = board.id, board
    turn.say("repeat_start")
    turn.happened("repeat_started")
    begin_board(turn)


def resume_from_store(turn: BoardTurn) -> None:
    """A resident who agreed before but has no conversation record: pick up at the first open question
    of their latest board, or at the end when it is complete (a new one starts only with "opnieuw")."""
    participant = turn.ctx.participant_id
    boards = turn.ctx.store.boards(participant, RESIDENT)
    record = turn.record
    record.stored, record.board_owner = True, participant
    if not boards:
        board = turn.ctx.store.new_board(participant, participant, turn.instrument, RESIDENT)
        record.board_id, turn.board = board.id, board
        begin_board(turn)
        return
    board = boards[-1]
    record.board_id, turn.board = board.id, board
    record.order = board.domain_keys
    open_positions = [i for i, entry in enumerate(board.domains) if entry.status == "open"]
    if board.completed_at is not None:
        turn.go("done", remember=False)
    elif board.life_rating is None and turn.instrument.life_rating is not None:
        turn.go("life_rating", remember=False)
    elif open_positions:
        turn.go("domain_score", open_positions[0], remember=False)
    else:
        turn.go("goals", remember=False)
    turn.happened("resumed_from_store")
