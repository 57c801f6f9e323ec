"""The sheet to bring to the kitchen-table conversation: an A4 PDF of a board (reportlab).

The picture, the life ratings with the resident's answers about them, what the resident wants to
talk about, the change since the previous board (in words), where the perspectives differ (with
an open question), per domain what goes well, what should change and the resident's own words,
the goals (own step, helper) and how the earlier ones went, and "wie doet wat": the people and
professionals around the resident. Every fixed text comes from bot/content/texts/sheet.yml.

Set in DejaVu Sans (bundled with matplotlib), so residents' own words in any Latin, Greek or
Cyrillic script print as written; characters the font lacks are left out, never shown as boxes.
"""

import io
import threading
from functools import cache
from pathlib import Path
from typing import Callable, Dict, FrozenSet, List, Optional, Sequence
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from bot.content import Instrument, Texts
from bot.flows.board.summary import DIFFERENCE_STEPS
from bot.rendering.picture import board_picture, entry_of, scale_index, style_of
from bot.storage.records import Board, DomainEntry, GoalEntry

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "WatteltSans"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
    f"{FONT}-Oblique": "DejaVuSans-Oblique.ttf",
    f"{FONT}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}
MARGIN = 1.6 * cm
PICTURE_MAX_HEIGHT = 22.5 * cm  # the picture fills the first page under the title
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4d4d4d")
RULE = colors.HexColor("#9a9a9a")
DATE_FORMAT = "%d-%m-%Y"

_font_lock = threading.Lock()


def board_pdf(boards: Sequence[Board], previous: Optional[Board], instrument: Instrument, texts: Texts) -> bytes:
    """The A4 sheet of `boards` (the resident's first, then other perspectives of the same round);
    `previous` is the resident's board before (for the change and the review of its goals)."""
    if not boards:
        raise ValueError("a sheet needs at least one board")
    characters = _register_fonts()
    sheet = _Sheet(list(boards), previous, instrument, texts, characters)
    buffer = io.BytesIO()
    title = texts.say("sheet_title", title=instrument.title)
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="",
        subject="",
        creator=instrument.title,
    )
    footer = _footer(texts, instrument)
    document.build(sheet.flowables(document.width), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


@cache
def _styles() -> Dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.5, textColor=INK, spaceAfter=2)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=f"{FONT}-Bold", fontSize=20, leading=25, spaceAfter=4),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=f"{FONT}-Bold", fontSize=14, leading=18, spaceBefore=12, spaceAfter=5
        ),
        "subheading": ParagraphStyle(
            "subheading", parent=body, fontName=f"{FONT}-Bold", fontSize=11.5, leading=15, spaceBefore=7
        ),
        "body": body,
        "muted": ParagraphStyle("muted", parent=body, textColor=MUTED),
        "item": ParagraphStyle("item", parent=body, leftIndent=14),
        "question": ParagraphStyle("question", parent=body, fontName=f"{FONT}-Oblique", leftIndent=14),
    }


