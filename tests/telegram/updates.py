"""Telegram updates as the Bot API sends them (without update_id unless given), for the tests."""

import itertools
import time
from typing import Optional

_message_ids = itertools.count(5001)
_query_ids = itertools.count(1)


def person(user_id: int) -> dict:
    return {"id": user_id, "is_bot": False, "first_name": "Bewoner", "language_code": "nl"}


def chat(chat_id: int, kind: str = "private") -> dict:
    if kind == "private":
        return {"id": chat_id, "type": "private", "first_name": "Bewoner"}
    return {"id": chat_id, "type": kind, "title": "Buurtgroep"}


def _message(chat_id: int, kind: str = "private", **content) -> dict:
    sender = person(chat_id if kind == "private" else 4242)
    message = {"message_id": next(_message_ids), "date": int(time.time()), "chat": chat(chat_id, kind)}
    if kind != "channel":
        message["from"] = sender
    message.update(content)
    return message


def text_message(chat_id: int, text: str, kind: str = "private") -> dict:
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else None
    content = {"text": text}
    if entities:
        content["entities"] = entities
    return {"message": _message(chat_id, kind, **content)}


def callback_query(chat_id: int, data: Optional[str], query_id: Optional[str] = None) -> dict:
    query = {
        "id": query_id or f"cq-{chat_id}-{next(_query_ids)}",
        "from": person(chat_id),
        "chat_instance": f"ci-{chat_id}",
        "message": _message(chat_id, text="vorige vraag"),
    }
    if data is not None:
        query["data"] = data
    return {"callback_query": query}


def sticker(chat_id: int) -> dict:
    return {
        "message": _message(
            chat_id,
            sticker={
                "file_id": "s1",
                "file_unique_id": "su1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "👍",
            },
        )
    }


def voice(chat_id: int) -> dict:
    return {
        "message": _message(chat_id, voice={"file_id": "v1", "file_unique_id": "vu1", "duration": 3, "mime_type": "audio/ogg"})
    }


def photo(chat_id: int, caption: Optional[str] = None) -> dict:
    content = {"photo": [{"file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90}]}
    if caption:
        content["caption"] = caption
    return {"message": _message(chat_id, **content)}


def document(chat_id: int) -> dict:
    return {"message": _message(chat_id, document={"file_id": "d1", "file_unique_id": "du1", "file_name": "brief.pdf"})}


def location(chat_id: int) -> dict:
    return {"message": _message(chat_id, location={"latitude": 52.09, "longitude": 5.12})}


def contact(chat_id: int) -> dict:
    return {"message": _message(chat_id, contact={"phone_number": "+31600000000", "first_name": "Buur"})}


def own_contact(chat_id: int, number: str = "+31612345678") -> dict:
    """What "Deel mijn nummer" (a request_contact button) sends: the sender's own contact."""
    return {"message": _message(chat_id, contact={"phone_number": number, "first_name": "Bewoner", "user_id": chat_id})}


def edited_message(chat_id: int, text: str) -> dict:
    message = _message(chat_id, text=text)
    message["edit_date"] = message["date"] + 5
    return {"edited_message": message}


def group_message(chat_id: int, text: str, kind: str = "group") -> dict:
    return text_message(chat_id, text, kind)


def channel_post(chat_id: int, text: str) -> dict:
    return {"channel_post": _message(chat_id, "channel", text=text)}


def pinned_service_message(chat_id: int) -> dict:
    return {"message": _message(chat_id, pinned_message=_message(chat_id, text="oud"))}


def my_chat_member(chat_id: int) -> dict:
    member = {"user": {"id": 7000001, "is_bot": True, "first_name": "Wat telt"}, "status": "kicked", "until_date": 0}
    return {
        "my_chat_member": {
            "chat": chat(chat_id),
            "from": person(chat_id),
            "date": int(time.time()),
            "old_chat_member": dict(member, status="member"),
            "new_chat_member": member,
        }
    }


def unknown_update() -> dict:
    return {"some_future_update": {"id": 1, "whatever": [1, 2, 3]}}
