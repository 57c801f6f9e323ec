"""What the worker does in one turn, read in plain Python (no Rasa): the act, the question form,
the life domains, a broad question, jargon, and what the line aims at (a wish, a feeling, safety...).

The act comes from a small classifier (TF-IDF over words and letter groups, a linear SVM)
trained when first needed on bot/content/practice/moves.yml (well under a second), with the
question form from Dutch word order as a feature and as a limit: a line without a question is no
open or closed question, an open question no closed one. Two real questions in one turn are a
double question (a tag such as "klopt dat?" is no question of its own).
"""

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import List, Mapping, Optional, Sequence, Tuple

from bot.content import Instrument
from bot.flows.practice.lexicon import ACTS, QUESTION_ACTS, compiled_cues, jargon, move_examples
from bot.understanding.domains import find_domains
from bot.understanding.question_form import CLOSED, NONE, OPEN, question_form
from bot.understanding.text import fold as fold_text

fold = cache(fold_text)  # the same lines are folded many times while reading one move

SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
CLAUSES = re.compile(r",\s*|\s+-\s+")
SECOND_PERSON = {"je", "jij", "jou", "jouw", "u", "uw", "jezelf", "uzelf", "jullie"}
FIRST_PERSON = {"ik", "mij", "me", "mijn", "m'n", "mezelf", "ikzelf"}
SUBJECTS = {"je", "jij", "u", "jullie"}
NOT_VERBS = {
    "over", "met", "aan", "voor", "bij", "in", "op", "naar", "van", "om", "uit", "door", "tegen", "zonder",
    "als", "dan", "want", "omdat", "dat", "of", "en", "maar", "zodat", "waar", "wat", "hoe", "wie", "ja", "nee",
    "zo", "ook", "nog", "niet", "wel", "toch", "nu", "sinds", "terwijl", "zodra", "toen", "voordat", "nadat",
    "hoewel", "tot", "totdat", "wanneer", "behalve", "dus", "zelfs", "vooral", "bijvoorbeeld", "waarvan", "waarin",
}  # fmt: skip
CLAUSE_SUBJECTS = {"je", "jij", "u", "jullie", "het", "er", "ik", "hij", "zij", "ze", "we", "wij", "dat", "die", "men"}
LEADING_FILLERS = {"en", "maar", "oke", "ok", "dus", "nou", "goed", "fijn", "ja", "nee", "eh", "ehm", "he", "hm", "zeg"}
QUESTION_WORDS = {
    "wat", "wie", "waar", "hoe", "waarom", "wanneer", "welke", "welk", "hoeveel", "hoelang", "waardoor", "waarmee",
    "waarover", "waarvoor", "hoezo",
}  # fmt: skip
INVITATION = re.compile(r"\b(vertel|vertellen|uitleggen|beschrijf|beschrijven|iets zeggen|toelichten)\b")
CONTINUER = re.compile(r"^(en |maar )?(toen|verder|dan|nog meer|bijvoorbeeld|zoals|hoezo|en)\s*\?$")
MODAL_INVITATION = re.compile(
    r"\b(kun|kunt|kan|wil|wilt|zou|zoudt|mag) (je|jij|u) .{0,40}\b(vertellen|uitleggen|beschrijven|toelichten)\b"
)
JOINED = re.compile(r",\s*(?:en\s+|of\s+)?|\s(?:en|of)\s+")
JOINED_SUBJECTS = SUBJECTS | {"het", "er"}
CLOSING_CANDIDATES = ("summary", "reflection", "introduce", "advice")
DOUBLE_CANDIDATES = ("open_question", "closed_question", "reflection", "summary")
FORM_LIMITS = {
    NONE: ("open_question", "closed_question", "double_question"),
    OPEN: ("closed_question",),
    CLOSED: ("open_question",),
}
SOFTMAX_SCALE = 3.0  # margins to confidences
JARGON_PREFIX_MIN = 8  # a jargon term this long also matches the start of a compound


@dataclass(frozen=True)
class WorkerMove:
    act: str  # one of ACTS
    form: str  # open | closed | none
    domains: Tuple[str, ...] = ()
    broad: bool = False  # "Speelt er nog meer?": room for the rest of life
    jargon: Tuple[str, ...] = ()  # jargon terms used (keys of jargon.yml)
    aims: Tuple[str, ...] = ()  # wish, strength, feeling, safety, ... (cues.yml)
    confidence: float = 0.0

    @property
    def is_question(self) -> bool:
        return self.act in QUESTION_ACTS

    def aims_at(self, aim: str) -> bool:
        return aim in self.aims

    def to_dict(self) -> dict:
        return {
            "act": self.act,
            "form": self.form,
            "domains": list(self.domains),
            "broad": self.broad,
            "jargon": list(self.jargon),
            "aims": list(self.aims),
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, value: dict) -> "WorkerMove":
        act = value.get("act")
        return cls(
            act=act if act in ACTS else "open_question",
            form=value.get("form", NONE),
            domains=tuple(value.get("domains") or ()),
            broad=bool(value.get("broad")),
            jargon=tuple(value.get("jargon") or ()),
            aims=tuple(value.get("aims") or ()),
            confidence=float(value.get("confidence") or 0.0),
        )


