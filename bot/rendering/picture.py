"""The board as a picture, the Wat telt way: one row per domain in the instrument's order, each a
bar from a sad to a happy face, one chip per perspective at its score (its colour, its letter and
its own shape, so it reads in black and white and for colour-blind people), a legend with the
life ratings, and the domains the resident wants to talk about marked with a star and their rank.

Works for any instrument (any number of domains, any scale) and for one or more perspectives.
Drawn with matplotlib's object API on the Agg canvas (no pyplot, no global figure state) in
DejaVu Sans, the font matplotlib bundles; the faces are drawn shapes, not emoji glyphs, so they
look the same everywhere and print in black and white.
"""

import io
import threading
from dataclasses import dataclass
from functools import cache
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Arc, Circle, FancyBboxPatch, Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.textpath import TextPath

from bot.content import Instrument, PerspectiveStyle, Texts, load_perspective_styles, load_texts
from bot.storage.records import Board, DomainEntry

DPI = 150
WIDTH = 7.2  # inches: 1080 pixels, a phone screen's width
MARGIN = 0.3
BAR_LEFT, BAR_RIGHT = 0.85, 6.35  # the bar; the faces sit just outside it
BAR_HEIGHT = 0.24
FACE_RADIUS = 0.17
ROW = 0.92  # a domain: its label line, then its bar
LABEL_OFFSET, BAR_OFFSET = 0.27, 0.62
CHIP = 0.34  # a chip's diameter in inches
CHIP_GAP = 0.04
POINTS_PER_INCH = 72
LETTER_HEIGHT = 10  # points: the height of a letter inside a chip
HEADER_LINE = 0.44
INK, MUTED, RULE = "#1a1a1a", "#4d4d4d", "#c8c8c8"
EMPTY_BAR = "#e4e4e4"
TALK_BAND = "#fff1c2"
STAR_COLOUR = "#e69f00"  # Okabe-Ito orange; the star's shape carries the meaning in black and white
PALE = 0.3  # how much white is mixed into the bar's colours, so the chips stand out

# Marker shapes differ in how much room they leave for a letter: (size factor, letter shift down).
MARKER_FIT: Dict[str, Tuple[float, float]] = {
    "o": (1.0, 0.0),
    "s": (0.92, 0.0),
    "D": (1.12, 0.0),
    "^": (1.25, 0.045),
    "v": (1.25, -0.045),
}

_render_lock = threading.Lock()  # matplotlib is not thread-safe; the web route renders in threads


@dataclass(frozen=True)
class _Chip:
    style: PerspectiveStyle
    index: int  # the score's position on the scale (0 = worst)


def board_picture(boards: Sequence[Board], instrument: Instrument) -> bytes:
    """A PNG (1080 pixels wide) of `boards`: the resident's first, then the other perspectives."""
    if not boards:
        raise ValueError("a picture needs at least one board")
    texts = load_texts("sheet")
    with _render_lock:
        return _Drawing(boards, instrument, texts).png()


def style_of(board: Board) -> PerspectiveStyle:
    """How a board's perspective looks (colour, letter, shape, name); the resident's when unknown."""
    styles = load_perspective_styles()
    return styles.get(board.perspective) or styles["inwoner"]


def entry_of(board: Board, key: str) -> DomainEntry:
    """The board's answer for a domain; open when the board has none (an instrument that grew)."""
    try:
        return board.domain(key)
    except KeyError:
        return DomainEntry(key=key)


def scale_index(instrument: Instrument, entry: DomainEntry) -> Optional[int]:
    """The position of an answered score on the scale, None when there is no (valid) score."""
    if entry.status != "answered" or entry.score not in instrument.scale.values:
        return None
    return instrument.scale.values.index(entry.score)


