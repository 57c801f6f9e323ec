"""Practice mode as a flow: choose a persona, agree (or not) to keep the session, talk with the
persona, get feedback, and go back to where the participant was.

Steps of the practice record: practice_persona -> practice_consent -> practice. The persona's
state and the worker's moves live in the record's data (bot.flows.practice.state).
"""

import re
from typing import Dict, List, Optional

from bot.content import Instrument, Texts, load_instrument, load_texts
from bot.content.personas import Persona, load_personas
from bot.flows.context import FlowContext
from bot.flows.practice.feedback import assess, render
from bot.flows.practice.moves import WorkerMove, addressed_to_persona, read_move
from bot.flows.practice.roleplay import PersonaPlayer
from bot.flows.practice.state import MAX_MOVES, PracticeState
from bot.flows.replies import Button, Reply
from bot.storage.records import ConversationRecord
from bot.understanding.intents import intent_is
from bot.understanding.message import UserMessage
from bot.understanding.reading import read_yes_no

ROLE = "practice"
START_COMMANDS = ("oefenen",)
FEEDBACK_WORDS = {"feedback", "stop oefenen", "stoppen met oefenen", "klaar met oefenen", "stop"}
COMMAND_MAX_WORDS = 6
MAX_CHOICE_FAILURES = 3


