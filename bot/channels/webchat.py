"""Rasa custom channel `webchat`, mounted at /webhooks/webchat/ on the Rasa server.

Serves the web chat page and its API, and the signed board pictures and PDFs (media/<token>):

    GET  /webhooks/webchat/               the chat page (bot/channels/web/index.html)
    GET  /webhooks/webchat/static/<file>  its CSS and JavaScript (nothing is fetched from elsewhere)
    POST /webhooks/webchat/session        {} -> {"token"}: a new participant `web:<128-bit hex>`
    POST /webhooks/webchat/message        {"token", "message"} -> [bot messages]
    POST /webhooks/webchat/forget         {"token"} -> deletes the participant's answers and conversation
    GET  /webhooks/webchat/media/<token>  a board's picture or PDF (signed, expiring grant)

The session token is `signed("web:<hex>")` (bot/signing.py): the participant id travels with
the browser (localStorage) and cannot be forged or guessed. Bad input gets a 4xx with a short
Dutch `error`, never a 5xx. Logs name the participant, never what was said.
"""

import asyncio
import hmac
import json
import logging
import re
import secrets
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.media import render_media
from bot.content import load_texts
from bot.signing import signed, verified_payload
from bot.storage import shared_answer_store

logger = logging.getLogger(__name__)

WEB_ROOT = Path(__file__).resolve().parent / "web"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
STATIC_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(css|js|svg)$")
PARTICIPANT = re.compile(r"^web:[0-9a-f]{32}$")
MAX_MESSAGE_LENGTH = 5000  # characters; longer messages are refused with 413 (the page does not allow them)
MAX_BODY_BYTES = 64 * 1024  # a 5000-character message in JSON, with room for escapes
BOT_MESSAGE_KEYS = ("text", "buttons", "image", "attachment", "custom")

# Only this page's own files; the media route stays usable from other pages (a plain link).
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

# What residents read comes from bot/content/texts.yml (keys web_error_*).
ERROR_KINDS = ("bad_json", "bad_token", "bad_sender", "no_message", "empty", "too_long", "unavailable")
ERRORS = {kind: load_texts().say(f"web_error_{kind}", limit=MAX_MESSAGE_LENGTH) for kind in ERROR_KINDS}


