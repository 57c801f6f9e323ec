"""Read a resident's answer to "how does it go with ...?" as a point on the instrument's scale.

Plain Python over the lexicons in bot/content/language/ (bot/understanding/lexicon.py):

1. a button, a scale label typed as it stands ("Gaat wel"), a scale smiley or a digit on the scale;
2. answers that are no rating: not knowing ("weet niet zo goed"), skipping ("sla over"), not
   applicable ("geen kinderen"); their phrases are matched first and win over the words inside;
3. idioms read as they stand ("een drama", "zit wel snor", "kan me niet beter wensen");
4. rating words with what modifies them: negation ("niet slecht"), double negation, intensifiers
   ("heel"), downtoners ("een beetje"), softened negation ("niet zo goed"), a negation after the
   word ("slecht is het niet"); good and bad together is the middle when the answer says it goes
   both ways ("soms goed, soms slecht"), and uncertain otherwise;
5. only when nothing rates: words that merely point a way ("het gaat", "ik heb schulden"), read
   with low confidence; then close spellings of rating words ("slect", "vresselijk");
6. the NLU's dont_know / skip / not_applicable intents as a second opinion;
7. on the five-point scale, a learned model of whole answers (bot/understanding/answer_model.py):
   where all of that read nothing, its meaning is stored when it is very sure, else proposed with
   one tap; an unsure reading is stored when the model is very sure of the same meaning;
8. on the five-point scale, a learned judge of the reading (bot/understanding/answer_judge.py)
   has the last word: stored when it finds readings like this one right often enough, else
   confirmed with one tap.

The reading has a confidence. Below CONFIRM_BELOW the app asks the resident to confirm with one
tap instead of storing a guess: a wrong score in someone's board is worse than one more question.
What the resident said beyond the rating ("slecht, ik heb schulden" -> "ik heb schulden") is kept
as the story, in their own words.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from rapidfuzz.distance import Levenshtein

from bot.content.instruments import Scale
from bot.understanding import lexicon, number_words
from bot.understanding.message import UserMessage
from bot.understanding.text import clauses, normalise, single_letters, tokens

CONFIRM_BELOW = 0.75
PAST = ("ging", "gingen", "was", "waren", "had", "vroeger", "vorig jaar", "vorige maand", "vorige week", "toen")
PRESENT = ("nu", "gaat", "is", "gaan", "zijn", "ben", "loopt", "tegenwoordig", "momenteel", "inmiddels")
LONG_STORY = 5  # words beside a single rating word that make it a rating inside a story
LONG_STORY_CONFIDENCE = 0.74
STORY_MIN_WORDS = 3  # in an answer of one part, the words beside the rating that make a story
NO_ANSWER = "other"  # the answer model's label for a message that is no answer (a question, a greeting)
NLU_NON_ANSWERS = {"dont_know": "dont_know", "skip": "skipped", "not_applicable": "not_applicable"}
NLU_MIN_CONFIDENCE = 0.5
BUTTON_CHOICES = {"skip": "skipped", "skipped": "skipped", "not_applicable": "not_applicable", "dont_know": "dont_know"}
FIVE_POINTS = 5
EXACT = 0.97
SIGNAL_CONFIDENCE = 0.55
FUZZY_FACTOR = 0.8
MIXED_WITHOUT_MARKER = 0.55
DIGIT_IN_A_SENTENCE = 0.6
REASON_AFTER_DIGIT = 0.9  # "5 want ...": the number first, then why
SARCASM_RATING = -1.0  # praise with an eye roll: "niet zo goed", confirmed
NUMBER_CLAUSE_WORDS = 3  # "een 6." or "ik geef een 4." before the story
REPEATED = 0.5  # "slecht slecht slecht": each repetition of a rating word makes it half again as strong
OTHER_SCALE_WORDS = 0.6
NUMBER_WORDS = number_words.ON_THE_SCALE
DIGIT_CONTEXT = {"een", "n", "cijfer", "score", "nummer", "smiley", "geef", "kies", "zeg", "punt", "punten", "rapportcijfer"}
# "een 4", "ik geef het een 5": on the smileys (no numbers shown) a school mark as often as a smiley
# (a 4 is a fail there): read as the smiley, but confirmed with one tap
GRADE_WORDS = {"een", "n", "cijfer", "rapportcijfer", "geef"}
DIGIT_AS_GRADE = 0.6
# with these words beside it a digit is a report mark for certain: "onvoldoende, een 5", "cijfer 4"
MARK_WORDS = {"cijfer", "rapportcijfer", "onvoldoende", "voldoende"}
# A Dutch report mark as a rating: 5.5 is the pass mark, so 4-5 is "niet zo goed", 6 "gaat wel",
# 7-8 "goed", 9-10 "heel goed", 3 and lower "heel slecht".
MARK_RATINGS = (-2.0, -2.0, -2.0, -2.0, -1.0, -1.0, 0.0, 1.0, 1.0, 2.0, 2.0)


@dataclass(frozen=True)
class ScaleReading:
    kind: str  # "score" | "skipped" | "not_applicable" | "dont_know" | "none"
    value: Optional[int]  # a value of scale.values when kind == "score", else None
    confidence: float  # 0..1
    story: Optional[str]  # the resident's own words beyond the rating, or None
    basis: str = field(default="", compare=False)  # what the reading rests on, for benchmarks and logs

    @property
    def label(self) -> str:
        """What the reading says as one of the answer model's labels: "1".."5", or the kind."""
        return str(self.value) if self.kind == "score" else self.kind

    @property
    def needs_confirmation(self) -> bool:
        """A reading the app confirms with one tap before it stores it (also a doubtful skip or n/a)."""
        return self.kind != "none" and self.confidence < CONFIRM_BELOW


NONE = ScaleReading("none", None, 0.0, None)
# "Veilig? hier zitten gasten die ...": a rating word of the question repeated with a question mark,
# then the answer: the repeated word is no rating ("veilig" is not how it goes). "Vrije tijd? Heb ik
# niet" keeps its echo: there it says what the answer is about.
ECHO = re.compile(r"^\s*\w+(?:[ '\u2019]\w+)?\s*\?+\s*")
ECHO_REST = 3  # the words the answer after it needs for the echo to be left out
SENTENCE_END = re.compile(r"[.!?]+")
# "-1" typed at a smiley question: below the scale, so its lowest point, confirmed first
BELOW_THE_SCALE = re.compile(r"(?:^|\s)[-\u2212\u2013]\d")
BELOW_THE_SCALE_BASIS = "digit_below_scale"  # the learned model sees only the digit: it never lifts this


