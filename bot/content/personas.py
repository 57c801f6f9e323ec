"""Personas for practice mode, from bot/content/personas.yml (checked when loaded)."""

from dataclasses import dataclass
from functools import cache
from typing import Dict, Optional, Tuple

import yaml

from bot.content.errors import ContentError
from bot.content.instruments import load_instrument
from bot.content.loader import CONTENT_DIR

PERSONAS_FILE = CONTENT_DIR / "personas.yml"
OPENNESS = ("open", "guarded")
REACTION_LISTS = ("advice", "reflect", "guarded")
REACTION_LINES = ("advice_before_wish", "not_understood", "nothing_more")


@dataclass(frozen=True)
class DomainFacts:
    key: str
    important: bool
    score: Optional[int]
    closed: str
    facts: Tuple[str, ...]
    feeling: Optional[str]
    can_do: Optional[str]
    wants: Optional[str]
    professionals: Optional[str]
    example_question: str


@dataclass(frozen=True)
class Persona:
    key: str
    name: str
    age: int
    openness: str
    trust_needed: int
    intro: str
    greeting: str
    opening: str
    closed_general: str
    wish: str
    can_do: str
    professionals: str
    first_asked_wish: Optional[str]
    reactions: Dict[str, Tuple[str, ...]]
    domains: Dict[str, DomainFacts]

    @property
    def important_domains(self) -> Tuple[str, ...]:
        return tuple(key for key, facts in self.domains.items() if facts.important)

    def reaction(self, kind: str, turn: int = 0) -> str:
        """A reaction line; lists are cycled by `turn` so the persona does not repeat itself at once."""
        lines = self.reactions[kind]
        return lines[turn % len(lines)]


def _text(entry: dict, field: str, where: str, required: bool = True) -> Optional[str]:
    value = entry.get(field)
    if value in (None, "") and required:
        raise ContentError(f"personas.yml {where}: '{field}' is missing")
    return " ".join(str(value).split()) if value not in (None, "") else None


def _domain(key: str, entry: dict, where: str) -> DomainFacts:
    where = f"{where} domain {key}"
    score = entry.get("score")
    if score is not None and score not in (1, 2, 3, 4, 5):
        raise ContentError(f"personas.yml {where}: score must be 1..5 or null")
    facts = tuple(" ".join(str(line).split()) for line in entry.get("facts") or ())
    if not facts:
        raise ContentError(f"personas.yml {where}: 'facts' needs at least one line")
    return DomainFacts(
        key=key,
        important=bool(entry.get("important")),
        score=score,
        closed=_text(entry, "closed", where),
        facts=facts,
        feeling=_text(entry, "feeling", where, False),
        can_do=_text(entry, "can_do", where, False),
        wants=_text(entry, "wants", where, False),
        professionals=_text(entry, "professionals", where, False),
        example_question=_text(entry, "example_question", where),
    )


def _persona(entry: dict, domain_keys: Tuple[str, ...]) -> Persona:
    where = f"persona {entry.get('key')!r}"
    if entry.get("openness") not in OPENNESS:
        raise ContentError(f"personas.yml {where}: openness must be one of {OPENNESS}")
    raw_reactions = entry.get("reactions") or {}
    reactions = {}
    for kind in REACTION_LISTS + REACTION_LINES:
        value = raw_reactions.get(kind)
        lines = tuple(" ".join(str(line).split()) for line in (value if isinstance(value, list) else [value]) if line)
        if not lines:
            raise ContentError(f"personas.yml {where}: reactions.{kind} is missing")
        reactions[kind] = lines
    raw_domains = entry.get("domains") or {}
    if set(raw_domains) != set(domain_keys):
        missing, unknown = set(domain_keys) - set(raw_domains), set(raw_domains) - set(domain_keys)
        raise ContentError(
            f"personas.yml {where}: domains must be the 14 keys (missing {sorted(missing)}, unknown {sorted(unknown)})"
        )
    return Persona(
        key=_text(entry, "key", where),
        name=_text(entry, "name", where),
        age=int(entry.get("age") or 0),
        openness=entry["openness"],
        trust_needed=int(entry.get("trust_needed") or 0),
        intro=_text(entry, "intro", where),
        greeting=_text(entry, "greeting", where),
        opening=_text(entry, "opening", where),
        closed_general=_text(entry, "closed_general", where),
        wish=_text(entry, "wish", where),
        can_do=_text(entry, "can_do", where),
        professionals=_text(entry, "professionals", where),
        first_asked_wish=_text(entry, "first_asked_wish", where, False),
        reactions=reactions,
        domains={key: _domain(key, raw_domains[key], where) for key in domain_keys},
    )


@cache
def load_personas() -> Dict[str, Persona]:
    """The personas by key, in the file's order."""
    raw = yaml.safe_load(PERSONAS_FILE.read_text(encoding="utf-8"))
    keys = load_instrument().keys
    personas = [_persona(entry, keys) for entry in raw.get("personas") or ()]
    if len({persona.key for persona in personas}) != len(personas):
        raise ContentError("personas.yml: duplicate persona keys")
    return {persona.key: persona for persona in personas}
