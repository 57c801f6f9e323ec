"""Load and check the YAML content under bot/content/."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Dict, Tuple

import yaml

CONTENT_DIR = Path(__file__).resolve().parent
INSTRUMENT_FILES = {"wat-telt": CONTENT_DIR / "wat_telt.yml"}


class ContentError(ValueError):
    """The YAML content is incomplete or inconsistent."""


@dataclass(frozen=True)
class Domain:
    key: str
    label: str
    question: str
    example: str
    words: Tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    key: str
    title: str
    domains: Tuple[Domain, ...]

    @property
    def keys(self) -> Tuple[str, ...]:
        return tuple(domain.key for domain in self.domains)

    def domain(self, key: str) -> Domain:
        for domain in self.domains:
            if domain.key == key:
                return domain
        raise KeyError(key)


class Texts:
    """Named texts for residents; `texts.say("key", name=value)` fills placeholders."""

    def __init__(self, entries: Dict[str, str]):
        self._entries = entries

    def say(self, key: str, **values) -> str:
        try:
            template = self._entries[key]
        except KeyError:
            raise ContentError(f"text '{key}' is missing from the content files") from None
        return template.format(**values) if values and "{" in template else template

    def template(self, key: str) -> str:
        """The text with its {placeholders} unfilled, for callers that fill them later."""
        return self.say(key) if "{" not in self._entries.get(key, "") else self._entries[key]

    def keys(self):
        return self._entries.keys()


def _require(mapping: dict, field: str, where: str):
    value = mapping.get(field)
    if value in (None, ""):
        raise ContentError(f"{where}: '{field}' is missing")
    return value


@cache
def load_instrument(key: str = "wat-telt") -> Instrument:
    path = INSTRUMENT_FILES[key]
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    domains = []
    for index, entry in enumerate(_require(raw, "domains", path.name)):
        where = f"{path.name} domain #{index + 1}"
        domains.append(
            Domain(
                key=_require(entry, "key", where),
                label=_require(entry, "label", where),
                question=_require(entry, "question", where),
                example=_require(entry, "example", where),
                words=tuple(str(word).lower() for word in entry.get("words", ())),
            )
        )
    keys = [domain.key for domain in domains]
    if len(set(keys)) != len(keys):
        raise ContentError(f"{path.name}: duplicate domain keys")
    return Instrument(key=_require(raw, "instrument", path.name), title=raw.get("title", key), domains=tuple(domains))


@cache
def load_texts(file_name: str = "texts.yml") -> Texts:
    """Texts for residents (texts.yml), or another text file such as practice.yml."""
    raw = yaml.safe_load((CONTENT_DIR / file_name).read_text(encoding="utf-8"))
    return Texts({str(key): str(value) for key, value in raw.items()})
