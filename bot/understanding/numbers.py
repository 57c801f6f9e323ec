"""Read a report mark (0..10) from what a resident typed: '7', 'een 7', 'zeven', 'een zesje'."""

import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from bot.understanding import number_words

NUMBER_WORDS = {**number_words.CARDINALS, **number_words.ONE_WITH_ACCENTS, **number_words.DIMINUTIVES}
OUT_OF_RANGE_WORDS = {"elf", "twaalf", "dertien", "veertien", "vijftien", "twintig", "honderd", "duizend", "min"}
_WORD_FOR = {number: word for word, number in NUMBER_WORDS.items() if not word.endswith("je")}
TOKEN = re.compile(r"-?\d+(?:[.,]\d+)?|[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class RatingReading:
    value: Optional[int]
    problem: Optional[str] = None  # 'out_of_range', 'no_number' or 'ambiguous'


def _without_scale(text: str, lowest: int, highest: int) -> str:
    """Drop the scale itself from '7/10', '7 van de 10', 'een 6 op een schaal van 1 tot 10'."""
    top = rf"(?:{highest}|{_WORD_FOR.get(highest, highest)})"
    bottom = rf"(?:{lowest}|{_WORD_FOR.get(lowest, lowest)}|0|1|nul|een|één)"
    text = re.sub(rf"\b(?:op\s+)?(?:een\s+)?schaal\s+(?:van\s+)?{bottom}\s*(?:tot|-)\s*{top}\b", " ", text)
    return re.sub(rf"(?:\s*/\s*|\s+(?:van|op|uit)\s+(?:de\s+)?){top}\b", " ", text)


def read_rating(text: str, lowest: int = 0, highest: int = 10) -> RatingReading:
    found, out_of_range = _numbers(text, lowest, highest)
    if len(set(found)) == 1 and not out_of_range:
        return RatingReading(found[0])
    if len(set(found)) > 1:
        return RatingReading(None, "ambiguous")
    if out_of_range:
        return RatingReading(None, "out_of_range")
    return RatingReading(None, "no_number")


# how many in a week, said without a number ("geen" is none here, not "nothing to say")
NONE_IN_A_WEEK = frozenset({"geen", "nul", "niks", "niets", "geen een", "geen enkele", "helemaal geen", "geen afspraken"})
DAILY = re.compile(r"\b(?:elke|iedere|bijna elke|bijna iedere) (?:dag|werkdag)\b|\bdagelijks\b")
EVERY_DAY_OF_A_WORKING_WEEK = 5


def read_count(text: str, highest: int = 50) -> Optional[int]:
    """A number of times in a week: "twee", "een stuk of 3", "geen" (0), "elke dag" (5), "drie of
    vier" (the higher: the load is what matters); None when it says no number."""
    said = " ".join(TOKEN.findall((text or "").lower()))
    if said in NONE_IN_A_WEEK:
        return 0
    if DAILY.search(said):
        return EVERY_DAY_OF_A_WORKING_WEEK
    found, _ = _numbers(text, 0, highest)
    return max(found) if found else None


def _numbers(text: str, lowest: int, highest: int) -> Tuple[List[int], bool]:
    """(the numbers in range, whether one was out of range)."""
    tokens = TOKEN.findall(_without_scale((text or "").lower(), lowest, highest))
    found = []
    out_of_range = False
    for token in tokens:
        if token[0].isdigit() or token[0] == "-":
            number = round(float(token.replace(",", ".")) + 1e-9)
            if lowest <= number <= highest:
                found.append(number)
            else:
                out_of_range = True
        elif token in NUMBER_WORDS:
            found.append(NUMBER_WORDS[token])
        elif token in OUT_OF_RANGE_WORDS:
            out_of_range = True
    if not found and tokens == ["een"]:
        found = [1]  # "een" is the number one only when it stands alone
    found = [n for n in found if lowest <= n <= highest]
    return found, out_of_range
