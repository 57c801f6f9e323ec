"""The word lists the anonymiser reads names with, loaded once per process.

- bot/content/names.yml: our curated first names and surnames, the names that are also Dutch
  words (`common_words`), words that follow a cue but are no name (`not_names`), and phrases that
  look like names but are not (`not_name_phrases`);
- deduce's lookup lists (first names, surnames, surnames after a particle; Dutch, maintained,
  shipped inside the deduce package, read as plain text here without loading deduce itself);
- the Dutch word forms of spaCy's lemma tables (spacy-lookups-data): a name from deduce's lists
  that is also a Dutch word ("Hoop", "Ben", "Dag") only counts with a cue;
- the board's life-domain words, never a name.

A missing package only makes the lists shorter; nothing is downloaded.
"""

import gzip
import importlib.util
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Optional, Set, Tuple

import yaml

NAMES_FILE = Path(__file__).resolve().parent.parent / "content" / "names.yml"
PARTICLE = r"(?:van|de|den|der|het|'t|ter|ten|te|el|al|la|le|da|du|von|ibn|bin)"
_PARTICLE_RE = re.compile(rf"(?i:{PARTICLE})$")
# Chat words that spaCy's Dutch tables and deduce's word lists lack, but deduce's name lists have.
CHAT_WORDS = frozenset(["niks", "nie", "oke", "oké", "okee", "sorry", "hoor", "joh", "jeetje", "pff", "hmm", "ff", "thx"])


@dataclass(frozen=True)
class NameLists:
    curated: FrozenSet[str]  # lower case: names.yml's first names and surname cores
    library: FrozenSet[str]  # lower case: deduce's names that are no Dutch word
    surnames: FrozenSet[str]  # lower case: every surname core (curated and deduce), also Dutch words
    first_names: FrozenSet[str]  # lower case: every first name (curated and deduce), also Dutch words
    with_particles: FrozenSet[str]  # lower case: "de vries", "van den berg", "el amrani"
    common_words: FrozenSet[str]  # names that are also Dutch words (curated)
    not_names: FrozenSet[str]  # words that follow a cue but are no name
    not_name_phrases: Tuple[str, ...]
    dutch_words: FrozenSet[str]  # lower case Dutch word forms


def _package_dir(name: str) -> Optional[Path]:
    spec = importlib.util.find_spec(name)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _lines(path: Path) -> Set[str]:
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def _deduce_list(name: str) -> Set[str]:
    """One of deduce's lookup lists: items.txt without exceptions.txt."""
    root = _package_dir("deduce")
    if root is None:
        return set()
    folder = root / "data" / "lookup" / "src" / name
    return _lines(folder / "items.txt") - _lines(folder / "exceptions.txt")


def dutch_words() -> FrozenSet[str]:
    root = _package_dir("spacy_lookups_data")
    path = root / "data" / "nl_lemma_lookup.json.gz" if root else None
    if path is None or not path.exists():
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    return frozenset(word.lower() for pair in table.items() for word in pair)


def domain_words() -> FrozenSet[str]:
    """The board's life-domain words and label words: never a name."""
    try:
        from bot.content import load_instrument

        domains = load_instrument().domains
    except Exception:  # the names stay usable without the board's content
        return frozenset()
    words: Set[str] = set()
    for domain in domains:
        for phrase in list(domain.words) + [domain.label]:
            words.update(word.lower() for word in re.findall(r"[^\W\d_]+", phrase))
    return frozenset(words)


def _core(name: str) -> str:
    parts = name.split()
    return " ".join(part for part in parts if not _PARTICLE_RE.match(part)) or parts[-1]


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    raw = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))
    curated_first = {name.lower() for group in raw["first_names"].values() for name in group}
    curated_surnames = {_core(surname).lower() for surname in raw["surnames"]}
    with_particles = {surname.lower() for surname in raw["surnames"] if _core(surname) != surname}
    common = {word.lower() for word in raw["common_words"]}
    stop = {word.lower() for word in _deduce_list("whitelist/lst_stop_word") | _deduce_list("whitelist/lst_common_word")}
    not_names = {word.lower() for word in raw["not_names"]} | domain_words() | stop | CHAT_WORDS
    vocabulary = dutch_words()

    library_first = {name.lower() for name in _deduce_list("names/lst_first_name")}
    library_surnames = {_core(name).lower() for name in _deduce_list("names/lst_surname")}
    after_particle = {name.lower() for name in _deduce_list("names/lst_interfix_surname")}
    library = {
        name
        for name in library_first | library_surnames
        if len(name) > 2 and name not in vocabulary and name not in common and name not in not_names
    }
    return NameLists(
        curated=frozenset(curated_first | curated_surnames),
        library=frozenset(library),
        surnames=frozenset(curated_surnames | library_surnames | after_particle),
        first_names=frozenset(curated_first | library_first),
        with_particles=frozenset(with_particles),
        common_words=frozenset(common),
        not_names=frozenset(not_names - curated_first - curated_surnames),
        not_name_phrases=tuple(raw.get("not_name_phrases", ())),
        dutch_words=vocabulary,
    )
