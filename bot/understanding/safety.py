"""The safety net: does a message signal acute danger, suicidal thoughts or danger at home?

The conversation core calls `danger_signal` on every message before anything else. The
patterns, the everyday phrases that must stay quiet and the messages are content
(bot/content/safety.yml, checked when loaded); the steps are described at the top of that file.
Nothing here logs: messages are never written anywhere by this module.

    danger_signal("mijn man slaat me")           -> "danger_at_home"
    safety_messages("danger_at_home")            -> [Veilig Thuis first, then 112; the care line]
    danger_reading("ik kan niet meer, echt niet meer")  -> "suicide" with source "doubt" (no alarm:
                                                    the learned layer is unsure, so the assistant asks first)
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Pattern, Sequence, Tuple

from bot.content.errors import ContentError
from bot.content.validation import read_mapping

if TYPE_CHECKING:
    from bot.understanding.safety_model import SafetyModel

SAFETY_FILE = Path(__file__).resolve().parent.parent / "content" / "safety.yml"
SAFETY_INTENT = "safety_concern"
KINDS = ("acute", "suicide", "danger_at_home")
BASE_KINDS = ("suicide", "danger_at_home")  # in this order when a message signals both
ACUTE_CONTEXTS = ("suicide", "danger_at_home", "other")
TERM = re.compile(r"\{([a-z_]+)\}")
SENTENCE_BREAK = re.compile(r"[.!?;\n]+")  # a colon is read as a comma: "ik denk: gewoon springen"
TOKEN = re.compile(r"[a-z0-9']+|[,:]")
BLANK = "~"  # what an everyday phrase is replaced by: no word, so no pattern reaches across it
# The numbers each kind's first message must carry, in this order (the first one first).
REQUIRED_NUMBERS = {"suicide": ("0800-0113", "112"), "danger_at_home": ("0800-2000", "112"), "acute": ("112",)}
LINE_NUMBERS = {"suicide": "0800-0113", "danger_at_home": "0800-2000"}
MESSAGE_KEYS = ("care", "continue_question", "continue_yes", "continue_no", "paused")
# messages.ask: the question when the learned layer is unsure, its buttons, the thanks after "no", and the
# line before the numbers after two answers that were no yes or no
QUESTION_KEYS = ("question", "button_yes", "button_no", "thanks", "unclear")


class DangerKind(str):
    """A kind ("acute", "suicide", "danger_at_home") that also names the other kinds the message
    signalled: for "acute" the line(s) to add after 112, otherwise a second kind's line. It is a
    plain string for everything else (comparisons, dictionary keys, event names)."""

    also: Tuple[str, ...]
    source: str

    def __new__(cls, kind: str, also: Sequence[str] = (), source: str = "pattern") -> "DangerKind":
        value = super().__new__(cls, kind)
        value.also = tuple(also)
        value.source = source  # "pattern", "model" (the learned layer), "intent" or "doubt" (asked first)
        return value


@dataclass(frozen=True)
class Rule:
    """One pattern: every regex must match the same sentence; the first is checked for negation.
    `in_message`: regexes that must match somewhere in the message, in any sentence."""

    regexes: Tuple[Pattern, ...]
    own_negations: frozenset  # negation words the first regex contains itself ("niet meer leven")
    in_message: Tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class Negation:
    words: frozenset
    # these negate only right before a match: "geen zelfmoordgedachten", not "als hij geen geld krijgt, ..."
    close_words: frozenset
    after_words: frozenset
    not_after: frozenset
    stop: frozenset
    before: int
    after: int


@dataclass(frozen=True)
class Learned:
    """The learned layer's operating point (bot/understanding/safety_model.py)."""

    threshold: float  # the danger probability from which it raises the alarm
    ask_above: float  # from this probability up to the threshold it asks first (messages.ask)
    pattern_doubt_below: float  # a pattern alarm (not acute) it reads below this probability: asked first too
    unsure_below: float  # below this probability for the likeliest kind: the combined message
    also_above: float  # a second kind this likely adds its line


@dataclass(frozen=True)
class Messages:
    kinds: Dict[str, Tuple[str, ...]]
    after_acute: Dict[str, str]
    also: Dict[str, str]
    care: str
    continue_question: str
    continue_yes: str
    continue_no: str
    paused: str
    ask: Dict[str, str]  # QUESTION_KEYS