def addressed_to_persona(text: str) -> bool:
    """A line to the persona ("Heb je weleens aan zelfmoord gedacht?", "Als het thuis niet veilig
    is, kun je Veilig Thuis bellen."), not about the writer.

    In practice mode such a line is part of the exercise; anything in the first person still
    gets the safety message, as everywhere.
    """
    words = set(re.findall(r"[a-z']+", (text or "").lower()))
    return bool(words & SECOND_PERSON) and not words & FIRST_PERSON


# --- the parts of a line ---------------------------------------------------------------------------
def sentences(text: str) -> List[str]:
    return [part.strip() for part in SENTENCES.split(text or "") if part and part.strip()]


def _is_check_tag(sentence: str) -> bool:
    tags = compiled_cues()[1]
    core = " ".join(re.findall(r"[a-z0-9']+", fold(sentence)))
    return any(tag.search(core) for tag in tags)


def _verb_first(sentence: str) -> bool:
    """ "Weet je wat ...?", "Snap je wat ik bedoel?": the verb first makes it closed, whatever follows."""
    words = [word for word in re.findall(r"[a-z']+", fold(sentence)) if word not in LEADING_FILLERS]
    return len(words) >= 2 and words[1] in SUBJECTS and words[0] not in NOT_VERBS and words[0] not in QUESTION_WORDS


def sentence_form(sentence: str) -> str:
    form = question_form(sentence)
    folded = fold(sentence)
    if CONTINUER.match(folded.strip()):
        return OPEN  # "En toen?", "Bijvoorbeeld?": tell more
    if MODAL_INVITATION.search(folded):
        return OPEN  # "Kunt u vertellen hoe uw week eruitziet?"
    return CLOSED if form == OPEN and _verb_first(sentence) and not INVITATION.search(folded) else form


def move_form(text: str) -> str:
    """open | closed | none for a whole turn, as question_form, with verb-first sentences closed."""
    forms = [sentence_form(sentence) for sentence in sentences(text)]
    return OPEN if OPEN in forms else CLOSED if CLOSED in forms else NONE


def _asks(part: str) -> bool:
    words = [word for word in re.findall(r"[a-z']+", fold(part)) if word not in ("zo", "ja", "nee", "en", "of", "maar")]
    if not words or (words[:2] in (["denk", "je"], ["weet", "je"], ["vind", "je"]) and len(words) <= 3):
        return False  # ", denk je?", ", vind je niet?" ask nothing new
    if words[0] in QUESTION_WORDS:  # "waar woon je" asks; "waar je woont" (a subject next) does not
        return len(words) == 1 or words[1] not in CLAUSE_SUBJECTS
    return len(words) > 1 and words[1] in JOINED_SUBJECTS and words[0] not in NOT_VERBS


def _joined_questions(sentence: str) -> int:
    """How many questions one sentence holds: "Kom je rond of heb je schulden?" holds two."""
    parts = [part for part in JOINED.split(fold(sentence)) if part.strip()]
    return max(1, sum(1 for part in parts if _asks(part)))


def real_questions(text: str) -> List[str]:
    """The questions of a turn (a sentence may hold two), without "klopt dat?"-style tags."""
    found = []
    for sentence in sentences(text):
        parts = [part for part in CLAUSES.split(sentence) if part.strip()]
        if len(parts) > 1 and _is_check_tag(parts[-1]):
            sentence = ", ".join(parts[:-1])
        if _is_check_tag(sentence):
            continue
        if question_form(sentence) != NONE:
            found.extend([sentence] * _joined_questions(sentence))
    return found


def find_jargon(text: str) -> Tuple[str, ...]:
    padded = " " + " ".join(re.findall(r"[a-z0-9-]+", fold(text))) + " "
    words = padded.split()
    found = []
    for term in jargon().terms:
        if f" {term} " in padded or (
            len(term) >= JARGON_PREFIX_MIN and " " not in term and any(w.startswith(term) for w in words)
        ):
            found.append(term)
    # "wmo-aanvraag" also holds "wmo": keep the longest terms only
    return tuple(t for t in found if not any(t != other and t in other for other in found))