# ---- the lexicons as lookup tables --------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A phrase found in the answer: what it is and which tokens it covers."""

    role: str  # non_answer, idiom, term, negator, intensifier, downtoner, hedge, softener, mixed, fallback, signal
    start: int
    end: int  # exclusive
    value: float = 0.0
    confidence: float = 0.9
    kind: str = ""  # for a non-answer
    weak: bool = False
    phrase: str = ""


@dataclass
class Item:
    value: float
    confidence: float
    source: str  # scale, digit, number (out of five or ten), emoji, idiom, pattern, term, fallback, signal
    start: int
    fuzzy: bool = False
    end: int = -1  # exclusive; -1: start + 1
    unattached_negation: bool = False
    verdict: bool = False  # a number on the scale that ends a story: "... Dat is voldoende. Ik zou zeggen 4."


@cache
def _tables() -> Dict[str, Dict[str, Tuple]]:
    """Per matching pass: phrase -> (role, value, confidence, kind, weak)."""
    evaluation, modifiers, non_answers = lexicon.evaluation(), lexicon.modifiers(), lexicon.non_answers()
    first: Dict[str, Tuple] = {}
    for phrase, (kind, weak) in non_answers.kinds().items():
        first[phrase] = ("non_answer", 0.0, 0.9, kind, weak)
    for phrase in evaluation.idioms:
        reading = evaluation.idiom(phrase)
        first.setdefault(phrase, ("idiom", reading.value, reading.confidence, "", False))
    # every idiom and non-answer with "niet" in its dialect spellings too ("kan nie slechter", "weet ik nie zo
    # goed"), unless that spelling is listed itself
    for phrase in list(first):
        words = phrase.split()
        for spelling in modifiers.niet_spellings if "niet" in words else ():
            first.setdefault(" ".join(spelling if word == "niet" else word for word in words), first[phrase])
    second: Dict[str, Tuple] = {}
    for phrase in modifiers.negators:
        second[phrase] = ("negator", 0.0, 0.9, "", False)
    for phrase, factor in modifiers.intensifiers.items():
        second.setdefault(phrase, ("intensifier", factor, 0.9, "", False))
    for phrase, factor in modifiers.downtoners.items():
        second.setdefault(phrase, ("downtoner", factor, 0.9, "", False))
    for phrase, factor in modifiers.hedges.items():
        second.setdefault(phrase, ("hedge", factor, 0.9, "", False))
    terms: Dict[str, Tuple] = {phrase: ("term", value, 0.9, "", False) for phrase, value in evaluation.terms.items()}
    signals = {phrase: ("signal", value, SIGNAL_CONFIDENCE, "", False) for phrase, value in evaluation.signals.items()}
    fallbacks = {phrase: ("fallback", r.value, r.confidence, "", False) for phrase, r in evaluation.fallbacks.items()}
    return {
        "first": first,
        "modifiers": second,
        "terms": terms,
        "rating_words": {**terms, **second},
        "signals": signals,
        "fallbacks": fallbacks,
    }


@cache
def _known_words() -> frozenset:
    """Every word of every lexicon: a word outside these may be a misspelled rating word."""
    words: Set[str] = set()
    for table in _tables().values():
        for phrase in table:
            words.update(phrase.split())
    modifiers = lexicon.modifiers()
    for phrase in (*modifiers.fillers, *modifiers.connectors, *modifiers.softeners):
        words.update(phrase.split())
    return frozenset(words)


@cache
def _fuzzy_targets() -> Tuple[str, ...]:
    """Single rating words and negators a misspelling may stand for (long enough to be safe)."""
    evaluation, modifiers = lexicon.evaluation(), lexicon.modifiers()
    single = [p for p in (*evaluation.terms, *evaluation.idioms, *modifiers.intensifiers) if " " not in p and len(p) >= 4]
    return tuple(sorted(set(single) | {"niet", "goed", "slecht", "gaat"}))


@cache
def _fillers() -> frozenset:
    modifiers = lexicon.modifiers()
    return frozenset(word for phrase in modifiers.fillers for word in phrase.split())


@cache
def _pure_fillers() -> frozenset:
    """Fillers that never modify a rating ("het", "hoor"; not "heel", "niet", "best")."""
    modifiers = lexicon.modifiers()
    modifying = {*modifiers.negators, *modifiers.intensifiers, *modifiers.downtoners, *modifiers.hedges, *modifiers.softeners}
    return frozenset(word for word in _fillers() if word not in {w for phrase in modifying for w in phrase.split()})


@cache
def _connectors() -> frozenset:
    return frozenset(lexicon.modifiers().connectors)


@cache
def _compiled_patterns() -> Tuple[Tuple[re.Pattern, lexicon.Pattern], ...]:
    return tuple((re.compile(entry.pattern), entry) for entry in lexicon.evaluation().patterns)


@cache
def _non_answer_patterns() -> Tuple[Tuple[re.Pattern, lexicon.KindPattern], ...]:
    return tuple((re.compile(entry.pattern), entry) for entry in lexicon.non_answers().patterns)


# ---- finding the phrases ------------------------------------------------------------------------


DANGLING = ("wel", "niet", "nie", "best", "zo")


@cache
def _rating_phrases() -> Tuple[frozenset, int]:
    """The phrases that rate on their own (terms, signals, intensifiers), and the most words of one."""
    tables = _tables()
    phrases = frozenset({*tables["terms"], *tables["signals"], *lexicon.modifiers().intensifiers})
    return phrases, max((len(phrase.split()) for phrase in phrases), default=0)


def _rates(words: Sequence[str], start: int) -> bool:
    """Whether a rating of its own starts at `start` ("goed", "heel", "in de min"): a whole term,
    not only its first word ("in" before "de min"), so "gaat wel in het weekend" stays the middle."""
    phrases, longest = _rating_phrases()
    return any(" ".join(words[start : start + size]) in phrases for size in range(1, min(longest, len(words) - start) + 1))