class _Drawing:
    def __init__(self, boards: Sequence[Board], instrument: Instrument, texts: Texts):
        self.boards, self.instrument, self.texts = list(boards), instrument, texts
        self.styles = [style_of(board) for board in self.boards]
        self.lead = self.boards[0]  # the resident's board: its "hier wil ik over praten" marks
        self.talk_about = {entry.key: entry.talk_rank for entry in self.lead.talk_about}
        self.ratings = instrument.life_rating is not None and any(board.life_rating is not None for board in self.boards)
        points = instrument.scale.points
        self.gradient = LinearSegmentedColormap.from_list("scale", [_pale(point.colour) for point in points])
        # Equal scores sit side by side: the scale's ends are inset by half the widest group.
        self.inset = (len(self.boards) - 1) * (CHIP + CHIP_GAP) / 2 + CHIP / 2 + 0.1
        # Drawn together at the end: one artist per kind, not one per chip or line.
        self.chip_places: Dict[str, Tuple[PerspectiveStyle, List[Tuple[float, float]]]] = {}
        self.notches: List[List[Tuple[float, float]]] = []
        self.rules: List[List[Tuple[float, float]]] = []

    # --- layout -----------------------------------------------------------------------------------

    def header_height(self) -> float:
        lines = 1 + len(self.boards) + (1 if self.talk_about else 0) + (0.7 if self.ratings else 0) + 1
        return MARGIN + 0.45 + lines * HEADER_LINE

    def png(self) -> bytes:
        top = self.header_height()
        height = top + len(self.instrument.domains) * ROW + MARGIN
        figure = Figure(figsize=(WIDTH, height), dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, WIDTH)
        axes.set_ylim(height, 0)  # inches from the top: one data unit is one inch both ways
        axes.set_autoscale_on(False)
        axes.set_axis_off()
        self.draw_header(axes)
        for row, domain in enumerate(self.instrument.domains):
            self.draw_row(axes, top + row * ROW, domain.key, domain.label)
        axes.add_collection(LineCollection(self.notches, colors="white", linewidths=1.3, zorder=2.5))
        axes.add_collection(LineCollection(self.rules, colors=RULE, linewidths=0.8, zorder=1))
        for style, places in self.chip_places.values():
            _chips(axes, style, places)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        return buffer.getvalue()

    def x_of(self, index: int) -> float:
        steps = len(self.instrument.scale.points) - 1
        return BAR_LEFT + self.inset + (BAR_RIGHT - BAR_LEFT - 2 * self.inset) * index / steps

    # --- the header: title, legend with life ratings, the star, the scale's ends -----------------------

    def draw_header(self, axes: Axes) -> None:
        y = MARGIN
        axes.text(MARGIN, y, self.instrument.title, fontsize=20, fontweight="bold", color=INK, va="top")
        y += 0.45 + HEADER_LINE / 2
        column = 0.0  # the life ratings' column: centred under its caption
        if self.ratings and self.instrument.life_rating is not None:
            scale = self.instrument.life_rating
            words = self.texts.say("picture_life_rating", lowest=scale.lowest, highest=scale.highest)
            caption = axes.text(WIDTH - MARGIN, y + 0.1, words, fontsize=10.5, color=MUTED, ha="right", va="center")
            extent = caption.get_window_extent(axes.figure.canvas.get_renderer())
            column = (extent.x0 + extent.x1) / 2 / DPI
            y += 0.7 * HEADER_LINE
        for board, style in zip(self.boards, self.styles):
            self.chip(MARGIN + CHIP / 2 + 0.02, y, style)
            axes.text(MARGIN + CHIP + 0.18, y, style.legend, fontsize=13, color=INK, va="center")
            if self.ratings:
                if board.life_rating is not None:
                    axes.text(
                        column, y, str(board.life_rating), fontsize=16, fontweight="bold", color=INK, ha="center", va="center"
                    )
                else:
                    axes.text(column, y, self.texts.say("picture_no_rating"), fontsize=11, color=MUTED, ha="center", va="center")
            y += HEADER_LINE
        if self.talk_about:
            _star(axes, MARGIN + CHIP / 2 + 0.02, y)
            axes.text(MARGIN + CHIP + 0.18, y, self.texts.say("picture_talk_about"), fontsize=13, color=INK, va="center")
            y += HEADER_LINE
        points = self.instrument.scale.points
        y += 0.08
        axes.text(BAR_LEFT, y, self.texts.say("picture_worst", label=points[0].label), fontsize=11, color=MUTED, va="center")
        axes.text(
            BAR_RIGHT,
            y,
            self.texts.say("picture_best", label=points[-1].label),
            fontsize=11,
            color=MUTED,
            va="center",
            ha="right",
        )
        y += HEADER_LINE / 2 + 0.04
        axes.plot([MARGIN, WIDTH - MARGIN], [y, y], color=INK, linewidth=1.2)

    # --- one domain ------------------------------------------------------------------------------

    def draw_row(self, axes: Axes, top: float, key: str, label: str) -> None:
        label_y, bar_y = top + LABEL_OFFSET, top + BAR_OFFSET
        marked = key in self.talk_about
        if marked:
            axes.add_patch(Rectangle((0, top + 0.02), WIDTH, ROW - 0.04, facecolor=TALK_BAND, edgecolor="none", zorder=0))
            _star(axes, MARGIN + 0.06, label_y)
            rank = self.talk_about[key]
            if rank is not None:
                axes.text(MARGIN + 0.3, label_y, str(rank), fontsize=12, fontweight="bold", color=INK, va="center")
        title = axes.text(
            BAR_LEFT, label_y, label, fontsize=13.5, fontweight="bold" if marked else "normal", color=INK, va="center"
        )
        chips, unanswered = self.chips_and_unanswered(key)
        self.draw_bar(axes, bar_y, filled=bool(chips))
        self.draw_chips(axes, bar_y, chips)
        if not chips:  # nobody gave a score: the statuses fill the empty bar
            words = self.status_words(unanswered, short=False)
            axes.text(
                (BAR_LEFT + BAR_RIGHT) / 2,
                bar_y,
                words,
                fontsize=10.5,
                style="italic",
                color=INK,
                ha="center",
                va="center",
                zorder=3,
            )
        elif unanswered:  # beside the label, as short as it must be to leave the label free
            self.draw_statuses(axes, label_y, unanswered, title)
        self.rules.append([(MARGIN, top + ROW), (WIDTH - MARGIN, top + ROW)])

    def chips_and_unanswered(self, key: str) -> Tuple[List[_Chip], List[Tuple[PerspectiveStyle, str]]]:
        """The chips of the perspectives that gave a score, and the status of those that did not."""
        chips, unanswered = [], []
        for board, style in zip(self.boards, self.styles):
            entry = entry_of(board, key)
            index = scale_index(self.instrument, entry)
            if index is not None:
                chips.append(_Chip(style, index))
            else:
                unanswered.append((style, entry.status if entry.status in ("skipped", "not_applicable") else "open"))
        return chips, unanswered

    def status_words(self, unanswered: List[Tuple[PerspectiveStyle, str]], short: bool) -> str:
        """'overgeslagen' when it is everyone's, else 'Wijkteam: nog open · Naaste: geldt niet'."""
        statuses = [self.texts.say("picture_status_" + status) for _, status in unanswered]
        if len(set(statuses)) == 1 and len(unanswered) == len(self.boards):
            return statuses[0]
        return " · ".join(
            self.texts.say("picture_status_of", who=style.letter if short else style.legend, status=words)
            for (style, _), words in zip(unanswered, statuses)
        )

    def draw_statuses(self, axes: Axes, y: float, unanswered: List[Tuple[PerspectiveStyle, str]], title: Text) -> None:
        renderer = axes.figure.canvas.get_renderer()
        title_end = title.get_window_extent(renderer).x1 / DPI + 0.2
        for short, size in ((False, 10.5), (True, 10.5), (True, 9.5), (True, 8.5)):
            words = axes.text(
                BAR_RIGHT,
                y,
                self.status_words(unanswered, short),
                fontsize=size,
                style="italic",
                color=MUTED,
                ha="right",
                va="center",
            )
            if words.get_window_extent(renderer).x0 / DPI >= title_end or size == 8.5:
                return
            words.remove()

    def draw_bar(self, axes: Axes, y: float, filled: bool) -> None:
        box = FancyBboxPatch(
            (BAR_LEFT, y - BAR_HEIGHT / 2),
            BAR_RIGHT - BAR_LEFT,
            BAR_HEIGHT,
            boxstyle=f"round,pad=0,rounding_size={BAR_HEIGHT / 2}",
            facecolor=EMPTY_BAR if not filled else "none",
            edgecolor=MUTED,
            linewidth=0.9,
            zorder=2,
        )
        axes.add_patch(box)
        if filled:
            image = axes.imshow(
                np.linspace(0, 1, 256).reshape(1, -1),
                cmap=self.gradient,
                extent=(BAR_LEFT, BAR_RIGHT, y + BAR_HEIGHT / 2, y - BAR_HEIGHT / 2),
                aspect="auto",
                interpolation="bilinear",
                zorder=1,
            )
            image.set_clip_path(box)
            for index in range(len(self.instrument.scale.points)):  # a notch per scale point
                x = self.x_of(index)
                self.notches.append([(x, y - BAR_HEIGHT / 2), (x, y + BAR_HEIGHT / 2)])
        points = self.instrument.scale.points
        _face(axes, BAR_LEFT - 0.34, y, points[0].colour, happy=False)
        _face(axes, BAR_RIGHT + 0.34, y, points[-1].colour, happy=True)

    def draw_chips(self, axes: Axes, y: float, chips: List[_Chip]) -> None:
        groups: Dict[int, List[_Chip]] = {}
        for chip in chips:
            groups.setdefault(chip.index, []).append(chip)
        for index, group in groups.items():
            centre = self.x_of(index)
            for place, chip in enumerate(group):
                offset = (place - (len(group) - 1) / 2) * (CHIP + CHIP_GAP)
                self.chip(centre + offset, y, chip.style)

    def chip(self, x: float, y: float, style: PerspectiveStyle) -> None:
        self.chip_places.setdefault(style.key, (style, []))[1].append((x, y))


