"""The hand-written anonymiser beside deduce (a maintained Dutch de-identification library), on planted data.

    .venv/bin/python bench/anonymiser_compare.py                          # the held-out set, every system
    .venv/bin/python bench/anonymiser_compare.py --data tests/privacy/dev_pii.yml --misses

Data: YAML `items: [{text, pii: [{type, value}]}]`, one pii entry per occurrence (a value that
occurs twice is listed twice); items with `pii: []` are near misses. Default: tests/heldout/pii.yml,
written blind by someone else: it is only ever looked at through the aggregate figures below
(`--misses`, which prints texts, refuses it; tune on tests/privacy/dev_pii.yml instead).

Systems (each gives the character spans it removes from a text):
- `ours`: bot/replay/anonymise.py alone (patterns, name lists and cues);
- `deduce`: deduce 3.0.3 with its base configuration (every tag: names, locations, institutions,
  dates, ages, identifiers, phone numbers, e-mail, URLs); offline, its first load builds a lookup
  cache inside the package (3-4 minutes once, then about 10 s per load, 1.2 GB resident);
- `ours+deduce_names`: ours, plus deduce's person names (tags persoon/patient);
- `ours+deduce_names_places`: the same plus deduce's locations (streets, places, postcodes).

Figures per planted type: `planted`, `removed` (every letter and digit of the occurrence falls in a
removed span), `partial` (some but not all: half a phone number stays readable), `recall`
(removed / planted). False alarms: on the near misses, how many items lose any text and how many
spans are removed, per the type the system gave them; around PII, removed spans that touch no
planted value (per the system's type too); and `overremoved_chars`, the letters and digits
removed outside planted values over all items. Results: JSON on stdout, appended to
bench/results/anonymiser_compare.jsonl.
"""

import argparse
import json
import logging
import sys
import time
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import append_result, git_commit, machine, now_iso  # noqa: E402

HELDOUT = ROOT / "tests" / "heldout" / "pii.yml"
Span = Tuple[int, int, str]  # start, end, type as the system calls it
System = Callable[[str], List[Span]]

OUR_TYPES = {
    "NAAM": "name",
    "TELEFOON": "phone",
    "EMAIL": "email",
    "ADRES": "address",
    "POSTCODE": "postcode",
    "GEBOORTEDATUM": "date_of_birth",
    "DATUM": "date",
    "BSN": "bsn",
    "IBAN": "iban",
    "KENTEKEN": "licence_plate",
}
DEDUCE_TYPES = {
    "persoon": "name",
    "patient": "name",
    "locatie": "location",
    "ziekenhuis": "institution",
    "zorginstelling": "institution",
    "instelling": "institution",
    "datum": "date",
    "leeftijd": "age",
    "bsn": "bsn",
    "id": "identifier",
    "telefoonnummer": "phone",
    "emailadres": "email",
    "url": "url",
}


def ours() -> System:
    from bot.replay.anonymise import find_personal_data
    from bot.replay.name_lists import name_lists

    name_lists()  # loaded here, so that its load time is not counted per text
    return lambda text: [(f.start, f.end, OUR_TYPES.get(f.kind, f.kind.lower())) for f in find_personal_data(text)]


