"""The language lexicons under bot/content/language/, loaded and checked once.

Content, not code: a municipality or a trainer adds a word to a YAML file; this module checks it
when it is loaded (a value outside -2..+2, an entry not written in normalised form, a repeated
key, a regular expression that does not compile, a phrase under two kinds) and stops with the file
and the place of the problem.
"""

import re
from functools import cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple, Union

from pydantic import root_validator, validator

from bot.content.validation import StrictModel, compiled_pattern, parse
from bot.understanding import number_words
from bot.understanding.text import normalise

LANGUAGE_DIR = Path(__file__).resolve().parent.parent / "content" / "language"
NON_ANSWER_KINDS = ("dont_know", "skipped", "not_applicable")
COMMAND_NAMES = (
    "progress",
    "back",
    "pause",
    "help",
    "forget",
    "person",
    "share",
    "stop_sharing",
    "compare",
    "stop_messages",
    "who_viewed",
    "resume",
    "start_again",
    "privacy",
    "remaining",
    "for_someone_else",
)
PHRASE_ONLY_COMMANDS = ("privacy", "remaining", "for_someone_else")  # read from their phrases alone: no NLU intent means them


def _normalised(phrase: str) -> str:
    phrase = str(phrase)
    if normalise(phrase) != phrase:
        raise ValueError(f"{phrase!r} is not in normalised form; write {normalise(phrase)!r}")
    return phrase


def _rating(value: float) -> float:
    if not -2 <= value <= 2:
        raise ValueError(f"a rating is between -2 and +2, not {value}")
    return value


class Reading(StrictModel):
    value: float
    confidence: float = 0.9

    @validator("value")
    def _value_in_range(cls, value: float) -> float:
        return _rating(value)

    @validator("confidence")
    def _confidence_in_range(cls, value: float) -> float:
        if not 0 < value <= 1:
            raise ValueError("confidence is above 0 and at most 1")
        return value


class Pattern(StrictModel):
    pattern: str
    value: Union[float, str]  # a rating, "mark" (a mark out of ten) or "point" (a smiley out of five), in the first group;
    # a mark pattern may name a group `half` ("een 5,5"): the mark is then rounded up
    confidence: float = 0.9

    @validator("pattern")
    def _compiles(cls, value: str) -> str:
        return compiled_pattern(value)

    @validator("value")
    def _known_value(cls, value: Union[float, str]) -> Union[float, str]:
        if isinstance(value, str):
            if value not in ("mark", "point"):
                raise ValueError("a pattern's value is a rating, 'mark' or 'point'")
            return value
        return _rating(value)

    @root_validator(skip_on_failure=True)
    def _number_group_known(cls, values: dict) -> dict:
        """A mark or point pattern's first group is a number: every word it can take must be one the
        reader knows, or the pattern would fail only when a resident's answer matches it."""
        if values["value"] not in ("mark", "point"):
            return values
        words = number_words.words_a_group_takes(values["pattern"])
        if words is None:
            raise ValueError("the first group of a mark or point pattern is a list of digits and number words")
        unknown = sorted(words - set(number_words.IN_PATTERNS))
        if unknown:
            raise ValueError(f"the number group takes words the reader does not know: {', '.join(unknown)}")
        return values


class Evaluation(StrictModel):
    terms: Dict[str, float]
    idioms: Dict[str, Union[float, Reading]] = {}
    patterns: Tuple[Pattern, ...] = ()
    fallbacks: Dict[str, Reading] = {}
    signals: Dict[str, float] = {}
    mixed: Tuple[str, ...] = ()
    sarcasm: Tuple[str, ...] = ()  # anywhere in an answer: praise is not meant ("geweldig hoor 🙄")
    sarcasm_last_words: Tuple[str, ...] = ()  # the same, as the last word only ("gezellig hoor. not.")
    emoji: Dict[str, float] = {}

    @validator("terms", "signals", "emoji")
    def _ratings(cls, value: Dict[str, float]) -> Dict[str, float]:
        for rating in value.values():
            _rating(rating)
        return value

    @validator("terms", "idioms", "fallbacks", "signals")
    def _keys_normalised(cls, value: dict) -> dict:
        for key in value:
            _normalised(key)
        return value

    @validator("mixed", "sarcasm", "sarcasm_last_words", each_item=True)
    def _mixed_normalised(cls, value: str) -> str:
        return _normalised(value)

    def idiom(self, phrase: str) -> Reading:
        entry = self.idioms[phrase]
        return entry if isinstance(entry, Reading) else Reading(value=entry)


