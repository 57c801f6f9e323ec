"""Open, closed or no question, from Dutch word order (for the practice mode's feedback).

Open: led by a question word ("wat", "hoe", "waarom", ...) or an invitation to tell
("vertel eens", "kun je iets vertellen over"). Closed: the finite verb first ("Heb je ...?",
"Gaat het goed?"), an either/or question, or a statement ending in a question mark.
None: no question at all (a greeting, a reflection, advice as a statement).

A turn of several sentences counts as its most open question: "Fijn. Hoe gaat het met je huis?"
is open; "Je werkt drie dagen. Klopt dat?" is closed.
"""

import re
from typing import List

OPEN = "open"
CLOSED = "closed"
NONE = "none"

QUESTION_WORDS = {
    "wat",
    "wie",
    "waar",
    "hoe",
    "waarom",
    "wanneer",
    "welke",
    "welk",
    "hoezo",
    "waarover",
    "waardoor",
    "waarmee",
    "waarvoor",
    "waaraan",
    "waarvan",
    "waarop",
    "waarin",
    "wiens",
    "hoeveel",
    "hoelang",
}
INVITATIONS = (
    r"\bvertel\b",
    r"\bbeschrijf\b",
    r"\bleg (eens )?uit\b",
    r"\b(kun|kan|wil|zou|mag) (je|jij|u) .{0,40}\b(vertellen|uitleggen|beschrijven|iets zeggen)\b",
    r"\bin hoeverre\b",
    r"\bik ben benieuwd (naar|hoe|wat)\b",
    r"\bik hoor graag\b",
)
# Words that may come before the question word without making it a different question:
# "En hoe gaat het?", "Oké, wat vind je ervan?", "Robert, hoe slaap je?"
LEADING_FILLERS = {
    "en",
    "maar",
    "oke",
    "oké",
    "ok",
    "dus",
    "nou",
    "goed",
    "fijn",
    "ja",
    "nee",
    "zeg",
    "eh",
    "ehm",
    "he",
    "hé",
    "hm",
}
# "Wat fijn dat je er bent." is no question: a question word followed by one of these.
EXCLAMATIVE_NEXT = {
    "fijn",
    "goed",
    "mooi",
    "leuk",
    "knap",
    "naar",
    "rot",
    "vervelend",
    "lastig",
    "moeilijk",
    "zwaar",
    "sterk",
    "flink",
    "een",
    "erg",
    "jammer",
    "lief",
    "vreselijk",
    "heftig",
    "ontzettend",
    "super",
    "gaaf",
    "tof",
}
QUESTION_WORD_WINDOW = 3  # the question word within the first words of the sentence
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def _words(sentence: str) -> List[str]:
    return re.findall(r"[a-zà-ÿ']+", sentence.lower())


def _sentence_form(sentence: str) -> str:
    lowered = sentence.lower().strip()
    words = _words(lowered)
    if not words:
        return NONE
    if any(re.search(pattern, lowered) for pattern in INVITATIONS):
        return OPEN
    leading = [word for word in words[: QUESTION_WORD_WINDOW + 2] if word not in LEADING_FILLERS]
    asked = lowered.endswith("?")
    if leading and leading[0] in QUESTION_WORDS and (asked or _unpunctuated_question(lowered) == OPEN):
        return OPEN
    if asked and any(word in QUESTION_WORDS for word in leading[:QUESTION_WORD_WINDOW]):
        return OPEN  # "Je broer, wat vindt hij ervan?"
    if asked:
        return CLOSED
    if lowered.endswith((".", "!")):
        return NONE
    return _unpunctuated_question(lowered)


def question_form(text: str) -> str:
    """'open', 'closed' or 'none' for a whole turn (its most open question)."""
    sentences = [part for part in SENTENCE_END.split(text or "") if part and part.strip()]
    forms = [_sentence_form(sentence) for sentence in sentences]
    if OPEN in forms:
        return OPEN
    return CLOSED if CLOSED in forms else NONE


def _unpunctuated_question(text: str) -> str:
    """Chat without a question mark: "hoe gaat het met je werk", "heb je schulden"."""
    raw = _words(text or "")
    words = [word for word in raw if word not in LEADING_FILLERS]
    if not words:
        return NONE
    if words[0] in QUESTION_WORDS:
        after = raw[raw.index(words[0]) + 1 :]
        exclamation = words[0] in {"wat", "hoe"} and after[:1] and after[0] in EXCLAMATIVE_NEXT
        return NONE if exclamation else OPEN
    if len(words) >= 2 and words[1] in {"je", "jij", "u"} and words[0] not in {"dan", "als", "wat", "omdat", "want"}:
        return CLOSED  # verb first: "slaap je goed", "heb je hulp"
    return NONE