_LONGEST: Dict[int, int] = {}


def _longest(table: Dict[str, Tuple]) -> int:
    """The most words of a phrase in `table` (the tables are built once and cached)."""
    if id(table) not in _LONGEST:
        _LONGEST[id(table)] = max((len(p.split()) for p in table), default=0)
    return _LONGEST[id(table)]


def _match(
    words: Sequence[str],
    table: Dict[str, Tuple],
    taken: List[bool],
    guarded: bool = False,
    yield_to: Optional[Dict[str, Tuple]] = None,
) -> List[Unit]:
    """Longest phrases of `table` over tokens not yet taken, left to right; marks them taken.
    `guarded`: a phrase ending in "wel" or "niet" does not match right before a rating word
    ("gaat wel" is the middle, "gaat wel goed" is good; "het gaat niet" is bad, "het gaat niet slecht" not).
    `yield_to`: an idiom gives way to a longer phrase of that table that holds all its words, so that
    the short idiom "te doen" does not take the words of the term "niet veel te doen"."""
    longest = _longest(table)
    longer = _spans(words, yield_to) if yield_to else []
    found: List[Unit] = []
    i = 0
    while i < len(words):
        if taken[i]:
            i += 1
            continue
        for size in range(min(longest, len(words) - i), 0, -1):
            span = range(i, i + size)
            if any(taken[j] for j in span):
                continue
            phrase = " ".join(words[i : i + size])
            if (
                guarded
                and phrase.split()[-1] in DANGLING
                and i + size < len(words)
                and table.get(phrase, ("",))[0] == "idiom"
                and _rates(words, i + size)
            ):
                continue
            if table.get(phrase, ("",))[0] == "idiom" and any(
                start <= i and i + size <= end and end - start > size for start, end in longer
            ):
                continue
            if phrase in table and not _in_story(table[phrase], words[max(0, i - 1) : i], words[i + size : i + size + 1]):
                role, value, confidence, kind, weak = table[phrase]
                found.append(Unit(role, i, i + size, value, confidence, kind, weak, phrase))
                for j in span:
                    taken[j] = True
                i += size
                break
        else:
            i += 1
    return found


def _spans(words: Sequence[str], table: Dict[str, Tuple]) -> List[Tuple[int, int]]:
    """Where the phrases of `table` of two words or more stand in `words` (start, end), overlaps included."""
    longest = _longest(table)
    return [
        (i, i + size)
        for i in range(len(words))
        for size in range(2, min(longest, len(words) - i) + 1)
        if " ".join(words[i : i + size]) in table
    ]


def _in_story(entry: Tuple, word_before: Sequence[str], word_after: Sequence[str]) -> bool:
    """A non-answer phrase that is part of the story: right before a question word ('ik weet niet
    hoeveel schuld ik heb') or right after someone else ('mijn vrouw weet het niet')."""
    role, kind = entry[0], entry[3]
    return role == "non_answer" and _part_of_story(kind, word_before, word_after)


def _part_of_story(kind: str, word_before: Sequence[str], word_after: Sequence[str]) -> bool:
    """The word right before or after a non-answer (at most one each) says it is part of the story."""
    phrases = lexicon.non_answers().of_kind(kind)
    before_a_question = bool(word_after) and word_after[0] in phrases.not_before
    after_someone_else = bool(word_before) and word_before[0] in phrases.not_after
    return before_a_question or after_someone_else


def _spelled(words: List[str]) -> Tuple[List[str], Set[int]]:
    """Unknown words replaced by a lexicon word one or two letters away; the positions changed."""
    known, targets = _known_words(), _fuzzy_targets()
    fixed, changed = list(words), set()
    for i, word in enumerate(words):
        if word in known or not word.isalpha():
            continue
        if single_letters(word) in known:
            fixed[i] = single_letters(word)
            continue
        if len(word) < 4:
            continue
        allowed = 1 if len(word) < 8 else 2
        best = min(targets, key=lambda target: (Levenshtein.distance(word, target), abs(len(target) - len(word))))
        if Levenshtein.distance(word, best) <= allowed and word[0] == best[0]:
            fixed[i] = best
            changed.add(i)
    return fixed, changed


def _known_forms(words: List[str]) -> List[str]:
    """Unknown words in a form the lexicons know: 'goeed' -> 'goed', 'slechte' -> 'slecht',
    'zware' -> 'zwaar' (inflected adjectives), without lowering the confidence."""
    known = _known_words()
    result = []
    for word in words:
        if word in known or not word.isalpha():
            result.append(word)
            continue
        candidates = [single_letters(word)]
        if word.endswith("e") and len(word) > 3:
            stem = word[:-1]
            candidates += [stem, stem[:-2] + stem[-2] * 2 + stem[-1] if len(stem) > 2 and stem[-2] in "aeou" else stem]
            if stem.endswith(("bb", "dd", "ff", "gg", "kk", "ll", "mm", "nn", "pp", "rr", "ss", "tt")):
                candidates.append(stem[:-1])
            if stem.endswith("v"):
                candidates.append(stem[:-1] + "f")
            if stem.endswith("z"):
                candidates.append(stem[:-1] + "s")
        result.append(next((c for c in candidates if c in known), word))
    return result


def _split_compounds(words: List[str]) -> List[str]:
    """'superslecht' -> 'super slecht', 'keigoed' -> 'kei goed': an intensifier glued to a rating word."""
    terms, known = lexicon.evaluation().terms, _known_words()
    result: List[str] = []
    for word in words:
        if word in known or not word.isalpha():
            result.append(word)
            continue
        for prefix in _glued_intensifiers():
            rest = word[len(prefix) :]
            if word.startswith(prefix) and len(rest) >= 3 and rest in terms:
                result += [prefix, rest]
                break
        else:
            result.append(word)
    return result


@cache
def _glued_intensifiers() -> Tuple[str, ...]:
    return tuple(sorted((p for p in lexicon.modifiers().intensifiers if " " not in p), key=len, reverse=True))


# ---- composing a rating -------------------------------------------------------------------------


