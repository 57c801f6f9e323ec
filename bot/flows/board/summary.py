"""What a resident sees at the end of a board, and what every party sees when comparing: the
overview in words, the change since last time (in words, never the scale's numbers), the goals
and how the earlier ones went, the perspectives side by side, and the picture and PDF."""

from typing import Dict, List, Optional

from bot.content import Instrument, Texts, load_instrument, load_perspective_styles
from bot.flows.replies import Attachment, Reply
from bot.storage.records import Board

DIFFERENCE_STEPS = 2  # perspectives this many points apart are named, with a question


def domain_line(board: Board, key: str, instrument: Instrument, texts: Texts) -> str:
    entry = board.domain(key)
    label = instrument.domain(key).label
    if entry.status == "answered" and entry.score is not None:
        point = instrument.scale.point(entry.score)
        return f"{point.emoji} {label}: {point.phrase}"
    return f"– {label}: {texts.say('status_' + entry.status)}"


def overview(board: Board, instrument: Instrument, texts: Texts) -> str:
    lines = [texts.say("summary_intro")]
    if board.life_rating is not None:
        lines.append(texts.say("summary_life_rating", rating=board.life_rating))
    lines += [domain_line(board, entry.key, instrument, texts) for entry in board.domains]
    return "\n".join(lines)


def topic_lines(instrument: Instrument, keys: List[str], numbered: bool = False) -> str:
    """Topics one per line, by their labels: a topic's own name may hold a comma ("Werk, school en
    dagbesteding"), so a list in one sentence would not show where one ends."""
    return "\n".join(f"{f'{place}.' if numbered else '-'} {instrument.domain(key).label}" for place, key in enumerate(keys, 1))


def topics_text(
    texts: Texts, key: str, instrument: Instrument, keys: List[str], numbered: bool = False, perspective: str = "inwoner"
) -> str:
    """The text `key` naming topics: one within the sentence (`<key>_one`, as `perspective` speaks of
    it), more one per line."""
    if len(keys) == 1:
        return texts.say(f"{key}_one", topic=instrument.topic(keys[0], perspective))
    return texts.say(key, topics=topic_lines(instrument, keys, numbered))


def talk_about_line(board: Board, instrument: Instrument, texts: Texts) -> Optional[str]:
    marked = board.talk_about
    if not marked:
        return None
    ranked = any(entry.talk_rank for entry in marked)
    return topics_text(texts, "summary_talk_about", instrument, [entry.key for entry in marked], numbered=ranked)


def goals_text(board: Board, texts: Texts) -> Optional[str]:
    if not board.goals:
        return None
    lines = [texts.say("summary_goals")]
    for number, goal in enumerate(board.goals, 1):
        lines.append(f"{number}. {goal.text}")
    return "\n".join(lines)


def reviews_text(previous: Optional[Board], texts: Texts) -> Optional[str]:
    reviewed = [goal for goal in (previous.goals if previous else []) if goal.review]
    if not reviewed:
        return None
    return "\n".join(
        [texts.say("summary_goal_reviews")] + [f"• {goal.text}: {texts.say('review_' + str(goal.review))}" for goal in reviewed]
    )


def changes_text(board: Board, previous: Board, instrument: Instrument, texts: Texts) -> str:
    before = {entry.key: entry.score for entry in previous.domains}
    lines = [texts.say("summary_changes_intro")]
    if board.life_rating is not None and previous.life_rating is not None and board.life_rating != previous.life_rating:
        lines.append(f"{texts.say('where_life_rating').capitalize()}: {previous.life_rating} → {board.life_rating}")
    for entry in board.domains:
        old, new = before.get(entry.key), entry.score
        if old is not None and new is not None and old != new:
            word = texts.say("change_better" if new > old else "change_worse")
            lines.append(f"{instrument.domain(entry.key).label}: {word}")
    return "\n".join(lines) if len(lines) > 1 else texts.say("summary_no_changes")


def comparison(boards: List[Board], texts: Texts, viewer: str = "inwoner") -> List[Reply]:
    """Per domain the perspectives side by side; every domain where two differ by DIFFERENCE_STEPS
    or more is named with an open, non-judging question. `boards` holds the resident's first;
    `viewer` is the perspective of who reads it (named "jij")."""
    if len(boards) < 2:
        return []
    instrument = load_instrument(boards[0].instrument)
    styles = load_perspective_styles()
    lines = [texts.say("compare_intro")]
    differing = []
    names = {perspective: style.name for perspective, style in styles.items()}
    names[viewer] = texts.say("who_you")
    if viewer != "inwoner":  # for a naaste the resident is "je naaste"
        names["inwoner"] = instrument.perspective(viewer).who or names["inwoner"]
    for domain in instrument.domains:
        views, values = [], []
        for board in boards:
            entry = board.domain(domain.key)
            if entry.status == "answered" and entry.score is not None:
                who = names[board.perspective]
                views.append(texts.say("compare_view", who=who, emoji=instrument.scale.point(entry.score).emoji))
                values.append(entry.score)
        if len(views) >= 2:
            lines.append(texts.say("compare_line", label=domain.label, views=" · ".join(views)))
            if instrument.scale.steps_between(min(values), max(values)) >= DIFFERENCE_STEPS:
                differing.append(domain)
    if not differing:
        return [Reply("\n".join(lines)), Reply(texts.say("compare_no_differences"))]
    questions = [texts.say("compare_differences")] + [
        f"• {texts.say('compare_question', label=domain.label)}" for domain in differing
    ]
    return [Reply("\n".join(lines)), Reply("\n".join(questions))]


def round_boards(all_boards: List[Board], resident_board: Board) -> List[Board]:
    """The resident's board and every other perspective's view of the same round, resident first."""
    others = [b for b in all_boards if b.perspective != "inwoner" and b.round == resident_board.number]
    return [resident_board] + sorted(others, key=lambda board: (board.perspective, board.number))


def picture_snapshot(board: Board) -> Dict[str, object]:
    """What the picture of a board kept in memory needs: no free text, nothing else."""
    return {
        "instrument": board.instrument,
        "life_rating": board.life_rating,
        "domains": [[entry.key, entry.status, entry.score, entry.talk_about] for entry in board.domains],
    }


def attachments(board: Board, texts: Texts) -> List[Reply]:
    if board.id is not None and board.id > 0:
        return [
            Reply(texts.say("summary_image"), attachment=Attachment("board_picture", board_id=board.id)),
            Reply(texts.say("summary_pdf"), attachment=Attachment("board_pdf", board_id=board.id)),
        ]
    return [
        Reply(texts.say("summary_image"), attachment=Attachment("board_picture", snapshot=picture_snapshot(board))),
        Reply(texts.say("summary_memory_only")),
    ]
