"""The one custom action: hand the user's message to the guide and say what it answers."""

import logging
from functools import lru_cache
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue import DialogueState, Guide, UserMessage
from bot.dialogue.catch_up import unanswered_messages
from bot.storage import shared_answer_store

logger = logging.getLogger(__name__)
STATE_SLOT = "dialogue_state"
CONSENT_SLOT = "consent"
DOCUMENT_NAME = "wat-telt-overzicht.pdf"


@lru_cache(maxsize=1)
def shared_guide() -> Guide:
    return Guide(shared_answer_store())


def user_message_from(latest_message: Dict[str, Any]) -> UserMessage:
    intent = latest_message.get("intent") or {}
    entities = tuple(
        {"entity": entity.get("entity"), "value": entity.get("value")} for entity in latest_message.get("entities") or ()
    )
    ranking = tuple(
        (entry.get("name"), float(entry.get("confidence") or 0.0))
        for entry in latest_message.get("intent_ranking") or ()
        if entry.get("name")
    )
    return UserMessage(
        text=latest_message.get("text") or "",
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        entities=entities,
        ranking=ranking,
    )


class ActionHandleTurn(Action):
    def __init__(self, guide: Guide = None):
        self._guide = guide

    def name(self) -> str:
        return "action_handle_turn"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        guide = self._guide or shared_guide()
        state = DialogueState.from_slot(tracker.get_slot(STATE_SLOT))
        for missed in unanswered_messages(tracker.events):  # said while the action server or database was down
            try:
                state = guide.handle(
                    tracker.sender_id, state, user_message_from(dict(missed.get("parse_data") or {}, text=missed.get("text")))
                ).state
            except Exception as failure:  # one bad message must never block the ones after it
                logger.warning(
                    "participant=%s an earlier message could not be handled (%s)", tracker.sender_id, type(failure).__name__
                )
        turn = guide.handle(tracker.sender_id, state, user_message_from(tracker.latest_message))
        for reply in turn.replies:
            buttons = [{"title": button.title, "payload": button.payload} for button in reply.buttons]
            document = {"document": reply.document, "filename": DOCUMENT_NAME} if reply.document else None
            dispatcher.utter_message(text=reply.text, buttons=buttons, image=reply.image, json_message=document)
        if "storage_unavailable" in turn.events:
            return []  # not answered: the message is handled again with the next one (bot.dialogue.catch_up)
        return [SlotSet(STATE_SLOT, turn.state.to_slot()), SlotSet(CONSENT_SLOT, turn.consent)]
