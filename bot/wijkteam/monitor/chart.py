"""The picture of one period: per domain the mean score (left) and the mean change since the
measurement before (right), drawn with matplotlib's object API on the Agg canvas (no pyplot).

Domains whose group is too small get no bar, only the words; the page shows the same figures in a
table (the accessible version), so the picture adds nothing a screen reader misses.
"""

import io
from typing import Any, Dict, List, Optional

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 110
WIDTH = 9.0  # inches
ROW = 0.36
INK, MUTED, RULE = "#1a1a1a", "#4d4d4d", "#c8c8c8"
BAR, BETTER, WORSE = "#0072b2", "#009e73", "#d55e00"  # Okabe-Ito: readable for colour-blind people
TOO_SMALL = "te weinig bewoners"


def _change_of(domain: Dict[str, Any]) -> Optional[float]:
    change = domain.get("change") or {}
    return None if domain.get("too_small") or change.get("too_small") else change.get("mean_change")


def period_chart(block: Dict[str, Any]) -> bytes:
    """PNG of one period block of the monitor document (figures.monitor()['periods'][i])."""
    domains: List[Dict[str, Any]] = block["domains"]
    scale = block.get("scale") or {"lowest": 1, "highest": 5}
    height = 1.2 + ROW * max(1, len(domains))
    figure = Figure(figsize=(WIDTH, height), dpi=DPI)
    FigureCanvasAgg(figure)
    scores, changes = figure.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [3, 2], "wspace": 0.08})
    rows = list(range(len(domains)))[::-1]  # the instrument's order from top to bottom
    labels = [domain["label"] for domain in domains]

    for row, domain in zip(rows, domains):
        if domain.get("too_small"):
            scores.text(scale["lowest"], row, f" {TOO_SMALL}", va="center", ha="left", color=MUTED, fontsize=8, style="italic")
        else:
            scores.barh(row, domain["mean_score"] - scale["lowest"], left=scale["lowest"], color=BAR, height=0.6)
            scores.text(domain["mean_score"], row, f" {domain['mean_score']:.1f}", va="center", ha="left", color=INK, fontsize=8)
        change = _change_of(domain)
        if change is None:
            changes.text(0, row, "–", va="center", ha="center", color=MUTED, fontsize=9)
        else:
            changes.barh(row, change, color=BETTER if change >= 0 else WORSE, height=0.6)
            side = "left" if change >= 0 else "right"
            changes.text(change, row, f" {change:+.1f} ", va="center", ha=side, color=INK, fontsize=8)

    scores.set_yticks(rows)
    scores.set_yticklabels(labels, fontsize=9, color=INK)
    scores.set_xlim(scale["lowest"], scale["highest"] + 0.6)
    scores.set_xticks(range(scale["lowest"], scale["highest"] + 1))
    scores.set_title("Gemiddelde score", fontsize=10, color=INK, loc="left")
    limit = max([abs(value) for value in (_change_of(d) for d in domains) if value is not None] + [1.0]) + 0.6
    changes.set_xlim(-limit, limit)
    changes.axvline(0, color=MUTED, linewidth=0.8)
    changes.set_title("Verandering sinds vorige meting", fontsize=10, color=INK, loc="left")
    for axes in (scores, changes):
        axes.set_ylim(-0.7, len(domains) - 0.3)
        axes.tick_params(axis="x", labelsize=8, colors=MUTED)
        axes.grid(axis="x", color=RULE, linewidth=0.5)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    figure.suptitle(f"{block['period']} · {block['instrument']}", x=0.01, ha="left", fontsize=11, color=INK)
    figure.subplots_adjust(left=0.24, right=0.98, top=1 - 0.75 / height, bottom=0.45 / height)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
