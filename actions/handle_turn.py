"""The one custom action: hand the message to the app's turn service and say what it answers.

Thin glue. A turn that fails (the database is away) sends nothing at all: the channel then answers
503 or Telegram sends the message again, and nothing was half-written. "Vergeet mij" ends with a
`restart` event, on which the tracker store deletes the transcript too.
"""

import logging
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted
from rasa_sdk.executor import CollectingDispatcher

from bot.flows.replies import Reply
from bot.pseudonyms import pseudonym
from bot.rendering.media import attachment_token
from bot.turn import TurnService, shared_turn_service
from bot.understanding.message import FORGET_FLAG, READING_KEY, UserMessage, choice_of_payload

logger = logging.getLogger(__name__)


def user_message_from(latest: Dict[str, Any], channel: Optional[str]) -> UserMessage:
    """What Rasa understood and what the channel knows for sure (metadata set by our channels only)."""
    intent = latest.get("intent") or {}
    metadata = latest.get("metadata") or {}
    text = latest.get("text") or ""
    ranking = tuple(
        (entry.get("name"), float(entry.get("confidence") or 0.0))
        for entry in latest.get("intent_ranking") or ()
        if entry.get("name")
    )
    return UserMessage(
        text=text,
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        ranking=ranking,
        choice=choice_of_payload(text),
        command=metadata.get("command") if isinstance(metadata.get("command"), str) else None,
        message_id=metadata.get("message_id") or latest.get("message_id"),
        channel=channel,
        metadata={FORGET_FLAG: True} if metadata.get(FORGET_FLAG) is True else {},
    )


def reply_message(reply: Reply) -> Dict[str, Any]:
    """A reply as dispatcher arguments: text and buttons, the rest in one custom part for the channels."""
    custom: Dict[str, Any] = {}
    if reply.attachment is not None:
        attachment = reply.attachment
        custom["attachment"] = {
            "kind": attachment.kind,
            "token": attachment_token(attachment.kind, attachment.board_id, attachment.snapshot),
        }
    if reply.layout != "list":
        custom["layout"] = reply.layout
    if reply.expects != "text":
        custom["expects"] = reply.expects
    if reply.language != "nl":
        custom["lang"] = reply.language
    if reply.board:
        custom["board"] = reply.board
    return {
        "text": reply.text,
        "buttons": [{"title": button.title, "payload": button.payload} for button in reply.buttons],
        "json_message": custom or None,
    }


class ActionHandleTurn(Action):
    def __init__(self, service: Optional[TurnService] = None):
        self._service = service

    def name(self) -> str:
        return "action_handle_turn"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        service = self._service or shared_turn_service()
        message = user_message_from(tracker.latest_message, tracker.get_latest_input_channel())
        try:
            outcome = service.handle(tracker.sender_id, message)
        except Exception as failure:
            logger.error("turn of %s failed (%s)", pseudonym(tracker.sender_id), type(failure).__name__)
            return []
        for position, reply in enumerate(outcome.replies, start=1):
            # The app's reading of the turn (event names such as "move_explore", never text) rides on the
            # last reply's metadata in the transcript, where a trainer's replay shows it; channels never send it.
            reading = {READING_KEY: list(outcome.events)} if position == len(outcome.replies) and outcome.events else {}
            dispatcher.utter_message(**reply_message(reply), **reading)
        return [Restarted()] if outcome.forgotten else []
