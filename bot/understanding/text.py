"""Text as the readers compare it: lower case, no accents, words and emoji as tokens.

"Héél GOEEED 😀!" -> ["heel", "goeed", "😀"]: letters repeated three times or more are shortened to
two (the readers try one as well); punctuation separates words; an apostrophe inside a word
splits it ("z'n" -> "z n"), so lexicons are written without apostrophes.
"""

import re
import unicodedata
from typing import List, Tuple

REPEATS = re.compile(r"(.)\1{2,}")
DOUBLES = re.compile(r"(.)\1+")
WORD = re.compile(r"[a-z0-9]+")
CENSORED = re.compile(r"\bk[*#]+t")
CLAUSE_BREAK = re.compile(r"\s*(?:[,.;:!?\n()]+|\s-+\s|\s/\s)\s*")
OUT_OF = re.compile(r"(\d)\s*/\s*(\d)")  # "7/10" is said "7 van 10"


def _is_emoji(character: str) -> bool:
    return unicodedata.category(character) == "So"


IGNORED = frozenset("\ufe0f\u2640\u2642")  # the emoji variation selector; the signs that make 🤷 "🤷‍♀️"


def fold(text: str) -> str:
    """Lower case without accents or other combining marks; emoji kept, without their female or male sign."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in IGNORED)


def tokens(text: str) -> List[str]:
    """Words (a-z, 0-9) and emoji, in order, with long letter repeats shortened; a swear word
    typed with stars ("k*t", "k**tzooi") is read as the word; "7/10" as "7 van 10"."""
    folded = OUT_OF.sub(r"\1 van \2", CENSORED.sub("kut", REPEATS.sub(r"\1\1", fold(text))))
    found: List[str] = []
    word = ""
    for character in folded:
        if "a" <= character <= "z" or "0" <= character <= "9":
            word += character
            continue
        if word:
            found.append(word)
            word = ""
        if _is_emoji(character):
            found.append(character)
    if word:
        found.append(word)
    return found


def normalise(text: str) -> str:
    """The tokens joined by single spaces: the form lexicon entries are written in."""
    return " ".join(tokens(text))


def single_letters(word: str) -> str:
    """'goeed' -> 'goed', 'heeel' -> 'hel': the other guess for a repeated letter."""
    return DOUBLES.sub(r"\1", word)


def clauses(text: str) -> List[Tuple[str, List[str]]]:
    """The parts of a message between punctuation, each as (original text, tokens)."""
    parts = [part.strip() for part in CLAUSE_BREAK.split(text or "")]
    return [(part, tokens(part)) for part in parts if part and tokens(part)]
