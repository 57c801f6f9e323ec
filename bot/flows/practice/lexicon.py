"""The practice mode's own content besides the personas, checked when loaded: the worker-move
training examples (bot/content/practice/moves.yml), the jargon lexicon (jargon.yml) and the cues
over a worker's line (cues.yml)."""

import re
from functools import cache
from pathlib import Path
from typing import Dict, List, Tuple

from pydantic import validator

from bot.content.loader import CONTENT_DIR
from bot.content.validation import StrictModel, compiled_pattern, parse
from bot.understanding.text import fold

PRACTICE_DIR = CONTENT_DIR / "practice"
ACTS = (
    "open_question",
    "closed_question",
    "double_question",
    "leading_question",
    "reflection",
    "summary",
    "advice",
    "introduce",
    "closing",
)
QUESTION_ACTS = ("open_question", "closed_question", "double_question", "leading_question")
AIMS = (
    "wish",
    "strength",
    "network",
    "feeling",
    "understanding",
    "safety",
    "confidentiality",
    "secrecy",
    "will_tell",
    "honest_limit",
    "judgement",
    "agreement",
    "rating",
    "reason",
)
MIN_EXAMPLES_PER_ACT = 20


class MoveExamples(StrictModel):
    acts: Dict[str, List[str]]

    @validator("acts")
    def _every_act(cls, value: Dict[str, List[str]]) -> Dict[str, List[str]]:
        unknown = set(value) - set(ACTS)
        if unknown:
            raise ValueError(f"unknown acts {sorted(unknown)} (known: {', '.join(ACTS)})")
        thin = [act for act in ACTS if len(value.get(act) or ()) < MIN_EXAMPLES_PER_ACT]
        if thin:
            raise ValueError(f"acts with fewer than {MIN_EXAMPLES_PER_ACT} examples: {thin}")
        seen: Dict[str, str] = {}
        for act, examples in value.items():
            for example in examples:
                key = " ".join(fold(example).split())
                if key in seen and seen[key] != act:
                    raise ValueError(f"{example!r} is listed under {seen[key]} and {act}")
                seen[key] = act
        return value


class Jargon(StrictModel):
    terms: Dict[str, str]

    @validator("terms")
    def _plain(cls, value: Dict[str, str]) -> Dict[str, str]:
        empty = [term for term, plain in value.items() if not str(plain).strip()]
        if empty:
            raise ValueError(f"terms without a plain alternative: {empty}")
        return {" ".join(fold(term).split()): str(plain).strip() for term, plain in value.items()}


class Cues(StrictModel):
    broad: Tuple[str, ...]
    check_tags: Tuple[str, ...]
    closing: Tuple[str, ...]
    aims: Dict[str, Tuple[str, ...]]

    _broad = validator("broad", each_item=True, allow_reuse=True)(compiled_pattern)
    _tags = validator("check_tags", each_item=True, allow_reuse=True)(compiled_pattern)
    _closing = validator("closing", each_item=True, allow_reuse=True)(compiled_pattern)

    @validator("aims")
    def _known_aims(cls, value: Dict[str, Tuple[str, ...]]) -> Dict[str, Tuple[str, ...]]:
        unknown, missing = set(value) - set(AIMS), set(AIMS) - set(value)
        if unknown or missing:
            raise ValueError(f"aims must be {', '.join(AIMS)} (unknown {sorted(unknown)}, missing {sorted(missing)})")
        for patterns in value.values():
            for pattern in patterns:
                compiled_pattern(pattern)
        return value


@cache
def move_examples(path: Path = PRACTICE_DIR / "moves.yml") -> MoveExamples:
    return parse(MoveExamples, path)


@cache
def jargon() -> Jargon:
    return parse(Jargon, PRACTICE_DIR / "jargon.yml")


@cache
def cues() -> Cues:
    return parse(Cues, PRACTICE_DIR / "cues.yml")


@cache
def compiled_cues() -> Tuple[
    Tuple[re.Pattern, ...], Tuple[re.Pattern, ...], Dict[str, Tuple[re.Pattern, ...]], Tuple[re.Pattern, ...]
]:
    """(broad, check tags, aims, closing): the cues of cues.yml, compiled."""
    loaded = cues()
    return (
        tuple(re.compile(p) for p in loaded.broad),
        tuple(re.compile(p) for p in loaded.check_tags),
        {aim: tuple(re.compile(p) for p in patterns) for aim, patterns in loaded.aims.items()},
        tuple(re.compile(p) for p in loaded.closing),
    )


def check_all() -> List[str]:
    """Load the practice lexicons (ContentError on the first problem); the files checked."""
    move_examples()
    jargon()
    compiled_cues()
    return [str(PRACTICE_DIR / name) for name in ("moves.yml", "jargon.yml", "cues.yml")]
