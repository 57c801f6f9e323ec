"""The guide: one turn of the Wat telt conversation, independent of Rasa.

`Guide.handle(participant_id, state, message)` returns the replies and the next state.
Answers are written to the AnswerStore before the state moves on, so a failed write
never skips a question: the resident is told, and the same question stays open.
"""
import logging
from typing import Callable, Dict, List, Optional

from sqlalchemy.exc import SQLAlchemyError

from bot.content import Instrument, Texts, load_instrument, load_texts
from bot.dialogue.messages import Button, Reply, Turn, UserMessage
from bot.dialogue.state import DialogueState
from bot.storage import AnswerStore
from bot.understanding.numbers import read_rating
from bot.understanding.safety import danger_signal, safety_content

logger = logging.getLogger(__name__)

YES_WORDS = {"ja", "jaa", "ja hoor", "jawel", "ja graag", "ok", "oke", "oké", "okay", "goed", "is goed", "prima", "akkoord", "yes", "start", "verder"}
NO_WORDS = {"nee", "neen", "nee hoor", "nope", "no", "liever niet", "niet", "nee dank je", "nu niet"}
RETURN_INTENTS = {"greet", "resume"}
BUTTONS_AFTER_FAILURES = 2


class Guide:
    def __init__(self, store: AnswerStore, instrument: Optional[Instrument] = None, texts: Optional[Texts] = None):
        self.store = store
        self.instrument = instrument or load_instrument()
        self.texts = texts or load_texts()
        self._step_handlers: Dict[str, Callable] = {
            "start": self._start,
            "consent": self._consent,
            "declined": self._declined,
            "life_rating": self._life_rating,
            "rating_done": self._rating_done,
            "safety_check": self._safety_check,
        }

    # --- entry point -------------------------------------------------------------
    def handle(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        try:
            turn = self._handle(participant_id, state, message)
        except SQLAlchemyError as error:
            logger.warning("participant=%s step=%s storage unavailable (%s)", participant_id, state.step, type(error).__name__)
            return Turn([Reply(self.texts.say("storage_unavailable"))], state, consent=state.step not in ("start", "consent", "declined"), events=["storage_unavailable"])
        logger.info("participant=%s step=%s->%s %s", participant_id, state.step, turn.state.step, ",".join(turn.events))
        return turn

    def _handle(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        danger = danger_signal(message.text, message.intent, message.confidence)
        if danger:
            return self._safety(participant_id, state, danger)
        if message.intent in RETURN_INTENTS and state.step in ("life_rating", "rating_done"):
            return Turn(self._ask(state.step), state, consent=True, events=["welcome_back"])
        return self._step_handlers[state.step](participant_id, state, message)

    # --- questions ---------------------------------------------------------------
    def _yes_no(self) -> tuple:
        return (Button(self.texts.say("button_yes"), "/affirm"), Button(self.texts.say("button_no"), "/deny"))

    def _ask(self, step: str, failures: int = 0) -> List[Reply]:
        say = self.texts.say
        if step == "consent":
            return [Reply(say("consent_question"), self._yes_no())]
        if step == "life_rating":
            buttons = tuple(Button(str(n), str(n)) for n in range(11))
            return [Reply(say("life_rating_question"), buttons)]
        if step == "rating_done":
            return [Reply(say("slice_done_question"))]
        return [Reply(say("consent_refused_next"))]

    # --- steps ---------------------------------------------------------------------
    def _start(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        if self.store.has_consent(participant_id):
            measurement_id = self.store.open_measurement(participant_id, self.instrument)
            return Turn(self._ask("life_rating"), state.moved_to("life_rating", measurement_id=measurement_id), consent=True, events=["resumed_from_store"])
        replies = [Reply(self.texts.say("welcome")), Reply(self.texts.say("consent_explanation"))] + self._ask("consent")
        return Turn(replies, state.moved_to("consent"), events=["welcomed"])

    def _consent(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        answer = self._yes_or_no(message)
        if answer is True:
            self.store.give_consent(participant_id)
            measurement_id = self.store.open_measurement(participant_id, self.instrument)
            replies = [Reply(self.texts.say("consent_given")), Reply(self.texts.say("life_rating_explanation"))]
            return Turn(replies + self._ask("life_rating"), state.moved_to("life_rating", measurement_id=measurement_id), consent=True, events=["consent_given"])
        if answer is False:
            replies = [Reply(self.texts.say("consent_refused")), Reply(self.texts.say("consent_refused_next"))]
            return Turn(replies, state.moved_to("declined"), events=["consent_refused"])
        return Turn([Reply(self.texts.say("consent_reask"), self._yes_no())], state.failed_again(), events=["not_understood"])

    def _declined(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        if self._yes_or_no(message) is True or message.intent == "greet":
            return self._start(participant_id, DialogueState(), message)
        return Turn([Reply(self.texts.say("consent_refused_next"))], state, events=["still_declined"])

    def _life_rating(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        reading = read_rating(message.text)
        if reading.value is None:
            return self._rating_not_understood(state, reading.problem)
        self.store.set_life_rating(state.measurement_id, reading.value)
        replies = [Reply(self.texts.say("life_rating_stored", rating=reading.value)), Reply(self.texts.say("slice_done"))]
        return Turn(replies + self._ask("rating_done"), state.moved_to("rating_done"), consent=True, events=["life_rating_stored"])

    def _rating_not_understood(self, state: DialogueState, problem: str) -> Turn:
        state = state.failed_again()
        explanation = "life_rating_out_of_range" if problem == "out_of_range" else "life_rating_not_understood"
        replies = [Reply(self.texts.say(explanation))]
        if state.failures >= BUTTONS_AFTER_FAILURES:
            replies.append(Reply(self.texts.say("life_rating_offer_buttons")))
        replies += self._ask("life_rating", state.failures)
        return Turn(replies, state, consent=True, events=["rating_not_understood"])

    def _rating_done(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        reading = read_rating(message.text)
        if reading.value is not None:
            return self._life_rating(participant_id, state, message)
        return Turn(self._ask("rating_done"), state, consent=True, events=["slice_end"])

    # --- safety net ------------------------------------------------------------------
    def _safety(self, participant_id: str, state: DialogueState, danger: str) -> Turn:
        messages = safety_content()["messages"]
        replies = [Reply(messages["numbers"])]
        if danger == "danger_at_home":
            replies.append(Reply(messages["danger_at_home"]))
        buttons = (Button(messages["continue_yes"], "/affirm"), Button(messages["continue_no"], "/deny"))
        replies += [Reply(messages["care"]), Reply(messages["continue_question"], buttons)]
        resume_step = state.resume_step if state.step == "safety_check" else state.step
        next_state = state.moved_to("safety_check", resume_step=resume_step)
        return Turn(replies, next_state, consent=self._consented(resume_step), events=[f"safety_{danger}"])

    def _safety_check(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        resume = state.moved_to(state.resume_step or "start", resume_step=None)
        if resume.step == "start":
            return self._start(participant_id, resume, message)
        if self._yes_or_no(message) is True:
            return Turn(self._ask(resume.step), resume, consent=self._consented(resume.step), events=["resumed_after_safety"])
        paused = safety_content()["messages"]["paused"]
        return Turn([Reply(paused)], resume, consent=self._consented(resume.step), events=["paused_after_safety"])

    # --- helpers -----------------------------------------------------------------------
    @staticmethod
    def _consented(step: str) -> bool:
        return step not in ("start", "consent", "declined")

    @staticmethod
    def _yes_or_no(message: UserMessage) -> Optional[bool]:
        words = message.words.strip(" .!?")
        if message.intent == "affirm" or words in YES_WORDS:
            return True
        if message.intent == "deny" or words in NO_WORDS:
            return False
        return None