def _pale(colour: str) -> Tuple[float, float, float]:
    red, green, blue = to_rgb(colour)
    return (red + (1 - red) * PALE, green + (1 - green) * PALE, blue + (1 - blue) * PALE)


def _chips(axes: Axes, style: PerspectiveStyle, places: List[Tuple[float, float]]) -> None:
    """A perspective's chips: its shape in its colour, a white halo, its letter inside."""
    factor, shift = MARKER_FIT.get(style.marker, (1.1, 0.0))
    size = CHIP * POINTS_PER_INCH * factor
    xs, ys = [x for x, _ in places], [y for _, y in places]
    common = {"linestyle": "none", "marker": style.marker, "markersize": size}
    axes.plot(xs, ys, markerfacecolor="white", markeredgecolor="white", markeredgewidth=5, zorder=4, **common)
    axes.plot(xs, ys, markerfacecolor=style.colour, markeredgecolor=INK, markeredgewidth=1.4, zorder=5, **common)
    letter, letter_size = _letter_marker(style.letter)
    axes.plot(
        xs,
        [y + shift for y in ys],
        linestyle="none",
        marker=letter,
        markersize=letter_size,
        markerfacecolor="white",
        markeredgewidth=0,
        zorder=6,
    )


@cache
def _letter_marker(letter: str) -> Tuple[Path, float]:
    """A bold letter as a marker centred on its point, and the marker size that makes every
    letter equally tall (matplotlib fits a marker's larger side to its size)."""
    path = TextPath((0, 0), letter, size=1, prop=FontProperties(family="DejaVu Sans", weight="bold"))
    box = path.get_extents()
    centred = Path(path.vertices - [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2], path.codes)
    return centred, LETTER_HEIGHT * max(box.width, box.height) / box.height


