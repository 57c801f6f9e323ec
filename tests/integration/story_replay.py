"""Turn the test stories of tests/stories/ into the messages a resident (or their buttons) would send."""
import json
import re
from pathlib import Path
from typing import Dict, List

import yaml

STORIES_DIR = Path(__file__).resolve().parent.parent / "stories"
ENTITY_MARKUP = re.compile(r"\[([^\]]+)\](?:\{[^}]*\}|\([^)]*\))")


def plain_text(annotated: str) -> str:
    return ENTITY_MARKUP.sub(r"\1", annotated).strip()


def button_payload(step: dict) -> str:
    entities = {}
    for entity in step.get("entities") or []:
        entities.update(entity)
    return f"/{step['intent']}" + (json.dumps(entities, separators=(",", ":")) if entities else "")


def user_turns(story: dict) -> List[dict]:
    """[{'message': str, 'intent': str}] for every user step of a story."""
    turns = []
    for step in story["steps"]:
        if "intent" in step:
            message = plain_text(step["user"]) if "user" in step else button_payload(step)
            turns.append({"message": message, "intent": step["intent"]})
    return turns


def load_stories(filename: str) -> Dict[str, List[dict]]:
    stories = yaml.safe_load((STORIES_DIR / filename).read_text(encoding="utf-8"))["stories"]
    return {story["story"]: user_turns(story) for story in stories}
