"""Team reflection (/teamreflectie): a team goes through the ten challenging questions of integraal
werken (bot/content/practice/team_reflection.yml), one at a time, answering together in their own
words. The answers are kept for the trainer only if the team agrees.

Steps of the practice record: team_consent -> team_question (data["team"]["index"] the question).
"""

from functools import cache
from typing import List, Optional, Tuple

from pydantic import BaseModel, ValidationError, validator

from bot.content import ContentError, Texts
from bot.flows.context import FlowContext
from bot.flows.practice.lexicon import PRACTICE_DIR
from bot.flows.replies import Button, Reply
from bot.storage.records import ConversationRecord
from bot.understanding.lexicon import parse
from bot.understanding.reading import read_yes_no

QUESTIONS_FILE = PRACTICE_DIR / "team_reflection.yml"
QUESTION_COUNT = 10
MIN_ANSWER_WORDS = 3
SKIP_WORDS = {"volgende", "sla over", "overslaan", "skip", "next", "door"}
STOP_WORDS = {"stop", "stoppen", "klaar", "einde", "genoeg"}


class Question(BaseModel):
    key: str
    theme: str
    text: str

    class Config:
        extra = "forbid"

    @validator("text")
    def _clean(cls, value: str) -> str:
        return " ".join(value.split())


class TeamQuestions(BaseModel):
    title: str
    questions: Tuple[Question, ...]

    class Config:
        extra = "forbid"

    @validator("questions")
    def _ten(cls, value: Tuple[Question, ...]) -> Tuple[Question, ...]:
        if len(value) != QUESTION_COUNT or len({q.key for q in value}) != QUESTION_COUNT:
            raise ValueError(f"needs exactly {QUESTION_COUNT} questions with their own keys")
        return value


@cache
def team_questions() -> TeamQuestions:
    try:
        return parse(TeamQuestions, QUESTIONS_FILE)
    except ValidationError as error:  # pragma: no cover - parse reports pydantic errors itself
        raise ContentError(f"{QUESTIONS_FILE}: {error}") from None


class TeamReflection:
    """The team reflection's steps inside the practice flow's record."""

    def __init__(self, texts: Texts):
        self.texts = texts

    def start(self, ctx: FlowContext, record: ConversationRecord) -> None:
        record.step, record.failures = "team_consent", 0
        record.data = {"team": {"index": 0, "answered": 0, "reflection_id": None}}
        ctx.activate(record)
        ctx.say(Reply(self.texts.say("team_welcome")), *self.ask(record))
        ctx.happened("team_started")

    def ask(self, record: ConversationRecord) -> List[Reply]:
        say = self.texts.say
        if record.step == "team_consent":
            return [Reply(say("team_consent"), (Button(say("button_yes"), "yes"), Button(say("button_no"), "no")))]
        team = record.data.get("team") or {}
        questions = team_questions().questions
        index = int(team.get("index", 0))
        question = questions[min(index, len(questions) - 1)]
        buttons = (Button(say("button_next"), "team:next"), Button(say("button_stop"), "team:stop"))
        return [Reply(say("team_question", number=index + 1, total=len(questions), question=question.text), buttons)]

    def handle(self, ctx: FlowContext, record: ConversationRecord, leave) -> None:
        team = record.data.setdefault("team", {"index": 0, "answered": 0, "reflection_id": None})
        if record.step == "team_consent":
            self._consent(ctx, record, team)
            return
        message = ctx.message
        words = message.words
        choice = message.choice or ""
        if choice == "team:stop" or words in STOP_WORDS or (message.command or "").startswith("stop"):
            self._finish(ctx, record, team, leave, stopped=True)
            return
        if choice == "team:next" or words in SKIP_WORDS:
            ctx.say(Reply(self.texts.say("team_skipped")))
            self._next(ctx, record, team, leave)
            return
        if len(words.split()) < MIN_ANSWER_WORDS:
            ctx.say(Reply(self.texts.say("team_too_short")))
            return
        question = team_questions().questions[int(team["index"])]
        if team.get("reflection_id") is not None:
            ctx.store.practice.add_team_answer(int(team["reflection_id"]), question.key, question.text, message.text)
        team["answered"] = int(team.get("answered", 0)) + 1
        ctx.say(Reply(self.texts.say("team_answer_thanks")))
        ctx.happened("team_answered")
        self._next(ctx, record, team, leave)

    def _consent(self, ctx: FlowContext, record: ConversationRecord, team: dict) -> None:
        answer = read_yes_no(ctx.message)
        if answer is None:
            record.failures += 1
            ctx.say(Reply(self.texts.say("team_consent_reask")), *self.ask(record))
            return
        if answer:
            team["reflection_id"] = ctx.store.practice.open_team_reflection(ctx.participant_id)
        ctx.say(Reply(self.texts.say("team_consent_yes" if answer else "team_consent_no")))
        record.step = "team_question"
        ctx.say(*self.ask(record))
        ctx.happened("team_consent_yes" if answer else "team_consent_no")

    def _next(self, ctx: FlowContext, record: ConversationRecord, team: dict, leave) -> None:
        team["index"] = int(team["index"]) + 1
        if team["index"] >= len(team_questions().questions):
            self._finish(ctx, record, team, leave, stopped=False)
            return
        ctx.say(*self.ask(record))

    def _finish(self, ctx: FlowContext, record: ConversationRecord, team: dict, leave, stopped: bool) -> None:
        total = len(team_questions().questions)
        answered = int(team.get("answered", 0))
        replies = [Reply(self.texts.say("team_stopped" if stopped else "team_done", answered=answered, total=total))]
        reflection_id: Optional[int] = team.get("reflection_id")
        if reflection_id is not None:
            ctx.store.practice.finish_team_reflection(int(reflection_id))
            if answered:
                replies.append(Reply(self.texts.say("team_done_kept")))
        ctx.happened("team_finished")
        leave(ctx, record, replies)
