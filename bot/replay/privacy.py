"""Trainer views without personal data: Rasa tracker events with every text anonymised, read as
one conversation (bot/replay/anonymise.py), and participants shown by their keyed pseudonym.

Everything a replay shows comes from these events: the user's text, the entity values, the slot
values, the bot's replies and their buttons. Structural fields (event type, intent and action
names, policies, timestamps) stay as they are; every other string is anonymised, so a field Rasa
adds later is covered too. An entity whose words overlap a finding shows the placeholder, so its
value never keeps half a phone number.
"""

from functools import lru_cache
from typing import Any, Dict, FrozenSet, Iterable, Iterator, List, Optional

from bot.replay.anonymise import WORD_RE, Conversation
from bot.replay.name_lists import name_lists

# Keys whose string values are names the system gave, never something a person typed.
STRUCTURAL_KEYS = frozenset(
    [
        "event",
        "name",
        "policy",
        "action_name",
        "intent_name",
        "entity",
        "extractor",
        "processors",
        "input_channel",
        "message_id",
        "model_id",
        "assistant_id",
        "role",
        "group",
        "type_name",
        "timestamp",
        "utter_action",
        "template_name",
        "response",
        "id",
    ]
)


def _strings(value: Any, key: Optional[str] = None) -> Iterator[str]:
    if isinstance(value, str):
        if key not in STRUCTURAL_KEYS and value.strip():
            yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, name)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item, key)


def _cleaned(value: Any, conversation: Conversation, key: Optional[str] = None) -> Any:
    if isinstance(value, str):
        return value if key in STRUCTURAL_KEYS else conversation.anonymise(value)
    if isinstance(value, dict):
        return {name: _cleaned(item, conversation, name) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_cleaned(item, conversation, key) for item in value]
    return value


def conversation_of(events: Iterable[Dict[str, Any]], allowed_names: Iterable[str] = ()) -> Conversation:
    """Every text of the events, read together: a name found in one is removed from all."""
    texts = list(dict.fromkeys(text for event in events for text in _strings(event)))
    return Conversation(texts, allowed_names=allowed_names)


def _entities_over_findings(raw: Dict[str, Any], cleaned: Dict[str, Any], conversation: Conversation) -> None:
    """An entity whose words touch personal data shows the placeholder instead of its value."""
    findings = conversation.findings(raw.get("text") or "")
    raw_entities = (raw.get("parse_data") or {}).get("entities") or []
    clean_entities = (cleaned.get("parse_data") or {}).get("entities") or []
    for original, entity in zip(raw_entities, clean_entities):
        start, end = original.get("start"), original.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        touched = [f for f in findings if f.start < end and start < f.end]
        if touched:
            entity["value"] = " ".join(f"<{f.kind}>" for f in touched)
            entity.pop("start", None), entity.pop("end", None)
    for entity in clean_entities:  # offsets into the original text say where the data was
        entity.pop("start", None), entity.pop("end", None)


def anonymise_events(
    events: List[Dict[str, Any]], allowed_names: Iterable[str] = (), conversation: Optional[Conversation] = None
) -> List[Dict[str, Any]]:
    """Copies of the events with every typed or generated text anonymised as one conversation."""
    conversation = conversation or conversation_of(events, allowed_names)
    cleaned = []
    for event in events:
        copy = _cleaned(event, conversation)
        if event.get("event") == "user":
            _entities_over_findings(event, copy, conversation)
        cleaned.append(copy)
    return cleaned


def anonymise_texts(texts: List[str], allowed_names: Iterable[str] = ()) -> List[str]:
    """A list of texts of one conversation (a practice session), anonymised together."""
    conversation = Conversation(texts, allowed_names=allowed_names)
    return [conversation.anonymise(text) for text in texts]


def participant_label(participant_id: str) -> str:
    """The keyed pseudonym a trainer sees instead of the participant id ("deelnemer-7F3K9QXA")."""
    from bot.pseudonyms import pseudonym

    return pseudonym(participant_id)


PERSONA_FILES = ("personas.yml", "practice/personas/*.yml")  # under bot/content


WORKER_VOICE_KEYS = {"good_answer"}  # example lines of a worker ("Ik ben Sanne van het wijkteam"): their names are real-looking


def _without_worker_lines(value: Any) -> Any:
    """The persona content without what a worker would say, so a worker's name there never counts as made up."""
    if isinstance(value, dict):
        return {key: _without_worker_lines(item) for key, item in value.items() if key not in WORKER_VOICE_KEYS}
    if isinstance(value, list):
        return [_without_worker_lines(item) for item in value]
    return value


def _persona_names(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "name" and isinstance(item, str):
                yield item
            else:
                yield from _persona_names(item)
    elif isinstance(value, list):
        for item in value:
            yield from _persona_names(item)


@lru_cache(maxsize=1)
def fictional_names() -> FrozenSet[str]:
    """The practice personas and the people in their stories: made up, so never removed.

    Read from the persona content files as plain YAML (their names, and the capitalised words of
    their texts that are in the name lists), so a change in the persona classes does not matter."""
    import yaml

    from bot.replay.stories import ROOT

    content = ROOT / "bot" / "content"
    documents = []
    for pattern in PERSONA_FILES:
        for path in sorted(content.glob(pattern)):
            try:
                documents.append(
                    yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                )
            except (OSError, yaml.YAMLError):
                continue  # without readable practice content there are fewer fictional names
    documents = [_without_worker_lines(document) for document in documents]
    names = {name for document in documents for name in _persona_names(document)}
    lists = name_lists()
    for document in documents:
        for text in _strings(document):
            for word in WORD_RE.findall(text):
                lower = word.lower()
                if not word[0].isupper() or lower in lists.not_names or lower in lists.common_words:
                    continue
                if lower in lists.first_names or lower in lists.library:
                    names.add(word)
    return frozenset(names)
