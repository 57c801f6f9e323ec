"""Recognise messages that signal suicidal thoughts, self-harm or danger at home."""

import re
from functools import cache
from pathlib import Path
from typing import Optional

import yaml

SAFETY_FILE = Path(__file__).resolve().parent.parent / "content" / "safety.yml"
SAFETY_INTENT = "safety_concern"
SAFETY_INTENT_MIN_CONFIDENCE = 0.7


@cache
def safety_content() -> dict:
    return yaml.safe_load(SAFETY_FILE.read_text(encoding="utf-8"))


@cache
def _compiled_patterns():
    return {kind: [re.compile(pattern) for pattern in patterns] for kind, patterns in safety_content()["patterns"].items()}


def danger_signal(text: str, intent: Optional[str] = None, confidence: float = 0.0) -> Optional[str]:
    """'suicide', 'danger_at_home', or None. Patterns first; the NLU intent as a second net."""
    lowered = " ".join((text or "").lower().split())
    for kind, patterns in _compiled_patterns().items():
        if any(pattern.search(lowered) for pattern in patterns):
            return kind
    if intent == SAFETY_INTENT and confidence >= SAFETY_INTENT_MIN_CONFIDENCE:
        return "suicide"
    return None
