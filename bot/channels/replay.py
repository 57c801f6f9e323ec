"""Rasa custom channel `replay`: the trainer's read-only replay page, at /webhooks/replay/.

    GET /webhooks/replay/                   the page (bot/channels/replay_web/), for a projector
    GET /webhooks/replay/static/<file>      its CSS and JavaScript
    GET /webhooks/replay/api/sources        what can be replayed            (trainer token)
    GET /webhooks/replay/api/replay?source= one replay as turns, as JSON    (trainer token)

Every API call needs `Authorization: Bearer $TRAINER_TOKEN`; without TRAINER_TOKEN set the
API answers 503, with a missing or wrong token 401. Sources: the training pack
(bot/content/training, run through this server's own assistant under a throwaway sender that
is deleted afterwards), stored conversations of participants who agreed to training use
(`participant:ID`), and stored practice sessions (`practice:ID`). Nothing here changes data.
"""

import asyncio
import logging
import os
import secrets
from pathlib import Path
from typing import List, Optional

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sqlalchemy import select

from bot.channels.webchat import API_HEADERS, add_page_routes, carries_bearer_token, forget_in_memory
from bot.replay.sources import NoTrainingConsent, practice_session, replay_story, stored_conversation, stories_in
from bot.replay.stories import ROOT, user_turns
from bot.storage import shared_answer_store

logger = logging.getLogger(__name__)

PAGE_ROOT = Path(__file__).resolve().parent / "replay_web"
TRAINING_PACK = ROOT / "bot" / "content" / "training"
TOKEN_VARIABLE = "TRAINER_TOKEN"


def trainer_token() -> Optional[str]:
    return os.environ.get(TOKEN_VARIABLE) or None


def authorised(request: Request) -> Optional[response.HTTPResponse]:
    """None when the request carries the trainer token; else the refusal to send."""
    expected = trainer_token()
    if not expected:
        return response.json({"error": f"{TOKEN_VARIABLE} is not set on the server"}, status=503, headers=API_HEADERS)
    if not carries_bearer_token(request, expected):
        return response.json({"error": "trainer token missing or wrong"}, status=401, headers=API_HEADERS)
    return None


def training_pack() -> dict:
    stories = {}
    for path in sorted(TRAINING_PACK.glob("*.yml")):
        stories.update(stories_in(path))
    return stories


def consented_participants(engine) -> List[str]:
    from bot.storage.models import Participant

    with engine.connect() as connection:
        return list(
            connection.execute(
                select(Participant.id).where(Participant.training_consent.is_(True)).order_by(Participant.id)
            ).scalars()
        )


class ReplayInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "replay"

    def blueprint(self, on_new_message) -> Blueprint:
        replay = Blueprint("replay_page", __name__)

        add_page_routes(replay, PAGE_ROOT)

        @replay.route("/api/sources", methods=["GET"])
        async def sources(request: Request):
            refused = authorised(request)
            if refused:
                return refused
            store = shared_answer_store()
            loop = asyncio.get_running_loop()
            participants = await loop.run_in_executor(None, consented_participants, store.engine)
            from bot.storage.practice import PracticeStore

            practice = await loop.run_in_executor(None, PracticeStore(store.engine).sessions)
            return response.json(
                {
                    "stories": [{"source": f"story:{name}", "title": name} for name in training_pack()],
                    "participants": [{"source": f"participant:{p}", "title": p} for p in participants],
                    "practice": [
                        {
                            "source": f"practice:{s['id']}",
                            "title": f"{s['persona']} ({s['started_at'][:16]}, {s['turns']} beurten)",
                        }
                        for s in practice
                    ],
                },
                headers=API_HEADERS,
            )

        @replay.route("/api/replay", methods=["GET"])
        async def one_replay(request: Request):
            refused = authorised(request)
            if refused:
                return refused
            source = request.args.get("source") or ""
            kind, _, key = source.partition(":")
            engine = shared_answer_store().engine
            loop = asyncio.get_running_loop()
            try:
                if kind == "story" and key in training_pack():
                    found = await self._replay_story(request, training_pack()[key])
                elif kind == "participant" and key:
                    found = await loop.run_in_executor(None, stored_conversation, engine, key)
                elif kind == "practice" and key.isdigit():
                    found = await loop.run_in_executor(None, practice_session, engine, int(key))
                else:
                    return response.json({"error": "unknown source"}, status=404, headers=API_HEADERS)
            except NoTrainingConsent:
                return response.json({"error": "no consent to training use"}, status=403, headers=API_HEADERS)
            except LookupError:
                return response.json({"error": "unknown source"}, status=404, headers=API_HEADERS)
            logger.info("replay shown: %s", kind)
            return response.json(
                {"title": found.title, "turns": [t.to_dict() for t in found.turns], "feedback": found.feedback},
                headers=API_HEADERS,
            )

        return replay

    async def _replay_story(self, request: Request, story: dict):
        """Run a training-pack story through this server's assistant, then delete every trace of it."""
        agent = request.app.ctx.agent
        sender = f"replay:{secrets.token_hex(8)}"
        events = []

        async def run(sender_id: str, messages: List[str]):
            for text in messages:
                await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender_id, input_channel=self.name()))
            tracker = await agent.tracker_store.retrieve_full_tracker(sender_id)
            return [event.as_dict() for event in tracker.events] if tracker else []

        try:
            messages = [turn["message"] for turn in user_turns(story)]
            events = await run(sender, messages)
        finally:
            await asyncio.get_running_loop().run_in_executor(None, shared_answer_store().forget_participant, sender)
            forget_in_memory(request, sender)
        return replay_story(dict(story, story=story["story"]), lambda _sender, _messages: events)
