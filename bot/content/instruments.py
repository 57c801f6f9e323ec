"""Instruments as data: a board's domains, its scale, its follow-up questions, its perspectives
and whether it has a life rating, from YAML under bot/content/instruments/ (one file each).

Checked when loaded: a missing field, a duplicate key, an unknown placeholder or a scale that
is not ordered stops the program with the file and the place of the problem.
"""

import os
import re
from functools import cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml
from pydantic import ValidationError, root_validator, validator

from bot.content.errors import ContentError
from bot.content.validation import StrictModel, describe

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"
DEFAULT_INSTRUMENT = "wat-telt"
PERSPECTIVES = ("inwoner", "professional", "naaste")
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
INSTRUMENT_KEY = re.compile(r"^[a-z][a-z0-9-]*$")
PLACEHOLDER = re.compile(r"{([a-z_]+)}")


def _placeholders_known(template: str, known: Tuple[str, ...], where: str) -> str:
    unknown = sorted(set(PLACEHOLDER.findall(template)) - set(known))
    if unknown:
        raise ValueError(f"{where} uses unknown placeholder(s) {unknown}; known: {list(known)}")
    return template


class ScalePoint(StrictModel):
    value: int
    label: str  # "Heel slecht": on a button, at the start of a line
    phrase: str  # "heel slecht": mid-sentence ("Ik begrijp: 🙁 niet zo goed.")
    emoji: str = ""
    colour: str  # the point's colour on the board picture

    @validator("colour")
    def _colour_is_hex(cls, value: str) -> str:
        if not re.match(r"^#[0-9a-fA-F]{6}$", value):
            raise ValueError("colour must look like #1a2b3c")
        return value


class Scale(StrictModel):
    points: Tuple[ScalePoint, ...]

    @validator("points")
    def _ordered(cls, points: Tuple[ScalePoint, ...]) -> Tuple[ScalePoint, ...]:
        values = [point.value for point in points]
        if len(values) < 2 or values != sorted(set(values)):
            raise ValueError("points must be at least two, ordered from worst to best, without repeats")
        return points

    @property
    def values(self) -> Tuple[int, ...]:
        return tuple(point.value for point in self.points)

    @property
    def lowest(self) -> int:
        return self.points[0].value

    @property
    def highest(self) -> int:
        return self.points[-1].value

    def point(self, value: int) -> ScalePoint:
        for point in self.points:
            if point.value == value:
                return point
        raise KeyError(value)

    def steps_between(self, first: int, second: int) -> int:
        """How many points apart two values are (the same for a 1-5 and a 0-10 scale)."""
        return abs(self.values.index(first) - self.values.index(second))


class LifeRating(StrictModel):
    lowest: int = 0
    highest: int = 10


class FollowUp(StrictModel):
    key: str  # 'goes_well' or 'wish': the stored field
    question: str  # with {topic}
    help: str

    @validator("key")
    def _known_field(cls, value: str) -> str:
        if value not in ("goes_well", "wish"):
            raise ValueError("follow-up key must be goes_well or wish")
        return value

    @validator("question", "help")
    def _topic_only(cls, value: str) -> str:
        return _placeholders_known(value, ("topic",), "follow-up text")


class PerspectiveTexts(StrictModel):
    """How the board's questions are worded for one perspective; {question} is the domain's own."""

    domain_question: str = "{question}"
    follow_ups: Dict[str, str] = {}  # follow-up key -> question with {topic}, instead of the default
    life_rating_question: Optional[str] = None
    not_applicable: Optional[str] = None  # the button for a domain that does not apply ("Geldt niet voor de bewoner")
    who: Optional[str] = None  # whom the board is about, mid-sentence ("de bewoner", "je naaste"): {who} in examples

    @validator("domain_question")
    def _domain_placeholders(cls, value: str) -> str:
        return _placeholders_known(value, ("question", "topic", "label"), "domain_question")


class DomainSpec(StrictModel):
    key: str
    label: str  # "Geld en rondkomen": a title, a button
    topic: str  # "geld en rondkomen": mid-sentence
    topic_others: Optional[str] = None  # the topic for the other perspectives ("hoe {who} zich voelt"), where `topic` says "je"
    question: str
    example: str  # for the resident; {not_applicable} is the button they see
    example_others: Optional[str] = None  # for the other perspectives, with {who} and {not_applicable}
    words: Tuple[str, ...] = ()
    follow_ups: Dict[str, str] = {}  # follow-up key -> this domain's own wording, where {topic} reads badly

    @validator("key")
    def _key_form(cls, value: str) -> str:
        if not KEY.match(value):
            raise ValueError("a domain key is lower case letters, digits and _")
        return value

    @validator("words", each_item=True)
    def _lower(cls, value: str) -> str:
        return str(value).lower()

    @validator("example")
    def _example_placeholders(cls, value: str) -> str:
        return _placeholders_known(value, ("not_applicable",), "example")

    @validator("topic_others")
    def _topic_placeholders(cls, value: Optional[str]) -> Optional[str]:
        return _placeholders_known(value, ("who",), "topic_others") if value is not None else None

    @validator("example_others")
    def _others_placeholders(cls, value: Optional[str]) -> Optional[str]:
        return _placeholders_known(value, ("who", "not_applicable"), "example_others") if value is not None else None


