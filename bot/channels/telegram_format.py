"""Pure mapping between Telegram and Rasa (no network, no Rasa, no web framework here).

Telegram -> Rasa: `read_update(update)` says what one raw Bot API update asks for.
Rasa -> Telegram: `split_text` (4096-character limit), `keyboard_rows` and `callback_data`
(inline keyboards whose callback_data never exceeds Telegram's 64 bytes), `media_token`.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import unquote, urlsplit

from bot.content import load_texts
from bot.dialogue.summary import MEDIA_ROUTE as MEDIA_PATH

TEXT_LIMIT = 4096  # characters per message, counted by Telegram in UTF-16 code units
CALLBACK_DATA_LIMIT = 64  # bytes of UTF-8
HASHED_PREFIX = "#"  # callback_data starting with this is a key for a longer payload
MEDIA_ROUTE = MEDIA_PATH + "/"

# What residents read comes from bot/content/texts.yml (keys telegram_*).
NOT_TEXT = load_texts().say("telegram_not_text")
PRIVATE_ONLY = load_texts().say("telegram_private_only")
STALE_BUTTON = load_texts().say("telegram_stale_button")
CHOOSE_BUTTON = load_texts().say("telegram_choose_button")
UNAVAILABLE = load_texts().say("telegram_unavailable")
LINK_TEXT = load_texts().template("telegram_link")  # filled in with .format(url=...)

# Telegram commands and the words the assistant understands for them.
COMMANDS = {
    "start": "hoi",
    "help": "wat bedoel je?",
    "stop": "stop",
    "vergeet": "vergeet mij",
    "oefenen": "/oefenen",  # practice mode (bot/practice); "/oefenen robert" keeps the name
    "feedback": "/feedback",  # ends a practice conversation with feedback
}
COMMANDS_WITH_WORDS = {"oefenen"}

# Message contents a resident can send that are not text.
NON_TEXT_CONTENT = (
    "sticker",
    "voice",
    "photo",
    "document",
    "location",
    "contact",
    "video",
    "video_note",
    "audio",
    "animation",
    "venue",
    "poll",
    "dice",
    "game",
    "story",
    "paid_media",
    "invoice",
)
EDITED = ("edited_message", "edited_channel_post", "edited_business_message")
KNOWN_UPDATES = (
    ("message", "callback_query", "channel_post")
    + EDITED
    + (
        "business_message",
        "inline_query",
        "chosen_inline_result",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "message_reaction",
        "message_reaction_count",
        "chat_boost",
        "removed_chat_boost",
        "business_connection",
        "deleted_business_messages",
        "purchased_paid_media",
    )
)


@dataclass(frozen=True)
class Inbound:
    """What one update asks for.

    kind: "text" (send `text` to Rasa), "callback" (answer `callback_query_id`, then send the
    payload behind the callback_data `text` to Rasa, or `notice` instead when set), "notice"
    (say `notice`, nothing goes to Rasa), "ignore" (say nothing).
    """

    kind: str
    update_type: str = "unknown"
    chat_id: Optional[int] = None
    text: Optional[str] = None
    notice: Optional[str] = None
    callback_query_id: Optional[str] = None

    @property
    def participant(self) -> Optional[str]:
        return participant_id(self.chat_id) if self.chat_id is not None else None


def participant_id(chat_id: int) -> str:
    return f"telegram:{chat_id}"


def update_type(update: dict) -> str:
    return next((key for key in KNOWN_UPDATES if key in update), "unknown")


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _chat_id(chat: dict) -> Optional[int]:
    chat_id = chat.get("id")
    return chat_id if isinstance(chat_id, int) and not isinstance(chat_id, bool) else None


def command_text(text: str) -> str:
    """The words for Rasa: Telegram commands mapped (/start -> "hoi"), anything else as typed.

    Typed text never reaches Rasa as a button payload ("/intent{...}"): buttons come as
    callback queries. So an unknown "/..." loses its slashes and is read as words; a bare "/"
    asks for help."""
    stripped = text.strip()
    if stripped.startswith("/"):
        parts = stripped[1:].split(maxsplit=1)
        name = parts[0].split("@", 1)[0].lower() if parts else ""  # "/start@WatTeltBot" from a command menu
        if name in COMMANDS_WITH_WORDS and len(parts) > 1:
            return f"{COMMANDS[name]} {parts[1].strip()}"
        if name in COMMANDS:
            return COMMANDS[name]
        return stripped.lstrip("/").strip() or COMMANDS["help"]
    return stripped


def read_update(update: dict) -> Inbound:
    """Never raises for a JSON object; odd updates become "ignore" or a one-line notice."""
    kind = update_type(update)
    try:
        if kind in ("message", "channel_post"):
            return _read_message(_dict(update.get(kind)), kind)
        if kind == "callback_query":
            return _read_callback(_dict(update.get(kind)))
    except (AttributeError, TypeError, ValueError, IndexError):
        return Inbound("ignore", kind)
    return Inbound("ignore", kind)  # edited messages (on purpose) and every other update type


def _read_message(message: dict, kind: str) -> Inbound:
    chat = _dict(message.get("chat"))
    chat_id = _chat_id(chat)
    if chat_id is None:
        return Inbound("ignore", kind)
    if chat.get("type") != "private":
        return Inbound("notice", kind, chat_id, notice=PRIVATE_ONLY)
    if _dict(message.get("from")).get("is_bot") is True:
        return Inbound("ignore", kind, chat_id)
    text = message.get("text")
    if isinstance(text, str):
        words = command_text(text)
        return Inbound("text", kind, chat_id, text=words) if words else Inbound("ignore", kind, chat_id)
    if any(key in message for key in NON_TEXT_CONTENT):
        return Inbound("notice", kind, chat_id, notice=NOT_TEXT)
    return Inbound("ignore", kind, chat_id)  # service messages (pinned, chat photo changed, ...)


def _read_callback(query: dict) -> Inbound:
    query_id = query.get("id")
    if not isinstance(query_id, str) or not query_id:
        return Inbound("ignore", "callback_query")
    chat = _dict(_dict(query.get("message")).get("chat"))
    chat_id = _chat_id(chat)
    private = chat.get("type", "private") == "private"
    if chat_id is None:  # inline message: the private chat with a user has the user's id
        chat_id, private = _chat_id(_dict(query.get("from"))), True
    data = query.get("data")
    data = data if isinstance(data, str) and data else None
    notice = None if private else PRIVATE_ONLY
    return Inbound("callback", "callback_query", chat_id, text=data, notice=notice, callback_query_id=query_id)


# ---- Rasa -> Telegram -------------------------------------------------------------------


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _longest_prefix(text: str, limit: int) -> int:
    """The largest n such that text[:n] fits `limit` UTF-16 code units."""
    if telegram_length(text) <= limit:
        return len(text)
    low, high = 0, min(len(text), limit)
    while low < high:
        middle = (low + high + 1) // 2
        if telegram_length(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def split_text(text: str, limit: int = TEXT_LIMIT) -> List[str]:
    """Chunks of at most `limit`, cut at a blank line, line break or space when there is one."""
    rest = (text or "").strip()
    chunks = []
    while rest and telegram_length(rest) > limit:
        fits = _longest_prefix(rest, limit)
        window = rest[: fits + 1]  # a break right after the last fitting character is fine too
        cut = -1
        for separator in ("\n\n", "\n"):
            position = window.rfind(separator)
            if position >= fits // 2:
                cut = position
                break
        if cut <= 0:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = fits  # one very long word: cut it
        chunk = rest[:cut].rstrip()
        if chunk:
            chunks.append(chunk)
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def _key(payload: str, secret: bytes) -> str:
    digest = hmac.new(secret, payload.encode("utf-8"), hashlib.sha256).digest()
    return HASHED_PREFIX + base64.urlsafe_b64encode(digest).decode("ascii")[:22]


def callback_data(payload: str, secret: bytes) -> str:
    """The payload itself when it fits 64 bytes, else a short signed key for it (23 bytes)."""
    size = len(payload.encode("utf-8"))
    if 0 < size <= CALLBACK_DATA_LIMIT and not payload.startswith(HASHED_PREFIX):
        return payload
    return _key(payload, secret)


def is_key(data: str) -> bool:
    return data.startswith(HASHED_PREFIX)


def payload_for_key(data: str, candidates: Iterable[str], secret: bytes) -> Optional[str]:
    """The candidate payload a key was made from, if any."""
    return next((payload for payload in candidates if hmac.compare_digest(_key(payload, secret), data)), None)


SHORT_TITLE = 3  # characters: "0" .. "10", "Ja"
SHORT_PER_ROW = 6
PAIR_TITLE = 12  # up to three titles this short share one row ("Ja" / "Nee", "Ja, graag" / "Nee")


def _short(title: str) -> bool:
    return telegram_length(title.strip()) <= SHORT_TITLE


def keyboard_rows(titles: Sequence[str]) -> List[List[int]]:
    """Rows of button indexes: runs of very short titles share rows of up to six (balanced),
    two or three short titles share one row, anything longer gets a row of its own."""
    if not titles:
        return []
    if len(titles) <= 3 and all(telegram_length(t.strip()) <= PAIR_TITLE for t in titles):
        return [list(range(len(titles)))]
    rows: List[List[int]] = []
    run: List[int] = []

    def flush() -> None:
        if run:
            count = -(-len(run) // SHORT_PER_ROW)
            width = -(-len(run) // count)
            rows.extend(run[start : start + width] for start in range(0, len(run), width))
            run.clear()

    for index, title in enumerate(titles):
        if _short(title):
            run.append(index)
        else:
            flush()
            rows.append([index])
    flush()
    return rows


def inline_keyboard(buttons: Sequence[dict], secret: bytes) -> Tuple[List[List[dict]], List[Tuple[str, str]]]:
    """Telegram's inline_keyboard (rows of {text, callback_data}) for Rasa buttons [{title, payload}],
    and the (key, payload) pairs of payloads that were too long and need remembering."""
    titles = [str(button.get("title") or button.get("payload") or "?") for button in buttons]
    payloads = [str(button.get("payload") or button.get("title") or "") for button in buttons]
    remembered = []
    rows = []
    for row in keyboard_rows(titles):
        cells = []
        for index in row:
            data = callback_data(payloads[index], secret)
            if is_key(data):
                remembered.append((data, payloads[index]))
            cells.append({"text": titles[index], "callback_data": data})
        rows.append(cells)
    return rows, remembered


def media_token(url: str) -> Optional[str]:
    """The signed token at the end of a web chat media URL, or None for any other URL."""
    try:
        path = urlsplit(url or "").path
    except ValueError:
        return None
    head, marker, token = path.rpartition(MEDIA_ROUTE)
    if not marker or not token or "/" in token:
        return None
    return unquote(token)
