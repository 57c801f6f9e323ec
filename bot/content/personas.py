"""Personas for practice mode, checked strictly when loaded (pydantic): bot/content/personas.yml
names them in order and holds the shared lines; each persona is a file under
bot/content/practice/personas/.

A persona names life domains by the instrument's keys and only the ones it uses: a domain added
to the instrument does not touch the personas, a key the instrument does not know is an error.
Practice mode loads them lazily (bot/flows/practice), so a broken persona file never stops a
resident's board; `python -m bot personas check` shows every problem with where it is.
"""

import re
from functools import cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

from pydantic import ValidationError, root_validator, validator

from bot.content.errors import ContentError
from bot.content.instruments import load_instrument
from bot.content.loader import CONTENT_DIR
from bot.content.validation import StrictModel, compiled_pattern, describe, one_of, read_mapping

PERSONAS_FILE = CONTENT_DIR / "personas.yml"
PERSONA_DIR = CONTENT_DIR / "practice" / "personas"
FEELINGS_FILE = CONTENT_DIR / "practice" / "feelings.yml"
DIFFICULTIES = ("open", "guarded", "resistant")
TRAITS = ("lvb", "nt2", "young", "naaste", "danger", "two_voices")
FEELS = ("positive", "negative", "mixed", "neutral")
LAYER_KINDS = ("fear", "wish", "secret", "signal", "need")
LAYER_OPENERS = ("good_summary", "feeling_reflection", "asked_wish", "safety_question", "trust", "understanding_check")
ASK_BACK_WHEN = ("turn", "jargon", "wish", "feeling")
MIN_FACTS_IMPORTANT = 5
MIN_IMPORTANT_DOMAINS = 3
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
# Lines every persona has (shared defaults in personas.yml, a persona may give its own).
SPEECH_LINES = (
    "not_understood",  # the worker's line made no sense to them
    "nothing_more",  # asked about a domain they told everything about
    "guarded",  # short, evasive answers while trust is low
    "closed_down",  # after advice or judgement, until trust is repaired
    "reopen",  # trust repaired after closing down
    "advice",  # the reaction to advice
    "advice_before_wish",  # advice before anyone asked what they want
    "judgement",  # the reaction to a judgement
    "leading",  # the reaction to a leading question
    "double",  # the reaction to a double question (before answering the last part)
    "jargon",  # "{term}": a word of the system they do not know
    "too_long",  # a long line (second-language speakers, LVB)
    "confirm",  # a reflection that is right
    "confirm_feeling",  # a reflection that names what they feel
    "correct",  # before the correction of a wrong reflection
    "not_said",  # a reflection of something they never said
    "vague",  # a reflection they cannot place
    "summary_good",  # a summary that is right
    "summary_partial",  # a summary with something wrong in it (the correction follows)
    "agree_fast",  # LVB: "ja" to something they did not understand
    "understood_not",  # LVB: asked to say it in their own words, when they had not understood
    "understood",  # asked to say it in their own words, when all was clear
    "closing",  # the worker closes the conversation
    "agreement",  # the worker proposes an agreement
    "answered",  # the worker answered their question
    "not_answered",  # the worker went on without answering their question
    "introduce",  # a second introduction or explanation
    "unlisted",  # asked about a domain that plays no part in their life
    "broad_none",  # "Speelt er nog meer?" when nothing else is left (or trust is too low)
)
# What the persona says in the feedback, in its own voice; {quote} is the worker's line.
VOICE_LINES = ("closed", "heard", "corrected", "confused", "agreed_fast", "opened", "missed_signal", "unheard_voice")


def _clean(value: str) -> str:
    return " ".join(str(value).split())


def _lines(value: Union[str, List[str], Tuple[str, ...], None]) -> Tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    return tuple(_clean(item) for item in items if str(item).strip())


class Fact(StrictModel):
    text: str
    signal: bool = False  # a sign of danger at home the worker should pick up
    voice: Optional[str] = None  # who says it, in a household with two voices

    _text = validator("text", allow_reuse=True)(_clean)


class Misreading(StrictModel):
    """A wrong reflection this persona would correct, with what they say instead."""

    pattern: str
    correction: str

    _pattern = validator("pattern", allow_reuse=True)(compiled_pattern)
    _correction = validator("correction", allow_reuse=True)(_clean)