@lru_cache(maxsize=1)
def load_deduce():
    """deduce.Deduce(), about 10 s (3-4 minutes the very first time: it builds its lookup cache, offline).

    Importing deduce calls logging.basicConfig(level=DEBUG) on the root logger: undone here."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import deduce
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
        root.setLevel(level)
    return deduce.Deduce()


def deduce_spans() -> System:
    model = load_deduce()

    def spans(text: str) -> List[Span]:
        if not text.strip():
            return []
        annotations = model.deidentify(text).annotations
        return [(a.start_char, a.end_char, DEDUCE_TYPES.get(a.tag, a.tag)) for a in annotations]

    return spans


def combined(tags: Tuple[str, ...]) -> System:
    mine, theirs = ours(), deduce_spans()
    return lambda text: mine(text) + [span for span in theirs(text) if span[2] in tags]


SYSTEMS: Dict[str, Callable[[], System]] = {
    "ours": ours,
    "deduce": deduce_spans,
    "ours+deduce_names": lambda: combined(("name",)),
    "ours+deduce_names_places": lambda: combined(("name", "location")),
}


def occurrences(text: str, pii: List[dict]) -> List[Tuple[int, int, str]]:
    """Where each planted value is: the n-th entry of a value is its n-th occurrence in the text."""
    seen: Counter = Counter()
    found = []
    for entry in pii:
        value = str(entry["value"])
        start = -1
        for _ in range(seen[value] + 1):
            start = text.find(value, start + 1)
        seen[value] += 1
        if start < 0:
            raise ValueError(f"a planted value is not in its text (type {entry['type']})")
        found.append((start, start + len(value), entry["type"]))
    return found


def covered(spans: List[Span]) -> set:
    return {index for start, end, _ in spans for index in range(start, end)}


def evaluate(items: List[dict], system: System, misses: bool = False) -> dict:
    per_type: Dict[str, Counter] = defaultdict(Counter)
    near_miss_spans: Counter = Counter()
    around_pii_spans: Counter = Counter()
    near_miss_items_touched = 0
    overremoved = 0
    started = time.perf_counter()
    shown = []
    for item in items:
        text = item["text"]
        spans = system(text)
        removed = covered(spans)
        planted = occurrences(text, item.get("pii") or [])
        inside = covered(planted)
        for start, end, kind in planted:
            letters = {i for i in range(start, end) if text[i].isalnum()}
            hit = letters & removed
            per_type[kind]["planted"] += 1
            per_type[kind]["removed" if hit == letters else "partial" if hit else "missed"] += 1
            if misses and hit != letters:
                shown.append({"missed": kind, "value": text[start:end], "text": text})
        overremoved += sum(1 for i in removed - inside if text[i].isalnum())
        stray = [span for span in spans if not any(s < span[1] and span[0] < e for s, e, _ in planted)]
        if not planted:
            near_miss_items_touched += bool(stray)
            near_miss_spans.update(kind for _, _, kind in stray)
        else:
            around_pii_spans.update(kind for _, _, kind in stray)
        if misses:
            shown += [{"false_alarm": kind, "value": text[s:e], "text": text} for s, e, kind in stray]
    figures = {
        kind: {
            "planted": c["planted"],
            "removed": c["removed"],
            "partial": c["partial"],
            "missed": c["missed"],
            "recall": round(c["removed"] / c["planted"], 3),
        }
        for kind, c in sorted(per_type.items())
    }
    near_misses = sum(1 for item in items if not item.get("pii"))
    result = {
        "per_type": figures,
        "recall_all": round(
            sum(c["removed"] for c in per_type.values()) / max(1, sum(c["planted"] for c in per_type.values())), 3
        ),
        "partial_all": sum(c["partial"] for c in per_type.values()),
        "near_misses": near_misses,
        "near_miss_items_touched": near_miss_items_touched,
        "near_miss_false_alarms": dict(near_miss_spans),
        "false_alarms_around_pii": dict(around_pii_spans),
        "false_alarms_total": sum(near_miss_spans.values()) + sum(around_pii_spans.values()),
        "overremoved_chars": overremoved,
        "ms_per_text": round((time.perf_counter() - started) * 1000 / max(1, len(items)), 2),
    }
    if misses:
        result["misses"] = shown
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(HELDOUT), help="planted set (default: the held-out tests/heldout/pii.yml)")
    parser.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=list(SYSTEMS))
    parser.add_argument("--misses", action="store_true", help="also list every miss and false alarm (not on the held-out set)")
    parser.add_argument("--no-save", action="store_true", help="do not append to bench/results/")
    args = parser.parse_args()
    data = Path(args.data).resolve()
    if args.misses and data == HELDOUT.resolve():
        parser.error("--misses shows texts: use it on your own development set, never on the held-out set")
    items = yaml.safe_load(data.read_text(encoding="utf-8"))["items"]
    result = {
        "benchmark": "anonymiser_compare",
        "date": now_iso(),
        "commit": git_commit(),
        "machine": machine(),
        "data": str(data.relative_to(ROOT)) if data.is_relative_to(ROOT) else str(data),
        "items": len(items),
        "planted": sum(len(item.get("pii") or []) for item in items),
        "systems": {},
    }
    for name in args.systems:
        started = time.perf_counter()
        system = SYSTEMS[name]()
        load_s = round(time.perf_counter() - started, 1)
        result["systems"][name] = dict(evaluate(items, system, misses=args.misses), load_s=load_s)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not args.no_save and not args.misses:
        append_result("anonymiser_compare.jsonl", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
