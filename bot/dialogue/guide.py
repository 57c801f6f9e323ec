"""The guide: one turn of the Wat telt conversation, independent of Rasa.

`Guide.handle(participant_id, state, message)` returns the replies and the next state.
Answers are written to the AnswerStore before the state moves on, so a failed write
never skips a question: the resident is told, and the same question stays open.

Order of a turn: the safety net first; then what the resident asks of the conversation
itself (help, progress, back, pause, a correction, "vergeet mij", chit-chat); then the
answer to the open question.
"""

import logging
from typing import Callable, Dict, List, Optional

from sqlalchemy.exc import SQLAlchemyError

from bot.content import Instrument, Texts, load_instrument, load_texts
from bot.dialogue.messages import Reply, Turn, UserMessage
from bot.dialogue.questions import MAX_GOALS, Questions
from bot.dialogue.reading import confident, yes_or_no
from bot.dialogue.state import FREE_TEXT_STEPS, QUESTION_STEPS, DialogueState
from bot.dialogue.summary import MediaLinks, Summaries
from bot.practice.coach import PracticeCoach, wants_to_practise
from bot.practice.moves import PRACTICE_ONLY_INTENTS, addressed_to_persona
from bot.storage import AnswerStore
from bot.storage.practice import PracticeStore
from bot.understanding.domains import find_domains
from bot.understanding.numbers import read_rating
from bot.understanding.safety import danger_signal, safety_content
from bot.understanding.scores import normalise, read_score, scale

logger = logging.getLogger(__name__)

NOTHING_WORDS = {
    "niets",
    "niks",
    "nee",
    "weet ik niet",
    "weet niet",
    "geen idee",
    "sla over",
    "overslaan",
    "skip",
    "-",
    "nvt",
    "n v t",
}
NOT_APPLICABLE_WORDS = {"nvt", "n v t", "past niet", "past niet bij mij", "niet van toepassing", "heb ik niet", "geen kinderen"}
SKIP_WORDS = {"sla over", "overslaan", "skip", "volgende", "liever niet", "sla maar over"}
REPEAT_WORDS = ("opnieuw", "nieuwe meting", "herhaal", "nog een keer", "nog eens")
CHITCHAT_INTENTS = {"bot_challenge", "insult", "out_of_scope", "thank"}
COMMAND_INTENTS = {
    "ask_help",
    "ask_progress",
    "go_back",
    "pause",
    "stop",
    "goodbye",
    "forget_me",
    "correct_answer",
    "greet",
    "resume",
    "practice_start",
} | CHITCHAT_INTENTS
FREE_TEXT_COMMAND_MIN_CONFIDENCE = 0.8
FREE_TEXT_COMMAND_MAX_WORDS = 6
MAX_TEXT_LENGTH = 5000
MAX_FAILURES = 3  # on the third failed attempt the question is left open and the board moves on


