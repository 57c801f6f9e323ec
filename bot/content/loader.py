"""Load and check the YAML content under bot/content/: texts, contact details, perspectives."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Dict, Iterator

import yaml

from bot.content.errors import ContentError
from bot.content.instruments import PERSPECTIVES

CONTENT_DIR = Path(__file__).resolve().parent
TEXTS_DIR = CONTENT_DIR / "texts"


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{path}: the file is missing") from None
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: not valid YAML: {error}") from None


class Texts:
    """Named texts; `texts.say("key", name=value)` fills placeholders."""

    def __init__(self, entries: Dict[str, str], source: str = "texts"):
        self._entries = entries
        self.source = source

    def say(self, key: str, **values: Any) -> str:
        try:
            template = self._entries[key]
        except KeyError:
            raise ContentError(f"{self.source}: text '{key}' is missing") from None
        if not values or "{" not in template:
            return template
        try:
            return template.format(**values)
        except KeyError as missing:
            raise ContentError(f"{self.source}: text '{key}' needs {missing}") from None

    def template(self, key: str) -> str:
        """The text with its {placeholders} unfilled."""
        return self._entries[key]

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def keys(self):
        return self._entries.keys()


@cache
def load_texts(name: str = "board") -> Texts:
    """Texts from bot/content/texts/<name>.yml (or a file name under bot/content/)."""
    path = CONTENT_DIR / name if name.endswith(".yml") else TEXTS_DIR / f"{name}.yml"
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not all(isinstance(value, (str, int, float)) for value in raw.values()):
        raise ContentError(f"{path}: every entry must be `key: text`")
    return Texts({str(key): str(value) for key, value in raw.items()}, source=str(path.relative_to(CONTENT_DIR)))


@dataclass(frozen=True)
class Contacts:
    municipality: str
    phone: str
    hours: str
    website: str


@cache
def load_contacts() -> Contacts:
    path = CONTENT_DIR / "contacts.yml"
    raw = read_yaml(path)
    fields = ("municipality", "phone", "hours", "website")
    if not isinstance(raw, dict) or any(not str(raw.get(field) or "").strip() for field in fields):
        raise ContentError(f"{path}: needs {', '.join(fields)}")
    return Contacts(**{field: str(raw[field]).strip() for field in fields})


@dataclass(frozen=True)
class PerspectiveStyle:
    key: str
    name: str  # what the resident reads ("jij", "wijkteam")
    legend: str  # the picture's legend
    letter: str
    marker: str  # a matplotlib marker: o, s, ^, D, v
    colour: str


@cache
def load_perspective_styles() -> Dict[str, PerspectiveStyle]:
    path = CONTENT_DIR / "perspectives.yml"
    raw = read_yaml(path)
    if not isinstance(raw, dict) or set(raw) != set(PERSPECTIVES):
        raise ContentError(f"{path}: needs exactly {list(PERSPECTIVES)}")
    styles = {}
    for key, entry in raw.items():
        try:
            style = PerspectiveStyle(
                key=key, **{field: str(entry[field]) for field in ("name", "legend", "letter", "marker", "colour")}
            )
        except (KeyError, TypeError):
            raise ContentError(f"{path}: {key} needs name, legend, letter, marker and colour") from None
        if not re.match(r"^#[0-9a-fA-F]{6}$", style.colour) or len(style.letter) != 1:
            raise ContentError(f"{path}: {key} needs a colour like #1a2b3c and a single letter")
        styles[key] = style
    if len({style.marker for style in styles.values()}) != len(styles) or len({s.letter for s in styles.values()}) != len(styles):
        raise ContentError(f"{path}: every perspective needs its own marker and letter")
    return styles