def _negated(value: float, negator: str) -> float:
    modifiers = lexicon.modifiers()
    table = modifiers.negated
    strong = abs(value) > 1.2
    if negator in modifiers.emphatic_negators:
        return table.emphatic_positive if value > 0 else table.emphatic_negative
    if negator in modifiers.partial_negators:
        return table.partial_positive if value > 0 else table.partial_negative
    if negator in modifiers.soft_negators:
        return table.softened_positive if value > 0 else table.softened_negative
    if value > 0:
        return table.strong_positive if strong else table.positive
    return table.strong_negative if strong else table.negative


def _clamp(value: float) -> float:
    return max(-2.0, min(2.0, value))


def _compose(units: List[Unit], words: List[str], starts: FrozenSet[int] = frozenset()) -> List[Item]:
    """Rating words with the modifiers just before them (and a negation just after them); a negation
    never reaches across the end of a sentence (`starts`: the words that begin one): "Helemaal
    niet. Top.", nor across a connector: "ik drink helemaal niet dus goed" """
    fillers, softeners = _fillers() - _connectors(), set(lexicon.modifiers().softeners)  # "niet, dus goed"
    ordered = sorted(units, key=lambda unit: unit.start)
    items: List[Item] = []
    for index, unit in enumerate(ordered):
        if unit.role not in ("term", "signal"):
            continue
        value, negations, factor, last_negator, softened = unit.value, 0, 1.0, "", False
        position, crossed = unit.start, False
        for before in reversed(ordered[:index]):
            crossed = crossed or position in starts
            if before.end != position and not all(words[j] in fillers for j in range(before.end, position)):
                break
            if before.role in ("term", "signal", "non_answer", "idiom"):
                break
            if before.role == "negator" and crossed:
                break
            if before.role == "negator":
                negations, last_negator = negations + 1, last_negator or before.phrase
            elif before.role in ("intensifier", "downtoner", "hedge") and not negations:
                factor *= before.value
                softened = softened or before.phrase in softeners
            elif before.role in ("intensifier", "downtoner", "hedge"):
                pass  # "niet heel goed": the negator decides
            elif before.phrase in softeners:
                pass
            else:
                break
            position = before.start
        if not negations:
            negations, last_negator = _negation_after(ordered, index, words, starts)
        value = _clamp(value * factor)
        if negations % 2 == 1:
            if softened and last_negator not in lexicon.modifiers().emphatic_negators:
                last_negator = "niet zo"  # "nie zo goed", "niet echt slecht": a softened negation
                value = unit.value
            value = _negated(value, last_negator)
        if unit.role == "signal":
            items.append(Item(value, SIGNAL_CONFIDENCE, "signal", unit.start))
        else:
            items.append(Item(value, 0.9 if negations or factor != 1 else 0.92, "term", unit.start))
    return items


def _attached(negator: Unit, items: List[Item], units: List[Unit]) -> bool:
    """Whether a negator stands right before a rating word (with modifiers between) or closes the part after one."""
    later = sorted((u for u in units if u.start >= negator.end), key=lambda u: u.start)
    position = negator.end
    for unit in later:
        if unit.start != position:
            break
        if unit.role in ("term", "signal"):
            return True
        if unit.role not in ("intensifier", "downtoner", "hedge", "negator"):
            break
        position = unit.end
    earlier = [u for u in units if u.end <= negator.start and u.role in ("term", "signal")]
    return bool(earlier) and negator.start - max(u.end for u in earlier) <= 4


def _negation_after(ordered: List[Unit], index: int, words: List[str], starts: FrozenSet[int]) -> Tuple[int, str]:
    """'slecht is het niet', 'tevreden ben ik niet': a plain 'niet' closing the part after the word."""
    unit = ordered[index]
    later = [u for u in ordered[index + 1 :] if u.role != "filler"]
    if not later or later[0].role != "negator" or later[0].phrase not in ("niet", *lexicon.modifiers().niet_spellings):
        return 0, ""
    if any(position in starts for position in range(unit.end, later[0].start + 1)):
        return 0, ""  # "Goed. Niet ..." starts a sentence of its own
    between = words[unit.end : later[0].start]
    if len(between) > 3 or not all(
        w in ("is", "ben", "gaat", "het", "t", "ik", "was", "zijn", "dat", "echt", "ook", "er", "me") for w in between
    ):
        return 0, ""
    after = words[later[0].end :]
    return (1, "niet") if all(w in _fillers() for w in after) else (0, "")


# ---- the reading --------------------------------------------------------------------------------


@dataclass
class Analysis:
    items: List[Item] = field(default_factory=list)
    fallbacks: List[Item] = field(default_factory=list)
    non_answers: List[Unit] = field(default_factory=list)
    mixed: bool = False
    rating_tokens: Set[int] = field(default_factory=set)  # tokens that belong to the rating
    content: int = 0  # tokens that are neither rating nor filler
    past: bool = False  # "het ging slecht", "vorig jaar was het goed"
    present: bool = False  # "nu", "gaat", "is"


def _scale_items(words: List[str], scale: Scale, taken: List[bool]) -> List[Item]:
    """The scale's own labels and smileys, and digits on the scale."""
    items: List[Item] = []
    fillers = _pure_fillers()
    if len(scale.points) == FIVE_POINTS:
        said = " ".join(word for word in words if word not in fillers)
        for index, point in enumerate(scale.points):
            if said and said in (normalise(point.label), normalise(point.phrase)):  # "tja" alone says no point
                taken[:] = [True] * len(words)
                items.append(Item(float(index - 2), EXACT, "scale", 0, end=len(words)))
                return items
    emoji = {point.emoji: index for index, point in enumerate(scale.points) if point.emoji}
    for i, word in enumerate(words):
        if word in emoji and not taken[i]:
            taken[i] = True
            items.append(Item(_position_value(emoji[word], scale), EXACT, "scale", i))
    return items


def _position_value(index: int, scale: Scale) -> float:
    """A point's place on the scale as a rating -2..+2."""
    return -2 + 4 * index / (len(scale.points) - 1)


