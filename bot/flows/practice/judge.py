"""Judging a reflection or a summary against what the persona said and feels.

A reflection names a domain (its words, or the domain just talked about, or the facts it echoes)
and says something about it: feelings (families of bot/content/practice/feelings.yml, a "niet"
before one turns it around), or how it goes (the scale reader's reading of the evaluative words).
Against the persona's stance on that domain (feels: positive | negative | mixed, and the families
it feels) it is:

- right_feeling: it names a feeling the persona has there;
- wrong: a misreading the persona lists, a feeling turned around, or a tone that does not fit
  ("Dus werken vind je eigenlijk wel prima?" to someone who is afraid of a regular job);
- right: it echoes what they said, or its tone fits;
- not_said: it is about a domain they told nothing about;
- vague: nothing to hold on to.

A summary is judged part by part: good with two or more right parts and nothing wrong.
"""

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Set, Tuple

from bot.content import Instrument
from bot.content.personas import Persona, feeling_families
from bot.flows.practice.state import PracticeState
from bot.understanding.domains import find_domains
from bot.understanding.message import UserMessage
from bot.understanding.text import fold

NEGATORS = {"niet", "geen", "nooit", "niks", "niets", "nergens"}
NEGATION_WINDOW = 3  # words before a feeling word in which a negator turns it around
STEM = 5  # words are compared on their first letters
STOPWORDS = {
    "dat", "het", "een", "die", "dit", "deze", "van", "voor", "met", "maar", "niet", "ook", "nog", "wel", "als",
    "dus", "jij", "jou", "jouw", "zijn", "haar", "hebt", "heeft", "hebben", "bent", "was", "wordt", "worden",
    "gaat", "gaan", "doet", "doen", "vind", "vindt", "eigenlijk", "klopt", "begrijp", "goed", "hoor", "zeggen",
    "zegt", "even", "veel", "heel", "erg", "echt", "want", "omdat", "waar", "wat", "hoe", "nu", "dan", "toch",
    "alles", "iets", "mijn", "ik", "je", "er", "daar", "hier", "samen", "vatten", "samengevat", "klinkt",
    "alsof", "lijkt", "voel", "voelt", "gevoel", "horen", "vertelde", "verteld", "mij",
    "ons", "hij", "zij", "zal", "nou", "toe", "uit", "heb", "ben", "kan", "wil", "zou", "wie", "bij", "aan", "hem", "zei", "wij", "naar", "geen", "mag", "moet", "zo", "ja", "nee",
}  # fmt: skip
PART_BREAK = re.compile(r"[.;:!?\n]+|,\s*|\s+(?:en|maar|terwijl|omdat|want|dus)\s+")
SUMMARY_MIN_RIGHT = 2


@dataclass(frozen=True)
class Verdict:
    kind: str  # right_feeling | right | wrong | not_said | vague
    domain: Optional[str] = None
    correction: Optional[str] = None
    family: Optional[str] = None  # the feeling named, when right_feeling
    reason: Optional[str] = None  # why wrong: misreading | negated | tone

    @property
    def right(self) -> bool:
        return self.kind in ("right", "right_feeling")


@dataclass(frozen=True)
class SummaryVerdict:
    kind: str  # good | partial | thin
    right: Tuple[Verdict, ...]
    wrong: Tuple[Verdict, ...]

    @property
    def domains(self) -> Tuple[str, ...]:
        return tuple(dict.fromkeys(v.domain for v in self.right if v.domain))


