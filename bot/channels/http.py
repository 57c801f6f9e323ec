"""What every HTTP channel shares (REST, web chat, replay, Telegram's webhook): reading a request
safely, turning what someone typed into what the app receives, running one message through
Rasa, and shaping the assistant's replies.

- Bad input never gets a 5xx: a body that is too large, too deeply nested, no JSON object or no
  text gets a 4xx with a short Dutch `error` (bot/content/texts/channels.yml).
- What someone types never reaches Rasa as one of its own commands ("/restart", "/ restart",
  "/\\trestart"): a message starting with "/" becomes a typed command for the app (metadata
  `command`) and reaches Rasa's NLU as plain words. Only a well-formed button payload
  (`/choose{"choice": ...}`, bot.understanding.message) passes as it is.
- Logs name the participant by pseudonym, never what was said.
"""

import asyncio
import hmac
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable, Collection, Dict, List, Optional, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.content import load_texts
from bot.pseudonyms import pseudonym
from bot.understanding.commands import SLASH_COMMAND_WORDS
from bot.understanding.message import choice_of_payload

logger = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 5000  # characters; longer messages are refused with 413
MAX_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 8
MAX_MESSAGE_ID_LENGTH = 64
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
STATIC_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(css|js|svg)$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
SLASHES = ("/", "\uff0f", "\u2044", "\u2215")  # and the look-alikes of a slash
MESSAGE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
ERROR_KINDS = ("bad_json", "bad_token", "bad_sender", "no_message", "empty", "too_long", "unavailable")


def _errors() -> Dict[str, str]:
    texts = load_texts("channels")
    return {kind: texts.say(f"web_error_{kind}", limit=MAX_MESSAGE_LENGTH) for kind in ERROR_KINDS}


ERRORS = _errors()


def error(kind: str, status: int) -> HTTPResponse:
    return response.json({"error": ERRORS[kind]}, status=status, headers=API_HEADERS)


# --- reading a request --------------------------------------------------------------------------------


def _depth(value: Any, limit: int) -> int:
    """How deeply `value` nests (stops counting past `limit`)."""
    if limit <= 0 or not isinstance(value, (dict, list)):
        return 0
    children = value.values() if isinstance(value, dict) else value
    return 1 + max((_depth(child, limit - 1) for child in children), default=0)


def json_body(request: Request) -> Tuple[Optional[dict], Optional[HTTPResponse]]:
    """The request's JSON object, or the 4xx that refuses it (too large, too deep, no object)."""
    body = request.body or b""
    if len(body) > MAX_BODY_BYTES:
        return None, error("too_long", 413)
    if body.count(b"[") + body.count(b"{") > MAX_BODY_BYTES // 64 and body.lstrip()[:1] in (b"[", b"{"):
        return None, error("bad_json", 400)  # thousands of brackets: no message of ours looks like that
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None, error("bad_json", 400)
    if not isinstance(parsed, dict) or _depth(parsed, MAX_JSON_DEPTH + 1) > MAX_JSON_DEPTH:
        return None, error("bad_json", 400)
    return parsed, None


def carries_bearer_token(request: Request, expected: str) -> bool:
    """Whether `Authorization: Bearer ...` holds `expected` (compared in constant time)."""
    given = request.headers.get("authorization", "")
    given = given[7:] if given.lower().startswith("bearer ") else ""
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def message_id_of(value: Any) -> Optional[str]:
    """A client's id for a message (a resend with the same id is applied once), when well-formed."""
    return value if isinstance(value, str) and MESSAGE_ID.match(value) else None


# --- what someone typed ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inbound:
    """A message as it goes to Rasa: its text and what our channel adds (metadata the action trusts)."""

    text: str
    metadata: Dict[str, Any] = field(default_factory=dict)


def typed(text: str) -> Inbound:
    """A button payload as it is; "/vergeet" as the words it stands for ("vergeet mij", as in every
    channel); "/oefenen robert" as the words "oefenen robert" with the command for the app; any other
    text as typed."""
    stripped = text.strip()
    if choice_of_payload(stripped) is not None:
        return Inbound(stripped)
    if stripped.startswith(SLASHES):
        words = " ".join(stripped.lstrip("".join(SLASHES)).split())
        name, _, rest = words.partition(" ")
        if not rest and name.lower() in SLASH_COMMAND_WORDS:
            return Inbound(SLASH_COMMAND_WORDS[name.lower()])
        command = f"{name.lower()} {rest}".strip()
        return Inbound(words or "help", {"command": command} if command else {})
    return Inbound(stripped)


def story_message(text: str, intents: Collection[str]) -> Inbound:
    """A message of a replayed story: an intent step as its payload ("/greet", '/choose{"choice":"yes"}'),
    any other text as a resident would type it, so "/oefenen" starts practice as in every channel."""
    payload = text.startswith("/") and text[1:].split("{", 1)[0] in intents
    return Inbound(text) if payload else typed(text)