class PracticeFlow:
    name = "practice"

    def __init__(
        self,
        texts: Optional[Texts] = None,
        personas: Optional[Dict[str, Persona]] = None,
        instrument: Optional[Instrument] = None,
    ):
        self.texts = texts or load_texts("practice.yml")
        self.personas = personas or load_personas()
        self.instrument = instrument or load_instrument()

    # --- the router's questions ---------------------------------------------------------------------
    @staticmethod
    def handles_command(name: str) -> bool:
        return name in START_COMMANDS or name == "feedback"

    def exempt_from_safety(self, ctx: FlowContext, record: ConversationRecord) -> bool:
        """A question to the persona ("Heb je weleens aan zelfmoord gedacht?") is part of the exercise."""
        return record.step == "practice" and addressed_to_persona(ctx.message.text)

    @staticmethod
    def expects_free_text(record: ConversationRecord) -> bool:
        return record.step == "practice"

    # --- entering and asking -------------------------------------------------------------------------
    def start(self, ctx: FlowContext, typed: str) -> None:
        if typed.split(" ", 1)[0].lower() == "feedback":
            ctx.say(Reply(self.texts.say("practice_cancelled")))
            return
        record = ctx.record(ROLE) or ConversationRecord(
            participant_id=ctx.participant_id, role=ROLE, flow=self.name, step="practice_persona"
        )
        record.step, record.failures, record.stored = "practice_persona", 0, False
        record.data = {"practice": PracticeState().to_dict()}
        ctx.activate(record)
        persona = self._persona_named(ctx.message, typed)
        ctx.happened("practice_started")
        if persona:
            self._persona_chosen(ctx, record, persona)
            return
        ctx.say(Reply(self.texts.say("practice_welcome")), *self.ask(ctx, record))

    def ask(self, ctx: FlowContext, record: ConversationRecord) -> List[Reply]:
        say = self.texts.say
        if record.step == "practice_persona":
            buttons = tuple(Button(f"{p.name} ({p.age})", f"persona:{p.key}") for p in self.personas.values())
            return [Reply(say("practice_choose"), buttons)]
        if record.step == "practice_consent":
            return [Reply(say("practice_storage_question"), self._yes_no())]
        persona = self._persona_of(record)
        return [Reply(say("practice_help", name=persona.name))] if persona else []

    def handle(self, ctx: FlowContext, record: ConversationRecord) -> None:
        practice = PracticeState.from_dict(record.data.get("practice"))
        if record.step == "practice_persona":
            self._choose_persona(ctx, record, practice)
        elif record.step == "practice_consent":
            self._consent(ctx, record, practice)
        else:
            self._talk(ctx, record, practice)

    # --- choosing and agreeing -----------------------------------------------------------------------
    def _choose_persona(self, ctx: FlowContext, record: ConversationRecord, practice: PracticeState) -> None:
        persona = self._persona_named(ctx.message, ctx.message.command or "")
        if persona:
            self._persona_chosen(ctx, record, persona)
            return
        record.failures += 1
        if self._wants_feedback(ctx.message) or record.failures >= MAX_CHOICE_FAILURES:
            self._leave(ctx, record, [Reply(self.texts.say("practice_cancelled"))])
            return
        ctx.say(Reply(self.texts.say("practice_choose_again")), *self.ask(ctx, record))

    def _persona_chosen(self, ctx: FlowContext, record: ConversationRecord, persona: Persona) -> None:
        practice = PracticeState.from_dict(record.data.get("practice"))
        practice.persona = persona.key
        record.data["practice"] = practice.to_dict()
        record.step, record.failures = "practice_consent", 0
        ctx.say(*self.ask(ctx, record))
        ctx.happened("persona_chosen")

    def _consent(self, ctx: FlowContext, record: ConversationRecord, practice: PracticeState) -> None:
        say = self.texts.say
        answer = read_yes_no(ctx.message)
        if answer is None:
            record.failures += 1
            if record.failures < MAX_CHOICE_FAILURES:
                ctx.say(Reply(say("practice_storage_reask"), self._yes_no()))
                return
            answer = False  # not a clear yes: keep nothing
        if answer:
            practice.session_id = ctx.store.practice.open_session(ctx.participant_id, practice.persona or "")
            record.stored = True
        persona = self.personas[practice.persona or ""]
        record.data["practice"] = practice.to_dict()
        record.step, record.failures = "practice", 0
        ctx.say(
            Reply(say("practice_storage_yes" if answer else "practice_storage_no")),
            Reply(say("practice_intro", name=persona.name, age=persona.age, intro=persona.intro)),
            Reply(say("practice_begin")),
        )
        ctx.happened("practice_stored" if answer else "practice_not_stored")

    # --- the conversation with the persona -------------------------------------------------------------
    def _talk(self, ctx: FlowContext, record: ConversationRecord, practice: PracticeState) -> None:
        persona = self._persona_of(record)
        message = ctx.message
        if persona is None:  # content changed under a running session: end it cleanly
            self._leave(ctx, record, [Reply(self.texts.say("practice_cancelled"))])
            return
        if self._wants_feedback(message):
            self._finish(ctx, record, practice, persona, [])
            return
        if (message.command or "").split(" ", 1)[0] == "oefenen":
            ctx.say(Reply(self.texts.say("practice_already", name=persona.name)))
            return
        move = read_move(message.text, self.instrument)
        reply, practice = PersonaPlayer(persona).answer(practice, move, message.text)
        practice.moves.append(move.to_dict())
        if practice.session_id is not None:
            ctx.store.practice.add_turn(practice.session_id, len(practice.moves), message.text, move.to_dict(), reply)
        record.data["practice"] = practice.to_dict()
        if len(practice.moves) >= MAX_MOVES:
            self._finish(ctx, record, practice, persona, [Reply(reply), Reply(self.texts.say("practice_too_long"))])
            return
        ctx.say(Reply(reply))
        ctx.happened(f"move_{move.act or 'unknown'}")

    def _finish(
        self, ctx: FlowContext, record: ConversationRecord, practice: PracticeState, persona: Persona, before: List[Reply]
    ) -> None:
        moves = [WorkerMove.from_dict(move) for move in practice.moves]
        figures = assess(moves, persona, self.instrument)
        messages = render(figures, persona, self.instrument, self.texts)
        if practice.session_id is not None:
            ctx.store.practice.finish_session(practice.session_id, dict(figures, messages=messages))
        self._leave(ctx, record, before + [Reply(text) for text in messages] + [Reply(self.texts.say("practice_again"))])
        ctx.happened("practice_feedback")

    def _leave(self, ctx: FlowContext, record: ConversationRecord, replies: List[Reply]) -> None:
        ctx.say(*replies)
        ctx.drop(record)

    # --- helpers ---------------------------------------------------------------------------------------
    def _persona_of(self, record: ConversationRecord) -> Optional[Persona]:
        return self.personas.get(PracticeState.from_dict(record.data.get("practice")).persona or "")

    def _persona_named(self, message: UserMessage, typed: str) -> Optional[Persona]:
        choice = message.choice or ""
        if choice.startswith("persona:") and choice[8:] in self.personas:
            return self.personas[choice[8:]]
        words = set(re.findall(r"[a-z]+", f"{typed} {message.text}".lower()))
        return next((p for p in self.personas.values() if p.key in words or p.name.lower() in words), None)

    @staticmethod
    def _wants_feedback(message: UserMessage) -> bool:
        if (message.command or "").split(" ", 1)[0] == "feedback" or message.words in FEEDBACK_WORDS:
            return True
        return intent_is(message, ("stop",)) and len(message.words.split()) <= COMMAND_MAX_WORDS

    def _yes_no(self) -> tuple:
        return (Button(self.texts.say("button_yes"), "yes"), Button(self.texts.say("button_no"), "no"))
