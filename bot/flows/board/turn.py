"""One turn of a board conversation: the context, the conversation record, its board and instrument."""

from typing import Any, Iterable, List, Optional, Sequence

from bot.content import Contacts, Instrument, Texts, load_instrument
from bot.content.instruments import FollowUp, ScalePoint
from bot.flows import cursor
from bot.flows.context import FlowContext
from bot.flows.replies import Button, Reply
from bot.storage.records import Board, ConversationRecord
from bot.understanding.intents import is_acknowledgement
from bot.understanding.message import UserMessage

MAX_TEXT_LENGTH = 5000  # characters of the resident's own words kept per answer
MAX_FAILURES = 3  # on the third failed attempt a question is left open and the board moves on
MAX_GOALS = 3
RESIDENT = "inwoner"


class BoardTurn:
    def __init__(self, ctx: FlowContext, record: ConversationRecord, texts: Texts, contacts: Contacts):
        self.ctx = ctx
        self.record = record
        self.texts = texts
        self.contacts = contacts
        self.board: Optional[Board] = ctx.store.board(record.board_id)
        self.instrument: Instrument = load_instrument(self.board.instrument if self.board else record.data.get("instrument"))
        self.quiet = False  # True: this turn ends without asking the open question again

    # --- who and what ----------------------------------------------------------------------------------
    @property
    def message(self) -> UserMessage:
        return self.ctx.message

    @property
    def is_resident(self) -> bool:
        return self.record.role == RESIDENT

    @property
    def stored(self) -> bool:
        """Whether this conversation's answers are kept (else in memory only)."""
        return self.record.stored

    @property
    def perspective(self) -> str:
        return self.board.perspective if self.board else RESIDENT

    @property
    def domain_key(self) -> str:
        """The domain of the open question (a domain step always has one)."""
        key = self.record.domain
        if key is None:
            raise LookupError("this step needs a domain")
        return key

    def require_board(self) -> Board:
        if self.board is None:
            raise LookupError("this step needs a board")
        return self.board

    # --- saying --------------------------------------------------------------------------------------
    def text(self, key: str, **values: Any) -> str:
        return self.texts.say(key, **values)

    def say(self, key: str, **values: Any) -> None:
        self.ctx.say(Reply(self.text(key, **values)))

    def say_text(self, text: str, buttons: Sequence[Button] = ()) -> None:
        self.ctx.say(Reply(text, tuple(buttons)))

    def button(self, key: str, choice: str) -> Button:
        return Button(self.text(key), choice)

    def yes_no(self, yes_key: str = "button_yes", no_key: str = "button_no") -> tuple:
        return (self.button(yes_key, "yes"), self.button(no_key, "no"))

    def happened(self, *events: str) -> None:
        self.ctx.happened(*events)

    # --- the instrument ----------------------------------------------------------------------------
    def topic(self, key: Optional[str]) -> str:
        return self.instrument.topic(key, self.perspective) if key else ""

    def label(self, key: Optional[str]) -> str:
        return self.instrument.domain(key).label if key else ""

    def point(self, value: int) -> ScalePoint:
        return self.instrument.scale.point(value)

    def not_applicable_title(self) -> str:
        """The button for a domain that does not apply, as this perspective sees it."""
        return self.instrument.perspective(self.perspective).not_applicable or self.text("button_not_applicable")

    def who(self) -> str:
        """Whom this board is about, mid-sentence, for a professional or naaste ("de bewoner", "je naaste")."""
        return self.instrument.perspective(self.perspective).who or self.text("the_resident")

    def example(self, key: str) -> str:
        """What a domain is about ("Denk aan ..."), worded for this perspective."""
        return self.instrument.example(key, self.perspective).format(not_applicable=self.not_applicable_title())

    def scale_buttons(self, with_other_answers: bool = True) -> List[Button]:
        buttons = [
            Button(f"{point.emoji} {point.label}".strip(), f"score:{point.value}") for point in self.instrument.scale.points
        ]
        if with_other_answers:
            buttons += [Button(self.not_applicable_title(), "not_applicable"), self.button("button_skip", "skip")]
        return buttons

    def domain_buttons(self, keys: Optional[Iterable[str]] = None) -> List[Button]:
        keys = list(keys) if keys is not None else list(self.instrument.keys)
        return [Button(self.label(key), f"domain:{key}") for key in keys]

    @property
    def follow_ups(self) -> tuple:
        return self.instrument.follow_ups

    def follow_up(self) -> Optional[FollowUp]:
        index = self.record.count("follow_up")
        return self.follow_ups[index] if index < len(self.follow_ups) else None

    # --- the resident's own words ----------------------------------------------------------------------
    def own_words(self) -> Optional[str]:
        """The message verbatim (at most MAX_TEXT_LENGTH characters), or None for a button, nothing
        or a nod ("ok", "👍"), which says no words to keep."""
        if self.message.is_button:
            return None
        text = (self.message.text or "").strip()
        if not text or is_acknowledgement(text):
            return None
        if len(text) > MAX_TEXT_LENGTH:
            self.say("text_too_long", limit=MAX_TEXT_LENGTH)
        return text[:MAX_TEXT_LENGTH]

    # --- moving --------------------------------------------------------------------------------------------
    def go(self, step: str, position: Optional[int] = None, remember: bool = True) -> None:
        cursor.ask(self.record, step, position, remember)

    def failed(self) -> int:
        return cursor.failed(self.record)