def _digit_items(words: List[str], scale: Scale, taken: List[bool]) -> List[Item]:
    items: List[Item] = []
    fillers = _fillers()
    smileys = len(scale.points) == FIVE_POINTS
    said_as_mark = smileys and bool(MARK_WORDS.intersection(words))  # "onvoldoende, een 5"
    for i, word in enumerate(words):
        if taken[i] or not (word.isdigit() or _spelled_number(words, i)):
            continue
        following = words[i + 1] if i + 1 < len(words) else ""
        reason_follows = i == 0 and following in _connectors()  # "5, want ik heb eindelijk werk"
        if following and following not in fillers and not following.isdigit() and not reason_follows:
            continue  # "3 kinderen"
        before = words[i - 2] if i >= 2 else ""
        if i >= 1 and words[i - 1] == "van" and before not in DIGIT_CONTEXT and before not in MARK_WORDS:
            continue  # an age or an amount: "mijn kinderen van 9 en 11", "een boete van 90"
        number = int(word) if word.isdigit() else NUMBER_WORDS[word]
        others = [w for j, w in enumerate(words) if j != i and w not in fillers and w not in DIGIT_CONTEXT]
        confidence = EXACT if not others else REASON_AFTER_DIGIT if reason_follows else DIGIT_IN_A_SENTENCE
        if number in scale.values and not said_as_mark:
            taken[i] = True
            if smileys and GRADE_WORDS.intersection(words[:i]):
                confidence = min(confidence, DIGIT_AS_GRADE)
            ends_a_story = i > 0 and all(w in fillers for w in words[i + 1 :])
            items.append(Item(_position_value(scale.values.index(number), scale), confidence, "digit", i, verdict=ends_a_story))
        elif 0 <= number <= 10 and scale.highest < 10:
            taken[i] = True  # a report mark on a smiley question: read as a mark, and confirmed
            items.append(Item(_mark_rating(number), min(confidence, DIGIT_AS_GRADE), "digit", i))
    return items


def _mark_rating(mark: int) -> float:
    return MARK_RATINGS[max(0, min(10, mark))]


def _spelled_number(words: List[str], index: int) -> bool:
    """'vijf' or 'twee' as the whole answer (fillers aside); 'een' is also the article, so never alone."""
    word = words[index]
    if word not in NUMBER_WORDS or word == "een":
        return False
    fillers = _fillers()
    return all(w in fillers or w in DIGIT_CONTEXT for j, w in enumerate(words) if j != index)


def _analyse(words: List[str], scale: Scale, fuzzy: Set[int], raw: str = "", starts: FrozenSet[int] = frozenset()) -> Analysis:
    tables, fillers = _tables(), _fillers()
    taken = [False] * len(words)
    analysis = Analysis()
    analysis.items += _scale_items(words, scale, taken)
    first = _match(words, tables["first"], taken, guarded=True, yield_to=tables["terms"])
    analysis.non_answers = [u for u in first if u.role == "non_answer"]
    for unit in first:
        if unit.role == "idiom":
            analysis.items.append(Item(unit.value, unit.confidence, "idiom", unit.start))
    analysis.items += _digit_items(words, scale, taken)
    emoji_table = lexicon.evaluation().emoji
    for i, word in enumerate(words):
        if not taken[i] and word in emoji_table:
            taken[i] = True
            analysis.items.append(Item(emoji_table[word], 0.85, "emoji", i))
    modifier_units = _match(words, tables["rating_words"], list(taken))
    # a word that is both ("super", "zwaar", "redelijk", "best") modifies only when a rating word or
    # a feeling follows ("best eenzaam" is rather lonely, not "best")
    feeling_starts = {u.start for u in _match(words, tables["signals"], list(taken))}
    units: List[Unit] = []
    for index, unit in enumerate(modifier_units):
        if unit.role in ("intensifier", "hedge") and unit.phrase in tables["terms"] and unit.end not in feeling_starts:
            following = next((u for u in modifier_units[index + 1 :]), None)
            if (
                following is None
                or following.role not in ("term", "intensifier", "hedge", "downtoner")
                or following.start != unit.end
            ):
                term = tables["terms"][unit.phrase]
                unit = Unit("term", unit.start, unit.end, term[1], term[2], phrase=unit.phrase)
        units.append(unit)
    for unit in units:
        for j in range(unit.start, unit.end):
            taken[j] = True
    signals = _match(words, tables["signals"], taken)
    for i in range(len(words) - 1):
        after = words[i + 1]
        if words[i] == "te" and not taken[i] and not taken[i + 1] and after.isalpha() and not after.endswith("en"):
            signals.append(Unit("signal", i, i + 2, -1.0, SIGNAL_CONFIDENCE, phrase=f"te {after}"))
            taken[i] = taken[i + 1] = True
    composed = _compose(units + signals, words, starts)
    loose = [u for u in units if u.role == "negator" and not _attached(u, composed, units)]
    if loose:
        for item in composed:
            item.unattached_negation = True
    terms = [item for item in composed if item.source == "term"]
    said = Counter(words[item.start] for item in terms)
    for item in terms:
        item.value = _clamp(item.value * (1 + REPEATED * (said[words[item.start]] - 1)))
    analysis.items += terms
    signal_items = [item for item in composed if item.source == "signal"]
    padded = f" {' '.join(words)} "
    analysis.past = any(f" {marker} " in padded for marker in PAST)
    analysis.present = any(f" {marker} " in padded for marker in PRESENT)
    analysis.mixed = any(f" {marker} " in padded for marker in lexicon.evaluation().mixed)
    fallbacks = _match(words, tables["fallbacks"], list(taken))
    analysis.fallbacks = [Item(u.value, u.confidence, "fallback", u.start) for u in fallbacks]
    text = " ".join(words)
    for pattern, entry in _compiled_patterns():
        match = pattern.search(raw) or pattern.search(text) if raw else pattern.search(text)
        if not match:
            continue
        if entry.value in ("mark", "point"):
            number_said = match.group(1)  # "3" or "drie"
            number = int(number_said) if number_said.isdigit() else number_words.IN_PATTERNS[number_said]
            if "half" in pattern.groupindex and match.group("half"):
                number += 1  # "een 5,5": a half is rounded up, the Dutch way (5,5 is a pass)
            analysis.items = [item for item in analysis.items if item.source != "digit"]
            if entry.value == "mark":
                analysis.items.append(Item(_mark_rating(number), entry.confidence * 0.8, "number", 0))
            else:
                analysis.items.append(Item(_position_value(number - 1, scale), entry.confidence, "number", 0))
        else:
            analysis.items.append(Item(float(entry.value), entry.confidence, "pattern", 0))
            analysis.mixed = analysis.mixed or entry.value == 0
    for item in analysis.items + signal_items:
        item.fuzzy = item.start in fuzzy
    analysis.items += signal_items
    rating_roles = {"non_answer", "idiom", "term", "negator", "intensifier", "downtoner", "hedge", "mixed"}
    for unit in first + units + fallbacks:
        if unit.role in rating_roles or unit.role == "fallback":
            analysis.rating_tokens.update(range(unit.start, unit.end))
    for item in analysis.items:
        if item.source in ("scale", "digit", "emoji"):
            analysis.rating_tokens.update(range(item.start, item.end if item.end > 0 else item.start + 1))
    analysis.content = sum(
        1 for i, word in enumerate(words) if i not in analysis.rating_tokens and word not in fillers and not word.isdigit()
    )
    return analysis


