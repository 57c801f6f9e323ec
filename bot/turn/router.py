"""Which flow answers a message, and what holds for every flow: the safety net first, then
"vergeet mij", then the typed commands that start a conversation (/oefenen, /professional CODE,
/naaste CODE), then the participant's active conversation (a new resident's board when none).

The safety net alarms at once when it is sure. When only its learned layer finds danger likely
(bot/understanding/safety.py, `danger_reading`), it asks first and holds the message: "yes" gives the
numbers, "no" lets the held message through as if nothing happened, so no answer is lost."""

from typing import Any, Dict, List, Optional, Protocol

from bot.content import Texts, load_texts
from bot.flows import cursor
from bot.flows.board import BoardFlow
from bot.flows.context import FlowContext
from bot.flows.replies import Button, Reply
from bot.storage.records import ConversationRecord
from bot.understanding.commands import read_command
from bot.understanding.message import FORGET_FLAG, UserMessage
from bot.understanding.reading import read_opening_yes_no, read_yes_no
from bot.understanding.safety import (
    asked_kind,
    continue_texts,
    danger_reading,
    danger_signal,
    question_texts,
    safety_messages,
)

SAFETY_STEP = "safety_check"
QUESTION_STEP = "danger_question"  # "is this danger?" asked, the message held in record.pending
FORGET_STEP = "confirm_forget"
PERSPECTIVE_COMMANDS = ("professional", "naaste")


class Flow(Protocol):
    name: str

    def handle(self, ctx: FlowContext, record: ConversationRecord) -> None: ...
    def ask(self, ctx: FlowContext, record: ConversationRecord) -> List[Reply]: ...


class PracticeLike(Flow, Protocol):
    def start(self, ctx: FlowContext, arguments: str) -> None: ...
    def exempt_from_safety(self, ctx: FlowContext, record: ConversationRecord) -> bool: ...
    def handles_command(self, command: str) -> bool: ...