def find_aims(text: str) -> Tuple[str, ...]:
    aims = compiled_cues()[2]
    folded = " ".join(fold(text).split())
    return tuple(aim for aim, patterns in aims.items() if any(p.search(folded) for p in patterns))


def is_broad(text: str) -> bool:
    broad = compiled_cues()[0]
    folded = " ".join(fold(text).split())
    return any(p.search(folded) for p in broad)


# --- the classifier ----------------------------------------------------------------------------------
def _markers(text: str) -> List[str]:
    folded = fold(text).strip()
    words = re.findall(r"[a-z0-9']+", folded)
    asked = real_questions(text)
    parts = sentences(text)
    markers = [f"form{move_form(text)}", f"questions{min(len(asked), 3)}", f"sentences{min(len(parts), 4)}"]
    if words:
        markers.append(f"first{words[0]}")
        if len(words) > 1:
            markers.append(f"second{words[1]}")
    markers.append("len" + ("1" if len(words) <= 4 else "2" if len(words) <= 10 else "3" if len(words) <= 20 else "4"))
    if parts and _is_check_tag(CLAUSES.split(parts[-1])[-1]):
        markers.append("tagged")
    if folded.endswith("?"):
        markers.append("asks")
    if len(asked) >= 2:
        markers.append("manyquestions")
    if set(words) & SECOND_PERSON and not set(words) & FIRST_PERSON:
        markers.append("aboutyou")
    if set(words) & FIRST_PERSON:
        markers.append("aboutme")
    commas = folded.count(",") + len(re.findall(r"\ben\b", folded))
    markers.append(f"joins{min(commas, 3)}")
    return markers


def features(text: str) -> str:
    return " ".join(fold(text).split()) + " " + " ".join(f"zz{marker}" for marker in _markers(text))


class ActClassifier:
    """TF-IDF (words and marker tokens; letter groups) with a linear support vector machine over ACTS."""

    def __init__(self, examples: Mapping[str, Sequence[str]]):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion, make_pipeline
        from sklearn.svm import LinearSVC

        texts = [text for act in ACTS for text in examples.get(act, ())]
        labels = [act for act in ACTS for _ in examples.get(act, ())]
        union = FeatureUnion(
            [
                ("words", TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"[a-z0-9_']+", sublinear_tf=True)),
                ("letters", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4), sublinear_tf=True, min_df=2)),
            ]
        )
        self.model = make_pipeline(union, LinearSVC(C=0.5, class_weight="balanced", random_state=0))
        self.model.fit([features(text) for text in texts], labels)
        self.classes: Tuple[str, ...] = tuple(self.model.classes_)

    def ranking(self, text: str) -> List[Tuple[str, float]]:
        """Acts by score, best first; the scores a softmax over the margins (a confidence, not a probability)."""
        margins = self.model.decision_function([features(text)])[0]
        exponents = [math.exp(SOFTMAX_SCALE * float(margin)) for margin in margins]
        total = sum(exponents)
        return sorted(zip(self.classes, (e / total for e in exponents)), key=lambda pair: -pair[1])


@cache
def classifier() -> ActClassifier:
    return ActClassifier(move_examples().acts)


def read_act(text: str, form: Optional[str] = None) -> Tuple[str, float]:
    """The act of a worker's line with the classifier's confidence, within what its form allows."""
    form = form or move_form(text)
    ranking = classifier().ranking(text)
    excluded = set(FORM_LIMITS.get(form, ()))
    allowed = [(act, p) for act, p in ranking if act not in excluded] or ranking
    act, confidence = allowed[0]
    if act in DOUBLE_CANDIDATES and len(real_questions(text)) >= 2:
        act = "double_question"
    elif act in CLOSING_CANDIDATES and any(cue.search(" ".join(fold(text).split())) for cue in compiled_cues()[3]):
        act = "closing"  # "Samengevat ... Dan spreken we af dat ...": the summary closes the talk
    return act, round(confidence, 3)


def read_move(text: str, instrument: Instrument) -> WorkerMove:
    text = text or ""
    form = move_form(text)
    act, confidence = read_act(text, form) if text.strip() else ("introduce", 0.0)
    return WorkerMove(
        act=act,
        form=form,
        domains=tuple(find_domains(text, instrument)),
        broad=is_broad(text),
        jargon=find_jargon(text),
        aims=find_aims(text),
        confidence=confidence,
    )


__all__ = ["ACTS", "CLOSED", "OPEN", "NONE", "WorkerMove", "read_move", "read_act", "addressed_to_persona"]