def _boundary_factor(value: float) -> float:
    """Less sure the closer a rating lies to the middle between two points."""
    distance = abs(value - math.floor(value + 0.5))
    return 1.0 if distance <= 0.2 else max(0.5, 1 - (distance - 0.2) * 1.5)


def _combine(analysis: Analysis) -> Optional[Tuple[float, float, str]]:
    """(rating -2..+2, confidence, basis) from the items found, or None."""
    strong = [item for item in analysis.items if item.source != "signal"]
    signals = [item for item in analysis.items if item.source == "signal"]
    if strong:
        positive = [i for i in strong if i.value > 0.25]
        negative = [i for i in strong if i.value < -0.25]
        # "een 3 van de 5, omdat ik weinig onderneem": the number, then why; "... dus ik zou zeggen 4": the story, then the number
        numbers = [item for item in strong if item.source == "number" or item.verdict]
        if numbers and len(strong) > 1:
            value, confidence, basis = numbers[0].value, min(item.confidence for item in strong), "number_several"
        elif positive and negative:
            value = sum(i.value for i in strong) / len(strong)
            confidence = 0.85 if analysis.mixed else MIXED_WITHOUT_MARKER
            basis = "mixed_marked" if analysis.mixed else "mixed_unmarked"
        else:
            chosen = max(strong, key=lambda item: (abs(item.value), item.confidence))
            value, confidence = chosen.value, min(item.confidence for item in strong)
            basis = chosen.source + ("_several" if len(strong) > 1 else "")
            if any(item.source == "pattern" and item.value == 0 for item in strong):
                value = 0.0
            opposed = [s for s in signals if s.value * value < 0 and abs(value) > 0.25]
            if opposed:
                confidence = min(confidence, 0.7)
        if any(item.fuzzy for item in strong):
            confidence *= FUZZY_FACTOR
            basis += "_fuzzy"
        if analysis.past and not analysis.present and all(item.source != "idiom" for item in strong):
            confidence = min(confidence, 0.7)  # "het ging slecht": and now?
        if any(item.unattached_negation for item in strong if item.source == "term"):
            confidence = min(confidence, 0.7)  # "ik doe bijna niks meer wat ik leuk vind"
        if analysis.content >= LONG_STORY and basis.startswith("term"):
            confidence = min(confidence, LONG_STORY_CONFIDENCE)  # a rating word inside a long story: confirmed
            basis += "_in_story"
        return value, confidence * _boundary_factor(value), basis
    if analysis.fallbacks:
        chosen = max(analysis.fallbacks, key=lambda item: item.confidence)
        confidence = chosen.confidence * (0.8 if signals else 1.0) * (0.8 if analysis.content >= 2 else 1.0)
        return chosen.value, confidence, "fallback"
    if signals:
        value = sum(item.value for item in signals) / len(signals)
        return value, SIGNAL_CONFIDENCE * _boundary_factor(value), "signal"
    return None


def _non_answer(analysis: Analysis, words: List[str]) -> Optional[Tuple[str, float, bool]]:
    """(kind, confidence, whether a pattern covers the whole answer) of a non-answer, or None."""
    text = " ".join(words)
    found = [(u.kind, 0.6 if u.weak else 0.92, u.end - u.start) for u in analysis.non_answers]
    for pattern, entry in _non_answer_patterns():
        if pattern.fullmatch(text):
            return entry.kind, entry.confidence, True  # the whole answer: "weet ik eigenlijk niet zo goed"
        if any(
            not _part_of_story(entry.kind, text[: match.start()].split()[-1:], text[match.end() :].split()[:1])
            for match in pattern.finditer(text)
        ):
            found.append((entry.kind, entry.confidence, 2))
    if not found:
        return None
    # a phrase of one word ("volgende", "pas") counts only when nothing else is said: "mwah 🤷" is a "gaat wel"
    alone = analysis.content == 0 and not analysis.fallbacks
    found = [(kind, confidence, size) for kind, confidence, size in found if size > 1 or alone]
    if not found:
        return None
    kinds = {kind for kind, _, _ in found}
    kind, confidence, _ = max(found, key=lambda entry: (entry[1], entry[2]))
    if len(kinds) > 1:
        confidence = min(confidence, 0.6)
    if analysis.content > 2:
        confidence = min(confidence, 0.8)
    if analysis.content >= LONG_STORY and kind != "dont_know":
        # a skip or not-applicable inside a long story is confirmed, like a rating word in a story
        confidence = min(confidence, LONG_STORY_CONFIDENCE)
    return kind, confidence, False


def _scale_value(rating: float, scale: Scale) -> Tuple[int, float]:
    """The scale's value for a rating -2..+2, and a factor for the confidence."""
    position = (rating + 2) / 4 * (len(scale.points) - 1)
    index = max(0, min(len(scale.points) - 1, math.floor(position + 0.5)))
    factor = 1.0 if len(scale.points) == FIVE_POINTS else OTHER_SCALE_WORDS
    return scale.values[index], factor


def _direct_number(words: List[str], scale: Scale) -> Optional[ScaleReading]:
    """On a scale other than the smileys (0..10): a number in range is read as it stands."""
    from bot.understanding.numbers import read_rating

    reading = read_rating(" ".join(words), scale.lowest, scale.highest)
    if reading.value is None or reading.value not in scale.values:
        return None
    others = [w for w in words if not w.isdigit() and w not in NUMBER_WORDS and w not in _fillers() and w not in DIGIT_CONTEXT]
    return ScaleReading("score", reading.value, EXACT if not others else 0.8, None, "number")