class Router:
    def __init__(self, board: BoardFlow, practice: PracticeLike, texts: Optional[Texts] = None):
        self.board = board
        self.practice = practice
        self.flows = {board.name: board, practice.name: practice}
        self.texts = texts or load_texts("board")

    # --- one message -----------------------------------------------------------------------------------
    def route(self, ctx: FlowContext) -> None:
        record = ctx.active
        message = ctx.message
        if message.metadata.get(FORGET_FLAG):  # the web page's "Verwijder mijn gegevens" (asked there first)
            self._forget(ctx)
            return
        if record is not None and record.step == SAFETY_STEP:
            self._after_safety(ctx, record)
            return
        if record is not None and record.step == QUESTION_STEP:
            self._after_question(ctx, record)
            return
        found = None if message.is_button else danger_reading(message.text, message.intent, message.confidence)
        if found is not None and not self._exempt(ctx, record):
            if found.source == "doubt":
                self._ask_first(ctx, record, found)
            else:
                self._safety(ctx, record, found)
            return
        self._past_the_safety_net(ctx, record)

    def _past_the_safety_net(self, ctx: FlowContext, record: Optional[ConversationRecord]) -> None:
        if record is not None and record.step == FORGET_STEP:
            self._confirm_forget(ctx, record)
            return
        if self._typed_command(ctx, record):
            return
        if self._wants_to_forget(ctx, record):
            return
        if self.board.check_in_on_visit(ctx, record):  # a due check-in, shown when the resident comes back
            return
        if record is None:
            record = self.board.new_resident_record(ctx)
            if ctx.replies:  # resumed from what was stored: asked already
                return
        self.flows[record.flow].handle(ctx, record)
        self._return_when_finished(ctx, record)

    # --- a turn the resident did not start (bot/turn/service.py start_unasked) -------------------------------
    def start_unasked(self, ctx: FlowContext, kind: str, message_id: Optional[int] = None) -> str:
        """A check-in or the reminder: "started" | "waiting" | "not_needed" (bot/flows/board/check_in.py)."""
        return self.board.start_unasked(ctx, kind, message_id)

    # --- the safety net ------------------------------------------------------------------------------------
    def _exempt(self, ctx: FlowContext, record: Optional[ConversationRecord]) -> bool:
        """A practice session's own moves (the worker plays a part) pass the safety net."""
        return record is not None and record.flow == self.practice.name and self.practice.exempt_from_safety(ctx, record)

    def _record_for(self, ctx: FlowContext, record: Optional[ConversationRecord]) -> ConversationRecord:
        if record is not None:
            return record
        return ctx.activate(ConversationRecord(participant_id=ctx.participant_id, role="inwoner", flow="board", step="start"))

    def _safety(self, ctx: FlowContext, record: Optional[ConversationRecord], danger: str, told: bool = True) -> None:
        record = self._record_for(ctx, record)
        cursor.interrupt(record, SAFETY_STEP)
        ctx.say(*(Reply(line) for line in safety_messages(danger, told=told)))
        question, yes, no, _ = continue_texts()
        ctx.say(Reply(question, (Button(yes, "yes"), Button(no, "no"))))
        ctx.happened(f"safety_{danger}")

    def _after_safety(self, ctx: FlowContext, record: ConversationRecord) -> None:
        answer = read_opening_yes_no(ctx.message)
        cursor.resume(record)
        if answer is False:
            record.paused = True
            ctx.say(Reply(continue_texts()[3]))
            ctx.happened("paused_after_safety")
            return
        ctx.happened("resumed_after_safety")
        if record.step == "start" or answer is None:
            self.flows[record.flow].handle(ctx, record)  # an answer to the question before, or a first message
            return
        ctx.say(*self.flows[record.flow].ask(ctx, record))

    def _ask_first(self, ctx: FlowContext, record: Optional[ConversationRecord], doubt: str) -> None:
        """Ask whether it is danger, holding the message and where the record was (step, pending)."""
        record = self._record_for(ctx, record)
        message = ctx.message
        held: Dict[str, Any] = {"text": message.text, "intent": message.intent, "confidence": message.confidence}
        held["ranking"] = [[name, score] for name, score in message.ranking]
        held["command"] = message.command
        record.pending = {"held": held, "step": record.step, "pending": record.pending, "kind": str(doubt), "unclear": 0}
        record.step = QUESTION_STEP
        self._ask_question(ctx)
        ctx.happened("danger_question_asked")

    def _ask_question(self, ctx: FlowContext) -> None:
        texts = question_texts()
        ctx.say(Reply(texts["question"], (Button(texts["button_yes"], "yes"), Button(texts["button_no"], "no"))))

    def _after_question(self, ctx: FlowContext, record: ConversationRecord) -> None:
        """ "no": the held message goes on as if nothing happened; "yes", danger in the reply itself or
        a second answer that is no yes or no: the numbers. A first unclear answer: asked again."""
        asked = dict(record.pending or {})
        message = ctx.message
        danger = None if message.is_button else danger_signal(message.text, message.intent, message.confidence)
        answer = read_opening_yes_no(message)
        if danger is None and answer is None and not asked.get("unclear"):
            record.pending = {**asked, "unclear": 1}
            self._ask_question(ctx)
            ctx.happened("danger_question_again")
            return
        record.step, record.pending = asked.get("step") or "start", asked.get("pending")
        if danger is None and answer is False:
            ctx.happened("danger_question_no")
            ctx.say(Reply(question_texts()["thanks"]))
            ctx.message = self._held_message(asked.get("held") or {}, message)
            self._past_the_safety_net(ctx, record)
            return
        ctx.happened("danger_question_yes" if answer else "danger_question_unclear")
        told = bool(danger or answer)  # a yes, or danger in the reply itself
        self._safety(ctx, record, danger or asked_kind(str(asked.get("kind"))), told=told)

    @staticmethod
    def _held_message(held: dict, reply: UserMessage) -> UserMessage:
        ranking = tuple((str(name), float(score)) for name, score in held.get("ranking") or ())
        return UserMessage(
            text=str(held.get("text") or ""),
            intent=held.get("intent"),
            confidence=float(held.get("confidence") or 0.0),
            ranking=ranking,
            command=held.get("command"),
            channel=reply.channel,
        )

    # --- "vergeet mij" ------------------------------------------------------------------------------------
    def _wants_to_forget(self, ctx: FlowContext, record: Optional[ConversationRecord]) -> bool:
        free_text = record is not None and getattr(self.flows[record.flow], "expects_free_text", lambda r: False)(record)
        if ctx.message.is_button or read_command(ctx.message, expecting_free_text=free_text) != "forget":
            return False
        self._ask_to_forget(ctx, record)
        return True

    def _ask_to_forget(self, ctx: FlowContext, record: Optional[ConversationRecord]) -> None:
        anything = ctx.store.consent(ctx.participant_id) is not None or any(r.stored or r.board_id for r in ctx.records)
        if not anything:
            ctx.say(Reply(self.texts.say("nothing_to_forget")))
            ctx.records.clear()
            ctx.effects.forget = True  # what memory holds of this conversation goes too
            ctx.happened("nothing_to_forget")
            return
        if record is None:
            record = ctx.activate(
                ConversationRecord(participant_id=ctx.participant_id, role="inwoner", flow="board", step="start")
            )
        cursor.interrupt(record, FORGET_STEP)
        ctx.say(Reply(self.texts.say("forget_explanation")))
        buttons = (Button(self.texts.say("button_forget_yes"), "yes"), Button(self.texts.say("button_no"), "no"))
        ctx.say(Reply(self.texts.say("forget_question"), buttons))
        ctx.happened("forget_asked")

    def _forget(self, ctx: FlowContext) -> None:
        ctx.effects.forget = True
        ctx.records.clear()
        ctx.say(Reply(self.texts.say("forgotten")), Reply(self.texts.say("forgotten_next")))
        ctx.happened("forgotten")

    def _confirm_forget(self, ctx: FlowContext, record: ConversationRecord) -> None:
        if read_yes_no(ctx.message) is True:
            self._forget(ctx)
            return
        cursor.resume(record)
        ctx.say(Reply(self.texts.say("forget_cancelled")))
        if record.step == "start":
            return
        ctx.say(*self.flows[record.flow].ask(ctx, record))
        ctx.happened("forget_cancelled")

    # --- typed commands ------------------------------------------------------------------------------------
    def _typed_command(self, ctx: FlowContext, record: Optional[ConversationRecord]) -> bool:
        """`/oefenen`, `/professional CODE`, `/naaste CODE` and the practice flow's own commands."""
        typed = (ctx.message.command or "").strip()
        if not typed:
            return False
        name, _, arguments = typed.partition(" ")
        name = name.lower()
        if name in PERSPECTIVE_COMMANDS:
            if not self.board.start_perspective(ctx, name, arguments) and record is not None and record in ctx.records:
                ctx.say(*self.flows[record.flow].ask(ctx, record))
            return True
        if self.practice.handles_command(name):
            if record is not None and record.flow == self.practice.name:
                self.practice.handle(ctx, record)
                self._return_when_finished(ctx, record)
            else:
                self.practice.start(ctx, typed)
            return True
        return False

    # --- after a flow is done ----------------------------------------------------------------------------
    def _return_when_finished(self, ctx: FlowContext, record: ConversationRecord) -> None:
        """A practice session or a naaste who said no ended: back to the participant's own conversation."""
        if ctx.active is not None or ctx.effects.forget:
            return
        earlier = next((other for other in reversed(ctx.records) if other is not record and other.flow == self.board.name), None)
        if earlier is None:
            return
        ctx.activate(earlier)
        if earlier.step not in ("start", "done"):
            ctx.say(Reply(self.board.welcome_back(ctx, earlier)))
            ctx.say(*self.board.ask(ctx, earlier))
