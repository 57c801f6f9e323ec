"""The picture's and the PDF's fixed texts: all there, and in plain Dutch (shared/tone.md)."""

import re
from pathlib import Path

from bot.content import load_texts
from tests.unit.test_content import JARGON

RENDERING = Path(__file__).resolve().parents[2] / "bot" / "rendering"
# Keys the code puts together: "picture_status_" + status, "status_" + status, "review_" + review, ...
COMPOSED = {
    "picture_status_": ("skipped", "not_applicable", "open"),
    "status_": ("skipped", "not_applicable", "open"),
    "review_": ("reached", "partly", "not_yet"),
}
FIELD_KEYS = ("goes_well", "story", "wish", "change_better", "change_worse", "network_yes", "network_no")


def used_keys() -> set:
    used = set()
    for path in RENDERING.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'say\(\s*"([a-z_]+)"', source))
    prefixes = {key for key in used if key.endswith("_")}
    assert prefixes <= set(COMPOSED), f"composed keys not listed here: {prefixes - set(COMPOSED)}"
    used = (used - prefixes) | {prefix + ending for prefix, endings in COMPOSED.items() for ending in endings}
    return used | set(FIELD_KEYS)


def test_every_text_the_rendering_asks_for_exists():
    used = used_keys()
    assert len(used) > 30, "the scan found too little: it is broken"
    assert used <= set(load_texts("sheet").keys())


def test_the_texts_are_plain_dutch():
    texts = load_texts("sheet")
    for key in texts:
        text = texts.template(key)
        assert not any(word in text.lower() for word in JARGON), key
        assert "!" not in text, key
        for sentence in re.split(r"(?<=[.?!])\s+|\n", text):
            assert len(sentence.split()) <= 12, (key, sentence)