class Negated(StrictModel):
    positive: float
    strong_positive: float
    negative: float
    strong_negative: float
    softened_positive: float
    softened_negative: float
    emphatic_positive: float
    emphatic_negative: float
    partial_positive: float
    partial_negative: float


class Modifiers(StrictModel):
    negators: Tuple[str, ...]
    negated: Negated
    emphatic_negators: Tuple[str, ...] = ()
    partial_negators: Tuple[str, ...] = ()
    soft_negators: Tuple[str, ...] = ()
    intensifiers: Dict[str, float] = {}
    downtoners: Dict[str, float] = {}
    hedges: Dict[str, float] = {}
    softeners: Tuple[str, ...] = ()
    fillers: Tuple[str, ...] = ()
    connectors: Tuple[str, ...] = ()
    # other spellings of "niet" ("nie", "nait", "neet"): every idiom with "niet" holds for them too
    niet_spellings: Tuple[str, ...] = ()
    self_corrections: Tuple[str, ...] = ()

    @validator(
        "self_corrections",
        "negators",
        "emphatic_negators",
        "partial_negators",
        "soft_negators",
        "softeners",
        "fillers",
        "connectors",
        "niet_spellings",
        each_item=True,
    )
    def _items_normalised(cls, value: str) -> str:
        return _normalised(value)

    @validator("intensifiers", "downtoners", "hedges")
    def _factors(cls, value: Dict[str, float]) -> Dict[str, float]:
        for key, factor in value.items():
            _normalised(key)
            if not 0 < factor <= 3:
                raise ValueError(f"{key!r}: a factor is above 0 and at most 3")
        return value

    @root_validator(skip_on_failure=True)
    def _kinds_are_negators(cls, values: dict) -> dict:
        kinds = set(values["emphatic_negators"]) | set(values["partial_negators"]) | set(values["soft_negators"])
        unknown = kinds - set(values["negators"])
        if unknown:
            raise ValueError(f"emphatic, partial or soft negators that are not under negators: {sorted(unknown)}")
        return values


class PhraseSet(StrictModel):
    phrases: Tuple[str, ...]
    weak: Tuple[str, ...] = ()
    not_before: Tuple[str, ...] = ()  # a phrase right before one of these words is part of the story
    not_after: Tuple[str, ...] = ()  # a phrase right after one of these words is about someone else: the story

    @validator("phrases", "weak", "not_before", "not_after", each_item=True)
    def _normalised(cls, value: str) -> str:
        return _normalised(value)


class KindPattern(StrictModel):
    pattern: str
    kind: str
    confidence: float = 0.9

    @validator("pattern")
    def _compiles(cls, value: str) -> str:
        return compiled_pattern(value)

    @validator("kind")
    def _known_kind(cls, value: str) -> str:
        if value not in NON_ANSWER_KINDS:
            raise ValueError(f"kind must be one of {list(NON_ANSWER_KINDS)}")
        return value