@dataclass(frozen=True)
class SafetyNet:
    spelling: Dict[str, str]
    everyday: Tuple[Pattern, ...]
    negation: Negation
    rules: Dict[str, Tuple[Rule, ...]]  # suicide, danger_at_home
    acute: Dict[str, Tuple[Rule, ...]]  # context (suicide, danger_at_home, other) -> rules
    immediacy: Tuple[Pattern, ...]
    intent_min_confidence: float
    cues: Dict[str, Tuple[Rule, ...]]
    learned: Learned
    word_classes: Tuple[Tuple[str, Pattern], ...]  # learned.word_classes: term -> a whole word of it
    messages: Messages
    # (past, over): a sentence about the past is everyday talk when the next sentence says it is over
    past_and_over: Optional[Tuple[Pattern, Pattern]] = None
    # (said, meant): a short outcry is everyday talk when the next sentence says what it was about
    said_and_meant: Optional[Tuple[Pattern, Pattern]] = None

    # --- reading ----------------------------------------------------------------------------------
    def _plain_sentences(self, text: str) -> List[str]:
        """Lower case, no accents, informal spelling rewritten; one string per sentence."""
        decomposed = unicodedata.normalize("NFKD", (text or "").lower())
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = folded.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
        found = []
        for part in SENTENCE_BREAK.split(folded):
            words = []
            for token in TOKEN.findall(part):
                token = "," if token == ":" else token
                token = self.spelling.get(token, self.spelling.get(token.strip("'"), token.strip("'") or token))
                words.append(token.replace("'", " "))
            found.append(" ".join(" ".join(words).split()))
        return found

    def normalise(self, text: str) -> str:
        """What the learned layer reads: the normalised sentences joined by " . " (nothing blanked)."""
        return " . ".join(sentence for sentence in self._plain_sentences(text) if sentence)

    def sentences(self, text: str) -> List[str]:
        """Normalised sentences with the everyday phrases blanked out."""
        found = []
        plain = self._plain_sentences(text)
        for index, sentence in enumerate(plain):
            if self._taken_back(plain, index):
                continue
            for phrase in self.everyday:
                sentence = phrase.sub(f" {BLANK} ", sentence)
            sentence = " ".join(sentence.split())
            if sentence.strip(f" ,{BLANK}"):
                found.append(sentence)
        return found

    def _taken_back(self, plain: List[str], index: int) -> bool:
        """Does the next sentence take this one back: harm in the past that is over ("hij sloeg me
        vroeger. nu is het veilig"), or an outcry and what it was about ("ik wil niet meer. bij de
        Action werken bedoel ik")? Then it is everyday talk, as an everyday phrase would be."""
        if index + 1 >= len(plain):
            return False
        pairs = (pair for pair in (self.past_and_over, self.said_and_meant) if pair is not None)
        return any(first.search(plain[index]) and then.search(plain[index + 1]) for first, then in pairs)

    def _negated(self, sentence: str, match: "re.Match", rule: Rule) -> bool:
        rules = self.negation
        before = sentence[: match.start()].split()
        inside = match.group(0).split()
        after = sentence[match.end() :].split()

        def negates(words: List[str], index: int) -> bool:
            rest = words[index + 1 :] + (inside if words is before else []) + (after if words is not after else [])
            return words[index] in rules.words and (rest[0] if rest else "") not in rules.not_after

        looks_back = not inside or inside[0] not in rules.stop  # "zodat ik dood ga" starts a clause of its own
        for index in range(len(before) - 1, max(-1, len(before) - 1 - rules.before) if looks_back else len(before) - 1, -1):
            if before[index] in rules.stop:
                break
            if before[index] in rules.close_words and index < len(before) - 1:
                continue
            if negates(before, index):
                return True
        if any(negates(inside, i) and inside[i] not in rule.own_negations for i in range(len(inside))):
            return True
        for index in range(min(rules.after, len(after))):
            if after[index] in rules.stop or after[index] == BLANK:
                break
            if after[index] in rules.after_words and negates(after, index):
                return True
        return False

    def _where(self, sentences: List[str], rules: Tuple[Rule, ...]) -> List[int]:
        """The indexes of the sentences where one of the rules matches (not negated)."""
        found = []
        # a rule's `in_message` parts may stand in any sentence: rules whose parts are missing drop out
        usable = [rule for rule in rules if all(any(part.search(s) for s in sentences) for part in rule.in_message)]
        for index, sentence in enumerate(sentences):
            for rule in usable:
                first, *others = rule.regexes
                if all(other.search(sentence) for other in others) and any(
                    not self._negated(sentence, match, rule) for match in first.finditer(sentence)
                ):
                    found.append(index)
                    break
        return found

    def learned_kind(self, kinds: Dict[str, float]) -> DangerKind:
        """The learned layer's kind: the likeliest, with the lines of the others when it is unsure
        (below `unsure_below`) or when another kind is likely too (`also_above`)."""
        ranked = sorted(kinds, key=lambda kind: -kinds[kind])
        first = ranked[0]
        unsure = kinds[first] < self.learned.unsure_below
        also = [kind for kind in BASE_KINDS if kind != first and (unsure or kinds[kind] >= self.learned.also_above)]
        return DangerKind(first, also, source="model")

    def _reads_no_danger(self, text: str) -> bool:
        return learned_model().read(self.normalise(text))[0] < self.learned.pattern_doubt_below

    def _hits(self, sentences: List[str], rules: Tuple[Rule, ...]) -> bool:
        return bool(self._where(sentences, rules))

    def assess(
        self, text: str, intent: Optional[str] = None, confidence: float = 0.0, learned: bool = True, ask: bool = False
    ) -> Optional[DangerKind]:
        """The kind first (acute, then suicide, then danger at home), or None; see safety.yml's header.
        `learned=False`: the patterns (and the intent net) alone, for measuring. `ask=True`: when
        nothing alarms but the learned layer finds danger likely (from `ask_above`), the kind to ask
        about (source "doubt"), from the same reading; also when a pattern (not acute) alarms but the
        learned layer reads almost no danger (below `pattern_doubt_below`) and the intent does not
        confirm it."""
        sentences = self.sentences(text)
        if not sentences:
            return None
        where = {kind: self._where(sentences, self.rules[kind]) for kind in BASE_KINDS}
        base = [kind for kind in BASE_KINDS if where[kind]]
        contexts = [context for context in ACUTE_CONTEXTS if self._hits(sentences, self.acute[context])]
        near = {i for kind in base for found in where[kind] for i in (found - 1, found, found + 1)}  # "now" counts close by
        immediate = any(marker.search(sentences[i]) for marker in self.immediacy for i in near if 0 <= i < len(sentences))
        if contexts or immediate:
            lines = [c for c in contexts if c != "other"] + [k for k in base if k not in contexts]
            return DangerKind("acute", lines)
        intent_says_danger = intent == SAFETY_INTENT and confidence >= self.intent_min_confidence
        if base:
            if learned and ask and not intent_says_danger and self._reads_no_danger(text):
                return asked_kind(base[0])
            return DangerKind(base[0], base[1:])
        doubt = None
        if learned:
            danger, kinds = learned_model().read(self.normalise(text))
            if danger >= self.learned.threshold:
                return self.learned_kind(kinds)
            if ask and danger >= self.learned.ask_above:
                doubt = asked_kind(max(BASE_KINDS, key=lambda kind: kinds.get(kind, 0.0)))
        if intent_says_danger:
            for kind in ("danger_at_home", "suicide"):
                if self._hits(sentences, self.cues[kind]):
                    return DangerKind(kind, (), source="intent")
        return doubt