# --- words ---------------------------------------------------------------------------------------------
def _words(text: str) -> List[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _stems(text: str) -> Set[str]:
    return {word[:STEM] for word in _words(text) if len(word) >= 3 and word not in STOPWORDS}


def feelings_in(text: str) -> Tuple[Dict[str, int], Set[str]]:
    """Families named in `text` with their polarity, and the families turned around by a negator."""
    words = _words(text)
    padded = " " + " ".join(words) + " "
    named: Dict[str, int] = {}
    negated: Set[str] = set()
    for family, (polarity, phrases) in feeling_families().items():
        for phrase in phrases:
            folded = " ".join(_words(phrase))
            if " " in folded:
                index = padded.find(f" {folded} ")
                position = len(padded[:index].split()) if index >= 0 else -1
            else:
                position = next((i for i, word in enumerate(words) if word.startswith(folded)), -1)
            if position < 0:
                continue
            before = words[max(0, position - NEGATION_WINDOW) : position]
            if set(before) & NEGATORS:
                negated.add(family)
            else:
                named[family] = polarity
            break
    return named, negated


def tone(text: str) -> int:
    """-1, 0 or 1: how the words say it goes (the scale reader), 0 when they say nothing."""
    from bot.content import load_instrument
    from bot.understanding.scale_reader import read_scale_answer

    reading = read_scale_answer(UserMessage(text), load_instrument().scale)
    if reading.kind != "score" or reading.value is None:
        return 0
    return 1 if reading.value >= 4 else -1 if reading.value <= 2 else 0


def told_text(persona: Persona, state: PracticeState, domain: str) -> str:
    facts = persona.domains[domain].facts
    told = " ".join(facts[index].text for index in state.told_in(domain) if index < len(facts))
    if domain in state.feelings_told and persona.domains[domain].feeling:
        told += " " + (persona.domains[domain].feeling or "")
    return told


# --- one reflection -----------------------------------------------------------------------------------
def _domain_of(persona: Persona, state: PracticeState, text: str, instrument: Instrument, named: Dict[str, int]) -> Optional[str]:
    own = [key for key in find_domains(text, instrument) if key in persona.domains]
    told = [key for key in persona.domains if state.told_in(key)]
    if own:
        return next((key for key in own if key in told), own[0])
    stems = _stems(text)
    overlap = sorted(((len(stems & _stems(told_text(persona, state, key))), key) for key in told), reverse=True)
    if overlap and overlap[0][0] > 0:
        return overlap[0][1]
    if named:
        felt = [key for key in told if set(named) & set(persona.domains[key].feelings)]
        if state.last_domain in felt:
            return state.last_domain
        if felt:
            return felt[0]
    if state.last_domain:
        return state.last_domain
    untold = sorted(
        ((len(stems & _stems(" ".join(f.text for f in entry.facts))), key) for key, entry in persona.domains.items()),
        reverse=True,
    )
    return untold[0][1] if untold and untold[0][0] > 0 else None


def judge_reflection(persona: Persona, state: PracticeState, text: str, instrument: Instrument) -> Verdict:
    named, negated = feelings_in(text)
    domain = _domain_of(persona, state, text, instrument, named)
    folded = " ".join(_words(text))
    for key in [domain] + [k for k in persona.domains if k != domain and state.told_in(k)]:
        if key is None:
            continue
        for misreading in persona.domains[key].misreadings:
            if re.search(misreading.pattern, folded):
                return Verdict("wrong", key, misreading.correction, reason="misreading")
    if domain is None:
        return Verdict("vague")
    entry = persona.domains[domain]
    families = set(entry.feelings)
    hit = next((family for family in named if family in families), None)
    if hit:
        return Verdict("right_feeling", domain, family=hit)
    if negated & families:
        return Verdict("wrong", domain, entry.correction, reason="negated")
    positive = any(polarity > 0 for family, polarity in named.items())
    negative = any(polarity < 0 for family, polarity in named.items())
    if not named:
        said = tone(text)
        positive, negative = said > 0, said < 0
    if entry.feels in ("negative", "mixed") and positive and not negative:
        return Verdict("wrong", domain, entry.correction, reason="tone")
    if entry.feels == "positive" and negative and not positive:
        return Verdict("wrong", domain, entry.correction, reason="tone")
    if not state.told_in(domain):
        return Verdict("not_said", domain)
    echoed = _stems(text) & _stems(told_text(persona, state, domain))
    if echoed or (negative and entry.feels in ("negative", "mixed")) or (positive and entry.feels == "positive"):
        return Verdict("right", domain)
    return Verdict("vague", domain)


# --- a summary ------------------------------------------------------------------------------------------
def summary_parts(text: str) -> List[str]:
    return [part.strip() for part in PART_BREAK.split(text or "") if part and len(_words(part)) >= 2]


def judge_summary(persona: Persona, state: PracticeState, text: str, instrument: Instrument) -> SummaryVerdict:
    right: List[Verdict] = []
    wrong: List[Verdict] = []
    for part in summary_parts(text):
        named, _ = feelings_in(part)
        has_domain = any(key in persona.domains for key in find_domains(part, instrument))
        echoes = any(_stems(part) & _stems(told_text(persona, state, key)) for key in persona.domains)
        if not (has_domain or echoes or named):
            continue
        verdict = judge_reflection(persona, state, part, instrument)
        if verdict.kind == "wrong":
            wrong.append(verdict)
        elif verdict.right and not any(v.domain == verdict.domain and v.kind == verdict.kind for v in right):
            right.append(verdict)
    felt = {v.domain for v in right if v.kind == "right_feeling"}
    # "het werk gaat goed, maar een gewone baan maakt je bang": the good side of a mixed domain
    # is no mistake when the same summary names the hard side
    for verdict in [v for v in wrong if v.reason == "tone" and v.domain in felt]:
        wrong.remove(verdict)
        right.append(Verdict("right", verdict.domain))
    if wrong:
        kind = "partial"
    elif len(right) >= SUMMARY_MIN_RIGHT:
        kind = "good"
    else:
        kind = "thin"
    return SummaryVerdict(kind, tuple(right), tuple(wrong))


def names_conflict(persona: Persona, text: str) -> bool:
    """The worker names both sides of the persona's conflicting assignments."""
    conflict = persona.regie.conflict
    if conflict is None:
        return False
    folded = " ".join(_words(text))
    return all(fold(party) in folded for party in conflict.parties) or any(
        fold(cue) in folded for cue in conflict.cues if cue not in conflict.parties
    )


def content_echo(first: str, second: str) -> bool:
    return bool(_stems(first) & _stems(second))


def family_names(texts: Sequence[str]) -> Set[str]:
    found: Set[str] = set()
    for text in texts:
        found |= set(feelings_in(text)[0])
    return found