class NonAnswers(StrictModel):
    dont_know: PhraseSet
    skipped: PhraseSet
    not_applicable: PhraseSet
    patterns: Tuple[KindPattern, ...] = ()

    @root_validator(skip_on_failure=True)
    def _one_kind_per_phrase(cls, values: dict) -> dict:
        seen: Dict[str, str] = {}
        for kind in NON_ANSWER_KINDS:
            for phrase in (*values[kind].phrases, *values[kind].weak):
                if seen.setdefault(phrase, kind) != kind:
                    raise ValueError(f"{phrase!r} is under both {seen[phrase]} and {kind}")
        return values

    def of_kind(self, kind: str) -> PhraseSet:
        """The phrases of one kind, with the words around them that make them part of the story."""
        phrases: PhraseSet = getattr(self, kind)
        return phrases

    def kinds(self) -> Dict[str, Tuple[str, bool]]:
        """phrase -> (kind, weak)."""
        found: Dict[str, Tuple[str, bool]] = {}
        for kind in NON_ANSWER_KINDS:
            phrases = self.of_kind(kind)
            found.update(dict.fromkeys(phrases.phrases, (kind, False)))
            found.update(dict.fromkeys(phrases.weak, (kind, True)))
        return found


class CommandPhrases(StrictModel):
    exact: Tuple[str, ...] = ()  # the whole message, after fillers are dropped
    patterns: Tuple[str, ...] = ()  # regular expressions over the normalised message

    @validator("exact", each_item=True)
    def _normalised(cls, value: str) -> str:
        return _normalised(value)

    @validator("patterns", each_item=True)
    def _compiles(cls, value: str) -> str:
        return compiled_pattern(value)


class Commands(StrictModel):
    intents: Dict[str, str]  # NLU intent -> command
    fillers: Tuple[str, ...] = ()
    commands: Dict[str, CommandPhrases]
    never: Tuple[str, ...] = ()  # patterns of answers that are never a command

    @validator("fillers", each_item=True)
    def _fillers_normalised(cls, value: str) -> str:
        return _normalised(value)

    @validator("never", each_item=True)
    def _never_compiles(cls, value: str) -> str:
        return compiled_pattern(value)

    @root_validator(skip_on_failure=True)
    def _known_commands(cls, values: dict) -> dict:
        unknown = (set(values["commands"]) | set(values["intents"].values())) - set(COMMAND_NAMES)
        if unknown:
            raise ValueError(f"unknown commands {sorted(unknown)}; known: {list(COMMAND_NAMES)}")
        return values


class YesNo(StrictModel):
    yes: Tuple[str, ...]
    no: Tuple[str, ...]
    fillers: Tuple[str, ...] = ()
    opening_yes: Tuple[str, ...] = ()
    opening_no: Tuple[str, ...] = ()
    contrast: Tuple[str, ...] = ()

    @validator("yes", "no", "fillers", "opening_yes", "opening_no", "contrast", each_item=True)
    def _normalised(cls, value: str) -> str:
        return _normalised(value)

    @root_validator(skip_on_failure=True)
    def _not_both(cls, values: dict) -> dict:
        both = (set(values["yes"]) | set(values["opening_yes"])) & (set(values["no"]) | set(values["opening_no"]))
        if both:
            raise ValueError(f"both yes and no: {sorted(both)}")
        return values


class FreeText(StrictModel):
    nothing: FrozenSet[str]
    nods: FrozenSet[str]
    greetings: FrozenSet[str]
    nobody: FrozenSet[str]

    @validator("nothing", "nods", "greetings", "nobody", each_item=True)
    def _normalised(cls, value: str) -> str:
        return _normalised(value)

    @root_validator(skip_on_failure=True)
    def _one_list_each(cls, values: dict) -> dict:
        seen: Dict[str, str] = {}
        for name in ("nothing", "nods", "greetings", "nobody"):
            for phrase in values[name]:
                if phrase in seen:
                    raise ValueError(f"{phrase!r} is in {seen[phrase]} and in {name}")
                seen[phrase] = name
        return values