class Domain(StrictModel):
    important: bool = False
    score: Optional[int] = None
    closed: str
    facts: Tuple[Fact, ...]
    feels: str = "neutral"
    feelings: Tuple[str, ...] = ()  # families of feelings.yml
    feeling: Optional[str] = None
    correction: Optional[str] = None  # what they say when a reflection gets this domain wrong
    reflection: Optional[str] = None  # a reflection that gets it right (the feedback's better wording)
    misreadings: Tuple[Misreading, ...] = ()
    can_do: Optional[str] = None
    wants: Optional[str] = None
    professionals: Optional[str] = None
    example_question: str

    @validator("facts", pre=True)
    def _facts(cls, value):
        if not isinstance(value, list) or not value:
            raise ValueError("needs at least one fact")
        return [{"text": item} if isinstance(item, str) else item for item in value]

    @validator("score")
    def _score(cls, value):
        if value is not None and value not in (1, 2, 3, 4, 5):
            raise ValueError("must be 1..5 or null")
        return value

    _feels = validator("feels", allow_reuse=True)(one_of(FEELS))

    @root_validator(skip_on_failure=True)
    def _important_is_rich(cls, values):
        if values.get("important"):
            if len(values["facts"]) < MIN_FACTS_IMPORTANT:
                raise ValueError(f"an important domain needs at least {MIN_FACTS_IMPORTANT} facts")
            missing = [name for name in ("feeling", "correction", "reflection") if not values.get(name)]
            if missing or values.get("feels") == "neutral" or not values.get("feelings"):
                raise ValueError("an important domain needs feels (not neutral), feelings, feeling, correction and reflection")
        return values


class Layer(StrictModel):
    """Something under the surface (a fear, a wish) that opens only when the worker listens well."""

    key: str
    kind: str
    domain: Optional[str] = None
    text: str
    opens_after: str
    trust: int = 0  # at least this much trust too
    confidential: bool = False  # they first ask what happens with it (the confidentiality question)
    heard: str  # in the feedback: "Toen je zei '{quote}', ..." (how it felt to be heard)

    _kind = validator("kind", allow_reuse=True)(one_of(LAYER_KINDS))

    _opener = validator("opens_after", allow_reuse=True)(one_of(LAYER_OPENERS))


class AskBack(StrictModel):
    """A question the persona asks the worker."""

    key: str
    text: str
    when: str
    turn: int = 0  # with when: turn, after this many worker turns
    good_answer: Optional[str] = None  # how a worker could answer (the feedback's better wording)

    _when = validator("when", allow_reuse=True)(one_of(ASK_BACK_WHEN))


class Confidentiality(StrictModel):
    """The persona tests what happens with what they tell ("Zeg je dit tegen mijn klantmanager?")."""

    question: str
    good: str  # after an answer that leaves it with them ("niet zonder jou")
    secrecy: Optional[str] = None  # after a promise of total secrecy (a danger case: they believe it)
    bad: str  # after "dat moet ik doorgeven" or no answer


class Initiative(StrictModel):
    """Something the persona brings up without being asked."""

    key: str
    text: str
    after_turn: int
    min_trust: int = -10
    domain: Optional[str] = None
    voice: Optional[str] = None


class Conflict(StrictModel):
    """Two people who want different things of the resident (conflicting assignments)."""

    parties: Tuple[str, str]
    says: str
    feeling: str
    cues: Tuple[str, ...]  # words by which a worker names it ("klantmanager", "begeleider")


class Regie(StrictModel):
    holder: str  # who decides now, as the resident sees it
    wants: str  # what they want about who decides
    conflict: Optional[Conflict] = None


class Voice(StrictModel):
    key: str
    name: str


class Trust(StrictModel):
    start: int
    feelings_at: int  # trust needed before they share how they feel
    closed_turns: int  # turns they stay closed after advice or a judgement


TRUST_DEFAULTS = {
    "open": {"start": 2, "feelings_at": 1, "closed_turns": 1},
    "guarded": {"start": 0, "feelings_at": 2, "closed_turns": 2},
    "resistant": {"start": -1, "feelings_at": 3, "closed_turns": 3},
}


