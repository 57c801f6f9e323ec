"""Topics skipped one after another: after a few, the next topic's question offers to skip the rest.

The skips are read from the board itself (the topics before the one asked, in the board's order),
so going back, answering a skipped topic after all or correcting one counts as it should."""

from bot.flows.board.turn import BoardTurn

SKIPS_BEFORE_OFFER = 3  # then the next topic's question has a button to skip the rest too
SKIP_REST = "skip_rest"  # the button's choice


def skips_right_before(turn: BoardTurn) -> int:
    """How many topics right before the one asked now were skipped, one after another."""
    record, board = turn.record, turn.board
    if board is None:
        return 0
    count = 0
    for key in reversed(record.order[: record.position]):
        if board.domain(key).status != "skipped":
            break
        count += 1
    return count


def topics_left(turn: BoardTurn) -> int:
    """The topic asked now and those after it."""
    return len(turn.record.order) - turn.record.position


def offers_skip_rest(turn: BoardTurn) -> bool:
    """The resident skipped several topics in a row and more than one is left: the rest can go at once."""
    return turn.is_resident and topics_left(turn) >= 2 and skips_right_before(turn) >= SKIPS_BEFORE_OFFER


def first_offer(turn: BoardTurn) -> bool:
    """The question after exactly the skips that start the offer: the line that explains the button."""
    return offers_skip_rest(turn) and skips_right_before(turn) == SKIPS_BEFORE_OFFER