def asked_kind(kind: str) -> DangerKind:
    """What the question asks about and "yes" gives: `kind` (suicide or danger at home; suicide for
    anything else) first, with the other kind's line after it."""
    first = kind if kind in BASE_KINDS else BASE_KINDS[0]
    return DangerKind(first, [other for other in BASE_KINDS if other != first], source="doubt")


# --- loading and checking bot/content/safety.yml --------------------------------------------------------
def _fail(path: Path, place: str, problem: str) -> ContentError:
    return ContentError(f"{path}: {place}: {problem}")


def _expand(source: str, terms: Dict[str, str], path: Path, place: str, depth: int = 0) -> str:
    def replace(match: "re.Match") -> str:
        name = match.group(1)
        if name not in terms:
            raise _fail(path, place, f"unknown term {{{name}}} (terms: {', '.join(sorted(terms))})")
        if depth > 5:
            raise _fail(path, place, f"term {{{name}}} refers to itself")
        return _expand(terms[name], terms, path, f"terms.{name}", depth + 1)

    return TERM.sub(replace, source)


def _compile(source: Any, terms: Dict[str, str], path: Path, place: str) -> Pattern:
    if not isinstance(source, str) or not source.strip():
        raise _fail(path, place, "must be a non-empty regular expression in quotes")
    expanded = _expand(source, terms, path, place)
    try:
        return re.compile(expanded)
    except re.error as error:
        raise _fail(path, place, f"not a valid regular expression ({error})") from None


