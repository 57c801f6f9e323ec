"""Practice mode as steps of the conversation: choose a persona, agree (or not) to keep the
session, talk with the persona, get feedback, and go back to where the participant was.

Steps (DialogueState.step): practice_persona -> practice_consent -> practice. The persona's
state and the worker's moves live in DialogueState.practice (bot.practice.state).
"""

import re
from typing import Dict, List, Optional

from bot.content import Instrument, Texts, load_texts
from bot.content.personas import Persona, load_personas
from bot.dialogue.messages import Button, Reply, Turn, UserMessage
from bot.dialogue.reading import yes_or_no
from bot.dialogue.state import INTERRUPTION_STEPS, DialogueState
from bot.practice.feedback import assess, render
from bot.practice.moves import WorkerMove, read_move
from bot.practice.roleplay import PersonaPlayer
from bot.practice.state import MAX_MOVES, PracticeState
from bot.storage.practice import PracticeStore

START_WORDS = {"oefenen", "oefenmodus", "oefengesprek", "ik wil oefenen"}
FEEDBACK_WORDS = {"/feedback", "feedback", "stop oefenen", "stoppen met oefenen", "klaar met oefenen", "stop", "/stop"}
COMMAND_MIN_CONFIDENCE = 0.7
COMMAND_MAX_WORDS = 6
MAX_CHOICE_FAILURES = 3


def wants_to_practise(message: UserMessage) -> bool:
    """'/oefenen' (with or without a persona's name after it), or a short, clear 'ik wil oefenen'."""
    words = message.words
    if words.startswith("/oefenen") or words in START_WORDS:
        return True
    return message.intent == "practice_start" and _short_and_sure(message)


def _short_and_sure(message: UserMessage) -> bool:
    return message.is_button or (message.confidence >= COMMAND_MIN_CONFIDENCE and len(message.words.split()) <= COMMAND_MAX_WORDS)