def _story(text: str, analysis: Analysis, words: List[str]) -> Optional[str]:
    """The resident's words beyond the rating: the parts of the message that are not the rating."""
    if analysis.content == 0:
        return None
    fillers, connectors = _fillers(), _connectors()
    rating_words = {words[i] for i in analysis.rating_tokens}
    parts = clauses(text)
    kept = []
    for original, part_words in parts:
        content = [w for w in part_words if w not in fillers and w not in rating_words and not w.isdigit()]
        if content:
            kept.append(original)
    if not kept:
        return None
    if len(parts) == 1 and analysis.content < STORY_MIN_WORDS:
        return None
    story = ", ".join(kept) if len(kept) < len(parts) else text.strip()
    first_word = story.split(maxsplit=1)
    while first_word and normalise(first_word[0]) in connectors and len(first_word) > 1:
        story = first_word[1]
        first_word = story.split(maxsplit=1)
    return story.strip(" ,.;:-") or None


def read_scale_answer(message: UserMessage, scale: Scale) -> ScaleReading:
    """What the resident's answer says on `scale`; see the module's docstring."""
    reading = read_by_words(message, scale)
    words = tokens(message.text or "")
    if message.choice or len(scale.points) != FIVE_POINTS or not words:
        return reading
    from bot.understanding.answer_judge import judged
    from bot.understanding.answer_model import answer_model

    probabilities = answer_model().probabilities(message.text)
    return judged(reading, with_learned_opinion(reading, probabilities, word_count=len(words)), probabilities, len(words))


@dataclass(frozen=True)
class LearnedThresholds:
    """When the learned second opinion (bot/understanding/answer_model.py) reads an answer the words
    could not. Chosen by leave-one-writer-out cross-validation on the development answers
    (bench/answer_model_eval.py): the fewest stored wrong first, then the most stored right."""

    propose: float = 0.3  # the model's meaning is proposed with one tap from this probability
    store: float = 0.9  # and stored without a question from this one
    agree: float = 0.93  # an unsure reading of the words is stored when the model gives the same meaning this much
    doubt: float = 0.4  # a sure score of the words is confirmed when the model gives another meaning this much,
    doubt_words: int = 5  # in an answer of at least this many words (on short answers the words know best)
    instead: float = 0.6  # an unsure reading of the words is replaced, with one tap, by the model's other meaning this sure
    instead_store: float = 0.97  # and stored from this probability


LEARNED = LearnedThresholds()
DOUBTED = 0.6  # the confidence of a sure score the learned model doubts: confirmed with one tap


def with_learned_opinion(
    reading: ScaleReading, probabilities: Dict[str, float], thresholds: LearnedThresholds = LEARNED, word_count: int = 0
) -> ScaleReading:
    """Where the words read nothing: the learned model's likeliest meaning, stored when it is very
    sure, else proposed with one tap; nothing when it is unsure or takes the message for no answer.
    Where the words are unsure: stored when the model is very sure of the same meaning. A sure score
    of the words in a longer answer is confirmed with one tap (still the words' score) when the
    model gives another meaning more weight; an unsure reading of the words becomes the model's
    meaning, still with one tap, when the model is sure of another; otherwise a reading is kept."""
    label, probability = max(probabilities.items(), key=lambda item: item[1])
    if reading.basis == BELOW_THE_SCALE_BASIS:
        return reading
    if reading.kind != "none":
        said = reading.label
        if reading.confidence < CONFIRM_BELOW and label == said and probability >= thresholds.agree:
            return ScaleReading(reading.kind, reading.value, CONFIRM_BELOW, reading.story, reading.basis + "_learned_agrees")
        # a number typed as the answer itself ("een 4", "5/10", "drie van de vijf"), or praise with an
        # eye roll: the model neither doubts nor overrules it (a number before a story, "Een 6.
        # Sporadisch ...", it may: leave-one-writer-out)
        kept = reading.basis in ("digit", "number") or reading.basis.endswith("_sarcasm")
        doubted = label != said and probability >= thresholds.doubt and word_count >= thresholds.doubt_words
        if reading.kind == "score" and reading.confidence >= CONFIRM_BELOW and doubted and not kept:
            return ScaleReading(reading.kind, reading.value, DOUBTED, reading.story, reading.basis + "_learned_doubts")
        other_meaning = label not in (said, NO_ANSWER) and probability >= thresholds.instead
        if reading.confidence < CONFIRM_BELOW and other_meaning and not kept:
            confidence = CONFIRM_BELOW if probability >= thresholds.instead_store else _proposed(probability)
            return _learned_reading(label, confidence, reading.story, reading.basis + "_learned_instead")
        return reading
    if label == NO_ANSWER or probability < thresholds.propose:
        return reading
    confidence = CONFIRM_BELOW if probability >= thresholds.store else _proposed(probability)
    return _learned_reading(label, confidence, reading.story, "learned")


def _proposed(probability: float) -> float:
    """The confidence of a meaning the model proposes with one tap: always below CONFIRM_BELOW."""
    return round(min(probability, CONFIRM_BELOW) * 0.9, 3)


def _learned_reading(label: str, confidence: float, story: Optional[str], basis: str) -> ScaleReading:
    value = int(label) if label.isdigit() else None
    return ScaleReading("score" if value is not None else label, value, confidence, story, basis)


def _words_and_starts(text: str) -> Tuple[List[str], FrozenSet[int]]:
    """The words in the forms the lexicons know, read sentence by sentence (ends: . ! ?), and the
    positions of the words that begin a sentence after the first."""
    words: List[str] = []
    starts: Set[int] = set()
    for part in SENTENCE_END.split(text):
        part_words = _known_forms(_split_compounds(tokens(part)))
        if words and part_words:
            starts.add(len(words))
        words += part_words
    return words, frozenset(starts)


def _without_echo(text: str) -> str:
    """The answer without a repeated rating word of the question in front ("Veilig? ..."), when enough follows."""
    match = ECHO.match(text)
    terms = lexicon.evaluation().terms
    if match and any(word in terms for word in tokens(match.group(0))) and len(tokens(text[match.end() :])) >= ECHO_REST:
        return text[match.end() :]
    return text


