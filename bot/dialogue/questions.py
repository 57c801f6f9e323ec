"""How each open question is asked, explained and pointed to. Texts come from bot/content/."""

from typing import Callable, List, Optional, Tuple

from bot.content import Instrument, Texts
from bot.dialogue.messages import Button, Reply
from bot.dialogue.state import DialogueState
from bot.understanding.safety import safety_content
from bot.understanding.scores import scale

MAX_GOALS = 3


class Questions:
    def __init__(self, instrument: Instrument, texts: Texts, practice: Optional[Callable[[DialogueState], List[Reply]]] = None):
        self.instrument = instrument
        self.texts = texts
        self.practice = practice  # asks the open question of a practice step (bot.practice)

    # --- buttons -------------------------------------------------------------------
    def yes_no(self, yes_key: str = "button_yes", no_key: str = "button_no") -> Tuple[Button, ...]:
        return (Button(self.texts.say(yes_key), "/affirm"), Button(self.texts.say(no_key), "/deny"))

    def smiley_buttons(self) -> Tuple[Button, ...]:
        scores = tuple(Button(f"{s.emoji} {s.label}", f'/rate_domain{{"score":"{s.score}"}}') for s in scale())
        return scores + (
            Button(self.texts.say("button_not_applicable"), "/not_applicable"),
            Button(self.texts.say("button_skip"), "/skip"),
        )

    def domain_buttons(self) -> Tuple[Button, ...]:
        return tuple(Button(d.label, f'/choose_domain{{"domain":"{d.key}"}}') for d in self.instrument.domains)

    # --- asking ----------------------------------------------------------------------
    def ask(self, state: DialogueState) -> List[Reply]:
        """The open question of `state`, as its last message, with its buttons."""
        say = self.texts.say
        step = state.step
        if state.practising:
            return self.practice(state) if self.practice else []
        if step == "consent":
            return [Reply(say("consent_question"), self.yes_no())]
        if step == "declined":
            return [Reply(say("consent_refused_next"))]
        if step == "life_rating":
            buttons = tuple(Button(str(n), str(n)) for n in range(11))
            if state.failures >= 2:
                buttons += (Button(say("life_rating_skip"), "/skip"),)
            return [Reply(say("life_rating_question"), buttons)]
        if step == "first_domain":
            return [Reply(say("first_domain_question"), self.domain_buttons())]
        if step in ("domain_score", "correction"):
            key = state.correction_domain if step == "correction" else state.domain
            return [Reply(self.instrument.domain(key).question, self.smiley_buttons())]
        if step == "goes_well":
            return [Reply(say("goes_well_question", label=self.label(state.domain)), (Button(say("button_skip"), "/skip"),))]
        if step == "wish":
            return [Reply(say("wish_question", label=self.label(state.domain)), (Button(say("button_skip"), "/skip"),))]
        if step == "look_further":
            return [Reply(say("look_further_question"), self.yes_no("button_look_further_yes", "button_look_further_no"))]
        if step == "goals":
            if state.goals == 0:
                return [Reply(say("goals_question"), (Button(say("button_dont_know_yet"), "/dont_know"),))]
            return [Reply(say("goals_more_question"), (Button(say("button_goals_done"), "/deny"),))]
        if step == "training_consent":
            return [Reply(say("training_question"), self.yes_no("button_training_yes", "button_training_no"))]
        if step == "done":
            return [Reply(say("done_question"))]
        if step == "confirm_forget":
            return [Reply(say("forget_question"), self.yes_no("button_forget_yes", "button_no"))]
        if step == "safety_check":
            messages = safety_content()["messages"]
            return [
                Reply(
                    messages["continue_question"],
                    (Button(messages["continue_yes"], "/affirm"), Button(messages["continue_no"], "/deny")),
                )
            ]
        return []

    def help(self, state: DialogueState) -> List[Reply]:
        """An explanation with an example, then the same question again."""
        say = self.texts.say
        step = state.step
        if step in ("domain_score", "correction"):
            key = state.correction_domain if step == "correction" else state.domain
            explanation = say("score_help", example=self.instrument.domain(key).example)
        elif step in ("life_rating", "first_domain", "goes_well", "wish", "look_further", "goals", "training_consent"):
            explanation = say(f"{step}_help")
        else:
            explanation = say("consent_explanation") if step == "consent" else say("welcome")
        return [Reply(explanation)] + self.ask(state)

    def where(self, state: DialogueState) -> str:
        """A few words that remind the resident where they were."""
        say = self.texts.say
        if state.step in ("domain_score", "goes_well", "wish"):
            return say("where_domain", label=self.label(state.domain), number=state.index + 1, total=len(state.order))
        if state.step in ("life_rating", "first_domain", "look_further", "goals", "training_consent", "done"):
            return say(f"where_{state.step}")
        return say("where_life_rating")

    def label(self, key: str) -> str:
        return self.instrument.domain(key).label