def _star(axes: Axes, x: float, y: float) -> None:
    axes.plot(
        [x], [y], marker=(5, 1, 0), markersize=19, markerfacecolor=STAR_COLOUR, markeredgecolor=INK, markeredgewidth=1.1, zorder=5
    )


def _face(axes: Axes, x: float, y: float, colour: str, happy: bool) -> None:
    """A simple drawn face (y grows downwards): a smile at the happy end, a frown at the sad end."""
    r = FACE_RADIUS
    axes.add_patch(Circle((x, y), r, facecolor=_pale(colour), edgecolor=INK, linewidth=1.2, zorder=3))
    for side in (-1, 1):
        axes.add_patch(Circle((x + side * 0.36 * r, y - 0.28 * r), 0.11 * r, facecolor=INK, edgecolor="none", zorder=3.5))
    if happy:  # the lower half of a circle around the face's centre
        mouth = Arc((x, y), 1.15 * r, 1.15 * r, theta1=25, theta2=155, color=INK, linewidth=1.6, zorder=3.5)
    else:  # the upper half of a circle below the face
        mouth = Arc((x, y + 0.78 * r), 1.15 * r, 1.0 * r, theta1=205, theta2=335, color=INK, linewidth=1.6, zorder=3.5)
    axes.add_patch(mouth)
