"""Compatibility shim for code written before bot/understanding/scale_reader.py (the old guide in
bot/dialogue). New code reads answers with scale_reader.read_scale_answer; delete this module once
nothing imports it."""

from dataclasses import dataclass
from typing import Optional, Tuple

from bot.content.instruments import load_instrument
from bot.understanding.message import UserMessage
from bot.understanding.scale_reader import read_scale_answer
from bot.understanding.text import normalise

__all__ = ["ScaleStep", "normalise", "read_score", "scale"]


@dataclass(frozen=True)
class ScaleStep:
    score: int
    emoji: str
    label: str


def scale() -> Tuple[ScaleStep, ...]:
    return tuple(ScaleStep(point.value, point.emoji, point.label) for point in load_instrument().scale.points)


def read_score(text: str) -> Optional[int]:
    """A score the scale reader is sure of, else None (the old guide then asks again)."""
    reading = read_scale_answer(UserMessage(text), load_instrument().scale)
    return reading.value if reading.kind == "score" and not reading.needs_confirmation else None
