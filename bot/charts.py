"""The board as a picture: one bar per domain on the 1..5 scale, open/skipped/n.v.t. written out."""

import io
from typing import Optional

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from bot.content import Instrument, Texts

SCORE_COLOURS = {1: "#c0392b", 2: "#e67e22", 3: "#f1c40f", 4: "#7dbb42", 5: "#27ae60"}
SCORE_WORDS = {1: "heel slecht", 2: "niet zo goed", 3: "gaat wel", 4: "goed", 5: "heel goed"}


def board_png(board: dict, instrument: Instrument, texts: Texts, previous: Optional[dict] = None) -> bytes:
    domains = board["domains"]
    labels = [instrument.domain(d["key"]).label for d in domains]
    figure, axes = plt.subplots(figsize=(7.5, 0.42 * len(domains) + 1.4), dpi=110)
    positions = list(range(len(domains)))[::-1]
    before = {d["key"]: d["score"] for d in (previous or {}).get("domains", [])}
    for y, domain in zip(positions, domains):
        score = domain["score"]
        if score is not None:
            axes.barh(y, score, color=SCORE_COLOURS[score], height=0.62)
            axes.text(score + 0.08, y, SCORE_WORDS[score], va="center", fontsize=8.5)
        else:
            axes.text(0.1, y, texts.say(f"status_{domain['status']}"), va="center", fontsize=8.5, color="#555555", style="italic")
        if before.get(domain["key"]) is not None:
            axes.plot(before[domain["key"]], y, marker="|", markersize=16, color="#222222")
    axes.set_yticks(positions)
    axes.set_yticklabels(labels, fontsize=9)
    axes.set_xlim(0, 6.2)
    axes.set_xticks([1, 2, 3, 4, 5])
    axes.set_xticklabels(["1\nheel slecht", "2", "3\ngaat wel", "4", "5\nheel goed"], fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    title = instrument.title
    if board.get("life_rating") is not None:
        title += f"  ·  rapportcijfer {board['life_rating']}"
    if previous is not None:
        title += "  ·  streepje = vorige keer"
    axes.set_title(title, fontsize=11, loc="left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()
