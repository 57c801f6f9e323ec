"""Practice mode as a flow: choose a persona, agree (or not) to keep the session, talk with the
persona, get feedback, and go back to where the participant was. Also /voortgang (progress per
learning goal over the stored sessions) and /teamreflectie (a team's reflection, bot/flows/practice/team.py).

Steps of the practice record: practice_persona -> practice_consent -> practice, or team_consent ->
team_question. The persona's state and every turn live in the record's data
(bot/flows/practice/state.py). Personas are loaded when practice mode is first used, so a broken
persona file never stops a resident's board.
"""

import logging
import re
from typing import Dict, List, Optional

from bot.content import ContentError, Instrument, Texts, load_instrument, load_texts
from bot.content.personas import Persona, load_personas
from bot.flows.context import FlowContext
from bot.flows.practice.feedback import feedback
from bot.flows.practice.moves import addressed_to_persona, read_move
from bot.flows.practice.progress import progress_messages
from bot.flows.practice.roleplay import PersonaPlayer
from bot.flows.practice.state import MAX_MOVES, PracticeState
from bot.flows.practice.team import TeamReflection
from bot.flows.replies import Button, Reply
from bot.storage.records import ConversationRecord
from bot.understanding.intents import intent_is
from bot.understanding.message import UserMessage
from bot.understanding.reading import read_yes_no

logger = logging.getLogger(__name__)

