"""The number words both number readers share, and which words a pattern's number group can take.

`numbers.read_rating` reads a report mark ("een zesje"); the scale reader reads "drie van de vijf"
and "eight out of ten". Both start from the same Dutch words for 0..10. They differ in one place on
purpose: "een" is the number one for the scale reader ("een van de vijf") and for the mark reader
only when it stands alone ("een" beside a mark is the article: "een 7").
"""

import sre_constants
import sre_parse
from typing import FrozenSet, Optional, Set

CARDINALS = {
    "nul": 0,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
}
ONE_WITH_ACCENTS = {"één": 1, "eén": 1}
DIMINUTIVES = {  # "een dikke zesje"
    "eentje": 1,
    "tweetje": 2,
    "drietje": 3,
    "viertje": 4,
    "vijfje": 5,
    "zesje": 6,
    "zeventje": 7,
    "achtje": 8,
    "negentje": 9,
    "tientje": 10,
}
ENGLISH = dict(zip(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), range(11)))
# the scale reader's numbers: "een" is one there ("een van de vijf")
ON_THE_SCALE = {"een": 1, **CARDINALS}
# what a rating pattern of the lexicon may capture as its number ("drie van de vijf", "eight out of ten")
IN_PATTERNS = {**ON_THE_SCALE, **ENGLISH}

_DIGITS = frozenset("0123456789")
_MOST = 10_000  # strings a group may stand for before it counts as too open to check


def words_a_group_takes(pattern: str, group: int = 1) -> Optional[FrozenSet[str]]:
    """The words that group `group` of `pattern` can capture other than digits, when the group stands
    for a short list of strings ("(10|[0-9]|drie|three)"); None for any other shape (a group with
    \\w or .), so that a caller can refuse what it cannot check."""
    found = _find_group(sre_parse.parse(pattern), group)
    strings = None if found is None else _strings(found)
    if strings is None:
        return None
    return frozenset(text for text in strings if not set(text) <= _DIGITS)


def _find_group(items, group: int):
    for op, value in items:
        if op is sre_constants.SUBPATTERN and value[0] == group:
            return value[-1]
        for inner_items in _inner(op, value):
            inner = _find_group(inner_items, group)
            if inner is not None:
                return inner
    return None


def _inner(op, value) -> list:
    if op is sre_constants.SUBPATTERN:
        return [value[-1]]
    if op is sre_constants.BRANCH:
        return list(value[1])
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
        return [value[2]]
    return []


def _strings(items) -> Optional[Set[str]]:
    """Every string `items` matches, or None when they are too many or not a finite list."""
    result: Set[str] = {""}
    for op, value in items:
        options = _options(op, value)
        if options is None:
            return None
        result = {start + end for start in result for end in options}
        if len(result) > _MOST:
            return None
    return result


def _options(op, value) -> Optional[Set[str]]:
    if op is sre_constants.LITERAL:
        return {chr(value)}
    if op is sre_constants.IN:
        return _class_members(value)
    if op is sre_constants.SUBPATTERN:
        return _strings(value[-1])
    if op is sre_constants.BRANCH:
        union: Set[str] = set()
        for branch in value[1]:
            strings = _strings(branch)
            if strings is None:
                return None
            union |= strings
        return union
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
        low, high, inner = value
        strings = _strings(inner)
        if strings is None or high > 3:
            return None
        repeated: Set[str] = set()
        for times in range(low, high + 1):
            current = {""}
            for _ in range(times):
                current = {start + end for start in current for end in strings}
            repeated |= current
        return repeated
    return None


def _class_members(members) -> Optional[Set[str]]:
    result: Set[str] = set()
    for kind, member in members:
        if kind is sre_constants.LITERAL:
            result.add(chr(member))
        elif kind is sre_constants.RANGE and member[1] - member[0] < 64:
            result.update(chr(code) for code in range(member[0], member[1] + 1))
        elif kind is sre_constants.CATEGORY and member is sre_constants.CATEGORY_DIGIT:
            result.update(_DIGITS)
        else:
            return None
    return result