def _rules(entries: Any, terms: Dict[str, str], negations: frozenset, path: Path, place: str) -> Tuple[Rule, ...]:
    if not isinstance(entries, list) or not entries:
        raise _fail(path, place, "needs a list of patterns")
    rules = []
    for index, entry in enumerate(entries):
        where = f"{place}[{index}]"
        in_message: List[Any] = []
        if isinstance(entry, dict):  # {sentence: ..., message: [...]}: parts that may stand in other sentences
            if set(entry) != {"sentence", "message"} or not isinstance(entry["message"], list) or not entry["message"]:
                raise _fail(path, where, "a pattern with parts elsewhere in the message needs `sentence` and a list `message`")
            entry, in_message = entry["sentence"], entry["message"]
        sources = entry if isinstance(entry, list) else [entry]
        if not sources:
            raise _fail(path, where, "an empty list")
        regexes = tuple(_compile(source, terms, path, where) for source in sources)
        source = regexes[0].pattern.replace("\\b", " ")
        own = frozenset(word for word in negations if re.search(rf"\b{word}\b", source))
        rules.append(Rule(regexes, own, tuple(_compile(part, terms, path, where) for part in in_message)))
    return tuple(rules)


def _words(value: Any, path: Path, place: str) -> frozenset:
    if not isinstance(value, list) or not all(isinstance(word, str) and word for word in value):
        raise _fail(path, place, "needs a list of words")
    return frozenset(value)


def _text(value: Any, path: Path, place: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, place, "needs a text")
    if "!" in value:
        raise _fail(path, place, "no exclamation marks in safety texts")
    if any(unicodedata.category(character) == "So" for character in value):
        raise _fail(path, place, "no emoji in safety texts")
    return value.strip()


def _messages(raw: Any, path: Path) -> Messages:
    if not isinstance(raw, dict):
        raise _fail(path, "messages", "needs the messages per kind")
    kinds = {}
    for kind in KINDS:
        lines = raw.get(kind)
        if not isinstance(lines, list) or not lines:
            raise _fail(path, f"messages.{kind}", "needs a list of messages")
        kinds[kind] = tuple(_text(line, path, f"messages.{kind}[{i}]") for i, line in enumerate(lines))
        first = kinds[kind][0]
        positions = [first.find(number) for number in REQUIRED_NUMBERS[kind]]
        if -1 in positions or positions != sorted(positions):
            raise _fail(path, f"messages.{kind}[0]", f"must give {' and then '.join(REQUIRED_NUMBERS[kind])}")
    lines = {}
    for group in ("after_acute", "also"):
        entries = raw.get(group)
        if not isinstance(entries, dict) or set(entries) != set(BASE_KINDS):
            raise _fail(path, f"messages.{group}", f"needs exactly {', '.join(BASE_KINDS)}")
        lines[group] = {kind: _text(text, path, f"messages.{group}.{kind}") for kind, text in entries.items()}
        for kind, text in lines[group].items():
            if LINE_NUMBERS[kind] not in text:
                raise _fail(path, f"messages.{group}.{kind}", f"must give {LINE_NUMBERS[kind]}")
    texts = {key: _text(raw.get(key), path, f"messages.{key}") for key in MESSAGE_KEYS}
    ask = raw.get("ask")
    if not isinstance(ask, dict) or set(ask) != set(QUESTION_KEYS):
        raise _fail(path, "messages.ask", f"needs exactly {', '.join(QUESTION_KEYS)}")
    asked = {key: _text(ask[key], path, f"messages.ask.{key}") for key in QUESTION_KEYS}
    if not asked["question"].endswith("?"):
        raise _fail(path, "messages.ask.question", "must be one question, ending in '?'")
    return Messages(kinds=kinds, after_acute=lines["after_acute"], also=lines["also"], ask=asked, **texts)