class OtherLanguage(StrictModel):
    """One language the assistant does not speak: how a message shows it, and the one line for it."""

    code: str  # its language code (ISO 639-1), so that a page marks the line as that language
    words: FrozenSet[str] = frozenset()  # marker words (normalised, "i" for Turkish dotless "ı")
    letters: Optional[str] = None  # or its alphabet: a regular-expression character class
    line: str  # "I speak only Dutch, tap the buttons, call the wijkteam: {phone}", in that language

    @validator("words", each_item=True)
    def _one_word(cls, value: str) -> str:
        if " " in _normalised(value):
            raise ValueError(f"{value!r}: one word per entry")
        return value

    @validator("code")
    def _a_language_code(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z]{2}", value) or value == "nl":
            raise ValueError(f"code {value!r}: two lower-case letters (ISO 639-1), not nl")
        return value

    @validator("letters")
    def _a_character_class(cls, value: Optional[str]) -> Optional[str]:
        if value is not None:
            try:
                re.compile(f"[{value}]")
            except re.error as error:
                raise ValueError(f"letters {value!r}: {error}") from None
        return value

    @validator("line")
    def _names_the_phone(cls, value: str) -> str:
        if "{phone}" not in value:
            raise ValueError("the line must give the wijkteam's number: {phone}")
        return value

    @root_validator(skip_on_failure=True)
    def _words_or_letters(cls, values: dict) -> dict:
        if bool(values["words"]) == bool(values["letters"]):
            raise ValueError("give either words or letters")
        return values


class OtherLanguages(StrictModel):
    min_words: int
    min_letter_share: float
    dutch: FrozenSet[str]
    languages: Dict[str, OtherLanguage]

    @validator("dutch", each_item=True)
    def _one_word(cls, value: str) -> str:
        if " " in _normalised(value):
            raise ValueError(f"{value!r}: one word per entry")
        return value

    @root_validator(skip_on_failure=True)
    def _not_dutch(cls, values: dict) -> dict:
        for name, language in values["languages"].items():
            both = language.words & values["dutch"]
            if both:
                raise ValueError(f"{name}: Dutch words as well: {sorted(both)}")
        return values


class Change(StrictModel):
    """change.yml: how an answer says a topic goes compared with last time."""

    steps: Dict[str, int]
    after: Tuple[str, ...] = ()
    before: Tuple[str, ...] = ()

    @validator("steps")
    def _steps(cls, value: Dict[str, int]) -> Dict[str, int]:
        for phrase, step in value.items():
            _normalised(phrase)
            if not -2 <= step <= 2:
                raise ValueError(f"{phrase!r}: a step is between -2 and +2, not {step}")
        return value

    @validator("after", "before", each_item=True)
    def _normalised(cls, value: str) -> str:
        return _normalised(value)


@cache
def evaluation() -> Evaluation:
    return parse(Evaluation, LANGUAGE_DIR / "evaluation.yml")


@cache
def modifiers() -> Modifiers:
    return parse(Modifiers, LANGUAGE_DIR / "modifiers.yml")


@cache
def non_answers() -> NonAnswers:
    return parse(NonAnswers, LANGUAGE_DIR / "non_answers.yml")


@cache
def commands() -> Commands:
    return parse(Commands, LANGUAGE_DIR / "commands.yml")


@cache
def yes_no() -> YesNo:
    return parse(YesNo, LANGUAGE_DIR / "yes_no.yml")


@cache
def free_text() -> FreeText:
    return parse(FreeText, LANGUAGE_DIR / "free_text.yml")


@cache
def other_languages() -> OtherLanguages:
    return parse(OtherLanguages, LANGUAGE_DIR / "other_languages.yml")


def check_all() -> List[str]:
    """Load every lexicon (raises ContentError on the first problem); the files checked."""
    for load in (evaluation, modifiers, non_answers, commands, yes_no, free_text, other_languages):
        load()
    return sorted(path.name for path in LANGUAGE_DIR.glob("*.yml"))


@cache
def change() -> Change:
    return parse(Change, LANGUAGE_DIR / "change.yml")
