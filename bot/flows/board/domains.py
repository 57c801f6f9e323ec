"""One domain of the board: how it goes (a point of the scale, or skipped, or not applicable;
confirmed with one tap when the reading is unsure),
then the follow-up questions (what goes well, what should change), each skippable at once."""

from typing import Optional

from bot.flows import cursor
from bot.flows.board import last_time, questions, skipping, steps
from bot.flows.board.turn import MAX_FAILURES, BoardTurn
from bot.storage.records import DomainEntry
from bot.understanding.domains import echoes_topic
from bot.understanding.intents import is_nothing
from bot.understanding.reading import read_yes_no
from bot.understanding.scale_reader import CONFIRM_BELOW, ScaleReading, read_scale_answer

CHOICE_KINDS = {"skip": "skipped", "not_applicable": "not_applicable", "dont_know": "dont_know"}


def reading_of(turn: BoardTurn) -> ScaleReading:
    """A button for sure; typed words through the scale reader."""
    choice = turn.message.choice
    if choice is not None:
        if choice.startswith("score:"):
            value = int(choice.split(":", 1)[1])
            if value in turn.instrument.scale.values:
                return ScaleReading("score", value, 1.0, None)
        if choice in CHOICE_KINDS:
            return ScaleReading(CHOICE_KINDS[choice], None, 1.0, None)
        return ScaleReading("none", None, 0.0, None)
    if names_asked_topic(turn):  # "werk" at the question about werk: how it goes is still open
        return ScaleReading("none", None, 0.0, None)
    return read_scale_answer(turn.message, turn.instrument.scale)


def names_asked_topic(turn: BoardTurn) -> bool:
    """Typed words that only name the topic asked about (domain_score, a correction; none at a check-in)."""
    asked_about = questions.current_domain(turn)
    if not asked_about or turn.message.is_button:
        return False
    return echoes_topic(turn.message.text, turn.instrument, asked_about)


PROPOSE_FROM = 0.5  # a reading in the message that chose the first topic, proposed from this confidence
READ_IN_WORDS = ("term", "idiom", "pattern", "emoji", "scale", "number", "digit", "mixed")  # not the learned model's guess
STORY_WORDS = 6  # a message that chose the first topic with at least this many words tells something


def rated_in_words(reading: ScaleReading) -> bool:
    """A score read from the words themselves (a rating word, an idiom, an emoji), not the learned model's guess."""
    return (
        reading.kind == "score"
        and reading.basis.startswith(READ_IN_WORDS)
        and "learned_instead" not in reading.basis
        and "sarcasm" not in reading.basis
    )


def propose_from_choice(turn: BoardTurn, key: str) -> bool:
    """The message that chose the first topic may say how it goes ("het gaat echt slecht met geld,
    ik heb schulden"): a rating read in its words is proposed with one tap ("Over geld en rondkomen
    begrijp ik: 😞 heel slecht. Klopt dat?"), never stored unasked. The learned model alone never
    proposes here: it reads topic words as ratings ("mijn huis" is not 😀). A longer message without
    a rating ("mijn huis is vies en de buurman schreeuwt") is kept as the resident's words for that
    topic, and its question comes. False when the topic's question is to be asked."""
    text = turn.message.text
    if turn.message.is_button or echoes_topic(text, turn.instrument, key):
        return False
    reading = read_scale_answer(turn.message, turn.instrument.scale)
    if rated_in_words(reading) and reading.value is not None and reading.confidence >= PROPOSE_FROM:
        turn.record.pending = {"value": reading.value, "story": reading.story, "unasked": True}
        cursor.interrupt(turn.record, "confirm_score")
        turn.happened("score_to_confirm")
        return True
    if len(text.split()) >= STORY_WORDS:
        turn.require_board().domain(key).story = text.strip()[:5000]
        turn.say("story_kept_for_topic", topic=turn.topic(key))
    return False


def current_entry(turn: BoardTurn) -> DomainEntry:
    return turn.require_board().domain(turn.domain_key)


def domain_score(turn: BoardTurn) -> None:
    if turn.message.choice == skipping.SKIP_REST and skipping.offers_skip_rest(turn):
        steps.skip_rest(turn)
        return
    reading = last_time.read_against_last_time(turn, reading_of(turn))  # "hetzelfde" at a repeat measurement
    entry = current_entry(turn)
    value = reading.value if reading.kind == "score" else None  # a point of the scale, or a skip / n.a.
    if reading.kind == "none" and not turn.record.failures and names_asked_topic(turn):  # the topic we are on
        turn.failed()  # once: named again, it is an answer not understood (and the skip is offered)
        turn.say("score_topic_echo", topic=turn.topic(turn.domain_key))
        turn.happened("topic_echoed")
        return
    if value is None and reading.kind not in ("skipped", "not_applicable"):
        not_answered(turn, dont_know=reading.kind == "dont_know")
        return
    if not turn.message.is_button and reading.confidence < CONFIRM_BELOW:  # asked first, with one tap
        # "ik heb schulden" as well as "geen idee of dat voor mij geldt"
        turn.record.pending = {"value": value, "story": reading.story} if value is not None else {"kind": reading.kind}
        cursor.interrupt(turn.record, "confirm_score")
        turn.happened("score_to_confirm" if value is not None else f"{reading.kind}_to_confirm")
        return
    if value is not None:
        store_score(turn, entry, value, reading.story, typed=not turn.message.is_button)
    else:
        store_kind(turn, entry, reading.kind)