class Instrument(StrictModel):
    key: str
    title: str
    scale: Scale
    life_rating: Optional[LifeRating] = None
    follow_ups: Tuple[FollowUp, ...] = ()
    perspectives: Dict[str, PerspectiveTexts]
    domains: Tuple[DomainSpec, ...]

    @validator("key")
    def _instrument_key(cls, value: str) -> str:
        if not INSTRUMENT_KEY.match(value):
            raise ValueError("an instrument key is lower case letters, digits and -")
        return value

    @validator("perspectives")
    def _known_perspectives(cls, value: Dict[str, PerspectiveTexts]) -> Dict[str, PerspectiveTexts]:
        unknown = set(value) - set(PERSPECTIVES)
        if unknown or "inwoner" not in value:
            raise ValueError(f"perspectives must include inwoner and be among {list(PERSPECTIVES)}")
        return value

    @root_validator(skip_on_failure=True)
    def _consistent(cls, values: dict) -> dict:
        keys = [domain.key for domain in values["domains"]]
        if not keys:
            raise ValueError("an instrument needs at least one domain")
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"domain keys repeated: {repeated}")
        follow_ups = [follow_up.key for follow_up in values.get("follow_ups", ())]
        if len(set(follow_ups)) != len(follow_ups):
            raise ValueError("a follow-up key is repeated")
        for domain in values["domains"]:
            extra = set(domain.follow_ups) - set(follow_ups)
            if extra:
                raise ValueError(f"domain {domain.key} words follow-ups the instrument does not have: {sorted(extra)}")
        about_someone = [
            domain.key for domain in values["domains"] if "{who}" in (domain.example_others or "") + (domain.topic_others or "")
        ]
        for name, texts in values["perspectives"].items():
            if about_someone and name != "inwoner" and not texts.who:
                raise ValueError(f"perspective {name} needs `who`: the examples of {about_someone} name it")
            extra = set(texts.follow_ups) - set(follow_ups)
            if extra:
                raise ValueError(f"perspective {name} words follow-ups the instrument does not have: {sorted(extra)}")
        return values

    @property
    def keys(self) -> Tuple[str, ...]:
        return tuple(domain.key for domain in self.domains)

    def domain(self, key: str) -> DomainSpec:
        for domain in self.domains:
            if domain.key == key:
                return domain
        raise KeyError(key)

    def topic(self, key: str, perspective: str = "inwoner") -> str:
        """The domain mid-sentence, as this perspective speaks of it ("je lichaam" to the resident,
        "het lichaam" to a naaste or professional)."""
        domain = self.domain(key)
        return self._worded_for(perspective, domain.topic, domain.topic_others)

    def example(self, key: str, perspective: str = "inwoner") -> str:
        """What the domain is about ("Denk aan ..."), as this perspective is told; {not_applicable}
        is left for the button the caller shows."""
        domain = self.domain(key)
        return self._worded_for(perspective, domain.example, domain.example_others)

    def _worded_for(self, perspective: str, resident: str, others: Optional[str]) -> str:
        """The resident's wording, or the one for the other perspectives (with {who} filled in) where there is one."""
        if perspective == "inwoner" or not others:
            return resident
        return others.replace("{who}", self.perspective(perspective).who or "")

    def domain_question(self, key: str, perspective: str = "inwoner") -> str:
        domain = self.domain(key)
        template = self.perspective(perspective).domain_question
        return template.format(question=domain.question, topic=self.topic(key, perspective), label=domain.label)

    def follow_up_question(self, follow_up: FollowUp, key: str, perspective: str = "inwoner") -> str:
        domain = self.domain(key)
        own = domain.follow_ups.get(follow_up.key) if perspective == "inwoner" else None
        template = own or self.perspective(perspective).follow_ups.get(follow_up.key, follow_up.question)
        return template.format(topic=self.topic(key, perspective))

    def perspective(self, name: str) -> PerspectiveTexts:
        return self.perspectives.get(name) or self.perspectives["inwoner"]


def instrument_directories() -> List[Path]:
    """bot/content/instruments, and the folders of INSTRUMENTS_PATH (os.pathsep-separated) before it."""
    extra = [Path(part) for part in os.environ.get("INSTRUMENTS_PATH", "").split(os.pathsep) if part.strip()]
    return extra + [INSTRUMENTS_DIR]


def parse_instrument(raw: object, source: str) -> Instrument:
    if not isinstance(raw, dict):
        raise ContentError(f"{source}: an instrument file holds a mapping (key, title, scale, domains, ...)")
    try:
        return Instrument.parse_obj(raw)
    except ValidationError as error:
        raise ContentError(f"{source}: {describe(error)}") from None


@cache
def available_instruments() -> Dict[str, Path]:
    """Instrument key -> its file; a key found in two folders is an error."""
    found: Dict[str, Path] = {}
    for directory in instrument_directories():
        for path in sorted(directory.glob("*.yml")):
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            key = raw.get("key") if isinstance(raw, dict) else None
            if not isinstance(key, str):
                raise ContentError(f"{path}: 'key' is missing")
            if key in found:
                raise ContentError(f"instrument {key!r} is defined twice: {found[key]} and {path}")
            found[key] = path
    return found


@cache
def load_instrument(key: Optional[str] = None) -> Instrument:
    """The instrument `key` (default: $BOARD_INSTRUMENT, else wat-telt), checked."""
    key = key or os.environ.get("BOARD_INSTRUMENT") or DEFAULT_INSTRUMENT
    files = available_instruments()
    if key not in files:
        raise ContentError(f"unknown instrument {key!r}; available: {sorted(files)}")
    path = files[key]
    instrument = parse_instrument(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))
    if instrument.key != key:
        raise ContentError(f"{path}: key {instrument.key!r} does not match")
    return instrument
