"""Pure mapping between Telegram and Rasa (no network, no Rasa, no web framework here).

Telegram -> Rasa: `read_update(update)` says what one raw Bot API update asks for.
Rasa -> Telegram: `split_text` (4096-character limit), `keyboard_rows` and `callback_data`
(inline keyboards whose callback_data never exceeds Telegram's 64 bytes), `media_token`.
"""

import re
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence

from bot.content import load_texts
from bot.understanding.commands import SLASH_COMMAND_WORDS
from bot.understanding.message import MAX_CHOICE_LENGTH, choice_of_payload, choice_payload

TEXT_LIMIT = 4096  # characters per message, counted by Telegram in UTF-16 code units
CALLBACK_DATA_LIMIT = 64  # bytes of UTF-8
CHOICE = re.compile(r"^[a-z_]{1,24}(?::[A-Za-z0-9_.+-]{1,40})?$")  # what our buttons carry as callback_data

# What residents read comes from bot/content/texts.yml (keys telegram_*).
NOT_TEXT = load_texts("channels").say("telegram_not_text")
PRIVATE_ONLY = load_texts("channels").say("telegram_private_only")
STALE_BUTTON = load_texts("channels").say("telegram_stale_button")
CHOOSE_BUTTON = load_texts("channels").say("telegram_choose_button")
UNAVAILABLE = load_texts("channels").say("telegram_unavailable")
SHARE_NUMBER = load_texts("channels").say("telegram_share_number")
LINK_TEXT = load_texts("channels").template("telegram_link")  # filled in with .format(url=...)

# Telegram commands and the words the assistant understands for them (the same in every channel).
COMMANDS = SLASH_COMMAND_WORDS

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
    """Telegram's own commands as words (/start -> "hoi", "/start@WatTeltBot" from a command menu
    too); any other text as typed, so "/oefenen robert" and "/professional CODE" reach the app as
    typed commands (bot/channels/http.py `typed`). A bare "/" asks for help."""
    stripped = text.strip()
    if stripped.startswith("/"):
        parts = stripped[1:].split(maxsplit=1)
        name = parts[0].split("@", 1)[0].lower() if parts else ""
        if not name:
            return COMMANDS["help"]
        if name == "start" or (name in COMMANDS and len(parts) == 1):  # "/start PAYLOAD" comes from a t.me link
            return COMMANDS[name]
        command = "/" + " ".join([name, *parts[1:]])
        return command[1:] if choice_of_payload(command) is not None else command  # typed, never a button press
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
    own_number = _own_phone_number(message)
    if own_number:  # "Deel mijn nummer" (request_contact) at the phone question: the number as typed text
        return Inbound("text", kind, chat_id, text=own_number)
    text = message.get("text")
    if isinstance(text, str):
        words = command_text(text)
        return Inbound("text", kind, chat_id, text=words) if words else Inbound("ignore", kind, chat_id)
    if any(key in message for key in NON_TEXT_CONTENT):
        return Inbound("notice", kind, chat_id, notice=NOT_TEXT)
    return Inbound("ignore", kind, chat_id)  # service messages (pinned, chat photo changed, ...)


def _own_phone_number(message: dict) -> Optional[str]:
    """The sender's own phone number from a shared contact; None for anyone else's contact card."""
    contact = _dict(message.get("contact"))
    number = contact.get("phone_number")
    sender = _dict(message.get("from")).get("id")
    if not isinstance(number, str) or sender is None or contact.get("user_id") != sender:
        return None
    number = "".join(character for character in number if character.isdigit() or character in "+ ")[:32].strip()
    return number or None


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


def callback_data(payload: str) -> Optional[str]:
    """A button's callback_data: its choice (at most 64 bytes), or None for a payload that is no choice."""
    choice = choice_of_payload(payload)
    if choice is None or len(choice.encode("utf-8")) > min(MAX_CHOICE_LENGTH, CALLBACK_DATA_LIMIT):
        return None
    return choice


def payload_of_callback(data: str) -> Optional[str]:
    """The button payload behind a callback's data, or None for data no button of ours carries."""
    return choice_payload(data) if CHOICE.match(data or "") else None


SHORT_TITLE = 3  # characters: "0" .. "10", "Ja"
SHORT_PER_ROW = 6
PAIR_TITLE = 12  # up to three titles this short share one row ("Ja" / "Nee", "Ja, graag" / "Nee")


def _short(title: str) -> bool:
    return telegram_length(title.strip()) <= SHORT_TITLE


GRID_PER_ROW = 2  # a compact grid (the domains): two to a row on a phone


def keyboard_rows(titles: Sequence[str], grid: bool = False) -> List[List[int]]:
    """Rows of button indexes: runs of very short titles share rows of up to six (balanced),
    two or three short titles share one row, anything longer gets a row of its own; in a grid
    (many choices, such as the domains) longer titles go two to a row."""
    if not titles:
        return []
    if grid and not all(_short(title) for title in titles):
        return [list(range(start, min(start + GRID_PER_ROW, len(titles)))) for start in range(0, len(titles), GRID_PER_ROW)]
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


def number_keyboard(buttons: Sequence[dict]) -> dict:
    """A reply keyboard for the phone question: "Deel mijn nummer" (the phone's own number, one tap)
    and the question's other buttons, whose titles come back as typed text (the app reads a typed
    title as its button). It hides after use; the next message without buttons removes it."""
    rows = [[{"text": SHARE_NUMBER, "request_contact": True}]]
    rows += [[{"text": str(button.get("title") or "?")}] for button in buttons]
    return {"keyboard": rows, "one_time_keyboard": True, "resize_keyboard": True}


def inline_keyboard(buttons: Sequence[dict], grid: bool = False) -> List[List[dict]]:
    """Telegram's inline_keyboard (rows of {text, callback_data}) for Rasa buttons [{title, payload}]."""
    usable = [(str(button.get("title") or "?"), callback_data(str(button.get("payload") or ""))) for button in buttons]
    usable = [(title, data) for title, data in usable if data is not None]
    rows = []
    for row in keyboard_rows([title for title, _ in usable], grid):
        rows.append([{"text": usable[index][0], "callback_data": usable[index][1]} for index in row])
    return rows
