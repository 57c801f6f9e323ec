"""Replace personal data in Dutch chat text by placeholders, for trainers' replays and stories.

`anonymise(text)` returns the text with every finding replaced by its placeholder; all other
characters (whitespace, punctuation, case) stay exactly as they were. `find_personal_data(text)`
returns the findings themselves. `Conversation(texts)` reads a whole conversation first: a name
or a number found in one message is then removed from every message of it, also where it stands
without a cue ("Fatima" at the start of a sentence, the bot repeating "Kerkstraat").

Caught, in this order (an earlier kind wins where two overlap):

- <EMAIL>          e-mail addresses.
- <IBAN>           IBAN account numbers, with spaces, dashes or none (NL91ABNA0417164300).
- <TELEFOON>       Dutch numbers of 10 digits starting with 0, in every separator form (06-12345678,
                   06 12 34 56 78, 06.12.34.56.78, 06/12345678, 020-1234567, (020) 123 45 67) and
                   international ones (+31 6 12345678, +31-6-..., 0031 6..., +31 (0)6..., +32 ...).
- <GEBOORTEDATUM>  full dates (12-03-1985, 12/3/85, 7-3-'81, 1985-03-12, 12 maart 1985, 3 jan. 1990)
                   near a birth cue ("geboren", "geboortedatum", "geb.", "jarig", "dob") or with a year
                   more than 10 years back; after a birth cue also 12 03 1985, 12031985, maart 1985,
                   a day and month or a year alone ("geboren op 3 maart", "geboren in 1985").
                   Other dates (an appointment next week, "in 2019") stay.
- <BSN>            9 digits, whole or split by dots, spaces or dashes, that pass the 11-check;
                   other 9-digit numbers (order, customer, case numbers) stay.
- <KENTEKEN>       Dutch licence plates in the side codes since 1951 with dashes (12-ABC-3,
                   GX-123-T, 97-XR-ZH, d-234-bb); after "kenteken", "nummerbord", "auto" ... also
                   with spaces or without (78 JF TV, KLX52R).
- <POSTCODE>       1234 AB, 1234AB, 1234-AB, 1234 ab (lower case only when the letters are no word,
                   so "2019 en" and "1500 km" stay).
- <ADRES>          a street name ending in straat, weg, laan, plein, gracht, ... with a house
                   number and addition (Kerkstraat 12, Lange Nieuwstraat 3a, Burgemeester de
                   Withstraat 101-2, Van Limburg Stirumplein 8 bis, kerkstraat 12), and a street
                   without number after "ik woon aan/op/in de ...".
- <NAAM>           (1) the known names (given, or found elsewhere in the text or conversation),
                   case-insensitive, anywhere; (2) a word (with following name words and particles:
                   "Jan de Vries", "Fatima El Amrani", after "ik heet" also "tessa de graaf") after
                   a cue: "ik ben", "ik heet", "mijn naam is", "mijn achternaam is", "noem me",
                   "mijn zoon/dochter/buurvrouw/... (heet)", "meneer", "mevrouw", "dokter", "juf",
                   "dhr.", "mw.", a greeting ("hoi", "hallo met", "groetjes", ...) and "met" at the
                   start of a sentence; capitalised always, lower case when it is in a name list
                   (after "ik heet", "mijn naam is", "noem me" any word that is no common word);
                   (3) a capitalised word from the name lists (bot/replay/name_lists.py: our
                   names.yml and deduce's Dutch first names and surnames) that is not at the start
                   of a sentence, and not one of the names that are also Dutch words (Roos, Bas,
                   Bakker, Visser, ...), unless with its particles ("de Boer") or after a first name.

Not caught (known limits): a name at the very start of a sentence without a cue, and a lower-case
name without a cue, unless the same name is found elsewhere in the conversation; names that are
also Dutch words, capitalised mid-sentence without a cue ("ik sprak Roos"); streets without a
known suffix ("Spui 12"); place names, ages, job titles and other indirect identifiers.
Never touched: numbers up to 8 digits that are no phone number, plate or birth date (marks,
amounts, percentages, times), years alone (except right after a birth cue), amounts with € or
"euro", week days, smileys, placeholders already in the text (so anonymise is idempotent), the
life-domain words of the board, and `allowed_names` (the fictional personas of practice mode).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Tuple

from bot.replay.name_lists import PARTICLE, NameLists, name_lists

PLACEHOLDER_RE = re.compile(r"<[A-Z]+>")


@dataclass(frozen=True)
class Finding:
    kind: str  # NAAM, TELEFOON, EMAIL, ADRES, GEBOORTEDATUM, BSN, IBAN, POSTCODE, KENTEKEN
    start: int
    end: int
    text: str


Span = Tuple[int, int, str]  # start, end, kind

# ---------------------------------------------------------------- regular expressions

LETTER = r"[^\W\d_]"
WORD = rf"{LETTER}+(?:['’-]{LETTER}+)*"

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")

IBAN_RE = re.compile(
    r"(?<![\w-])[A-Za-z]{2}\d{2}(?P<sep>[ -]?)[A-Za-z0-9]{4}(?:(?P=sep)[A-Za-z0-9]{4}){1,6}(?:(?P=sep)[A-Za-z0-9]{1,3})?(?![\w-])"
)

_SEP = r"(?:[ \t]?[-–./][ \t]?|[ \t])?"  # between two digits of a phone number
PHONE_RE = re.compile(
    rf"""(?<![\w+/.-])(?:
        (?:\+|00)[ \t]?31[ \t]?(?:\(0\)[ \t]?)?(?:[-.][ \t]?)?\d(?:{_SEP}\d){{8}}   # +31 6 12345678
      | \+(?!31)\d{{1,3}}[ \t]?\d(?:{_SEP}\d){{5,11}}                           # +32 ...
      | \(0\d\)[ \t]?\d(?:{_SEP}\d){{7}}                                        # (06) 12345678
      | \(0\d{{2}}\)[ \t]?\d(?:{_SEP}\d){{6}}                                   # (020) 123 45 67
      | \(0\d{{3}}\)[ \t]?\d(?:{_SEP}\d){{5}}                                   # (0513) 12 34 56
      | 0\d(?:{_SEP}\d){{8}}                                                   # 06-12345678
    )(?!\d|[-–./]\d)""",
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
_YEAR = r"(?:\d{4}|'\d{2}|\d{2})"
NUMERIC_DATE_RE = re.compile(
    rf"(?<![\w.,/'-])(?:(?P<d>\d{{1,2}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<y>{_YEAR})"
    r"|(?P<iy>\d{4})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2}))(?![\w]|[-/.]\d)"
)
WRITTEN_DATE_RE = re.compile(
    rf"(?<![\w.,])(?P<d>\d{{1,2}})(?:e|ste|de)?[ \t]+(?P<m>{_MONTH})(?:[ \t]+(?P<y>\d{{4}}|'\d{{2}}))?(?!\w)",
    re.I,
)
_BIRTH_CUE = r"(?:geboren|geb\.|geb\b|geboortedatum|geboortedag|geboortejaar|jarig|verjaardag|dob\b|d\.o\.b\.)"
BIRTH_CUE_RE = re.compile(rf"(?i:\b{_BIRTH_CUE})")
_AFTER_CUE = r"(?:[ \t]+(?:is|was))?(?:[ \t]+(?:op|in|de|den))?[ \t]*:?[ \t]*"
BIRTH_PARTIAL_RE = re.compile(  # right after a birth cue: "op 12-03", "in 1985", "12 03 1985", "maart 1985"
    rf"(?i:\b{_BIRTH_CUE}{_AFTER_CUE})"
    rf"(?P<date>(?:0?[1-9]|[12]\d|3[01])[ \t](?:0?[1-9]|1[0-2])[ \t](?:19|20)\d{{2}}(?!\d)"
    rf"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d{{2}}(?!\d)"
    rf"|(?i:{_MONTH})[ \t]+(?:(?:19|20)\d{{2}}|'\d{{2}})(?!\d)"
    rf"|\d{{1,2}}[-/.]\d{{1,2}}(?![\d/.-])|(?:19|20)\d{{2}}(?!\d))"
)

BSN_RE = re.compile(r"(?<![\w€.,/+-])(?:\d{9}|\d{2,4}(?P<sep>[ .-])\d{2,4}(?:(?P=sep)\d{2,4}){0,2})(?![\w%€]|[.,/-]?\d)")
MONEY_AFTER_RE = re.compile(r"[ \t]*(?:euro|eur\b|,-|,\d)", re.I)

# Dutch licence plates: the side codes since 1951 (L a letter, D a digit).
PLATE_SHAPES = frozenset(
    ["LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D", "D-LLL-DD"]
    + ["LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D"]
)
PLATE_DASHED_RE = re.compile(r"(?<![\w-])(?:[A-Za-z]{1,3}|\d{1,3})(?:-(?:[A-Za-z]{1,3}|\d{1,3})){2}(?![\w-])")
PLATE_LOOSE_RE = re.compile(r"(?<![\w-])(?:[A-Za-z]{1,3}|\d{1,3})(?:[ \t]?(?:[A-Za-z]{1,3}|\d{1,3})){2}(?![\w-])")
PLATE_CUE_RE = re.compile(
    r"(?i:\b(?:kenteken\w*|nummerbord\w*|nummerplaat\w*|auto|wagen|busje|bestelbus|scooter|brommer|motor|aanhanger)\b)"
)

POSTCODE_RE = re.compile(r"(?<![\w€.,-])[1-9]\d{3}(?:[ \t]?-[ \t]?|[ \t])?(?P<letters>[A-Za-z]{2})(?![^\W_])")
POSTCODE_NOT_LETTERS = frozenset(
    ["al", "af", "as", "bv", "cc", "cl", "cm", "dl", "en", "er", "eu", "ga", "gb", "gr", "ha", "he", "hè", "ik", "in", "is"]
    + ["ja", "je", "jl", "kb", "kg", "km", "kw", "la", "ma", "mb", "me", "mg", "ml", "mm", "na", "nl", "nu", "of", "oh"]
    + ["ok", "om", "op", "pa", "pk", "st", "te", "tv", "ui", "uw", "wc", "we", "xl", "ze", "zo"]
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
    ["in", "op", "aan", "naar", "bij", "ik", "mijn", "het", "de", "een", "adres", "is", "en", "of", "ook", "nu", "dat", "dit"]
    + ["wij", "we", "ze", "hij", "zij", "u", "je", "jij", "woon", "woont", "wonen", "via"]
)

_RELATIVE = (
    r"(?:zoon|zoontje|zoons|dochter|dochtertje|dochters|man|vrouw|buurman|buurvrouw|moeder|vader|broer|broertje|"
    r"zus|zusje|zuster|vriend|vriendin|vriendje|partner|oma|opa|kleinzoon|kleindochter|neef|nicht|"
    r"oom|tante|ex|stiefvader|stiefmoeder|schoonmoeder|schoonvader|zwager|schoonzus|collega|baas|"
    r"begeleider|kind|kinderen|jongste|oudste|mama|papa|juf|meester|coach|klantmanager|hulpverlener|"
    r"schuldhulpverlener|maatschappelijk[ \t]+werker|wijkagent|huisarts|consulent)"
)
_GREETING = (
    r"(?:hoi|hallo|hai|hey|hee|goedemorgen|goedemiddag|goedenavond|goeiemorgen|goeiemiddag|goedendag|"
    r"beste|lieve|welkom|doei|dag|groetjes|groet|groeten|gr|mvg|vriendelijke[ \t]+groet(?:en)?)"
)
NAME_CUE_RE = re.compile(
    rf"""(?i:
        (?P<strong>\b(?:ik[ \t]+heet|(?:mijn|m'n)[ \t]+(?:voor|achter|roep|bij|meisjes)?naam[ \t]+is|
                      (?:voor|achter|roep)?naam[ \t]*:|
                      noem[ \t]+(?:me|mij)(?:[ \t]+(?:maar|gewoon|liever))?|
                      (?:mijn|m'n|onze|ons|haar|zijn)[ \t]+{_RELATIVE}[ \t]+(?:heet|heten)))
      | (?P<title>\b(?:meneer|mevrouw|dokter|juf|meester|familie|(?:dhr|mw|mevr|mr|dr|drs|ir)\.?))
      | (?P<weak>\b(?:ik[ \t]+ben|(?:mijn|m'n|onze|ons|haar|zijn)[ \t]+{_RELATIVE}(?:[ \t]+is)?|
                    {_GREETING}[ \t]*,?[ \t]+met|{_GREETING})
                 |^met|(?<=[.!?\n,])[ \t]*met|(?<=[.!?\n,][ \t])[ \t]*met)
    )[ \t]*[,:]?[ \t]+(?P<name>(?i:{PARTICLE}[ \t]+){{0,3}}{WORD})""",
    re.X,
)
NAME_TAIL_RE = re.compile(rf"[ \t]+(?P<particles>(?:(?i:{PARTICLE})[ \t]+){{0,3}})(?P<word>{WORD})")
PARTICLE_NAME_RE = re.compile(rf"(?<!\w)(?P<particles>(?i:{PARTICLE})(?:[ \t]+(?i:{PARTICLE})){{0,2}})[ \t]+(?P<word>{WORD})")
WORD_RE = re.compile(WORD)
INITIALS_NAME_RE = re.compile(
    rf"(?<![^\W\d_])(?P<name>(?:[A-Z]\.[ \t]?){{1,4}}[ \t]*(?:(?i:{PARTICLE})[ \t]+){{0,3}})(?P<word>[A-ZÀ-ÖØ-Þ]{LETTER}+)"
)
_PARTICLE_ONLY_RE = re.compile(rf"(?i:{PARTICLE})$")

# ---------------------------------------------------------------- one function per kind


def _emails(text: str) -> Iterator[Span]:
    for match in EMAIL_RE.finditer(text):
        yield match.start(), match.end(), "EMAIL"


def _ibans(text: str) -> Iterator[Span]:
    for match in IBAN_RE.finditer(text):
        compact = re.sub(r"[ -]", "", match.group())
        if sum(char.isdigit() for char in compact) >= 8 and 15 <= len(compact) <= 34:
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
        yield from _birth_date(text, match, int(day), int(month), year, this_year)
    for match in WRITTEN_DATE_RE.finditer(text):
        month = _MONTHS[match.group("m").rstrip(".").lower()]
        yield from _birth_date(text, match, int(match.group("d")), month, match.group("y"), this_year)
    for match in BIRTH_PARTIAL_RE.finditer(text):
        yield match.start("date"), match.end("date"), "GEBOORTEDATUM"


def _birth_date(text: str, match: "re.Match", day: int, month: int, year: Optional[str], this_year: int) -> Iterator[Span]:
    """A full date is a birth date near a birth cue or with a year more than 10 years back."""
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return
    birth_cue = BIRTH_CUE_RE.search(text, max(0, match.start() - 40), match.end() + 25)
    if year is None:
        if birth_cue:
            yield match.start(), match.end(), "GEBOORTEDATUM"
        return
    number = int(year.lstrip("'"))
    if number < 100:
        number += 2000 if number <= this_year % 100 else 1900
    if birth_cue or number < this_year - 10:
        yield match.start(), match.end(), "GEBOORTEDATUM"


def passes_eleven_check(digits: str) -> bool:
    """The BSN 11-check: 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0 and int(digits) != 0


def _bsns(text: str) -> Iterator[Span]:
    for match in BSN_RE.finditer(text):
        digits = re.sub(r"[ .-]", "", match.group())
        if not passes_eleven_check(digits):
            continue
        if text[: match.start()].rstrip().endswith("€") or MONEY_AFTER_RE.match(text, match.end()):
            continue  # an amount
        yield match.start(), match.end(), "BSN"


def _plate_shape(groups: Sequence[str]) -> Optional[str]:
    shape = "-".join("L" * len(group) if group.isalpha() else "D" * len(group) for group in groups)
    letters = "".join(group for group in groups if group.isalpha())
    if shape not in PLATE_SHAPES or not (letters.isupper() or letters.islower()):
        return None
    return shape


def _plates(text: str) -> Iterator[Span]:
    for match in PLATE_DASHED_RE.finditer(text):
        if _plate_shape(match.group().split("-")):
            yield match.start(), match.end(), "KENTEKEN"
    for match in PLATE_LOOSE_RE.finditer(text):
        groups = re.findall(r"[A-Za-z]+|\d+", match.group())
        if len(groups) != 3 or not _plate_shape(groups):
            continue
        if PLATE_CUE_RE.search(text, max(0, match.start() - 30), match.start()):
            yield match.start(), match.end(), "KENTEKEN"


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


def _street_start(match: "re.Match") -> int:
    """Where the street name starts: leading sentence words ("In de ...") are no part of it."""
    for word in re.finditer(r"\S+", match.group("prefix")):
        if word.group().lower().rstrip(".") not in ADDRESS_LEAD_WORDS:
            return match.start("prefix") + word.start()
    return match.start("street")


def _addresses(text: str) -> Iterator[Span]:
    for regex in (ADDRESS_RE, ADDRESS_NO_NUMBER_RE):
        for match in regex.finditer(text):
            if _is_street(match.group("street")):
                yield _street_start(match), match.end(), "ADRES"


# ---------------------------------------------------------------- names


INITIALS_END_RE = re.compile(r"(?<![^\W\d_])(?:[A-Z]\.)+$")


def _at_sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'“‘(«*-")
    if before.endswith(".") and INITIALS_END_RE.search(before):
        return False  # "J. Hofman": initials, no sentence end
    return not before or before[-1] in ".!?…\n:"


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


def _title_case(text: str, data: NameLists) -> bool:
    """ "Het Gaat Goed Met Mijn Werk": ordinary words capitalised, so capitals say nothing about names."""
    words = [match.group() for match in WORD_RE.finditer(text) if not _at_sentence_start(text, match.start())]
    capitalised = [word for word in words if word[0].isupper()]
    ordinary = [word for word in capitalised if word.lower() in data.not_names]
    return len(capitalised) > len(words) / 2 and len(ordinary) >= 2


def _cue_matches(text: str) -> Iterator["re.Match"]:
    """Every cue with the word after it; that word may be the next cue ("Hallo, met Karin")."""
    position = 0
    while True:
        match = NAME_CUE_RE.search(text, position)
        if not match:
            return
        yield match
        position = match.start("name")


@dataclass
class _NameReader:
    text: str
    free: Callable[[int, int], bool]
    allowed: FrozenSet[str]
    data: NameLists = field(default_factory=name_lists)

    def __post_init__(self) -> None:
        self.blocked = [
            (match.start(), match.end())
            for phrase in self.data.not_name_phrases
            for match in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", self.text)
        ]
        self.title_case = _title_case(self.text, self.data)

    def usable(self, start: int, end: int) -> bool:
        if not self.free(start, end) or any(start < b_end and b_start < end for b_start, b_end in self.blocked):
            return False
        return self.text[start:end].lower() not in self.allowed

    def no_name(self, word: str) -> bool:
        lower = word.lower()
        return lower in self.data.not_names or lower in self.allowed

    def listed(self, word: str) -> bool:
        """In a name list and no Dutch word: counts even without a cue (when capitalised)."""
        lower = word.lower()
        parts = [lower] + lower.split("-")
        if any(part in self.data.curated for part in parts):
            return lower not in self.data.common_words and not self.no_name(word)
        return any(part in self.data.library for part in parts) and not self.no_name(word)

    def surname_after(self, particles: str, word: str, also_dutch_words: bool) -> bool:
        lower = word.lower()
        if particles.strip() and " ".join(particles.lower().split() + [lower]) in self.data.with_particles:
            return True
        if not also_dutch_words and lower in self.data.dutch_words:
            return False
        if particles.strip():
            return lower in self.data.surnames
        return (lower in self.data.surnames or lower in self.data.first_names) and not self.no_name(word)

    def grow(self, start: int, end: int, lower_case: str = "") -> Span:
        """Add up to two following name words, with particles: "Jan" -> "Jan de Vries".

        Capitalised words always; lower-case words from the surname or first-name lists after a
        strong cue (lower_case="any": "ik heet tessa de graaf") and, when they are no Dutch word,
        after a lower-case name behind a weaker cue (lower_case="clear": "ik ben fatima el amrani")."""
        for _ in range(2):
            tail = NAME_TAIL_RE.match(self.text, end)
            if not tail or not self.usable(end, tail.end()):
                break
            if not self.name_word(tail.group("word"), tail.group("particles"), lower_case):
                break
            end = tail.end()
        return start, end, "NAAM"

    def name_word(self, word: str, particles: str, lower_case: str) -> bool:
        if _is_capitalised(word):
            return not self.no_name(word)
        return bool(lower_case) and word.islower() and self.surname_after(particles, word, lower_case == "any")

    def known(self, names: Iterable[str]) -> Iterator[Span]:
        known = sorted({name.strip() for name in names if name and name.strip()}, key=len, reverse=True)
        known = [name for name in known if name.lower() not in self.allowed]
        if not known:
            return
        pattern = "|".join(r"[ \t]+".join(map(re.escape, name.split())) for name in known)
        for match in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", self.text, re.I):
            if self.usable(*match.span()):
                yield self.grow(match.start(), match.end())

    def after_cues(self) -> Iterator[Span]:
        for match in _cue_matches(self.text):
            name = match.group("name")
            last = WORD_RE.findall(name)[-1]
            lower = last.lower()
            if self.no_name(last) or not self.usable(match.start("name"), match.end("name")):
                continue
            strong = bool(match.group("strong"))
            if strong or _is_capitalised(last) and match.group("title"):
                accept = True  # "ik heet ...", "mevrouw Koster"
            elif _is_capitalised(last):
                accept = lower not in self.data.dutch_words or self.listed(last) or lower in self.data.first_names
                accept = accept and not (self.title_case and not self.listed(last))
            else:
                with_particles = " ".join(name.lower().split()) in self.data.with_particles
                accept = (
                    with_particles
                    or (self.listed(last) or lower in self.data.first_names)
                    and lower not in self.data.common_words
                )
            if accept:
                lower_case = "any" if strong else "clear" if name.islower() else ""
                yield self.grow(match.start("name"), match.end("name"), lower_case=lower_case)

    def with_particles(self) -> Iterator[Span]:
        for match in PARTICLE_NAME_RE.finditer(self.text):
            words = " ".join(match.group("particles").lower().split()) + " " + match.group("word").lower()
            if _is_capitalised(match.group("word")) and words in self.data.with_particles and self.usable(*match.span()):
                yield self.grow(match.start(), match.end())

    def from_lists(self) -> Iterator[Span]:
        """Capitalised listed names; at the start of a sentence only those that are no Dutch word."""
        if self.title_case:
            return
        for match in WORD_RE.finditer(self.text):
            word = match.group()
            if not _is_capitalised(word) or not self.listed(word) or not self.usable(*match.span()):
                continue
            if _at_sentence_start(self.text, match.start()) and word.lower() in self.data.dutch_words:
                continue
            yield self.grow(match.start(), match.end())

    def after_initials(self) -> Iterator[Span]:
        """ "J. Hofman", "A.B. de Vries": initials and a capitalised word that is no Dutch word or a surname."""
        for match in INITIALS_NAME_RE.finditer(self.text):
            word = match.group("word")
            if self.no_name(word) or not self.usable(match.start("name"), match.end()):
                continue
            if word.lower() not in self.data.dutch_words or word.lower() in self.data.surnames:
                yield self.grow(match.start("name"), match.end())


def _joined(spans: List[Span]) -> Iterator[Span]:
    """Overlapping names as one: "Fatima" and "El Amrani" in "Fatima El Amrani"."""
    current: Optional[Span] = None
    for start, end, kind in spans:
        if current and start <= current[1]:
            current = (current[0], max(end, current[1]), kind)
        else:
            if current:
                yield current
            current = (start, end, kind)
    if current:
        yield current


def _literals(text: str, secrets: Dict[str, str]) -> Iterator[Span]:
    """Exact (case-insensitive, whole-word) occurrences of details found elsewhere in the conversation."""
    for secret in sorted(secrets, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(secret)}(?!\w)", text, re.I):
            yield match.start(), match.end(), secrets[secret]


# ---------------------------------------------------------------- the public functions

_DETECTORS = (_emails, _ibans, _phones, _dates, _bsns, _plates, _postcodes, _addresses)


def find_personal_data(
    text: str,
    known_names: Iterable[str] = (),
    allowed_names: Iterable[str] = (),
    secrets: Optional[Dict[str, str]] = None,
) -> List[Finding]:
    """All personal data in `text`, in text order, without overlaps.

    known_names: names to remove wherever they stand; allowed_names: names never to remove (the
    fictional personas); secrets: {exact text: kind} found elsewhere in the same conversation."""
    taken: List[Span] = [(m.start(), m.end(), "") for m in PLACEHOLDER_RE.finditer(text)]

    def free(start: int, end: int) -> bool:
        return start < end and not any(start < t_end and t_start < end for t_start, t_end, _ in taken)

    def add(spans: Iterable[Span]) -> None:
        for start, end, kind in spans:
            if free(start, end):
                taken.append((start, end, kind))

    for detector in _DETECTORS:
        add(list(detector(text)))
    if secrets:
        add(list(_literals(text, secrets)))
    reader = _NameReader(text, free, frozenset(name.lower() for name in allowed_names))
    found = list(reader.known(known_names)) + list(reader.after_cues()) + list(reader.with_particles())
    found += list(reader.after_initials())
    found += list(reader.from_lists())
    add(_joined(sorted(found)))
    # a name found once in this text goes everywhere in it ("Ik ben Ahmed. Ahmed Benali.")
    add(_joined(sorted(reader.known(name_words(text[s:e] for s, e, kind in taken if kind == "NAAM")))))
    spans = sorted(span for span in taken if span[2])
    return [Finding(kind, start, end, text[start:end]) for start, end, kind in spans]


def name_words(names: Iterable[str]) -> List[str]:
    """A found name and its parts that can stand alone: "Jan de Vries" -> itself, "Jan", "de Vries", "Vries"."""
    out = set()
    for name in names:
        words = name.split()
        out.add(" ".join(words))
        for index, word in enumerate(words):
            if _PARTICLE_ONLY_RE.match(word):
                continue
            if len(word) >= 2:
                out.add(word)
            if index and _PARTICLE_ONLY_RE.match(words[index - 1]):
                first = index - 1
                while first > 0 and _PARTICLE_ONLY_RE.match(words[first - 1]):
                    first -= 1
                out.add(" ".join(words[first : index + 1]))
    return sorted(out)


def replace_findings(text: str, findings: Iterable[Finding]) -> str:
    pieces, position = [], 0
    for finding in findings:
        pieces += [text[position : finding.start], f"<{finding.kind}>"]
        position = finding.end
    return "".join(pieces) + text[position:]


def anonymise(text: str, known_names: Iterable[str] = (), allowed_names: Iterable[str] = ()) -> str:
    """`text` with every finding replaced by its placeholder (<NAAM>, <TELEFOON>, ...)."""
    return replace_findings(text, find_personal_data(text, tuple(known_names), tuple(allowed_names)))


class Conversation:
    """The texts of one conversation, read together: what is found in one text is removed from all.

    `Conversation(texts).anonymise(text)` works for any text of that conversation (also a bot reply
    or an entity value that was not among `texts`)."""

    MAX_ROUNDS = 4  # a name found in a later text can reveal another in an earlier one

    def __init__(self, texts: Iterable[str], known_names: Iterable[str] = (), allowed_names: Iterable[str] = ()):
        self.allowed = tuple(allowed_names)
        self.texts = [text for text in texts if text]
        self.names: List[str] = name_words(known_names)
        self.secrets: Dict[str, str] = {}
        for _ in range(self.MAX_ROUNDS):
            names, secrets = set(self.names), dict(self.secrets)
            for text in self.texts:
                for finding in self.findings(text):
                    if finding.kind == "NAAM":
                        names.update(name_words([finding.text]))
                    elif len(finding.text) >= 4:
                        secrets.setdefault(finding.text.lower(), finding.kind)
                        street = re.sub(r"[ \t]*\d.*$", "", finding.text) if finding.kind == "ADRES" else ""
                        if len(street) >= 5:  # the street without its number, as the bot may repeat it
                            secrets.setdefault(street.lower(), finding.kind)
            if names == set(self.names) and secrets == self.secrets:
                break
            self.names, self.secrets = sorted(names), secrets

    def findings(self, text: str) -> List[Finding]:
        return find_personal_data(text, self.names, self.allowed, self.secrets)

    def anonymise(self, text: str) -> str:
        return replace_findings(text, self.findings(text)) if text else text


def anonymise_conversation(texts: Sequence[str], known_names: Iterable[str] = (), allowed_names: Iterable[str] = ()) -> List[str]:
    """Every text of one conversation anonymised; a name or number found in one is removed from all."""
    conversation = Conversation(texts, known_names, allowed_names)
    return [conversation.anonymise(text) for text in texts]
