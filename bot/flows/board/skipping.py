"""Topics skipped one after another: after a few, the next topic's question offers to skip the rest."""

from bot.flows.board.turn import BoardTurn

SKIPS_IN_A_ROW = "skips_in_a_row"  # record.counters: topics skipped one after another
SKIPS_BEFORE_OFFER = 3  # then the next topic's question has a button to skip the rest too
SKIP_REST = "skip_rest"  # the button's choice


def count_skip(turn: BoardTurn, skipped: bool) -> None:
    """A topic skipped adds one; any other answer starts the count again."""
    turn.record.counters[SKIPS_IN_A_ROW] = turn.record.count(SKIPS_IN_A_ROW) + 1 if skipped else 0


def offers_skip_rest(turn: BoardTurn) -> bool:
    """The resident skipped several topics in a row and more than one is left: the rest can go at once."""
    record = turn.record
    left = len(record.order) - record.position
    return turn.is_resident and left >= 2 and record.count(SKIPS_IN_A_ROW) >= SKIPS_BEFORE_OFFER


def first_offer(turn: BoardTurn) -> bool:
    """The question after exactly the skips that start the offer: the line that explains the button."""
    return offers_skip_rest(turn) and turn.record.count(SKIPS_IN_A_ROW) == SKIPS_BEFORE_OFFER