class Guide:
    def __init__(
        self,
        store: AnswerStore,
        instrument: Optional[Instrument] = None,
        texts: Optional[Texts] = None,
        media: Optional[MediaLinks] = None,
    ):
        self.store = store
        self.instrument = instrument or load_instrument()
        self.texts = texts or load_texts()
        self.practice = PracticeCoach(PracticeStore(store.engine), self.instrument)
        self.questions = Questions(self.instrument, self.texts, practice=self.practice.ask)
        self.summaries = Summaries(self.instrument, self.texts, media or MediaLinks.from_environment())
        self._steps: Dict[str, Callable[[str, DialogueState, UserMessage], Turn]] = {
            "start": self._start,
            "consent": self._consent,
            "declined": self._declined,
            "life_rating": self._life_rating,
            "first_domain": self._first_domain,
            "domain_score": self._domain_score,
            "goes_well": self._goes_well,
            "wish": self._wish,
            "look_further": self._look_further,
            "goals": self._goals,
            "training_consent": self._training_consent,
            "done": self._done,
            "safety_check": self._safety_check,
            "confirm_forget": self._confirm_forget,
            "correction": self._correction,
        }

    # --- entry point -------------------------------------------------------------
    def handle(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        try:
            turn = self._handle(participant_id, state, message)
        except SQLAlchemyError as error:
            logger.warning("participant=%s step=%s storage unavailable (%s)", participant_id, state.step, type(error).__name__)
            return Turn(
                [Reply(self.texts.say("storage_unavailable"))] + self.questions.ask(state), state, ["storage_unavailable"]
            )
        logger.info("participant=%s step=%s->%s %s", participant_id, state.step, turn.state.step, ",".join(turn.events))
        return turn

    def _handle(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        danger = danger_signal(message.text, message.intent, message.confidence)
        if state.practising:
            return self._practise(participant_id, state, message, danger)
        message = message.without(PRACTICE_ONLY_INTENTS)
        if danger:
            return self._safety(state, danger)
        command = self._command(state, message)
        if command:
            return self._interruption(participant_id, state, message, command)
        return self._steps[state.step](participant_id, state, message)

    def _ask(self, state: DialogueState, *before: Reply, events=()) -> Turn:
        return Turn(list(before) + self.questions.ask(state), state, list(events))

    # --- what the resident asks of the conversation itself ---------------------------
    def _command(self, state: DialogueState, message: UserMessage) -> Optional[str]:
        intent = message.intent
        if state.step != "confirm_forget" and wants_to_practise(message):
            return "practice_start"
        if intent not in COMMAND_INTENTS or intent == "practice_start" or state.step == "confirm_forget":
            return None
        if not state.consented:
            return intent if intent == "forget_me" and self._confident(message) else None
        if message.is_button:
            return intent
        if state.step in FREE_TEXT_STEPS:  # an answer in their own words wins over a guessed command
            if intent in CHITCHAT_INTENTS:
                return None
            short = len(message.words.split()) <= FREE_TEXT_COMMAND_MAX_WORDS
            return intent if short and message.confidence >= FREE_TEXT_COMMAND_MIN_CONFIDENCE else None
        return intent if self._confident(message) else None

    def _interruption(self, participant_id: str, state: DialogueState, message: UserMessage, command: str) -> Turn:
        say = self.texts.say
        if command == "practice_start":
            return self.practice.start(state, message)
        if command == "forget_me":
            if not state.consented:
                self.store.forget_participant(participant_id)  # practice sessions, if any
                return Turn([Reply(say("forgotten"))] + self.questions.ask(state), state, ["nothing_to_forget"])
            return self._ask(state.interrupted_by("confirm_forget"), Reply(say("forget_explanation")), events=["forget_asked"])
        if command in ("pause", "goodbye"):
            return Turn([Reply(say("paused" if command == "pause" else "goodbye"))], state.with_changes(paused=True), ["paused"])
        if command == "stop":
            return Turn([Reply(say("stopped"))], state.with_changes(paused=True), ["stopped"])
        if command in ("greet", "resume"):
            return self._ask(
                state.with_changes(paused=False),
                Reply(say("welcome_back", where=self.questions.where(state))),
                events=["welcome_back"],
            )
        if command == "ask_help":
            return Turn(self.questions.help(state), state, ["help"])
        if command == "ask_progress":
            return self._ask(state, Reply(self._progress(state)), events=["progress"])
        if command == "go_back":
            if not state.history:
                return self._ask(state, Reply(say("go_back_first")), events=["go_back_first"])
            return self._ask(state.went_back(), events=["went_back"])
        if command == "correct_answer":
            return self._correct(state, message)
        return self._ask(state, Reply(say(f"chitchat_{command}")), events=[command])

    # --- practice mode (bot.practice) ----------------------------------------------------
    def _practise(self, participant_id: str, state: DialogueState, message: UserMessage, danger: Optional[str]) -> Turn:
        if danger and not addressed_to_persona(message.text):
            return self._safety(state, danger)
        if (
            message.intent == "forget_me"
            and self._confident(message)
            and len(message.words.split()) <= FREE_TEXT_COMMAND_MAX_WORDS
        ):
            return self._interruption(participant_id, self.practice.abandon(state), message, "forget_me")
        turn = self.practice.handle(participant_id, state, message)
        if turn.state.practising or not turn.state.consented or turn.state.step not in QUESTION_STEPS:
            return turn
        back = [Reply(self.texts.say("practice_back_to_board"))] + self.questions.ask(turn.state)
        return Turn(turn.replies + back, turn.state, turn.events)

    def _progress(self, state: DialogueState) -> str:
        total = len(self.instrument.domains)
        if state.step in ("life_rating", "first_domain") or not state.order:
            return self.texts.say("progress_not_started", total=total)
        if state.step in ("training_consent", "done"):
            return self.texts.say("progress_done", total=total)
        reached = state.index + 1 if state.step in ("goes_well", "wish", "look_further") else state.index
        return self.texts.say("progress", done=min(reached, total) if state.step != "goals" else total, total=total)

    def _correct(self, state: DialogueState, message: UserMessage) -> Turn:
        domains = find_domains(message.text, self.instrument, message.entities)
        if not domains or state.measurement_id is None:
            return self._ask(state, Reply(self.texts.say("correction_unclear")), events=["correction_unclear"])
        key = domains[0]
        score = read_score(self._without_domain_words(message.text, key)) or self._score_entity(message)
        if score is None:
            label = self.questions.label(key)
            return self._ask(
                state.interrupted_by("correction", correction_domain=key),
                Reply(self.texts.say("correction_ask", label=label)),
                events=["correction_asked"],
            )
        self.store.record_domain_status(state.measurement_id, key, "answered", score)
        return self._ask(state, self._correction_done(key, score), events=["corrected"])

    def _correction_done(self, key: str, score: int) -> Reply:
        step = scale()[score - 1]
        return Reply(
            self.texts.say("correction_done", label=self.questions.label(key), emoji=step.emoji, score_label=step.label.lower())
        )

    def _without_domain_words(self, text: str, key: str) -> str:
        domain = self.instrument.domain(key)
        padded = f" {normalise(text)} "
        for word in sorted((domain.key.replace("_", " "), normalise(domain.label), *domain.words), key=len, reverse=True):
            padded = padded.replace(f" {normalise(word)} ", " ")
        return padded

    # --- before consent --------------------------------------------------------------
    def _start(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        if self.store.has_consent(participant_id):
            return self._resume_from_store(participant_id)
        say = self.texts.say
        return self._ask(
            DialogueState(step="consent"), Reply(say("welcome")), Reply(say("consent_explanation")), events=["welcomed"]
        )

    def _consent(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        say = self.texts.say
        if message.intent in ("greet", "resume"):  # came back before answering: welcome again
            return self._start(participant_id, DialogueState(), message)
        answer = self._yes_or_no(message)
        if answer is True:
            self.store.give_consent(participant_id)
            measurement_id = self.store.open_measurement(participant_id, self.instrument)
            new_state = DialogueState(step="life_rating", measurement_id=measurement_id)
            return self._ask(
                new_state, Reply(say("consent_given")), Reply(say("life_rating_explanation")), events=["consent_given"]
            )
        if answer is False:
            return Turn(
                [Reply(say("consent_refused")), Reply(say("consent_refused_next"))],
                DialogueState(step="declined"),
                ["consent_refused"],
            )
        return Turn([Reply(say("consent_reask"), self.questions.yes_no())], state.failed_again(), ["not_understood"])

    def _declined(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        if self._yes_or_no(message) is True or message.intent == "greet":
            return self._start(participant_id, DialogueState(), message)
        return self._ask(state, events=["still_declined"])

    def _resume_from_store(self, participant_id: str) -> Turn:
        """The tracker was lost but the answers were not: pick up at the first open question
        (or at the end, when the last board is complete: a new one starts only with "opnieuw")."""
        measurements = self.store.export_participant(participant_id)["measurements"]
        if measurements and measurements[-1]["completed_at"]:
            done = DialogueState(step="done")
            return self._ask(
                done, Reply(self.texts.say("welcome_back", where=self.questions.where(done))), events=["resumed_from_store"]
            )
        measurement_id = self.store.open_measurement(participant_id, self.instrument)
        board = self.store.measurement(measurement_id)
        state = DialogueState(step="life_rating", measurement_id=measurement_id, order=list(self.instrument.keys))
        if board["life_rating"] is not None:
            open_domains = [i for i, d in enumerate(board["domains"]) if d["status"] == "open"]
            state = (
                state.with_changes(step="domain_score", index=open_domains[0])
                if open_domains
                else state.with_changes(step="goals", goals=len(board["goals"]))
            )
        return self._ask(
            state, Reply(self.texts.say("welcome_back", where=self.questions.where(state))), events=["resumed_from_store"]
        )

    # --- the board ----------------------------------------------------------------------
    def _life_rating(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        say = self.texts.say
        if self._means(message, "skip", SKIP_WORDS):
            return self._to_first_domain(state, events=["life_rating_skipped"])
        reading = read_rating(message.text)
        if reading.value is None:
            state = state.failed_again()
            problem = "life_rating_out_of_range" if reading.problem == "out_of_range" else "life_rating_not_understood"
            if message.intent == "dont_know" and self._confident(message):
                problem = "life_rating_help"
            extra = [Reply(say("life_rating_offer_buttons"))] if state.failures >= 2 else []
            return self._ask(state, Reply(say(problem)), *extra, events=["rating_not_understood"])
        self.store.set_life_rating(state.measurement_id, reading.value)
        return self._to_first_domain(state, Reply(say("life_rating_stored", rating=reading.value)), events=["life_rating_stored"])

    def _to_first_domain(self, state: DialogueState, *before: Reply, events=()) -> Turn:
        return self._ask(state.asking("first_domain"), *before, Reply(self.texts.say("first_domain_explanation")), events=events)

    def _first_domain(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        say = self.texts.say
        chosen = find_domains(message.text, self.instrument, message.entities)
        before = []
        if not chosen:
            undecided = message.intent in ("dont_know", "skip") and self._confident(message)
            if not undecided and state.failures + 1 < MAX_FAILURES:
                return self._ask(
                    state.failed_again(), Reply(say("first_domain_not_understood")), events=["domain_not_understood"]
                )
            before.append(Reply(say("first_domain_dont_know")))
        order = chosen + [key for key in self.instrument.keys if key not in chosen]
        next_state = state.asking("domain_score", index=0, order=order)
        return self._ask(next_state, *before, Reply(say("score_explanation")), events=["first_domain_chosen"])

    def _read_domain_answer(self, message: UserMessage):
        """('answered', score), ('not_applicable',), ('skipped',), ('dont_know',) or None."""
        if self._means(message, "not_applicable", NOT_APPLICABLE_WORDS):
            return ("not_applicable",)
        if self._means(message, "skip", SKIP_WORDS):
            return ("skipped",)
        score = read_score(message.text) if not message.is_button else None
        score = score or self._score_entity(message)
        if score is not None:
            return ("answered", score)
        if self._means(message, "dont_know", {"weet ik niet", "geen idee", "weet niet"}):
            return ("dont_know",)
        return None

    def _score_entity(self, message: UserMessage) -> Optional[int]:
        value = message.entity("score")
        return int(value) if value in ("1", "2", "3", "4", "5") else None

    def _domain_score(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        say = self.texts.say
        key = state.domain
        answer = self._read_domain_answer(message)
        if answer is None or answer[0] == "dont_know":
            return self._domain_not_answered(state, key, answer)
        status, score = answer[0], (answer[1] if len(answer) > 1 else None)
        self.store.record_domain_status(state.measurement_id, key, status, score)
        if status == "answered":
            step = scale()[score - 1]
            stored = Reply(say("score_stored", emoji=step.emoji, score_label=step.label.lower()))
            follow_up = "goes_well" if score >= 3 else "wish"
            return self._ask(state.asking(follow_up), stored, events=["score_stored"])
        return self._next_domain(state, Reply(say(f"{status}_stored")), events=[f"domain_{status}"])

    def _domain_not_answered(self, state: DialogueState, key: str, answer) -> Turn:
        say = self.texts.say
        state = state.failed_again()
        if answer is None and state.failures >= MAX_FAILURES:
            return self._next_domain(
                state, Reply(say("score_moved_on", label=self.questions.label(key))), events=["domain_left_open"]
            )
        if answer is not None:  # "weet ik niet": an example, and the choice to skip
            explanation = [
                Reply(say("score_dont_know", example=self.instrument.domain(key).example)),
                Reply(say("score_offer_skip")),
            ]
        else:
            explanation = [Reply(say("score_not_understood"))] + ([Reply(say("score_offer_skip"))] if state.failures >= 2 else [])
        return self._ask(state, *explanation, events=["score_not_understood" if answer is None else "dont_know"])

    def _own_words(self, message: UserMessage) -> Optional[str]:
        """The resident's answer verbatim, or None for 'niets' / 'weet ik niet' / skip."""
        if message.is_button or message.words in NOTHING_WORDS or normalise(message.text) in NOTHING_WORDS:
            return None
        text = (message.text or "").strip()
        return text[:MAX_TEXT_LENGTH] if text else None

    def _text_answer(self, state: DialogueState, message: UserMessage, field: str) -> List[Reply]:
        text = self._own_words(message)
        if text:
            self.store.record_domain_text(state.measurement_id, state.domain, field, text)
        if text and len(message.text.strip()) > MAX_TEXT_LENGTH:
            return [Reply(self.texts.say("text_too_long", limit=MAX_TEXT_LENGTH))]
        return []

    def _goes_well(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        notes = self._text_answer(state, message, "goes_well")
        if self.store.domain_score(state.measurement_id, state.domain) == 3:
            return self._ask(state.asking("wish"), *notes, events=["goes_well_stored"])
        return self._next_domain(state, *notes, events=["goes_well_stored"])

    def _wish(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        return self._next_domain(state, *self._text_answer(state, message, "wish"), events=["wish_stored"])

    def _next_domain(self, state: DialogueState, *before: Reply, events=()) -> Turn:
        if state.index == 0 and len(state.order) > 1:
            explanation = Reply(self.texts.say("look_further_explanation", count=len(state.order) - 1))
            return self._ask(state.asking("look_further"), *before, explanation, events=events)
        if state.index + 1 < len(state.order):
            return self._ask(state.asking("domain_score", index=state.index + 1), *before, events=events)
        return self._to_goals(state, *before, events=events)

    def _look_further(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        answer = self._yes_or_no(message)
        if answer is False:
            return self._to_goals(state, events=["only_first_domain"])
        if answer is None and state.failures + 1 < MAX_FAILURES:
            return self._ask(state.failed_again(), Reply(self.texts.say("look_further_help")), events=["not_understood"])
        return self._ask(state.asking("domain_score", index=1), events=["looking_further"])

    def _to_goals(self, state: DialogueState, *before: Reply, events=()) -> Turn:
        say = self.texts.say
        board = self.store.measurement(state.measurement_id)
        low = [self.questions.label(d["key"]) for d in board["domains"] if d["score"] is not None and d["score"] <= 2]
        intro = [Reply(say("goals_low_scores", labels=", ".join(low)))] if low else []
        next_state = state.asking("goals", goals=len(board["goals"]))
        if next_state.goals >= MAX_GOALS:
            return self._finish(next_state, *before, events=events)
        return self._ask(next_state, *before, *intro, Reply(say("goals_explanation")), events=events)

    def _goals(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        say = self.texts.say
        declined = (
            self._yes_or_no(message) is False
            or self._means(message, "dont_know", NOTHING_WORDS)
            or self._means(message, "skip", SKIP_WORDS)
        )
        if declined:
            before = [Reply(say("goals_none"))] if state.goals == 0 else []
            return self._finish(state, *before, events=["goals_done"])
        if self._yes_or_no(message) is True:
            return Turn([Reply(say("goals_question"))], state, ["goal_invited"])
        text = self._own_words(message)
        if text is None:
            return self._ask(state, events=["goal_empty"])
        domains = find_domains(text, self.instrument, message.entities)
        self.store.add_goal(state.measurement_id, text, domains[0] if domains else None)
        state = state.with_changes(goals=state.goals + 1, failures=0)
        if state.goals >= MAX_GOALS:
            return self._finish(state, events=["goal_stored", "goals_done"])
        return self._ask(state, events=["goal_stored"])

    def _finish(self, state: DialogueState, *before: Reply, events=()) -> Turn:
        self.store.complete_measurement(state.measurement_id)
        board = self.store.measurement(state.measurement_id)
        previous = self.store.previous_measurement(state.measurement_id)
        summary = self.summaries.replies(state.measurement_id, board, previous)
        asked = state.asking("training_consent")
        explanation = Reply(self.texts.say("training_explanation"))
        return self._ask(asked, *before, *summary, explanation, events=list(events) + ["completed"])

    def _training_consent(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        """May the conversation be used (anonymised) to train wijkteam workers? Unclear twice means no."""
        say = self.texts.say
        if self._means(message, "start_again", set()) or any(word in message.words for word in REPEAT_WORDS):
            return self._done(participant_id, state, message)
        answer = self._yes_or_no(message)
        if answer is None and state.failures + 1 < 2:
            return self._ask(state.failed_again(), Reply(say("training_consent_help")), events=["not_understood"])
        self.store.set_training_consent(participant_id, answer is True)
        done = state.asking("done")
        reply = Reply(say("training_yes" if answer is True else "training_no"))
        return self._ask(
            done, reply, Reply(say("done")), events=["training_consent_given" if answer else "training_consent_refused"]
        )

    def _done(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        if self._means(message, "start_again", set()) or any(word in message.words for word in REPEAT_WORDS):
            measurement_id = self.store.open_measurement(participant_id, self.instrument)
            new_state = DialogueState(step="life_rating", measurement_id=measurement_id)
            return self._ask(
                new_state,
                Reply(self.texts.say("repeat_start")),
                Reply(self.texts.say("life_rating_explanation")),
                events=["repeat_started"],
            )
        return self._ask(state, Reply(self.texts.say("done")), events=["done"])

    # --- interruptions -------------------------------------------------------------------
    def _correction(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        key = state.correction_domain
        answer = self._read_domain_answer(message)
        if answer is None or answer[0] == "dont_know":
            if state.failures + 1 >= MAX_FAILURES:
                return self._ask(state.resumed(), events=["correction_abandoned"])
            return self._ask(state.failed_again(), Reply(self.texts.say("score_not_understood")), events=["score_not_understood"])
        score = answer[1] if answer[0] == "answered" else None
        self.store.record_domain_status(state.measurement_id, key, answer[0], score)
        done = self._correction_done(key, score) if score else Reply(self.texts.say(f"{answer[0]}_stored"))
        return self._ask(state.resumed(), done, events=["corrected"])

    def _safety(self, state: DialogueState, danger: str) -> Turn:
        messages = safety_content()["messages"]
        replies = [Reply(messages["numbers"])]
        if danger == "danger_at_home":
            replies.append(Reply(messages["danger_at_home"]))
        replies.append(Reply(messages["care"]))
        return self._ask(state.interrupted_by("safety_check"), *replies, events=[f"safety_{danger}"])

    def _safety_check(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        resumed = state.resumed()
        if resumed.step == "start":
            return self._start(participant_id, resumed, message)
        if self._yes_or_no(message) is True:
            return self._ask(resumed, events=["resumed_after_safety"])
        paused = safety_content()["messages"]["paused"]
        return Turn([Reply(paused)], resumed.with_changes(paused=True), ["paused_after_safety"])

    def _confirm_forget(self, participant_id: str, state: DialogueState, message: UserMessage) -> Turn:
        say = self.texts.say
        if self._yes_or_no(message) is True:
            self.store.forget_participant(participant_id)
            return Turn([Reply(say("forgotten")), Reply(say("forgotten_next"))], DialogueState(step="declined"), ["forgotten"])
        return self._ask(state.resumed(), Reply(say("forget_cancelled")), events=["forget_cancelled"])

    # --- helpers -----------------------------------------------------------------------
    _confident = staticmethod(confident)
    _yes_or_no = staticmethod(yes_or_no)

    @classmethod
    def _means(cls, message: UserMessage, intent: str, words: set) -> bool:
        return (
            (message.intent == intent and cls._confident(message)) or message.words in words or normalise(message.text) in words
        )
