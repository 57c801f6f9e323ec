"""The board conversation for every perspective: the resident's own board, and the professional's and
the naaste's view of it. One turn: what the message asks of the conversation itself (a command),
or the answer to the open question; then the next open question."""

from typing import Callable, Dict, List, Optional

from bot.content import Contacts, Texts, load_contacts, load_texts
from bot.flows.board import check_in, commands, domains, perspectives, questions, resident, wrap_up
from bot.flows.board.turn import RESIDENT, BoardTurn
from bot.flows.context import FlowContext
from bot.flows.replies import Reply
from bot.storage.records import ConversationRecord
from bot.understanding.languages import unspoken_language

Step = Callable[[BoardTurn], None]

STEPS: Dict[str, Step] = {
    "start": resident.start,
    "consent": resident.consent,
    "life_rating": resident.life_rating,
    "rating_reason": resident.rating_reason,
    "rating_next": resident.rating_next,
    "first_domain": resident.first_domain,
    "domain_score": domains.domain_score,
    "confirm_score": domains.confirm_score,
    "follow_up": domains.follow_up,
    "look_further": resident.look_further,
    "priorities": wrap_up.priorities,
    "goal_review": wrap_up.goal_review,
    "goals": wrap_up.goals,
    "goal_own_step": wrap_up.goal_own_step,
    "goal_helper": wrap_up.goal_helper,
    "network_people": wrap_up.network_people,
    "network_professionals": wrap_up.network_professionals,
    "appointments": wrap_up.appointments,
    "conflicting_advice": wrap_up.conflicting_advice,
    "one_contact": wrap_up.one_contact,
    "follow_up_consent": wrap_up.follow_up_consent,
    "training_consent": wrap_up.training_consent,
    "done": wrap_up.done,
    "naaste_consent": perspectives.naaste_consent,
    "perspective_goals": perspectives.perspective_goals,
    "correction": commands.correction,
    "callback_offer": commands.callback_offer,
    "callback_contact": commands.callback_contact,
    "callback_phone": commands.callback_phone,
    "check_in_heard": check_in.heard,
    "check_in_goal": check_in.goal,
    "check_in_other": check_in.other,
    "check_in_repeat": check_in.repeat_offer,
}
STEPS_WITHOUT_BOARD = ("start", "consent", "naaste_consent")


class BoardFlow:
    name = "board"

    def __init__(self, texts: Optional[Texts] = None, contacts: Optional[Contacts] = None):
        self.texts = texts or load_texts("board")
        self.contacts = contacts or load_contacts()

    def turn(self, ctx: FlowContext, record: ConversationRecord) -> BoardTurn:
        return BoardTurn(ctx, record, self.texts, self.contacts)

    # --- entering ------------------------------------------------------------------------------------
    def new_resident_record(self, ctx: FlowContext) -> ConversationRecord:
        """The resident's own conversation: from the start, or from what was stored before."""
        record = ConversationRecord(participant_id=ctx.participant_id, role=RESIDENT, flow=self.name, step="start")
        ctx.activate(record)
        if ctx.store.consent(ctx.participant_id) is not None:
            turn = self.turn(ctx, record)
            resident.resume_from_store(turn)
            turn.say_text(questions.welcome_back(turn))
            ctx.say(*questions.ask(turn))
        return record

    def start_perspective(self, ctx: FlowContext, role: str, typed_code: str) -> bool:
        """`/professional CODE` or `/naaste CODE`; False (with one clear line) when the code cannot be used."""
        record = perspectives.start(ctx, role, typed_code, self.texts)
        if record is None:
            return False
        turn = self.turn(ctx, record)
        if record.step == "done":
            perspectives.already_done(turn)
        ctx.say(*questions.ask(turn))
        return True

    # --- what the resident did not ask for: a check-in, the reminder (bot/flows/board/check_in.py) ----------
    def start_unasked(self, ctx: FlowContext, kind: str, message_id: Optional[int] = None) -> str:
        """started | waiting (not at the end of the board) | not_needed; started: the first question is said."""
        status, turn = check_in.start_unasked(ctx, kind, message_id, self.turn)
        if status == check_in.STARTED and turn is not None:
            ctx.say(*questions.ask(turn))
        return status

    def check_in_on_visit(self, ctx: FlowContext, record: Optional[ConversationRecord]) -> bool:
        """A due check-in shown instead of the answer to a greeting (the web chat's next visit)."""
        turn = check_in.on_visit(ctx, record, self.turn)
        if turn is not None:
            ctx.say(*questions.ask(turn))
        return turn is not None

    # --- one turn ------------------------------------------------------------------------------------
    def handle(self, ctx: FlowContext, record: ConversationRecord) -> None:
        turn = self.turn(ctx, record)
        if record.board_id is not None and turn.board is None and record.step not in STEPS_WITHOUT_BOARD:
            self._board_gone(turn)
            return
        if ctx.message.is_button and ctx.message.choice not in record.offered:
            turn.say("stale_button")
            turn.happened("stale_button")
        else:
            command = commands.command_of(turn)
            if command:
                commands.run(turn, command)
                understood = command != "out_of_scope"
            else:
                understood = self._answer(turn)
            if not understood:
                self._only_dutch(turn)
        if not turn.quiet and record in ctx.records:
            ctx.say(*questions.ask(self.turn(ctx, record)))

    @staticmethod
    def _answer(turn: BoardTurn) -> bool:
        """The open question's own handler; an answer it could not use and passed over in silence
        gets the question's explanation before the question comes again. False: not understood."""
        record, said = turn.record, len(turn.ctx.replies)
        step, failures = record.step, record.failures
        STEPS[step](turn)
        not_understood = record.step == step and record.failures > failures
        if not_understood and len(turn.ctx.replies) == said and questions.help_key(step) in turn.texts:
            turn.say(questions.help_key(step))
        return not not_understood

    @staticmethod
    def _only_dutch(turn: BoardTurn) -> None:
        """Someone who writes English, Polish, Turkish, Arabic or Ukrainian and was not understood:
        once, in their language, that the assistant speaks only Dutch and how to reach the wijkteam."""
        language = None if turn.record.count("only_dutch") else unspoken_language(turn.message.text)
        if language is None:
            return
        turn.record.counters["only_dutch"] = 1
        turn.ctx.say(Reply(language.line.format(phone=turn.contacts.phone), language=language.code))
        turn.happened("only_dutch")

    @staticmethod
    def expects_free_text(record: ConversationRecord) -> bool:
        return record.step in commands.FREE_TEXT_STEPS

    def ask(self, ctx: FlowContext, record: ConversationRecord) -> List[Reply]:
        """The open question of `record` again (after an interruption elsewhere)."""
        return questions.ask(self.turn(ctx, record))

    def welcome_back(self, ctx: FlowContext, record: ConversationRecord) -> str:
        return questions.welcome_back(self.turn(ctx, record))

    def _board_gone(self, turn: BoardTurn) -> None:
        """The resident was forgotten while someone filled in their view: end that conversation."""
        turn.say("perspective_board_gone")
        turn.ctx.drop(turn.record)
        turn.happened("board_gone")
