"""Stories (Rasa YAML) as the messages a person would send: typed text, or a button payload."""

import json
import re
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
STORY_FOLDERS = (ROOT / "data" / "stories", ROOT / "bot" / "content" / "training", ROOT / "tests" / "stories")
ENTITY_MARKUP = re.compile(r"\[([^\]]+)\](?:\{[^}]*\}|\([^)]*\))")


def plain_text(annotated: str) -> str:
    """The words without Rasa's entity markup: "mijn [werk](domain)" -> "mijn werk"."""
    return ENTITY_MARKUP.sub(r"\1", annotated).strip()


def button_payload(step: dict) -> str:
    entities = {}
    for entity in step.get("entities") or []:
        entities.update(entity if isinstance(entity, dict) else {})
    return f"/{step['intent']}" + (json.dumps(entities, separators=(",", ":"), ensure_ascii=False) if entities else "")


def user_turns(story: dict) -> List[dict]:
    """[{'message': str, 'intent': str}] for every user step of a story."""
    turns = []
    for step in story.get("steps") or ():
        if "intent" in step:
            message = plain_text(step["user"]) if "user" in step else button_payload(step)
            turns.append({"message": message, "intent": step["intent"]})
    return turns


def stories_in(path: Path) -> Dict[str, dict]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {story["story"]: story for story in raw.get("stories") or ()}


def story_files() -> List[Path]:
    return sorted(path for folder in STORY_FOLDERS if folder.exists() for path in folder.rglob("*.yml"))


def find_story(name: str, path: Optional[Path] = None) -> Optional[dict]:
    """A story by name, in `path` or in every story folder of the project."""
    for candidate in [path] if path else story_files():
        story = stories_in(candidate).get(name)
        if story:
            return story
    return None
