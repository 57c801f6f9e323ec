"""Rasa custom channel `webchat`, mounted at /webhooks/webchat/ on the Rasa server.

    GET  /webhooks/webchat/               the chat page (bot/channels/web/index.html)
    GET  /webhooks/webchat/static/<file>  its CSS and JavaScript (nothing is fetched from elsewhere)
    POST /webhooks/webchat/session        {} -> {"token"}: a new participant `web:<128-bit hex>`
    POST /webhooks/webchat/message        {"token", "message", "message_id"?} -> [bot messages]
    POST /webhooks/webchat/forget         {"token"} -> everything of the participant deleted
    GET  /webhooks/webchat/media/<token>  a board's picture or PDF (signed, expiring, revoked by forgetting)

The session token is `signed("web:<hex>")` (bot/signing.py): the participant id travels with the
browser (localStorage) and cannot be forged or guessed. Forgetting goes through the assistant like
"vergeet mij" in the chat (the page asked first), so it runs under the conversation's lock and
deletes the transcript and what memory holds too. Bad input gets a 4xx with a short Dutch `error`.
"""

import asyncio
import logging
import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any, Awaitable, Callable, Optional, Tuple

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.http import (
    API_HEADERS,
    Inbound,
    add_page_routes,
    answer_body,
    error,
    json_body,
    run_message,
)
from bot.channels.media_links import page_media_link
from bot.pseudonyms import pseudonym
from bot.signing import signed, verified_payload
from bot.understanding.message import FORGET_FLAG

logger = logging.getLogger(__name__)

WEB_ROOT = Path(__file__).resolve().parent / "web"
PARTICIPANT = re.compile(r"^web:[0-9a-f]{32}$")
MEDIA_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def new_session_token() -> Tuple[str, str]:
    """(participant id, token) for a new web chat participant."""
    participant = f"web:{secrets.token_hex(16)}"
    return participant, signed(participant)


def participant_of(token: Any) -> Optional[str]:
    """The participant a session token belongs to, or None when it is missing, malformed or forged."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    participant = verified_payload(token)
    return participant if participant and PARTICIPANT.match(participant) else None


def authenticated(request: Request) -> Tuple[Optional[dict], Optional[str], Optional[HTTPResponse]]:
    """(JSON body, participant of its token, None), or (None, None, the response that refuses it)."""
    body, refused = json_body(request)
    if refused or body is None:
        return None, None, refused or error("bad_json", 400)
    participant = participant_of(body.get("token"))
    if participant is None:
        return None, None, error("bad_token", 403)
    return body, participant, None


@lru_cache(maxsize=1)
def media_service() -> Any:
    from bot.config import database_url
    from bot.rendering.media import MediaService
    from bot.storage.database import Database

    return MediaService(Database.from_url(database_url()))


async def media_file(token: str) -> Optional[Any]:
    """The picture or PDF a media token grants (rendered once, then cached), or None."""
    return await asyncio.get_running_loop().run_in_executor(None, media_service().fetch, token)


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webchat = Blueprint("webchat", __name__)
        add_page_routes(webchat, WEB_ROOT)

        @webchat.route("/session", methods=["POST"])
        async def session(request: Request) -> HTTPResponse:
            participant, token = new_session_token()
            logger.info("web chat session started: %s", pseudonym(participant))
            return response.json({"token": token}, headers=API_HEADERS)

        @webchat.route("/message", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            body, participant, refused = authenticated(request)
            if refused or body is None or participant is None:
                return refused or error("bad_token", 403)
            return await answer_body(
                on_new_message,
                body,
                participant,
                self.name(),
                page_media_link,
                keep_custom=("layout", "board", "expects", "lang"),
            )

        @webchat.route("/forget", methods=["POST"])
        async def forget(request: Request) -> HTTPResponse:
            _, participant, refused = authenticated(request)
            if refused or participant is None:
                return refused or error("bad_token", 403)
            inbound = Inbound("vergeet mij", {FORGET_FLAG: True})
            replies = await run_message(on_new_message, inbound, participant, self.name())
            if replies is None:
                return error("unavailable", 503)
            logger.info("web chat data deleted: %s", pseudonym(participant))
            return response.json({"deleted": True}, headers=API_HEADERS)

        @webchat.route("/media/<token>", methods=["GET"])
        async def media(request: Request, token: str) -> HTTPResponse:
            found = await media_file(token)
            if found is None:
                return response.text("Niet gevonden of verlopen.", status=404, headers=MEDIA_HEADERS)
            headers = dict(MEDIA_HEADERS, **{"Content-Disposition": f'inline; filename="{found.filename}"'})
            return response.raw(found.body, content_type=found.content_type, headers=headers)

        return webchat
