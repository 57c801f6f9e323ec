"""Messages the assistant received but never answered: the action server was down, or the database.

Rasa keeps every user message in the tracker even when the action that should answer it
failed. A message counts as answered once the guide's state was saved after it (a `slot`
event for `dialogue_state` before the next user message); the action saves no state when
storage failed. Before the current message, the action hands these earlier ones to the
guide, oldest first, so what a resident said during an outage is still stored. A message the
same as the current one is a retry (the web chat and Telegram resend it) and is skipped.
"""

from typing import List

STATE_SLOT = "dialogue_state"
MAX_CATCH_UP = 10  # never more than this many earlier messages at once


def unanswered_messages(events: List[dict]) -> List[dict]:
    """The user events before the latest one that were never answered, oldest first."""
    user_events = []  # (event, answered)
    for event in events:
        kind = event.get("event")
        if kind == "user":
            user_events.append([event, False])
        elif kind == "slot" and event.get("name") == STATE_SLOT and user_events:
            user_events[-1][1] = True
        elif kind in ("restart", "session_started"):
            user_events = []
    if not user_events:
        return []
    latest = user_events[-1][0]
    earlier = []
    for event, answered in reversed(user_events[:-1]):
        if answered:
            break
        earlier.append(event)
    earlier.reverse()
    retry = (latest.get("text") or "").strip()
    return [event for event in earlier if (event.get("text") or "").strip() != retry][-MAX_CATCH_UP:]
