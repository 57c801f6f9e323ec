"""Which life domains a message names: Rasa's `domain` entities, then the content's everyday words."""
import re
from typing import Iterable, List

from bot.content import Instrument
from bot.understanding.scores import normalise


def find_domains(text: str, instrument: Instrument, entities: Iterable[dict] = ()) -> List[str]:
    """Domain keys named in the message, in the order they appear, without repeats."""
    found = [e["value"] for e in entities if e.get("entity") == "domain" and e.get("value") in instrument.keys]
    padded = f" {normalise(text)} "
    positions = []
    for domain in instrument.domains:
        for word in (domain.key.replace("_", " "), normalise(domain.label), *domain.words):
            match = re.search(rf" {re.escape(normalise(word))} ", padded)
            if match:
                positions.append((match.start(), domain.key))
    found += [key for _, key in sorted(positions)]
    return list(dict.fromkeys(found))