ROLE = "practice"
PRACTICE_COMMANDS = ("oefenen",)
FEEDBACK_COMMAND = "feedback"
PROGRESS_COMMAND = "voortgang"
TEAM_COMMAND = "teamreflectie"
COMMANDS = PRACTICE_COMMANDS + (FEEDBACK_COMMAND, PROGRESS_COMMAND, TEAM_COMMAND)
FEEDBACK_WORDS = {"feedback", "stop oefenen", "stoppen met oefenen", "klaar met oefenen", "stop"}
FREE_TEXT_STEPS = ("practice", "team_question")
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
        self.texts = texts or load_texts("practice")
        self._personas = personas
        self._instrument = instrument
        self.team = TeamReflection(self.texts)

    @property
    def personas(self) -> Dict[str, Persona]:
        if self._personas is None:
            self._personas = load_personas()
        return self._personas

    @property
    def instrument(self) -> Instrument:
        if self._instrument is None:
            self._instrument = load_instrument()
        return self._instrument

    # --- the router's questions ---------------------------------------------------------------------
    @staticmethod
    def handles_command(name: str) -> bool:
        return name in COMMANDS

    def exempt_from_safety(self, ctx: FlowContext, record: ConversationRecord) -> bool:
        """A question to the persona ("Heb je weleens aan zelfmoord gedacht?") is part of the exercise;
        a team's answer in its reflection is about residents ("een moeder zei pas laat dat haar man
        haar sloeg"), asked for by the question on signs of danger at home."""
        if record.step == "team_question":
            return True
        return record.step == "practice" and addressed_to_persona(ctx.message.text)

    @staticmethod
    def expects_free_text(record: ConversationRecord) -> bool:
        return record.step in FREE_TEXT_STEPS

    # --- entering and asking -------------------------------------------------------------------------
    def start(self, ctx: FlowContext, typed: str) -> None:
        command = typed.split(" ", 1)[0].lower()
        if command == FEEDBACK_COMMAND:
            ctx.say(Reply(self.texts.say("practice_cancelled")))
            return
        if command == PROGRESS_COMMAND:
            self._progress(ctx)
            return
        record = ctx.record(ROLE) or ConversationRecord(
            participant_id=ctx.participant_id, role=ROLE, flow=self.name, step="practice_persona"
        )
        record.stored = False
        if command == TEAM_COMMAND:
            self.team.start(ctx, record)
            return
        if not self._personas_ready(ctx):
            return
        record.step, record.failures = "practice_persona", 0
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
        if record.step.startswith("team_"):
            return self.team.ask(record)
        if record.step == "practice_persona":
            buttons = tuple(Button(f"{p.name} ({p.age})", f"persona:{p.key}") for p in self.personas.values())
            return [Reply(say("practice_choose"), buttons)]
        if record.step == "practice_consent":
            return [Reply(say("practice_storage_question"), self._yes_no())]
        persona = self._persona_of(record)
        return [Reply(say("practice_help", name=persona.name))] if persona else []

    def handle(self, ctx: FlowContext, record: ConversationRecord) -> None:
        command = (ctx.message.command or "").split(" ", 1)[0].lower()
        if command == PROGRESS_COMMAND:
            self._progress(ctx)
            ctx.say(*self.ask(ctx, record))
            return
        if record.step.startswith("team_"):
            self.team.handle(ctx, record, self._leave)
            return
        if command == TEAM_COMMAND:
            ctx.say(Reply(self.texts.say("practice_cancelled")))
            self.team.start(ctx, record)
            return
        practice = PracticeState.from_dict(record.data.get("practice"))
        if record.step == "practice_persona":
            self._choose_persona(ctx, record)
        elif record.step == "practice_consent":
            self._consent(ctx, record, practice)
        else:
            self._talk(ctx, record, practice)

    # --- choosing and agreeing -----------------------------------------------------------------------
    def _personas_ready(self, ctx: FlowContext) -> bool:
        try:
            return bool(self.personas)
        except ContentError as error:
            logger.error("practice personas do not load: %s", error)
            ctx.say(Reply(self.texts.say("practice_unavailable")))
            ctx.happened("practice_unavailable")
            return False

    def _choose_persona(self, ctx: FlowContext, record: ConversationRecord) -> None:
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
        practice = PracticeState(persona=persona.key, trust=persona.trust.start)
        record.data["practice"] = practice.to_dict()
        record.step, record.failures = "practice_consent", 0
        ctx.say(*self.ask(ctx, record))
        ctx.happened("persona_chosen")

    def _consent(self, ctx: FlowContext, record: ConversationRecord, practice: PracticeState) -> None:
        say = self.texts.say
        answer = read_yes_no(ctx.message)
        persona = self._persona_of(record)
        if persona is None:
            self._leave(ctx, record, [Reply(say("practice_cancelled"))])
            return
        if answer is None and record.failures < 1:
            record.failures += 1
            ctx.say(Reply(say("practice_storage_reask"), self._yes_no()))
            return
        if answer:
            practice.session_id = ctx.store.practice.open_session(ctx.participant_id, persona.key)
        record.data["practice"] = practice.to_dict()
        record.step, record.failures = "practice", 0
        difficulty = say(f"difficulty_{persona.difficulty}")
        ctx.say(
            Reply(say("practice_storage_yes" if answer else "practice_storage_no")),
            Reply(
                say(
                    "practice_intro",
                    name=persona.name,
                    age=persona.age,
                    difficulty=difficulty,
                    intro=persona.intro,
                    practises=persona.practises,
                )
            ),
            Reply(say("practice_begin")),
        )
        ctx.happened("practice_consent_yes" if answer else "practice_consent_no")

    # --- the conversation ---------------------------------------------------------------------------
    def _talk(self, ctx: FlowContext, record: ConversationRecord, practice: PracticeState) -> None:
        persona = self._persona_of(record)
        message = ctx.message
        if persona is None:  # content changed under a running session: end it cleanly
            self._leave(ctx, record, [Reply(self.texts.say("practice_cancelled"))])
            return
        if self._wants_feedback(message):
            self._finish(ctx, record, practice, persona, [])
            return
        if (message.command or "").split(" ", 1)[0] in PRACTICE_COMMANDS:
            ctx.say(Reply(self.texts.say("practice_already", name=persona.name)))
            return
        move = read_move(message.text, self.instrument)
        reply, practice, turn = PersonaPlayer(persona, self.instrument).answer(practice, message.text, move)
        if practice.session_id is not None:
            ctx.store.practice.add_turn(
                practice.session_id,
                len(practice.turns),
                message.text,
                move.to_dict(),
                reply,
                turn.trust,
                turn.verdict,
                turn.events,
            )
        record.data["practice"] = practice.to_dict()
        if len(practice.turns) >= MAX_MOVES:
            self._finish(ctx, record, practice, persona, [Reply(reply), Reply(self.texts.say("practice_too_long"))])
            return
        ctx.say(Reply(reply))
        ctx.happened(f"move_{move.act}", *(f"persona_{event.split(':', 1)[0]}" for event in turn.events))

    def _finish(
        self, ctx: FlowContext, record: ConversationRecord, practice: PracticeState, persona: Persona, before: List[Reply]
    ) -> None:
        figures, messages = feedback(persona, practice, self.instrument, self.texts)
        if practice.session_id is not None:
            ctx.store.practice.finish_session(practice.session_id, dict(figures, messages=messages), figures["goals"])
        self._leave(ctx, record, before + [Reply(text) for text in messages] + [Reply(self.texts.say("practice_again"))])
        ctx.happened("practice_feedback")

    def _progress(self, ctx: FlowContext) -> None:
        sessions = ctx.store.practice.progress(ctx.participant_id)
        try:
            personas = self.personas
        except ContentError:
            personas = {}
        ctx.say(*(Reply(text) for text in progress_messages(sessions, personas, self.texts)))
        ctx.happened("practice_progress")

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
        number = (message.text or "").strip().rstrip(".")
        if not typed and number.isdigit() and 1 <= int(number) <= len(self.personas):  # the place in the list
            return list(self.personas.values())[int(number) - 1]
        words = set(re.findall(r"[a-z]+", f"{typed} {message.text}".lower()))
        for persona in self.personas.values():
            names = {persona.key, *persona.name.lower().split(), *(voice.name.lower() for voice in persona.voices)} - {"en"}
            if words & names:
                return persona
        return None

    @staticmethod
    def _wants_feedback(message: UserMessage) -> bool:
        if (message.command or "").split(" ", 1)[0] == FEEDBACK_COMMAND or message.words in FEEDBACK_WORDS:
            return True
        return intent_is(message, ("stop",)) and len(message.words.split()) <= COMMAND_MAX_WORDS

    def _yes_no(self) -> tuple:
        return (Button(self.texts.say("button_yes"), "yes"), Button(self.texts.say("button_no"), "no"))
