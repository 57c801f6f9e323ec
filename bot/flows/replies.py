"""What the assistant says: replies with buttons and attachments, independent of any channel.

A button carries a `choice` ("yes", "score:3", "domain:geld"); every channel sends it back as the
payload `/choose{"choice": ...}` (bot.understanding.message.choice_payload). An attachment names
a board picture or PDF; each channel turns it into its own link or upload.
"""

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from bot.understanding.message import choice_payload

TYPED_PUNCTUATION = re.compile(r"[.,!?;:'\"]+")  # what may differ between a typed title and the button's
ATTACHMENT_KINDS = ("board_picture", "board_pdf")


@dataclass(frozen=True)
class Button:
    title: str
    choice: str

    @property
    def payload(self) -> str:
        return choice_payload(self.choice)


@dataclass(frozen=True)
class Attachment:
    kind: str  # board_picture | board_pdf
    board_id: Optional[int] = None  # a stored board (its round's perspectives are drawn too)
    snapshot: Optional[Dict[str, Any]] = None  # a board kept in memory only: what the picture needs

    def to_dict(self) -> Dict[str, Any]:
        return {"kind": self.kind, "board_id": self.board_id, "snapshot": self.snapshot}

    @classmethod
    def from_dict(cls, value: Dict[str, Any]) -> "Attachment":
        return cls(kind=value["kind"], board_id=value.get("board_id"), snapshot=value.get("snapshot"))


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Tuple[Button, ...] = ()
    attachment: Optional[Attachment] = None
    layout: str = "list"  # "grid": many short choices (the domains), shown compactly
    expects: str = "text"  # "tel": a phone number is asked (a page offers the phone's number pad)
    language: str = "nl"  # another language's code for the one line in it (a page marks it, reads it not aloud in Dutch)
    board: Optional[Dict[str, Any]] = field(default=None, compare=False)  # the live board, for pages that show it

    def to_dict(self) -> Dict[str, Any]:
        value: Dict[str, Any] = {"text": self.text, "buttons": [[b.title, b.choice] for b in self.buttons], "layout": self.layout}
        if self.attachment:
            value["attachment"] = self.attachment.to_dict()
        if self.board is not None:
            value["board"] = self.board
        if self.expects != "text":
            value["expects"] = self.expects
        if self.language != "nl":
            value["lang"] = self.language
        return value

    @classmethod
    def from_dict(cls, value: Dict[str, Any]) -> "Reply":
        attachment = value.get("attachment")
        return cls(
            text=value["text"],
            buttons=tuple(Button(title, choice) for title, choice in value.get("buttons") or ()),
            attachment=Attachment.from_dict(attachment) if attachment else None,
            layout=value.get("layout", "list"),
            expects=value.get("expects", "text"),
            language=value.get("lang", "nl"),
            board=value.get("board"),
        )


def choices_of(replies: List[Reply]) -> List[str]:
    return [button.choice for reply in replies for button in reply.buttons]


def typed_choice(replies: List[Reply], text: str) -> Optional[str]:
    """The choice of the one button whose title `text` types out ("Volgende onderwerp"), else None.

    A resident who types a button's words means the button: otherwise they would be kept as an
    answer ("Volgende onderwerp" as what goes well). A leading emoji of the title, case, commas and
    end punctuation may differ; nothing else ("-1" is not the button "1").
    """
    typed = _plain(text or "")
    if not typed:
        return None
    choices = {button.choice for reply in replies for button in reply.buttons if typed in _title_forms(button.title)}
    return choices.pop() if len(choices) == 1 else None


def _plain(text: str) -> str:
    return " ".join(TYPED_PUNCTUATION.sub(" ", text.lower()).split())


def _title_forms(title: str) -> Tuple[str, ...]:
    whole = _plain(title)
    words = whole.split(" ")
    without_symbol = " ".join(words[1:]) if len(words) > 1 and not any(c.isalnum() for c in words[0]) else whole
    return (whole, without_symbol)
