"""Turn the test stories of tests/stories/ into the messages a resident (or their buttons) would send."""

from pathlib import Path
from typing import Dict, List

from bot.replay.stories import button_payload, plain_text, stories_in, user_turns  # noqa: F401 (used by other tests)

STORIES_DIR = Path(__file__).resolve().parent.parent / "stories"


def load_stories(filename: str) -> Dict[str, List[dict]]:
    return {name: user_turns(story) for name, story in stories_in(STORIES_DIR / filename).items()}