class Persona(StrictModel):
    key: str
    name: str
    age: int
    difficulty: str
    traits: Tuple[str, ...] = ()
    intro: str  # for the worker, before the practice starts
    practises: str  # what a worker practises with this persona
    greeting: str
    opening: str
    closed_general: str
    wish: str
    first_asked_wish: Optional[str] = None
    can_do: str
    professionals: str
    regie: Regie
    trust: Trust
    speech: Dict[str, Tuple[str, ...]]
    voice: Dict[str, str]
    domains: Dict[str, Domain]
    layers: Tuple[Layer, ...] = ()
    ask_back: Tuple[AskBack, ...] = ()
    confidentiality: Optional[Confidentiality] = None
    initiatives: Tuple[Initiative, ...] = ()
    voices: Tuple[Voice, ...] = ()
    cares_for: Optional[str] = None  # a naaste: the name of the one they care for
    people: Dict[str, str] = {}  # people in their story -> the domain a question about them is about

    @validator("key")
    def _key(cls, value):
        if not KEY.match(value):
            raise ValueError("must be lower case letters, digits and _")
        return value

    _difficulty = validator("difficulty", allow_reuse=True)(one_of(DIFFICULTIES))

    @validator("traits", each_item=True)
    def _trait(cls, value):
        if value not in TRAITS:
            raise ValueError(f"{value!r} is no trait ({', '.join(TRAITS)})")
        return value

    @validator("speech")
    def _speech(cls, value):
        missing = [line for line in SPEECH_LINES if not value.get(line)]
        unknown = sorted(set(value) - set(SPEECH_LINES))
        if missing or unknown:
            raise ValueError(f"lines missing {missing}, unknown {unknown}")
        return value

    @validator("voice")
    def _voice(cls, value):
        missing = [line for line in VOICE_LINES if not value.get(line)]
        unknown = sorted(set(value) - set(VOICE_LINES))
        if missing or unknown:
            raise ValueError(f"lines missing {missing}, unknown {unknown}")
        return value

    @root_validator(skip_on_failure=True)
    def _consistent(cls, values):
        domains = values["domains"]
        important = [key for key, domain in domains.items() if domain.important]
        if len(important) < MIN_IMPORTANT_DOMAINS:
            raise ValueError(f"needs at least {MIN_IMPORTANT_DOMAINS} important domains")
        keys = [layer.key for layer in values["layers"]] + [ask.key for ask in values["ask_back"]]
        keys += [initiative.key for initiative in values["initiatives"]]
        if len(keys) != len(set(keys)):
            raise ValueError("layer, ask_back and initiative keys must be unique")
        for layer in values["layers"]:
            if layer.domain and layer.domain not in domains:
                raise ValueError(f"layer {layer.key}: domain {layer.domain} is not one of the persona's domains")
            if layer.confidential and values.get("confidentiality") is None:
                raise ValueError(f"layer {layer.key} is confidential: the persona needs a confidentiality question")
        for name, key in values["people"].items():
            if key not in domains:
                raise ValueError(f"people: {name} points to {key}, which is not one of the persona's domains")
        for initiative in values["initiatives"]:
            if initiative.domain and initiative.domain not in domains:
                raise ValueError(f"initiative {initiative.key}: domain {initiative.domain} is not one of the persona's")
        traits, voices = values["traits"], values["voices"]
        voice_keys = {voice.key for voice in voices}
        if ("two_voices" in traits) != (len(voices) >= 2):
            raise ValueError("two_voices goes with at least two voices, and voices with two_voices")
        for key, domain in domains.items():
            for fact in domain.facts:
                if fact.voice and fact.voice not in voice_keys:
                    raise ValueError(f"domain {key}: voice {fact.voice!r} is not one of the voices")
        signals = sum(1 for domain in domains.values() for fact in domain.facts if fact.signal)
        if "danger" in traits and (signals < 3 or not any(layer.kind == "signal" for layer in values["layers"])):
            raise ValueError("a danger case needs at least 3 signal facts and a layer of kind signal")
        if "danger" not in traits and signals:
            raise ValueError("signal facts belong to a persona with the trait danger")
        if ("naaste" in traits) != bool(values.get("cares_for")):
            raise ValueError("the trait naaste goes with cares_for (the name of the one they care for)")
        return values

    # --- reading ---------------------------------------------------------------------------------
    @property
    def important_domains(self) -> Tuple[str, ...]:
        return tuple(key for key, domain in self.domains.items() if domain.important)

    def has(self, trait: str) -> bool:
        return trait in self.traits

    def line(self, kind: str, turn: int = 0) -> str:
        """A speech line; lists are cycled by `turn` so the persona does not repeat itself at once."""
        lines = self.speech[kind]
        return lines[turn % len(lines)]

    def layer(self, key: str) -> Optional[Layer]:
        return next((layer for layer in self.layers if layer.key == key), None)

    def voice_named(self, text: str) -> Optional[str]:
        words = set(re.findall(r"[a-z]+", (text or "").lower()))
        return next((voice.key for voice in self.voices if voice.name.lower() in words), None)