def readable_message(text: Any) -> Tuple[Optional[str], Optional[HTTPResponse]]:
    """The message without control characters, or the 4xx that refuses it (not text, empty, too long)."""
    if not isinstance(text, str):
        return None, error("no_message", 400)
    if len(text) > MAX_MESSAGE_LENGTH:
        return None, error("too_long", 413)
    text = CONTROL_CHARACTERS.sub("", text.encode("utf-8", "ignore").decode("utf-8"))  # lone surrogates are no text
    if not text.strip():
        return None, error("empty", 400)
    return text, None


# --- one message through the assistant ------------------------------------------------------------------


async def run_message(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    inbound: Inbound,
    participant: str,
    channel: str,
    message_id: Optional[str] = None,
    collector: Optional[CollectingOutputChannel] = None,
) -> Optional[List[Dict[str, Any]]]:
    """Rasa's collected replies, or None when the assistant could not answer (logged, no text)."""
    collector = collector or CollectingOutputChannel()
    metadata = dict(inbound.metadata, message_id=message_id) if message_id else dict(inbound.metadata)
    try:
        await on_new_message(
            UserMessage(inbound.text, collector, participant, input_channel=channel, metadata=metadata, message_id=message_id)
        )
    except (Exception, asyncio.CancelledError) as failure:
        logger.error("%s %s message failed (%s)", pseudonym(participant), channel, type(failure).__name__)
        return None
    if not collector.messages:  # no reply: the action server or the database is down
        logger.warning("%s %s got no reply from the assistant", pseudonym(participant), channel)
        return None
    return merged(collector.messages)


async def answer_body(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    body: dict,
    participant: str,
    channel: str,
    link: Callable[[str], str],
    keep_custom: Tuple[str, ...] = (),
) -> HTTPResponse:
    """The HTTP answer to a request body with a `message` (and an optional `message_id`): the
    assistant's replies, a 4xx for a message that cannot be read, or 503 when it could not answer."""
    text, refused = readable_message(body.get("message"))
    if refused or text is None:
        return refused or error("no_message", 400)
    replies = await run_message(on_new_message, typed(text), participant, channel, message_id_of(body.get("message_id")))
    if replies is None:
        return error("unavailable", 503)
    return response.json(with_links(replies, link, keep_custom), headers=API_HEADERS)


def merged(collected: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """One message per reply: Rasa's collector sends a reply's custom part (attachment, layout, live
    board) as a message of its own after the text; it is put back with the text it belongs to."""
    messages: List[Dict[str, Any]] = []
    for message in collected:
        part = {key: value for key, value in message.items() if key != "recipient_id" and value not in (None, "", [])}
        custom = part.get("custom")
        if set(part) == {"custom"} and isinstance(custom, dict) and messages and "custom" not in messages[-1]:
            messages[-1]["custom"] = custom
        elif part:
            messages.append(part)
    return messages


def attachment_of(message: Dict[str, Any]) -> Optional[Tuple[str, str]]:
    """(kind, token) of a reply's attachment (board_picture / board_pdf), if it has one."""
    custom = message.get("custom")
    attachment = custom.get("attachment") if isinstance(custom, dict) else None
    if isinstance(attachment, dict) and isinstance(attachment.get("kind"), str) and isinstance(attachment.get("token"), str):
        return attachment["kind"], attachment["token"]
    return None


def with_links(
    messages: List[Dict[str, Any]], link: Callable[[str], str], keep_custom: Tuple[str, ...] = ()
) -> List[Dict[str, Any]]:
    """Replies as a page or REST client reads them: an attachment becomes `image` (a picture) or
    `custom.document` (a PDF) with the channel's own link; other custom parts are kept only when named."""
    shaped = []
    for message in messages:
        out = {key: value for key, value in message.items() if key != "custom"}
        found = message.get("custom")
        custom: Dict[str, Any] = found if isinstance(found, dict) else {}
        kept = {key: custom[key] for key in keep_custom if key in custom}
        attachment = attachment_of(message)
        if attachment and attachment[0] == "board_picture":
            out["image"] = link(attachment[1])
        elif attachment:
            kept.update(document=link(attachment[1]), filename="wat-telt-overzicht.pdf")
        if kept:
            out["custom"] = kept
        shaped.append(out)
    return shaped


# --- pages ------------------------------------------------------------------------------------------------


def add_page_routes(blueprint: Blueprint, root: Path) -> None:
    """GET / (root/index.html) and GET /static/<file> (its CSS, JavaScript and icons), with PAGE_HEADERS."""

    @blueprint.route("/", methods=["GET"])
    async def page(request: Request) -> HTTPResponse:
        if not request.path.endswith("/"):  # the page's links are relative to its own folder
            return response.redirect(request.path + "/")
        return await response.file(root / "index.html", mime_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    @blueprint.route("/static/<name>", methods=["GET"])
    async def static(request: Request, name: str) -> HTTPResponse:
        path = root / name
        if not STATIC_NAME.match(name) or not path.is_file():
            return response.text("Niet gevonden.", status=404)
        return await response.file(path, mime_type=STATIC_TYPES[path.suffix], headers=PAGE_HEADERS)