def load_safety_net(path: Path = SAFETY_FILE) -> SafetyNet:
    """Read and check the content file; a ContentError names the file and the place."""
    raw = read_mapping(
        path, needs="terms, spelling, everyday, negation, patterns, immediacy, intent_net, messages", unique_keys=True
    )
    terms = raw.get("terms") or {}
    if not isinstance(terms, dict) or not all(isinstance(v, str) for v in terms.values()):
        raise _fail(path, "terms", "needs `name: regular expression` entries")
    spelling = raw.get("spelling") or {}
    if not isinstance(spelling, dict):
        raise _fail(path, "spelling", "needs `word: replacement` entries")
    negation_raw = raw.get("negation")
    if not isinstance(negation_raw, dict):
        raise _fail(path, "negation", "needs words, close_words, after_words, not_after, stop, before and after")
    try:
        before, after = int(negation_raw["before"]), int(negation_raw["after"])
    except (KeyError, TypeError, ValueError):
        raise _fail(path, "negation", "needs numbers `before` and `after`") from None
    negation = Negation(
        words=_words(negation_raw.get("words"), path, "negation.words"),
        close_words=_words(negation_raw.get("close_words"), path, "negation.close_words"),
        after_words=_words(negation_raw.get("after_words"), path, "negation.after_words"),
        not_after=_words(negation_raw.get("not_after"), path, "negation.not_after"),
        stop=_words(negation_raw.get("stop"), path, "negation.stop"),
        before=before,
        after=after,
    )
    patterns = raw.get("patterns")
    if not isinstance(patterns, dict) or set(patterns) != set(KINDS):
        raise _fail(path, "patterns", f"needs exactly {', '.join(KINDS)}")
    acute = patterns["acute"]
    if not isinstance(acute, dict) or set(acute) != set(ACUTE_CONTEXTS):
        raise _fail(path, "patterns.acute", f"needs exactly {', '.join(ACUTE_CONTEXTS)}")
    net_raw = raw.get("intent_net")
    if not isinstance(net_raw, dict) or not isinstance(net_raw.get("cues"), dict) or set(net_raw["cues"]) != set(BASE_KINDS):
        raise _fail(path, "intent_net", f"needs min_confidence and cues for {', '.join(BASE_KINDS)}")
    min_confidence = net_raw.get("min_confidence")
    if not isinstance(min_confidence, (int, float)) or not 0.5 <= min_confidence <= 1:
        raise _fail(path, "intent_net.min_confidence", "needs a number between 0.5 and 1")
    learned_raw = raw.get("learned")
    if not isinstance(learned_raw, dict):
        raise _fail(path, "learned", "needs threshold, ask_above, pattern_doubt_below, unsure_below and also_above")
    classes = learned_raw.get("word_classes") or []
    if not isinstance(classes, list) or not all(isinstance(name, str) and name in terms for name in classes):
        raise _fail(path, "learned.word_classes", f"needs a list of term names (terms: {', '.join(sorted(terms))})")
    word_classes = tuple((name, _compile(f"(?:{{{name}}})", terms, path, f"learned.word_classes.{name}")) for name in classes)
    limits = {}
    for key in ("threshold", "ask_above", "pattern_doubt_below", "unsure_below", "also_above"):
        value = learned_raw.get(key)
        if not isinstance(value, (int, float)) or not 0 < value < 1:
            raise _fail(path, f"learned.{key}", "needs a number between 0 and 1")
        limits[key] = float(value)
    if limits["ask_above"] > limits["threshold"]:
        raise _fail(path, "learned.ask_above", "must not be above the threshold (it asks below the alarm)")
    if limits["pattern_doubt_below"] >= limits["ask_above"]:
        raise _fail(path, "learned.pattern_doubt_below", "must be below ask_above (it reads almost no danger)")
    everyday = raw.get("everyday") or []
    if not isinstance(everyday, list):
        raise _fail(path, "everyday", "needs a list of patterns")
    immediacy = raw.get("immediacy")
    if not isinstance(immediacy, list) or not immediacy:
        raise _fail(path, "immediacy", "needs a list of patterns")
    words = negation.words
    return SafetyNet(
        spelling={str(k): str(v) for k, v in spelling.items()},
        everyday=tuple(_compile(p, terms, path, f"everyday[{i}]") for i, p in enumerate(everyday)),
        negation=negation,
        rules={kind: _rules(patterns[kind], terms, words, path, f"patterns.{kind}") for kind in BASE_KINDS},
        acute={c: _rules(acute[c], terms, words, path, f"patterns.acute.{c}") for c in ACUTE_CONTEXTS},
        immediacy=tuple(_compile(p, terms, path, f"immediacy[{i}]") for i, p in enumerate(immediacy)),
        intent_min_confidence=float(min_confidence),
        cues={kind: _rules(net_raw["cues"][kind], terms, words, path, f"intent_net.cues.{kind}") for kind in BASE_KINDS},
        learned=Learned(**limits),
        word_classes=word_classes,
        messages=_messages(raw.get("messages"), path),
        past_and_over=_pair(raw, "past_and_over", ("past", "over"), terms, path),
        said_and_meant=_pair(raw, "said_and_meant", ("said", "meant"), terms, path),
    )