class PracticeCoach:
    def __init__(
        self,
        store: PracticeStore,
        instrument: Instrument,
        texts: Optional[Texts] = None,
        personas: Optional[Dict[str, Persona]] = None,
    ):
        self.store = store
        self.instrument = instrument
        self.texts = texts or load_texts("practice.yml")
        self.personas = personas or load_personas()

    # --- entering and asking ---------------------------------------------------------
    def start(self, state: DialogueState, message: UserMessage) -> Turn:
        return_to = state.resume if state.step in INTERRUPTION_STEPS and state.resume else (state.step, state.index)
        practice = PracticeState(return_to=tuple(return_to))
        persona = self._persona_named(message)
        if persona:
            return self._persona_chosen(state, practice, persona, events=["practice_started"])
        new_state = state.with_changes(step="practice_persona", practice=practice.to_dict(), failures=0)
        return Turn([Reply(self.texts.say("practice_welcome"))] + self.ask(new_state), new_state, ["practice_started"])

    def ask(self, state: DialogueState) -> List[Reply]:
        """The open question of a practice step (after an interruption or an error)."""
        say = self.texts.say
        if state.step == "practice_persona":
            buttons = tuple(
                Button(f"{p.name} ({p.age})", f'/choose_persona{{"persona":"{p.key}"}}') for p in self.personas.values()
            )
            return [Reply(say("practice_choose"), buttons)]
        if state.step == "practice_consent":
            return [Reply(say("practice_storage_question"), self._yes_no())]
        persona = self._persona_of(state)
        return [Reply(say("practice_help", name=persona.name))] if persona else []

    def handle(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        practice = PracticeState.from_dict(state.practice)
        if state.step == "practice_persona":
            return self._choose_persona(state, practice, message)
        if state.step == "practice_consent":
            return self._consent(participant_id, state, practice, message)
        return self._talk(participant_id, state, practice, message)

    # --- choosing and agreeing ---------------------------------------------------------
    def _choose_persona(self, state: DialogueState, practice: PracticeState, message: UserMessage) -> Turn:
        persona = self._persona_named(message)
        if persona:
            return self._persona_chosen(state, practice, persona, events=["persona_chosen"])
        if self._wants_feedback(message) or state.failures + 1 >= MAX_CHOICE_FAILURES:
            return self._leave(state, [Reply(self.texts.say("practice_cancelled"))], ["practice_cancelled"])
        failed = state.with_changes(failures=state.failures + 1)
        return Turn([Reply(self.texts.say("practice_choose_again"))] + self.ask(failed), failed, ["persona_not_understood"])

    def _persona_chosen(self, state: DialogueState, practice: PracticeState, persona: Persona, events) -> Turn:
        practice.persona = persona.key
        new_state = state.with_changes(step="practice_consent", practice=practice.to_dict(), failures=0)
        return Turn(self.ask(new_state), new_state, list(events))

    def _consent(self, participant_id: str, state: DialogueState, practice: PracticeState, message: UserMessage) -> Turn:
        say = self.texts.say
        answer = yes_or_no(message)
        if answer is None:
            if state.failures + 1 >= MAX_CHOICE_FAILURES:
                answer = False  # not a clear yes: keep nothing
            else:
                failed = state.with_changes(failures=state.failures + 1)
                return Turn([Reply(say("practice_storage_reask"), self._yes_no())], failed, ["not_understood"])
        if answer:
            practice.session_id = self.store.open_session(participant_id, practice.persona)
        persona = self.personas[practice.persona]
        new_state = state.with_changes(step="practice", practice=practice.to_dict(), failures=0)
        replies = [
            Reply(say("practice_storage_yes" if answer else "practice_storage_no")),
            Reply(say("practice_intro", name=persona.name, age=persona.age, intro=persona.intro)),
            Reply(say("practice_begin")),
        ]
        return Turn(replies, new_state, ["practice_stored" if answer else "practice_not_stored"])

    # --- the conversation with the persona ----------------------------------------------
    def _talk(self, participant_id: str, state: DialogueState, practice: PracticeState, message: UserMessage) -> Turn:
        persona = self._persona_of(state)
        if persona is None:  # content changed under a running session: end it cleanly
            return self._leave(state, [Reply(self.texts.say("practice_cancelled"))], ["practice_cancelled"])
        if self._wants_feedback(message):
            return self._finish(state, practice, persona, [])
        if message.intent == "ask_help" and _short_and_sure(message):
            return Turn([Reply(self.texts.say("practice_help", name=persona.name))], state, ["practice_help"])
        if wants_to_practise(message):
            return Turn([Reply(self.texts.say("practice_already", name=persona.name))], state, ["practice_already"])
        move = read_move(message, self.instrument)
        reply, practice = PersonaPlayer(persona).answer(practice, move, message.text)
        practice.moves.append(move.to_dict())
        if practice.session_id is not None:
            self.store.add_turn(practice.session_id, len(practice.moves), message.text, move.to_dict(), reply)
        if len(practice.moves) >= MAX_MOVES:
            return self._finish(state, practice, persona, [Reply(reply), Reply(self.texts.say("practice_too_long"))])
        return Turn(
            [Reply(reply)], state.with_changes(practice=practice.to_dict(), failures=0), [f"move_{move.act or 'unknown'}"]
        )

    def _finish(self, state: DialogueState, practice: PracticeState, persona: Persona, before: List[Reply]) -> Turn:
        moves = [WorkerMove.from_dict(move) for move in practice.moves]
        figures = assess(moves, persona, self.instrument)
        messages = render(figures, persona, self.instrument, self.texts)
        if practice.session_id is not None:
            self.store.finish_session(practice.session_id, dict(figures, messages=messages))
        replies = before + [Reply(text) for text in messages] + [Reply(self.texts.say("practice_again"))]
        return self._leave(state, replies, ["practice_feedback"])

    def _leave(self, state: DialogueState, replies: List[Reply], events: List[str]) -> Turn:
        return Turn(replies, self.abandon(state), events)

    @staticmethod
    def abandon(state: DialogueState) -> DialogueState:
        """Back to where the participant was before practising, without feedback."""
        step, index = PracticeState.from_dict(state.practice).return_to
        return state.with_changes(step=step, index=index, practice=None, failures=0)

    # --- helpers ---------------------------------------------------------------------------
    def _persona_of(self, state: DialogueState) -> Optional[Persona]:
        return self.personas.get(PracticeState.from_dict(state.practice).persona or "")

    def _persona_named(self, message: UserMessage) -> Optional[Persona]:
        key = message.entity("persona")
        if key in self.personas:
            return self.personas[key]
        words = set(re.findall(r"[a-z]+", message.words))
        return next((p for p in self.personas.values() if p.key in words or p.name.lower() in words), None)

    def _wants_feedback(self, message: UserMessage) -> bool:
        if message.words in FEEDBACK_WORDS:
            return True
        return message.intent in ("practice_stop", "stop") and _short_and_sure(message)

    def _yes_no(self):
        return (Button(self.texts.say("button_yes"), "/affirm"), Button(self.texts.say("button_no"), "/deny"))
