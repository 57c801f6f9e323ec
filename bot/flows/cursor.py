"""Moving through the board: the cursor of a conversation record (step, position, history)."""

from bot.storage.records import ConversationRecord

HISTORY_LIMIT = 60


def ask(record: ConversationRecord, step: str, position: int | None = None, remember: bool = True) -> None:
    """Move to the question `step` (for domain `position`), remembering the current one for "terug"."""
    position = record.position if position is None else position
    if remember and record.step not in INTERRUPTIONS and (record.step, record.position) != (step, position):
        record.history = (record.history + [(record.step, record.position)])[-HISTORY_LIMIT:]
    record.step, record.position = step, position
    record.failures, record.paused, record.pending = 0, False, None


def interrupt(record: ConversationRecord, step: str) -> None:
    """An interruption (a correction, a confirmation) that returns to the current question after."""
    if record.step not in INTERRUPTIONS:
        record.resume = (record.step, record.position)
    record.step, record.failures = step, 0


def resume(record: ConversationRecord) -> None:
    step, position = record.resume or ("start", 0)
    record.step, record.position, record.resume, record.failures, record.pending = step, position, None, 0, None


def go_back(record: ConversationRecord) -> bool:
    """To the previous question; False when this is the first."""
    if not record.history:
        return False
    step, position = record.history[-1]
    record.history = record.history[:-1]
    record.step, record.position, record.failures, record.pending = step, position, 0, None
    return True


def failed(record: ConversationRecord) -> int:
    record.failures += 1
    return record.failures


def question_position(record: ConversationRecord) -> tuple:
    """The resident's own question behind an interruption."""
    if record.step in INTERRUPTIONS and record.resume:
        return record.resume
    return (record.step, record.position)


INTERRUPTIONS = (
    "safety_check",
    "danger_question",
    "confirm_forget",
    "correction",
    "callback_offer",
    "callback_contact",
    "callback_phone",
    "confirm_score",
)
