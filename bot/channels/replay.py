"""Rasa custom channel `replay`: the trainer's read-only replay page, at /webhooks/replay/.

    GET /webhooks/replay/                   the page (bot/channels/replay_web/), for a projector
    GET /webhooks/replay/static/<file>      its CSS and JavaScript
    GET /webhooks/replay/api/sources        what can be replayed            (trainer token)
    GET /webhooks/replay/api/replay?source= one replay as turns, as JSON    (trainer token)
    GET /webhooks/replay/api/practice/overview  practice progress per learning goal of every worker
                                            (pseudonymised) and the kept team reflections (trainer token)

Every API call needs `Authorization: Bearer $TRAINER_TOKEN`; without TRAINER_TOKEN set the
API answers 503, with a missing or wrong token 401. Sources: the training pack
(bot/content/training, run through this server's own assistant under a throwaway sender that
is deleted afterwards), stored conversations of participants who agreed to training use
(`participant:deelnemer-7F3K9QXA`: by keyed pseudonym only, a participant id is never shown or
accepted), and stored practice sessions (`practice:ID`). Everything a replay shows is anonymised
(bot/replay/privacy.py). Nothing here changes data.
"""

import asyncio
import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import List, Optional

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sqlalchemy.engine import Engine

from bot.channels.http import API_HEADERS, add_page_routes, carries_bearer_token, story_message
from bot.replay.sources import (
    NoTrainingConsent,
    consenting_pseudonyms,
    practice_overview,
    practice_session,
    practice_sessions,
    replay_story,
    resolve_participant,
    stored_conversation,
    stories_in,
)
from bot.replay.stories import ROOT, user_turns
from bot.understanding.message import FORGET_FLAG

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


@lru_cache(maxsize=1)
def database_engine() -> Engine:
    """The engine on DATABASE_URL that the replay page reads (one pool per process)."""
    from bot.config import database_url
    from bot.storage.database import create_database_engine

    return create_database_engine(database_url())


def stored_participant(key: str):
    """The anonymised replay of the consenting participant with this pseudonym (runs in an executor)."""
    engine = database_engine()
    return stored_conversation(engine, resolve_participant(engine, key, pseudonym_only=True))


async def forget_throwaway(agent, sender: str, channel: str) -> None:
    """Delete every trace of a training-pack run the way a resident's data is deleted: through the
    assistant (the app's records, also those kept in the action server's memory, and the transcript)."""
    forget = UserMessage("vergeet mij", CollectingOutputChannel(), sender, input_channel=channel, metadata={FORGET_FLAG: True})
    await agent.handle_message(forget)


def events_of_turn(window: List[dict], first: bool) -> List[dict]:
    """The events one message added, from the recent events the tracker store gives back (it keeps
    only the last few of a conversation that is not stored): from the message's user event on."""
    if first:
        return list(window)
    users = [index for index, event in enumerate(window) if event.get("event") == "user"]
    return list(window[users[-1] :]) if users else list(window)


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
            loop = asyncio.get_running_loop()
            participants = await loop.run_in_executor(None, consenting_pseudonyms, database_engine())
            practice = await loop.run_in_executor(None, practice_sessions, database_engine())
            return response.json(
                {
                    "stories": [{"source": f"story:{name}", "title": name} for name in training_pack()],
                    "participants": [{"source": f"participant:{p}", "title": p} for p in participants],
                    "practice": [{"source": f"practice:{s['id']}", "title": s["title"]} for s in practice],
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
            loop = asyncio.get_running_loop()
            try:
                if kind == "story" and key in training_pack():
                    found = await self._replay_story(request, training_pack()[key])
                elif kind == "participant" and key:
                    found = await loop.run_in_executor(None, stored_participant, key)
                elif kind == "practice" and key.isdigit():
                    found = await loop.run_in_executor(None, practice_session, database_engine(), int(key))
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

        @replay.route("/api/practice/overview", methods=["GET"])
        async def practice_group(request: Request):
            refused = authorised(request)
            if refused:
                return refused
            overview = await asyncio.get_running_loop().run_in_executor(None, practice_overview, database_engine())
            logger.info("practice overview shown")
            return response.json(overview, headers=API_HEADERS)

        return replay

    async def _replay_story(self, request: Request, story: dict):
        """Run a training-pack story through this server's assistant, then delete every trace of it."""
        agent = request.app.ctx.agent
        sender = f"replay:{secrets.token_hex(8)}"
        events = []

        async def run(sender_id: str, messages: List[str]) -> List[dict]:
            collected: List[dict] = []
            intents = frozenset(agent.domain.intents) if agent.domain else frozenset()
            for position, text in enumerate(messages):
                inbound = story_message(text, intents)
                await agent.handle_message(
                    UserMessage(
                        inbound.text, CollectingOutputChannel(), sender_id, input_channel=self.name(), metadata=inbound.metadata
                    )
                )
                tracker = await agent.tracker_store.retrieve_full_tracker(sender_id)
                window = [event.as_dict() for event in tracker.events] if tracker else []
                collected += events_of_turn(window, first=position == 0)
            return collected

        try:
            messages = [turn["message"] for turn in user_turns(story)]
            events = await run(sender, messages)
        finally:
            await forget_throwaway(agent, sender, self.name())
        return await asyncio.get_running_loop().run_in_executor(
            None, replay_story, dict(story, story=story["story"]), lambda _sender, _messages: events
        )