# --- loading -------------------------------------------------------------------------------------------
@cache
def feeling_families() -> Dict[str, Tuple[int, Tuple[str, ...]]]:
    """family -> (polarity, words) from bot/content/practice/feelings.yml."""
    raw = read_mapping(FEELINGS_FILE).get("families")
    if not isinstance(raw, dict) or not raw:
        raise ContentError(f"{FEELINGS_FILE}: needs families")
    families = {}
    for name, entry in raw.items():
        if not isinstance(entry, dict) or entry.get("polarity") not in (-1, 1) or not entry.get("words"):
            raise ContentError(f"{FEELINGS_FILE}: {name} needs polarity -1 or 1 and words")
        families[str(name)] = (int(entry["polarity"]), tuple(_clean(word).lower() for word in entry["words"]))
    return families


def _merged(entry: dict, defaults: dict) -> dict:
    merged = dict(entry)
    difficulty = str(entry.get("difficulty") or "")
    merged["trust"] = {**TRUST_DEFAULTS.get(difficulty, {}), **(entry.get("trust") or {})}
    speech = {**(defaults.get("speech") or {}), **(entry.get("speech") or {})}
    merged["speech"] = {kind: _lines(value) for kind, value in speech.items()}
    merged["voice"] = {**(defaults.get("voice") or {}), **(entry.get("voice") or {})}
    return merged


def parse_persona(entry: dict, defaults: dict, where: str) -> Persona:
    """One persona from its file's mapping, checked (ContentError naming `where` and the field)."""
    try:
        persona = Persona.parse_obj(_merged(entry, defaults))
    except ValidationError as error:
        raise ContentError(f"{where}: {describe(error)}") from None
    known = set(load_instrument().keys)
    unknown = sorted(set(persona.domains) - known)
    if unknown:
        raise ContentError(f"{where}: domains {unknown} are not in the instrument ({', '.join(sorted(known))})")
    families = feeling_families()
    for key, domain in persona.domains.items():
        strange = [name for name in domain.feelings if name not in families]
        if strange:
            raise ContentError(f"{where}: domains.{key}.feelings: {strange} are not in {FEELINGS_FILE.name}")
    return persona


def _shown(path: Path) -> str:
    """A path as an error names it: from the project's root when it is inside it."""
    root = CONTENT_DIR.parent.parent
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def load_personas_from(index_path: Path = PERSONAS_FILE, directory: Path = PERSONA_DIR) -> Dict[str, Persona]:
    index = read_mapping(index_path)
    keys = index.get("personas")
    if not isinstance(keys, list) or not keys:
        raise ContentError(f"{index_path}: 'personas' lists the persona files by key")
    defaults = index.get("defaults") or {}
    personas: Dict[str, Persona] = {}
    for key in keys:
        path = directory / f"{key}.yml"
        persona = parse_persona(read_mapping(path), defaults, _shown(path))
        if persona.key != key or key in personas:
            raise ContentError(f"{path}: key {persona.key!r} must be {key!r} and listed once")
        personas[key] = persona
    return personas


@cache
def load_personas() -> Dict[str, Persona]:
    """The personas by key, in the order of personas.yml."""
    return load_personas_from()