def _self_corrected(text: str) -> str:
    """The answer from a self-correction on ("Slecht. Nee, gaat wel eigenlijk." -> "gaat wel
    eigenlijk"), when the part before it rates and the part from it rates again; else the answer."""
    parts = clauses(text)
    markers = sorted(lexicon.modifiers().self_corrections, key=len, reverse=True)
    for index in range(len(parts) - 1, 0, -1):
        said = " ".join(parts[index][1])
        marker = next((m for m in markers if said == m or said.startswith(m + " ")), None)
        if marker is None:
            continue
        after = [said[len(marker) :].strip()] + [original for original, _ in parts[index + 1 :]]
        rest = " ".join(part for part in after if part)
        before = " ".join(original for original, _ in parts[:index])
        if rest and rates(rest) and rates(before):
            return rest
    return text


def read_by_words(message: UserMessage, scale: Scale) -> ScaleReading:
    """The reading from the words alone (and the NLU's non-answer intents); see the module's docstring."""
    if message.choice:
        return _button(message.choice, scale)
    text = _self_corrected(_without_echo(message.text or ""))
    words, starts = _words_and_starts(text)
    if not words:
        return NONE
    if len(scale.points) != FIVE_POINTS:
        direct = _direct_number(words, scale)
        if direct is not None:
            return direct
    raw = normalise(text)
    analysis = _analyse(words, scale, set(), raw, starts)
    non_answer = _non_answer(analysis, words)
    rating = _combine(analysis)
    if rating is None and non_answer is None:
        fixed, changed = _spelled(words)
        if changed or fixed != words:
            fuzzy = changed | {i for i, (a, b) in enumerate(zip(words, fixed)) if a != b}
            analysis = _analyse(fixed, scale, fuzzy, raw, starts)
            words = fixed
            non_answer = _non_answer(analysis, words)
            rating = _combine(analysis)
    story = _story(text, analysis, words)
    second_kind, second_confidence = _second_opinion(message)
    strong_rating = any(item.source not in ("signal",) for item in analysis.items)
    # "That's between me and God 😄": an emoji beside a pass is its tone, not a rating
    emoji_only = bool(analysis.items) and all(item.source in ("emoji", "signal") for item in analysis.items)
    passed_with_emoji = non_answer is not None and non_answer[0] == "skipped" and emoji_only
    if non_answer is not None and (non_answer[2] or passed_with_emoji or not (rating and strong_rating)):
        kind, confidence, _ = non_answer
        if second_kind == kind:
            confidence = max(confidence, second_confidence)
        return ScaleReading(kind, None, round(confidence, 3), story, "non_answer" + ("_weak" if confidence < 0.7 else ""))
    if rating is not None:
        value, confidence, basis = rating
        if value > 0 and _sarcastic(words):
            value, confidence, basis = SARCASM_RATING, min(confidence, DIGIT_AS_GRADE), basis + "_sarcasm"
        if non_answer is not None:
            confidence = min(confidence, 0.6)  # "weet niet, slecht denk ik": a guess, confirmed
            basis += "_with_non_answer"
        if second_kind and second_confidence >= 0.8 and not strong_rating:
            return ScaleReading(second_kind, None, round(second_confidence * 0.8, 3), None, "nlu_over_" + basis)
        if basis == "digit" and BELOW_THE_SCALE.search(text):
            value, confidence, basis = -2.0, min(confidence, DIGIT_AS_GRADE), BELOW_THE_SCALE_BASIS
        point, factor = _scale_value(value, scale)
        return ScaleReading("score", point, round(confidence * factor, 3), story, basis)
    if second_kind:
        return ScaleReading(second_kind, None, round(second_confidence, 3), None, "nlu")
    return _number_said_first(text, scale) or ScaleReading("none", None, 0.0, story)


def _number_said_first(text: str, scale: Scale) -> Optional[ScaleReading]:
    """'Een 6. Sporadisch een verjaardag.': a number alone in the first clause is the score, the
    rest is the story; confirmed with one tap, as a number in a sentence is."""
    parts = clauses(text)
    if len(parts) < 2:
        return None
    first, first_words = parts[0]
    if len(first_words) > NUMBER_CLAUSE_WORDS or not any(word.isdigit() for word in first_words):
        return None
    reading = read_by_words(UserMessage(first), scale)
    if reading.kind != "score":
        return None
    story = ", ".join(original for original, _ in parts[1:])
    return ScaleReading("score", reading.value, min(reading.confidence, DIGIT_IN_A_SENTENCE), story, reading.basis + "_first")


def _sarcastic(words: List[str]) -> bool:
    """'Geweldig hoor, nachtdiensten 🙄', 'Gezellig hoor, kerst met de familie. Not.'"""
    evaluation = lexicon.evaluation()
    return any(word in evaluation.sarcasm for word in words) or words[-1] in evaluation.sarcasm_last_words


def rates(text: str) -> bool:
    """Whether the words say how something goes (a rating word, an idiom, a smiley), on any scale."""
    words = _known_forms(_split_compounds(tokens(text)))
    if not words:
        return False
    analysis = _analyse(words, _smileys(), set())
    return any(item.source != "signal" for item in analysis.items)


@cache
def _smileys() -> Scale:
    from bot.content.instruments import ScalePoint

    return Scale(points=tuple(ScalePoint(value=v, label="", phrase="", colour="#000000") for v in range(1, 6)))


def _second_opinion(message: UserMessage) -> Tuple[Optional[str], float]:
    """The NLU's best non-answer intent, when it is sure enough of it."""
    intent, confidence = message.best_of(NLU_NON_ANSWERS)
    if intent is None or intent != message.intent or confidence < NLU_MIN_CONFIDENCE:
        return None, 0.0
    return NLU_NON_ANSWERS[intent], confidence


def _button(choice: str, scale: Scale) -> ScaleReading:
    if choice.startswith("score:"):
        try:
            value = int(choice.split(":", 1)[1])
        except ValueError:
            return NONE
        return ScaleReading("score", value, 1.0, None, "button") if value in scale.values else NONE
    kind = BUTTON_CHOICES.get(choice)
    return ScaleReading(kind, None, 1.0, None, "button") if kind else NONE
