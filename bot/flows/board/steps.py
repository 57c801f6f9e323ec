"""Moving on through the board (the next domain, the end of the domains), and the short readings
every step shares ("sla over", "weet ik niet")."""

from bot.flows.board import last_time, perspectives, skipping, wrap_up
from bot.flows.board.turn import BoardTurn
from bot.understanding.intents import intent_is

SKIP_INTENTS = ("skip",)
DONT_KNOW_INTENTS = ("dont_know",)


def means_skip(turn: BoardTurn) -> bool:
    return turn.message.choice == "skip" or intent_is(turn.message, SKIP_INTENTS)


def means_dont_know(turn: BoardTurn) -> bool:
    return turn.message.choice == "dont_know" or intent_is(turn.message, DONT_KNOW_INTENTS)


def next_domain(turn: BoardTurn) -> None:
    """After a domain: the offer to look further (after the resident's first), the next domain, or the end."""
    record = turn.record
    record.counters.pop("follow_up", None)
    if turn.is_resident and record.position == 0 and len(record.order) > 1 and not record.count("looked_further"):
        turn.say("look_further_explanation", count=len(record.order) - 1)
        turn.go("look_further")
        return
    if record.position + 1 < len(record.order):
        turn.go("domain_score", record.position + 1)
        if skipping.first_offer(turn):
            turn.say("skip_rest_offer", count=skipping.topics_left(turn))
        return
    after_domains(turn)


def skip_rest(turn: BoardTurn) -> None:
    """ "Sla de rest over": the topics not yet asked stay open, on to the end of the board."""
    turn.happened("rest_skipped")
    after_domains(turn)


def after_domains(turn: BoardTurn) -> None:
    if turn.is_resident:
        wrap_up.wrap_up(turn)
    else:
        perspectives.after_domains(turn)


def first_domain_of_perspective(turn: BoardTurn) -> None:
    last_time.explain_scale(turn)
    turn.go("domain_score", 0)