def add_page_routes(blueprint: Blueprint, root: Path) -> None:
    """GET / (root/index.html) and GET /static/<file> (its CSS, JavaScript and icons), with PAGE_HEADERS."""

    @blueprint.route("/", methods=["GET"])
    async def page(request: Request):
        if not request.path.endswith("/"):  # the page's links are relative to its own folder
            return response.redirect(request.path + "/")
        return await response.file(root / "index.html", mime_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    @blueprint.route("/static/<name>", methods=["GET"])
    async def static(request: Request, name: str):
        path = root / name
        if not STATIC_NAME.match(name) or not path.is_file():
            return response.text("Niet gevonden.", status=404)
        return await response.file(path, mime_type=STATIC_TYPES[path.suffix], headers=PAGE_HEADERS)


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


def bot_messages(collected: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """What Rasa said, without the recipient id and empty parts."""
    return [{key: message[key] for key in BOT_MESSAGE_KEYS if message.get(key) not in (None, "", [])} for message in collected]


def error(kind: str, status: int) -> HTTPResponse:
    return response.json({"error": ERRORS[kind]}, status=status, headers=API_HEADERS)


def json_body(request: Request) -> Tuple[Optional[dict], Optional[HTTPResponse]]:
    """The request's JSON object, or the response that refuses it."""
    if len(request.body or b"") > MAX_BODY_BYTES:
        return None, error("too_long", 413)
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return None, error("bad_json", 400)
    if not isinstance(body, dict):
        return None, error("bad_json", 400)
    return body, None


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Rasa's own commands ("/restart" wipes the conversation state): typed, they are read as words.
RASA_COMMANDS = re.compile(r"^\s*/(restart|back|session_start|nlu_fallback|out_of_scope)\b", re.IGNORECASE)


def readable_message(text: Any) -> Tuple[Optional[str], Optional[HTTPResponse]]:
    """The message without control characters, or the 4xx that refuses it (not text, empty, too long)."""
    if not isinstance(text, str):
        return None, error("no_message", 400)
    if len(text) > MAX_MESSAGE_LENGTH:
        return None, error("too_long", 413)
    text = text.encode("utf-8", "ignore").decode("utf-8")  # lone surrogates ("\ud800") are no text
    text = RASA_COMMANDS.sub(lambda match: match.group(1), CONTROL_CHARACTERS.sub("", text))
    if not text.strip():
        return None, error("empty", 400)
    return text, None


async def answer(on_new_message, text: Any, participant: str, channel: str) -> HTTPResponse:
    """One message through the assistant: its replies, a 4xx for unreadable input, or a 503 when
    the assistant gave no answer (the action server or the database is down)."""
    text, refused = readable_message(text)
    if refused:
        return refused
    collector = CollectingOutputChannel()
    try:
        await on_new_message(UserMessage(text, collector, participant, input_channel=channel))
    except (Exception, asyncio.CancelledError) as failure:  # the text is not logged
        logger.error("participant=%s %s message failed (%s)", participant, channel, type(failure).__name__)
        return error("unavailable", 503)
    replies = bot_messages(collector.messages)
    if not replies:  # Rasa answered nothing: the action server is down or failed
        logger.warning("participant=%s %s got no reply from the assistant", participant, channel)
        return error("unavailable", 503)
    return response.json(replies, headers=API_HEADERS)


def carries_bearer_token(request: Request, expected: str) -> bool:
    """Whether the request's `Authorization: Bearer ...` header holds `expected` (compared in constant time)."""
    given = request.headers.get("authorization", "")
    given = given[7:] if given.lower().startswith("bearer ") else ""
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def authenticated(request: Request) -> Tuple[Optional[dict], Optional[str], Optional[HTTPResponse]]:
    """(JSON body, participant of its token, None), or (None, None, the response that refuses it)."""
    body, refused = json_body(request)
    if refused:
        return None, None, refused
    participant = participant_of(body.get("token"))
    if participant is None:
        return None, None, error("bad_token", 403)
    return body, participant, None


def forget_in_memory(request: Request, participant: str) -> None:
    """Drop a conversation that only lived in the Rasa server's memory (before consent)."""
    store = getattr(getattr(request.app.ctx, "agent", None), "tracker_store", None)
    for _ in range(3):  # the project's store may be wrapped by Rasa
        ephemeral = getattr(store, "ephemeral", None)
        if ephemeral is not None and hasattr(ephemeral, "forget"):
            ephemeral.forget(participant)
            return
        store = getattr(store, "_tracker_store", None)


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webchat = Blueprint("webchat", __name__)

        add_page_routes(webchat, WEB_ROOT)

        @webchat.route("/session", methods=["POST"])
        async def session(request: Request):
            participant, token = new_session_token()
            logger.info("participant=%s web chat session started", participant)
            return response.json({"token": token}, headers=API_HEADERS)

        @webchat.route("/message", methods=["POST"])
        async def message(request: Request):
            body, participant, refused = authenticated(request)
            if refused:
                return refused
            return await answer(on_new_message, body.get("message"), participant, self.name())

        @webchat.route("/forget", methods=["POST"])
        async def forget(request: Request):
            _, participant, refused = authenticated(request)
            if refused:
                return refused
            loop = asyncio.get_running_loop()
            try:
                await loop.run_in_executor(None, shared_answer_store().forget_participant, participant)
            except Exception as failure:
                logger.error("participant=%s web chat forget failed (%s)", participant, type(failure).__name__)
                return error("unavailable", 503)
            forget_in_memory(request, participant)
            logger.info("participant=%s web chat data deleted", participant)
            return response.json({"deleted": True}, headers=API_HEADERS)

        @webchat.route("/media/<token>", methods=["GET"])
        async def media(request: Request, token: str):
            loop = asyncio.get_running_loop()
            rendered = await loop.run_in_executor(None, render_media, token)
            if rendered is None:
                return response.text("Niet gevonden of verlopen.", status=404)
            headers = {
                "Cache-Control": "private, no-store",
                "Content-Disposition": f'inline; filename="{rendered.filename}"',
                "X-Content-Type-Options": "nosniff",
            }
            return response.raw(rendered.body, content_type=rendered.content_type, headers=headers)

        return webchat
