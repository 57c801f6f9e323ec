"""Replace personal data in Dutch chat text by placeholders, for anonymised training stories.

`anonymise(text, known_names)` returns the text with every finding replaced by its placeholder;
all other characters (whitespace, punctuation, case) stay exactly as they were.
`find_personal_data(text, known_names)` returns the findings themselves.

Caught, in this order (an earlier kind wins where two overlap):

- <EMAIL>          e-mail addresses.
- <IBAN>           IBAN account numbers, with or without spaces (NL91ABNA0417164300).
- <TELEFOON>       Dutch numbers of 10 digits starting with 0 (06-12345678, 020-1234567,
                   010 123 4567, (020) 123 45 67) and international ones (+31 6 12345678,
                   0031 6..., +31 (0)6..., +32 ...).
- <GEBOORTEDATUM>  full dates (12-03-1985, 12/3/85, 1985-03-12, 12 maart 1985, 3 jan. 1990)
                   near a birth cue ("geboren", "geboortedatum", "geb.") or with a year more
                   than 10 years back; after a birth cue also a day and month or a year alone
                   ("geboren op 3 maart", "geboren in 1985", "ik ben jarig op 3 maart").
- <DATUM>          other full dates with a recent or future year (an appointment).
- <BSN>            8 or 9 digits, whole or split by dots, spaces or dashes, 11-check or not.
- <POSTCODE>       1234 AB, 1234AB, 1234 ab (lower case only when the letters are no word,
                   so "2019 en" and "1500 km" stay).
- <ADRES>          a street name ending in straat, weg, laan, plein, gracht, ... with a house
                   number and addition (Kerkstraat 12, Lange Nieuwstraat 3a, Burgemeester de
                   Withstraat 101-2, Van Limburg Stirumplein 8 bis, kerkstraat 12), and a
                   street without number after "ik woon aan/op/in de ...".
- <NAAM>           (1) the known names, case-insensitive, anywhere; (2) a capitalised word
                   (with up to two more capitalised words and particles: "Jan de Vries",
                   "Fatima El Amrani") after a cue: "ik ben", "ik heet", "mijn naam is",
                   "noem me", "mijn zoon/dochter/buurvrouw/... (heet)", "meneer", "mevrouw",
                   "dhr.", "mw.", a greeting ("hoi", "goedemorgen", ...) and "met" at the start
                   of a sentence or after a comma ("Hallo, met Karin"); after those cues also a
                   lower-case word from the name list (after "ik heet", "mijn naam is", "noem me"
                   any word that is no common word); (3) a word from bot/content/names.yml,
                   only when capitalised and not at the start of a sentence, and not one of the
                   names that are also Dutch words (Roos, Bas, Bakker, Visser, ...), unless with
                   its particles ("de Boer", "van den Berg") or after a first name.

Not caught (known limits):

- a name from the list at the very start of a sentence without a cue ("Fatima belt vaak."),
  a name missing from the list without a cue, and a lower-case name without a cue;
- names that are also Dutch words, capitalised mid-sentence without a cue ("ik sprak Roos");
- lower-case multi-word names after a cue ("ik heet jan de vries" only loses "jan");
- the lower-case first words of a multi-word street ("lange nieuwstraat 3" keeps "lange"),
  streets without a known suffix ("Spui 12", "Dam 1"), and lower-case streets ending in
  park, pad, hof, erf, baan, ring, veld, burg or wal;
- place names, ages, job titles, school names and other indirect identifiers;
- a BSN written directly before another number with the same separator ("1234 56 782 12").
Never touched: numbers up to 7 digits (marks, amounts, percentages, times), years alone (except
right after a birth cue), amounts written with € or "euro", week days, smileys, placeholders
already in the text (so anonymise is idempotent) and the life-domain words of the board, which
are read from the board's content and never count as a name after a cue ("Met Werk ...").
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, FrozenSet, Iterable, Iterator, List, Tuple

import yaml

NAMES_FILE = Path(__file__).resolve().parent / "content" / "names.yml"


@dataclass(frozen=True)
class Finding:
    kind: str  # NAAM, TELEFOON, EMAIL, ADRES, GEBOORTEDATUM, DATUM, BSN, IBAN, POSTCODE
    start: int
    end: int
    text: str


Span = Tuple[int, int, str]  # start, end, kind

# ---------------------------------------------------------------- regular expressions

LETTER = r"[^\W\d_]"
WORD = rf"{LETTER}+(?:['’-]{LETTER}+)*"
PARTICLE = r"(?:van|de|den|der|het|'t|ter|ten|te|el|al|la|le|da|du|von|ibn|bin)"

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")

IBAN_RE = re.compile(r"(?<!\w)[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?(?!\w)")

_SEP = r"(?:[ \t]?[-.][ \t]?|[ \t])?"  # between two digits of a phone number
PHONE_RE = re.compile(
    rf"""(?<![\w+])(?:
        (?:\+|00)[ \t]?31[ \t]?(?:\(0\)[ \t]?)?-?[ \t]?\d(?:{_SEP}\d){{8}}   # +31 6 12345678
      | \+(?!31)\d{{1,3}}[ \t]?\d(?:{_SEP}\d){{5,11}}                      # +32 ...
      | \(0\d{{2}}\)[ \t]?\d(?:{_SEP}\d){{6}}                              # (020) 123 45 67
      | \(0\d{{3}}\)[ \t]?\d(?:{_SEP}\d){{5}}                              # (0513) 12 34 56
      | 0\d(?:{_SEP}\d){{8}}                                              # 06-12345678
    )(?!\d|[-.]\d)""",
    re.X,
)

_MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "febr": 2,
    "maart": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
NUMERIC_DATE_RE = re.compile(
    r"(?<![\w.,/-])(?:(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))(?![\w]|[-/.]\d)"
)
WRITTEN_DATE_RE = re.compile(
    rf"(?<![\w.,])(?P<d>\d{{1,2}})(?:e|ste|de)?[ \t]+(?P<m>{_MONTH})(?:[ \t]+(?P<y>\d{{4}}|'\d{{2}}))?(?!\w)",
    re.I,
)
BIRTH_CUE_RE = re.compile(r"\b(?:geboren|geb\.|geboortedatum|geboortedag|jarig|verjaardag)", re.I)
BIRTH_PARTIAL_RE = re.compile(  # after a birth cue: "op 12-03", "in 1985"
    r"(?i:\b(?:geboren|geb\.|geboortedatum|geboortedag|jarig|verjaardag)(?:[ \t]+(?:is|was))?"
    r"(?:[ \t]+(?:op|in))?[ \t]*:?[ \t]*)"
    r"(?P<date>\d{1,2}[-/.]\d{1,2}(?![\d/.-])|(?:19|20)\d{2}(?!\d))"
)

BSN_RE = re.compile(r"(?<![\w€.,/-])(?:\d{8,9}|\d{2,4}(?P<sep>[ .-])\d{2,4}(?:(?P=sep)\d{2,4}){0,2})(?![\w%€]|[.,/-]?\d)")
MONEY_AFTER_RE = re.compile(r"[ \t]*(?:euro|eur\b|,-|,\d)", re.I)

POSTCODE_RE = re.compile(r"(?<![\w€.,-])[1-9]\d{3}[ \t]?(?P<letters>[A-Za-z]{2})(?![^\W_])")
POSTCODE_NOT_LETTERS = frozenset(
    ["al", "af", "as", "bv", "cl", "cm", "dl", "en", "er", "ga", "gb", "gr", "he", "hè", "ik", "in", "is", "ja", "je", "jl", "kb", "kg", "km", "la", "ma", "mb", "me", "mg", "ml", "mm", "na", "nl", "nu", "of", "oh", "ok", "om", "op", "pa", "st", "te", "tv", "ui", "uw", "wc", "we", "xl", "ze", "zo"]
)

STREET_SUFFIXES = (
    "straatje",
    "straat",
    "weg",
    "laan",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "pad",
    "hof",
    "dreef",
    "steeg",
    "plantsoen",
    "park",
    "markt",
    "erf",
    "baan",
    "ring",
    "hoven",
    "wal",
    "veld",
    "burg",
    "haven",
    "boulevard",
    "allee",
)
LOWERCASE_STREET_SUFFIXES = (
    "straatje",
    "straat",
    "weg",
    "laan",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "steeg",
    "dreef",
    "plantsoen",
    "hoven",
    "markt",
    "haven",
)
_UNITS = (
    r"(?:%|procent|euro|eur|keer|x|jaar|jaren|jaartjes|uur|uurtjes|min|minuten|sec|seconden|dag|"
    r"dagen|week|weken|maand|maanden|km|kilometer|m|meter|kg|kilo|gram|cm|stuks|kinderen|mensen|"
    r"personen|punten)\b"
)
_STREET_NAME = (  # capitalised words and particles before the street word itself
    rf"(?P<prefix>(?:[A-ZÀ-ÖØ-Þ]{LETTER}*\.?[ \t]+(?:{PARTICLE}[ \t]+){{0,2}}){{0,3}})"
    rf"(?P<street>{WORD})"
)
ADDRESS_RE = re.compile(
    rf"(?<!\w){_STREET_NAME}[ \t]*(?P<number>\d{{1,5}}(?:[ \t]?[A-Za-z](?![^\W_]))?"
    rf"(?:[ \t]?-[ \t]?(?:\d{{1,4}}|[A-Za-z](?![^\W_])))?(?:[ \t]+(?:bis|hs|bg|bv)\b)?)"
    rf"(?!\d|[.,]\d|[ \t]*{_UNITS})"
)
ADDRESS_NO_NUMBER_RE = re.compile(
    rf"(?i:\b(?:woon|woont|wonen|woonde|verhuisd|verhuis|verhuizen|adres)[ \t]+(?:is[ \t]+)?"
    rf"(?:(?:aan|op|in|naar)[ \t]+(?:de|het|'t)|aan|op)[ \t]+){_STREET_NAME}(?!\w|[ \t]*\d)"
)
ADDRESS_LEAD_WORDS = frozenset(
    ["in", "op", "aan", "naar", "bij", "ik", "mijn", "het", "de", "een", "adres", "is", "en", "of", "ook", "nu", "dat", "dit", "wij", "we", "ze", "hij", "zij", "u", "je", "jij", "woon", "woont", "wonen", "via"]
)

_RELATIVE = (
    r"(?:zoon|zoontje|dochter|dochtertje|man|vrouw|buurman|buurvrouw|moeder|vader|broer|broertje|"
    r"zus|zusje|zuster|vriend|vriendin|vriendje|partner|oma|opa|kleinzoon|kleindochter|neef|nicht|"
    r"oom|tante|ex|stiefvader|stiefmoeder|schoonmoeder|schoonvader|zwager|schoonzus|collega|baas|"
    r"begeleider|kind|jongste|oudste|mama|papa)"
)
NAME_CUE_RE = re.compile(
    rf"""(?i:
        (?P<strong>\b(?:ik[ \t]+heet|mijn[ \t]+naam[ \t]+is|m'n[ \t]+naam[ \t]+is|naam[ \t]*:|
                      noem[ \t]+(?:me|mij)(?:[ \t]+(?:maar|gewoon|liever))?|
                      (?:mijn|m'n|onze|ons|haar|zijn)[ \t]+{_RELATIVE}[ \t]+heet))
      | (?P<weak>\b(?:ik[ \t]+ben|(?:mijn|m'n|onze|ons|haar|zijn)[ \t]+{_RELATIVE}(?:[ \t]+is)?|
                    meneer|mevrouw|(?:dhr|mw|mevr|mr|dr)\.?|
                    hoi|hallo|hai|hey|goedemorgen|goedemiddag|goedenavond|goeiemorgen|goeiemiddag|
                    goedendag|beste|lieve|welkom|doei|dag)
                 |^met|(?<=[.!?\n,])[ \t]*met|(?<=[.!?\n,][ \t])[ \t]*met)
    )[ \t]*,?[ \t]+(?P<name>(?i:{PARTICLE}[ \t]+){{0,3}}{WORD})""",
    re.X,
)
NAME_TAIL_RE = re.compile(rf"[ \t]+(?:(?i:{PARTICLE})[ \t]+){{0,3}}{WORD}")
PARTICLE_NAME_RE = re.compile(rf"(?<!\w)(?P<particles>(?i:{PARTICLE})(?:[ \t]+(?i:{PARTICLE})){{0,2}})[ \t]+(?P<word>{WORD})")
WORD_RE = re.compile(WORD)

PLACEHOLDER_RE = re.compile(r"<[A-Z]+>")

# ---------------------------------------------------------------- the name lists


@dataclass(frozen=True)
class _Names:
    names: FrozenSet[str]  # lower case: first names and surnames without particles
    with_particles: FrozenSet[str]  # lower case: "de vries", "van den berg", "el amrani"
    common_words: FrozenSet[str]  # names that are also Dutch words
    not_names: FrozenSet[str]  # words that follow a cue but are no name
    not_name_phrases: Tuple[str, ...]


@lru_cache(maxsize=1)
def _names() -> _Names:
    raw = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))
    names = {name.lower() for group in raw["first_names"].values() for name in group}
    with_particles = set()
    particle = re.compile(rf"(?i:{PARTICLE})$")
    for surname in raw["surnames"]:
        parts = surname.split()
        core = [part for part in parts if not particle.match(part)] or parts[-1:]
        names.add(" ".join(core).lower())
        if len(core) < len(parts):
            with_particles.add(surname.lower())
    not_names = {word.lower() for word in raw["not_names"]} | _domain_words()
    return _Names(
        names=frozenset(names),
        with_particles=frozenset(with_particles),
        common_words=frozenset(word.lower() for word in raw["common_words"]),
        not_names=frozenset(not_names),
        not_name_phrases=tuple(raw.get("not_name_phrases", ())),
    )


def _domain_words() -> FrozenSet[str]:
    """The board's life-domain words and label words: never a name."""
    try:
        from bot.content import load_instrument

        domains = load_instrument().domains
    except Exception:  # the names stay usable without the board's content
        return frozenset()
    words = set()
    for domain in domains:
        words.update(word.lower() for word in domain.words)
        words.update(word.lower() for word in re.findall(WORD, domain.label))
    return frozenset(words)


# ---------------------------------------------------------------- one function per kind


def _emails(text: str) -> Iterator[Span]:
    for match in EMAIL_RE.finditer(text):
        yield match.start(), match.end(), "EMAIL"


def _ibans(text: str) -> Iterator[Span]:
    for match in IBAN_RE.finditer(text):
        if sum(char.isdigit() for char in match.group()) >= 8:
            yield match.start(), match.end(), "IBAN"


def _phones(text: str) -> Iterator[Span]:
    for match in PHONE_RE.finditer(text):
        yield match.start(), match.end(), "TELEFOON"


def _dates(text: str) -> Iterator[Span]:
    this_year = date.today().year
    for match in NUMERIC_DATE_RE.finditer(text):
        if match.group("iy"):
            day, month, year = match.group("id", "im", "iy")
        else:
            day, month, year = match.group("d", "m", "y")
        yield from _date_span(text, match, int(day), int(month), year, this_year)
    for match in WRITTEN_DATE_RE.finditer(text):
        month = _MONTHS[match.group("m").rstrip(".").lower()]
        yield from _date_span(text, match, int(match.group("d")), month, match.group("y"), this_year)
    for match in BIRTH_PARTIAL_RE.finditer(text):
        yield match.start("date"), match.end("date"), "GEBOORTEDATUM"


def _date_span(text, match, day: int, month: int, year, this_year: int) -> Iterator[Span]:
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return
    birth_cue = BIRTH_CUE_RE.search(text, max(0, match.start() - 40), match.end() + 25)
    if year is None:
        if birth_cue:
            yield match.start(), match.end(), "GEBOORTEDATUM"
        return
    year = int(year.lstrip("'"))
    if year < 100:
        year += 2000 if year <= this_year % 100 else 1900
    recent = year >= this_year - 10
    yield match.start(), match.end(), "GEBOORTEDATUM" if birth_cue or not recent else "DATUM"


def _bsns(text: str) -> Iterator[Span]:
    for match in BSN_RE.finditer(text):
        groups = re.split(r"[ .-]", match.group())
        if sum(len(group) for group in groups) not in (8, 9):
            continue
        if len(groups) > 1 and all(re.fullmatch(r"(?:19|20)\d\d", group) for group in groups):
            continue  # "2019-2020": years
        if [len(group) for group in groups] == [2, 2, 4]:
            continue  # "12-13-2020": shaped like a date, not like a BSN
        if text[: match.start()].rstrip().endswith("€") or MONEY_AFTER_RE.match(text, match.end()):
            continue  # an amount
        yield match.start(), match.end(), "BSN"


def _postcodes(text: str) -> Iterator[Span]:
    for match in POSTCODE_RE.finditer(text):
        letters = match.group("letters")
        if letters.isupper() or letters.lower() not in POSTCODE_NOT_LETTERS:
            yield match.start(), match.end(), "POSTCODE"


def _is_street(word: str) -> bool:
    lower = word.lower()
    if lower.endswith("ering"):  # uitkering, vergadering: no ring road
        return False
    if word[0].isupper():
        return lower.endswith(STREET_SUFFIXES)
    return any(lower.endswith(suffix) and len(lower) > len(suffix) for suffix in LOWERCASE_STREET_SUFFIXES)


def _street_start(match) -> int:
    """Where the street name starts: leading sentence words ("In de ...") are no part of it."""
    for word in re.finditer(r"\S+", match.group("prefix")):
        if word.group().lower().rstrip(".") not in ADDRESS_LEAD_WORDS:
            return match.start("prefix") + word.start()
    return match.start("street")


def _addresses(text: str) -> Iterator[Span]:
    for regex in (ADDRESS_RE, ADDRESS_NO_NUMBER_RE):
        for match in regex.finditer(text):
            if _is_street(match.group("street")):
                start = _street_start(match)
                yield start, match.end(), "ADRES"


def _at_sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'“‘(«*-")
    return not before or before[-1] in ".!?…\n"


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


def _cue_matches(text: str) -> Iterator["re.Match"]:
    """Every cue with the word after it; that word may be the next cue ("Hallo, met Karin")."""
    position = 0
    while True:
        match = NAME_CUE_RE.search(text, position)
        if not match:
            return
        yield match
        position = match.start("name")


def _names_in(text: str, known_names: Iterable[str], free: Callable[[int, int], bool]) -> Iterator[Span]:
    data = _names()
    blocked = [
        (match.start(), match.end())
        for phrase in data.not_name_phrases
        for match in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
    ]

    def usable(start: int, end: int) -> bool:
        return free(start, end) and not any(start < b_end and b_start < end for b_start, b_end in blocked)

    def grow(start: int, end: int) -> Span:
        """Add up to two following capitalised words, with particles: "Jan" -> "Jan de Vries"."""
        for _ in range(2):
            tail = NAME_TAIL_RE.match(text, end)
            if not tail:
                break
            word = WORD_RE.search(tail.group().split()[-1]).group()
            if not _is_capitalised(word) or word.lower() in data.not_names or not usable(end, tail.end()):
                break
            end = tail.end()
        return start, end, "NAAM"

    known = sorted({name.strip() for name in known_names if name and name.strip()}, key=len, reverse=True)
    if known:
        pattern = "|".join(r"[ \t]+".join(map(re.escape, name.split())) for name in known)
        for match in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.I):
            if free(*match.span()):
                yield grow(match.start(), match.end())

    for match in _cue_matches(text):
        name = match.group("name")
        last = WORD_RE.findall(name)[-1]
        lower = last.lower()
        if lower in data.not_names or not usable(match.start("name"), match.end("name")):
            continue
        if _is_capitalised(last) or match.group("strong"):
            accept = True
        else:
            listed = lower in data.names or " ".join(name.lower().split()) in data.with_particles
            accept = listed and lower not in data.common_words
        if accept:
            yield grow(match.start("name"), match.end("name"))

    for match in PARTICLE_NAME_RE.finditer(text):
        words = " ".join(match.group("particles").lower().split()) + " " + match.group("word").lower()
        if _is_capitalised(match.group("word")) and words in data.with_particles and usable(*match.span()):
            yield grow(match.start(), match.end())

    for match in WORD_RE.finditer(text):
        word = match.group()
        lower = word.lower()
        if not _is_capitalised(word) or _at_sentence_start(text, match.start()):
            continue
        if lower not in data.names and lower.split("-")[0] not in data.names:
            continue
        if lower in data.common_words or lower in data.not_names or not usable(*match.span()):
            continue
        yield grow(match.start(), match.end())


# ---------------------------------------------------------------- the public functions

_DETECTORS = (_emails, _ibans, _phones, _dates, _bsns, _postcodes, _addresses)


def _joined(spans: List[Span]) -> Iterator[Span]:
    """Overlapping names as one: "Fatima" and "El Amrani" in "Fatima El Amrani"."""
    current = None
    for start, end, kind in spans:
        if current and start <= current[1]:
            current = (current[0], max(end, current[1]), kind)
        else:
            if current:
                yield current
            current = (start, end, kind)
    if current:
        yield current


def find_personal_data(text: str, known_names: Iterable[str] = ()) -> List[Finding]:
    """All personal data in `text`, in text order, without overlaps."""
    taken: List[Span] = [(m.start(), m.end(), "") for m in PLACEHOLDER_RE.finditer(text)]

    def free(start: int, end: int) -> bool:
        return start < end and not any(start < t_end and t_start < end for t_start, t_end, _ in taken)

    def add(spans: Iterable[Span]) -> None:
        for start, end, kind in spans:
            if free(start, end):
                taken.append((start, end, kind))

    for detector in _DETECTORS:
        add(list(detector(text)))
    add(_joined(sorted(_names_in(text, known_names, free))))
    spans = sorted(span for span in taken if span[2])
    return [Finding(kind, start, end, text[start:end]) for start, end, kind in spans]


def anonymise(text: str, known_names: Iterable[str] = ()) -> str:
    """`text` with every finding replaced by its placeholder (<NAAM>, <TELEFOON>, ...)."""
    pieces, position = [], 0
    for finding in find_personal_data(text, tuple(known_names)):
        pieces += [text[position : finding.start], f"<{finding.kind}>"]
        position = finding.end
    return "".join(pieces) + text[position:]