class _Sheet:
    def __init__(
        self, boards: List[Board], previous: Optional[Board], instrument: Instrument, texts: Texts, characters: FrozenSet[int]
    ):
        self.boards, self.previous, self.instrument, self.texts = boards, previous, instrument, texts
        self.resident = boards[0]
        self.characters = characters
        self.styles = _styles()

    # --- small pieces ----------------------------------------------------------------------------

    def clean(self, text: object) -> str:
        """Escaped for reportlab's markup, without characters the font lacks, line breaks kept."""
        kept = "".join(c for c in str(text) if c == "\n" or (c.isprintable() and ord(c) in self.characters))
        return escape(kept.strip()).replace("\n", "<br/>")

    def paragraph(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(self.clean(text), self.styles[style])

    def labelled(self, label: str, value: object, style: str = "item") -> Paragraph:
        return Paragraph(f"<b>{self.clean(label)}</b> {self.clean(value)}", self.styles[style])

    def heading(self, key: str, **values: object) -> Paragraph:
        return self.paragraph(self.texts.say(key, **values), "heading")

    def name(self, board: Board) -> str:
        """The perspective's name on the picture's legend ("Bewoner", "Wijkteam")."""
        return style_of(board).legend

    def how(self, entry: DomainEntry) -> str:
        """How a domain goes, in the scale's words (never its numbers), or its status."""
        if scale_index(self.instrument, entry) is not None and entry.score is not None:
            return self.instrument.scale.point(entry.score).phrase
        status = entry.status if entry.status in ("skipped", "not_applicable") else "open"
        return self.texts.say("status_" + status)

    # --- the sheet --------------------------------------------------------------------------------

    def flowables(self, width: float) -> List[Flowable]:
        parts: List[Flowable] = []
        for section in (
            self.title,
            lambda: self.picture(width),
            self.life_ratings,
            self.talk_about,
            self.changes,
            self.differences,
            self.domains,
            self.goals,
            self.previous_goals,
            self.network,
        ):
            parts += section()
        return parts

    def title(self) -> List[Flowable]:
        when = self.resident.completed_at or self.resident.started_at
        lines = [self.texts.say("sheet_intro"), self.texts.say("sheet_date", date=when.strftime(DATE_FORMAT))]
        if len(self.boards) > 1:
            lines.append(self.texts.say("sheet_filled_in_by", names=", ".join(self.name(board) for board in self.boards)))
        return [self.paragraph(self.texts.say("sheet_title", title=self.instrument.title), "title")] + [
            self.paragraph(line, "muted") for line in lines
        ]

    def picture(self, width: float) -> List[Flowable]:
        png = board_picture(self.boards, self.instrument)
        pixels_wide, pixels_high = ImageReader(io.BytesIO(png)).getSize()
        scale = min(width / pixels_wide, PICTURE_MAX_HEIGHT / pixels_high)
        image = Image(io.BytesIO(png), width=pixels_wide * scale, height=pixels_high * scale)
        return [Spacer(1, 6), image, self.paragraph(self.texts.say("sheet_picture_note"), "muted")]

    def life_ratings(self) -> List[Flowable]:
        if self.instrument.life_rating is None:
            return []
        parts: List[Flowable] = [self.heading("heading_life_rating")]
        for board in self.boards:
            rating = board.life_rating if board.life_rating is not None else self.texts.say("life_rating_none")
            parts.append(self.paragraph(self.texts.say("life_rating_of", who=self.name(board), rating=rating)))
        if self.resident.rating_reason:
            parts.append(self.labelled(self.texts.say("life_rating_reason"), self.resident.rating_reason))
        if self.resident.rating_next:
            parts.append(self.labelled(self.texts.say("life_rating_next"), self.resident.rating_next))
        return parts

    def talk_about(self) -> List[Flowable]:
        marked = self.resident.talk_about
        if not marked:
            return []
        items = [
            self.paragraph(f"{number}. {self.instrument.domain(entry.key).label}", "item")
            for number, entry in enumerate(marked, 1)
        ]
        return [self.heading("heading_talk_about"), *items]

    def changes(self) -> List[Flowable]:
        if self.previous is None:
            return []
        lines = []
        now, before = self.resident.life_rating, self.previous.life_rating
        if self.instrument.life_rating is not None and now is not None and before is not None and now != before:
            lines.append(self.texts.say("change_life_rating", before=before, now=now))
        for domain in self.instrument.domains:
            new, old = (
                scale_index(self.instrument, entry_of(self.resident, domain.key)),
                scale_index(self.instrument, entry_of(self.previous, domain.key)),
            )
            if new is not None and old is not None and new != old:
                lines.append(f"{domain.label}: {self.texts.say('change_better' if new > old else 'change_worse')}")
        items = [self.paragraph(line, "item") for line in lines] or [self.paragraph(self.texts.say("no_changes"))]
        return [self.heading("heading_changes"), *items]

    def differences(self) -> List[Flowable]:
        if len(self.boards) < 2:
            return []
        parts: List[Flowable] = []
        for domain in self.instrument.domains:
            entries = [(board, entry_of(board, domain.key)) for board in self.boards]
            indexes = [scale_index(self.instrument, entry) for _, entry in entries]
            answered = [index for index in indexes if index is not None]
            if len(answered) < 2 or max(answered) - min(answered) < DIFFERENCE_STEPS:
                continue
            views = " · ".join(self.texts.say("view_of", who=self.name(board), how=self.how(entry)) for board, entry in entries)
            question = self.texts.say("difference_question", topic=domain.topic)
            parts.append(
                KeepTogether(
                    [
                        self.paragraph(domain.label, "subheading"),
                        self.paragraph(views, "item"),
                        self.paragraph(question, "question"),
                    ]
                )
            )
        return [self.heading("heading_differences"), *(parts or [self.paragraph(self.texts.say("no_differences"))])]

    def domains(self) -> List[Flowable]:
        parts: List[Flowable] = [self.heading("heading_domains")]
        for domain in self.instrument.domains:
            entry = entry_of(self.resident, domain.key)
            title = domain.label
            if entry.talk_about:
                mark = (
                    self.texts.say("domain_talk_about", rank=entry.talk_rank)
                    if entry.talk_rank
                    else self.texts.say("domain_talk_about_unranked")
                )
                title = f"{title} · {mark}"
            block: List[Flowable] = [self.paragraph(title, "subheading")]
            if len(self.boards) == 1:
                block.append(self.paragraph(self.how(entry), "item"))
            else:
                views = " · ".join(
                    self.texts.say("view_of", who=self.name(b), how=self.how(entry_of(b, domain.key))) for b in self.boards
                )
                block.append(self.paragraph(views, "item"))
            for board in self.boards:
                block += self.domain_words(board, entry_of(board, domain.key))
            parts.append(KeepTogether(block))
        return parts

    def domain_words(self, board: Board, entry: DomainEntry) -> List[Flowable]:
        words = []
        for key, value in (("goes_well", entry.goes_well), ("story", entry.story), ("wish", entry.wish)):
            if value and value.strip():
                label = self.texts.say(key)
                if board is not self.resident:
                    label = self.texts.say("from_other", what=label.rstrip(":"), who=self.name(board)) + ":"
                words.append(self.labelled(label, value))
        return words

    def goals(self) -> List[Flowable]:
        parts: List[Flowable] = [self.heading("heading_goals")]
        parts += self.goal_list(self.resident.goals) or [self.paragraph(self.texts.say("no_goals"))]
        for board in self.boards[1:]:
            if board.goals:
                parts += [self.paragraph(self.texts.say("heading_goals_other", who=self.name(board)), "subheading")]
                parts += self.goal_list(board.goals)
        return parts

    def goal_list(self, goals: List[GoalEntry]) -> List[Flowable]:
        parts: List[Flowable] = []
        for number, goal in enumerate(goals, 1):
            block = [self.paragraph(f"{number}. {goal.text}", "subheading")]
            if goal.domain and goal.domain in self.instrument.keys:
                block.append(self.labelled(self.texts.say("goal_domain"), self.instrument.domain(goal.domain).label))
            if goal.own_step:
                block.append(self.labelled(self.texts.say("goal_own_step"), goal.own_step))
            if goal.helper:
                block.append(self.labelled(self.texts.say("goal_helper"), goal.helper))
            parts.append(KeepTogether(block))
        return parts

    def previous_goals(self) -> List[Flowable]:
        goals = self.previous.goals if self.previous is not None else []
        if not goals:
            return []
        items = []
        for goal in goals:
            review = self.texts.say(f"review_{goal.review}") if goal.review else self.texts.say("review_none")
            items.append(self.labelled(f"{goal.text}:", review))
        return [self.heading("heading_previous_goals"), *items]

    def network(self) -> List[Flowable]:
        board, texts = self.resident, self.texts
        people = [member.description for member in board.network if member.kind == "person"]
        professionals = [member.description for member in board.network if member.kind == "professional"]
        rows = []
        if people:
            rows.append(self.labelled(texts.say("network_people"), ", ".join(people)))
        if professionals:
            rows.append(self.labelled(texts.say("network_professionals"), ", ".join(professionals)))
        if board.appointments_per_week is not None:
            rows.append(self.labelled(texts.say("network_appointments"), board.appointments_per_week))
        if board.conflicting_advice is not None:
            answer = texts.say("network_yes" if board.conflicting_advice else "network_no")
            rows.append(self.labelled(texts.say("network_conflicting_advice"), answer))
        if board.one_contact:
            rows.append(self.labelled(texts.say("network_one_contact"), board.one_contact))
        return [self.heading("heading_network"), *(rows or [self.paragraph(texts.say("network_empty"))])]


def _footer(texts: Texts, instrument: Instrument) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, MARGIN - 0.35 * cm, A4[0] - MARGIN, MARGIN - 0.35 * cm)
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, MARGIN - 0.75 * cm, texts.say("sheet_footer", title=instrument.title, page=document.page))
        canvas.restoreState()

    return draw


def _register_fonts() -> FrozenSet[int]:
    """DejaVu Sans (regular, bold, oblique) under one family; the characters it covers."""
    with _font_lock:
        return _registered()


@cache
def _registered() -> FrozenSet[int]:
    fonts = {name: TTFont(name, str(FONT_DIR / file)) for name, file in FONT_FILES.items()}
    for font in fonts.values():
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Oblique", boldItalic=f"{FONT}-BoldOblique"
    )
    return frozenset(fonts[FONT].face.charToGlyph)