def _pair(
    raw: Dict[str, Any], name: str, keys: Tuple[str, str], terms: Dict[str, str], path: Path
) -> Optional[Tuple[Pattern, Pattern]]:
    """An optional pair of patterns, one for a sentence and one for the sentence after it."""
    entry = raw.get(name)
    if entry is None:
        return None
    if not isinstance(entry, dict) or set(entry) != set(keys):
        raise _fail(path, name, f"needs `{keys[0]}` and `{keys[1]}` patterns")
    first, then = (_compile(entry[key], terms, path, f"{name}.{key}") for key in keys)
    return first, then


@lru_cache(maxsize=1)
def safety_net() -> SafetyNet:
    return load_safety_net(SAFETY_FILE)


@lru_cache(maxsize=1)
def learned_model() -> "SafetyModel":
    """The learned layer: build/safety-model.json when it fits the training data, else trained now."""
    from bot.understanding.safety_model import Features, load_or_train

    net = safety_net()
    return load_or_train(net.normalise, net.spelling, features=Features(net.word_classes))


# --- what the conversation core uses ----------------------------------------------------------------
def danger_signal(text: str, intent: Optional[str] = None, confidence: float = 0.0) -> Optional[str]:
    """'acute', 'suicide', 'danger_at_home' or None. The patterns first; when none matches, the
    learned layer (bot/understanding/safety_model.py) at its threshold; then Rasa's intent
    `safety_concern`, only when confident and the message holds a cue word. The result is a
    DangerKind: a str that also carries the other kinds found (see safety_messages)."""
    return safety_net().assess(text, intent, confidence)


def safety_messages(kind: str, also: Optional[Sequence[str]] = None, told: bool = True) -> List[str]:
    """The messages to send, in order: the numbers for `kind`, the line of any other kind
    signalled (for "acute": the line after 112), then the care line. `also` defaults to what a
    DangerKind carries; for a plain "acute" without it, both lines follow 112. When the resident
    told nothing (`told` False: no clear answer to the question whether it is danger) the numbers
    come after the line that says why, and the care line that thanks for telling is left out."""
    if kind not in KINDS:
        raise ValueError(f"unknown safety kind {kind!r}")
    messages = safety_net().messages
    if also is None:
        also = getattr(kind, "also", None)
    lines = list(messages.kinds[kind])
    if kind == "acute":
        extra = BASE_KINDS if also is None else [k for k in also if k in messages.after_acute]
        lines += [messages.after_acute[k] for k in dict.fromkeys(extra)]
    else:
        lines += [messages.also[k] for k in dict.fromkeys(also or ()) if k != kind and k in messages.also]
    if not told:
        return [messages.ask["unclear"], *lines]
    return lines + [messages.care]


def danger_reading(text: str, intent: Optional[str] = None, confidence: float = 0.0) -> Optional[DangerKind]:
    """`danger_signal`, and when it finds nothing but the learned layer is unsure (its probability
    from `ask_above` up to the alarm threshold) the kind to ask about, with source "doubt"."""
    return safety_net().assess(text, intent, confidence, ask=True)


def question_texts() -> Dict[str, str]:
    """The question the assistant asks when it is unsure: question, button_yes, button_no, thanks (after
    "no") and unclear (before the numbers after two answers that were no yes or no)."""
    return dict(safety_net().messages.ask)


def continue_texts() -> Tuple[str, str, str, str]:
    """(question, yes button, no button, the answer to no) after the safety message."""
    messages = safety_net().messages
    return messages.continue_question, messages.continue_yes, messages.continue_no, messages.paused