def store_kind(turn: BoardTurn, entry: DomainEntry, kind: str) -> None:
    """The domain skipped or not applicable: said back, then on to the next domain."""
    entry.set_status(kind)
    other = kind == "not_applicable" and not turn.is_resident  # a naaste or professional: not about themselves
    turn.say(f"{kind}_stored_other" if other else f"{kind}_stored")
    turn.happened(f"domain_{kind}")
    steps.next_domain(turn)


def not_answered(turn: BoardTurn, dont_know: bool) -> None:
    failures = turn.failed()
    key = turn.domain_key
    if not dont_know and failures >= MAX_FAILURES:
        turn.say("score_moved_on", topic=turn.topic(key))
        turn.happened("domain_left_open")
        steps.next_domain(turn)
        return
    if dont_know:  # "weet ik niet": what the domain is about, and the choice to skip
        turn.say("score_dont_know", example=turn.example(key))
        turn.say("score_offer_skip")
        turn.happened("dont_know")
        return
    turn.say("score_not_understood")
    if failures >= 2:
        turn.say("score_offer_skip")
    turn.happened("score_not_understood")


def acknowledge(turn: BoardTurn, value: int, typed: bool, key: Optional[str] = None) -> None:
    """What the resident hears after a score of `key` (the topic asked): the reading when they typed
    it, and a human line; at a repeat measurement whether it is better or worse than last time."""
    point = turn.point(value)
    values = turn.instrument.scale.values
    position = values.index(value) / max(1, len(values) - 1)
    if typed:
        turn.say("score_understood", emoji=point.emoji, phrase=point.phrase)
    last = last_time.last_score(turn, key or turn.domain_key) if turn.is_resident else None
    if last is not None and value != last:  # a repeat measurement: better or worse than last time
        turn.say("score_ack_better" if value > last else "score_ack_worse")
        return
    turn.say("score_ack_low" if position < 0.3 else "score_ack_high" if position > 0.7 else "score_ack_middle")


def words_added(earlier: Optional[str], words: str) -> str:
    """New words after those told earlier (when the topic was chosen, or at the life rating), unless
    those hold them already."""
    if not earlier:
        return words
    return earlier if words in earlier else f"{earlier} / {words}"


def store_score(turn: BoardTurn, entry: DomainEntry, value: int, story: Optional[str], typed: bool) -> None:
    told_first = entry.story if entry.status == "open" else None  # kept when the topic was chosen (propose_from_choice)
    entry.set_status("answered", value)
    if story:  # a new answer's words replace an earlier answer's; words told when choosing the topic stay
        entry.story = words_added(told_first, story)[:5000]
    if turn.is_resident or typed:
        acknowledge(turn, value, typed)
    if story:
        turn.say("story_kept")
    turn.happened("score_stored")
    if turn.follow_ups:
        turn.record.counters["follow_up"] = 0
        turn.go("follow_up")
    else:
        steps.next_domain(turn)


def confirm_score(turn: BoardTurn) -> None:
    pending = turn.record.pending or {}
    choice = turn.message.choice or ""
    cursor.resume(turn.record)  # back at the domain's question
    if choice.startswith("score:"):
        store_score(turn, current_entry(turn), int(choice.split(":", 1)[1]), pending.get("story"), typed=False)
        return
    answer = read_yes_no(turn.message)
    if answer is True and "value" in pending:
        store_score(turn, current_entry(turn), int(pending["value"]), pending.get("story"), typed=False)
        turn.happened("score_confirmed")
        return
    if answer is True and pending.get("kind") in ("skipped", "not_applicable"):
        store_kind(turn, current_entry(turn), str(pending["kind"]))
        turn.happened(f"{pending['kind']}_confirmed")
        return
    keep_words_told(current_entry(turn), pending.get("story"))  # the smiley was wrong, not the words
    if answer is False:
        turn.happened("score_not_confirmed")
        return  # the domain's question again
    domain_score(turn)  # a new answer in other words


def keep_words_told(entry: DomainEntry, story: Optional[str]) -> None:
    """The words of an answer whose reading was not confirmed ("gaat wel, ben 58 en het tillen wordt
    zwaar", then "nee, gaat wel"): kept for the domain while it is open, as the words told when the
    topic was chosen are, so the next answer adds its own to them (store_score)."""
    if story and entry.status == "open":
        entry.story = words_added(entry.story, story)[:5000]


def follow_up(turn: BoardTurn) -> None:
    entry = current_entry(turn)
    choice = turn.message.choice
    if choice == "next":
        turn.happened("follow_ups_skipped")
        steps.next_domain(turn)
        return
    if choice == "talk_about":
        entry.talk_about = True
        turn.say("talk_about_marked")
        turn.happened("talk_about_marked")
        return
    question = turn.follow_up()
    if question is None:
        steps.next_domain(turn)
        return
    text = None if (choice is not None or is_nothing(turn.message)) else turn.own_words()
    if text:
        setattr(entry, question.key, text)
        turn.happened(f"{question.key}_stored")
    turn.record.counters["follow_up"] = turn.record.count("follow_up") + 1
    if turn.follow_up() is None:
        steps.next_domain(turn)
    else:
        turn.record.failures = 0
