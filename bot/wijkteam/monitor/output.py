"""The monitor's figures as JSON (the stable format), CSV (one measure per row) and plain text."""

import csv
import io
import json
from typing import Any, Dict, Iterator, List, Tuple

CSV_COLUMNS = ("period", "instrument", "section", "domain", "measure", "value")
TOO_SMALL_TEXT = "te weinig bewoners om te tonen"
PERIOD_NAMES = {"quarter": "kwartaal", "month": "maand", "year": "jaar"}


def as_json(document: Dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _flat(prefix: str, figures: Dict[str, Any]) -> Iterator[Tuple[str, Any]]:
    """(measure, value) of a block; a too-small block gives only `too_small`."""
    if figures.get("too_small"):
        yield f"{prefix}too_small", "true"
        return
    for name, value in figures.items():
        if name in ("too_small", "domain", "label"):
            continue
        if isinstance(value, dict):
            yield from _flat(f"{prefix}{name}.", value)
        elif value is not None:
            yield f"{prefix}{name}", value


def csv_rows(document: Dict[str, Any]) -> List[Tuple[Any, ...]]:
    rows: List[Tuple[Any, ...]] = []
    for block in document["periods"]:
        head = (block["period"], block["instrument"])
        rows += [(*head, "overall", "", measure, value) for measure, value in _flat("", block["overall"])]
        for domain in block["domains"]:
            rows += [(*head, "domain", domain["domain"], measure, value) for measure, value in _flat("", domain)]
        rows += [(*head, "check_ins", "", measure, value) for measure, value in _flat("", block["check_ins"])]
    return rows


def as_csv(document: Dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(document))
    return out.getvalue()


def _number(value: Any) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _percent(value: Any) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def as_text(document: Dict[str, Any]) -> str:
    lines = [
        f"Monitor Wat telt, per {PERIOD_NAMES.get(document['period_kind'], document['period_kind'])}; groepen kleiner dan {document['min_group']} bewoners tonen geen cijfers."
    ]
    if not document["periods"]:
        lines.append("Nog geen afgeronde borden.")
    for block in document["periods"]:
        lines += ["", f"{block['period']} ({block['from']} t/m {block['to']}), {block['instrument']}"]
        overall = block["overall"]
        if overall.get("too_small"):
            lines.append(f"  Alle borden: {TOO_SMALL_TEXT}")
        else:
            lines.append(
                f"  Alle borden: {overall['residents']} bewoners, {overall['boards']} borden, "
                f"gemiddeld cijfer voor het leven {_number(overall['mean_life_rating'])}"
            )
        lines.append(f"  {'onderwerp':<28} {'bew.':>5} {'gem.':>5} {'verand.':>8} {'doel gelukt':>11}")
        for domain in block["domains"]:
            if domain.get("too_small"):
                lines.append(f"  {domain['label'][:28]:<28} {TOO_SMALL_TEXT}")
                continue
            change, goals = domain["change"], domain["goals"]
            lines.append(
                f"  {domain['label'][:28]:<28} {domain['residents']:>5} {_number(domain['mean_score']):>5} "
                f"{'-' if change.get('too_small') else _number(change['mean_change']):>8} "
                f"{'-' if goals.get('too_small') else _percent(goals['reached']):>11}"
            )
        check_ins = block["check_ins"]
        if check_ins.get("too_small"):
            lines.append(f"  Check-ins: {TOO_SMALL_TEXT}")
        else:
            lines.append(
                f"  Check-ins: {check_ins['residents']} bewoners, gehoord gemiddeld {_number(check_ins['felt_heard_mean'])}, "
                f"nog geen gesprek {_percent(check_ins['no_talk_yet'])}"
            )
    return "\n".join(lines) + "\n"
