"""A one-page PDF of a board, to show or send at the intake."""

import io
from typing import Optional
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bot.charts import SCORE_WORDS, board_png
from bot.content import Instrument, Texts

MAX_CELL_CHARACTERS = 160


def _short(text: Optional[str]) -> str:
    if not text:
        return ""
    return escape(text if len(text) <= MAX_CELL_CHARACTERS else text[: MAX_CELL_CHARACTERS - 1] + "…")


def board_pdf(board: dict, instrument: Instrument, texts: Texts, previous: Optional[dict] = None) -> bytes:
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7.5, leading=9)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.4 * cm,
        rightMargin=1.4 * cm,
        topMargin=1.2 * cm,
        bottomMargin=1.2 * cm,
        title=f"{instrument.title}: mijn overzicht",
    )
    date = (board.get("completed_at") or board["started_at"])[:10]
    story = [
        Paragraph(f"{escape(instrument.title)}: mijn overzicht", styles["Title"]),
        Paragraph(
            f"Datum: {date}. Meting {board['number']}."
            + (f" Rapportcijfer voor mijn leven: {board['life_rating']}." if board.get("life_rating") is not None else ""),
            styles["BodyText"],
        ),
        Spacer(1, 0.2 * cm),
    ]
    chart = board_png(board, instrument, texts, previous)
    story.append(Image(io.BytesIO(chart), width=12.5 * cm, height=12.5 * cm * (0.42 * len(board["domains"]) + 1.4) / 7.5))
    rows = [
        [
            Paragraph("<b>Onderwerp</b>", small),
            Paragraph("<b>Hoe gaat het</b>", small),
            Paragraph("<b>Wat gaat goed</b>", small),
            Paragraph("<b>Wat wil ik anders</b>", small),
        ]
    ]
    for domain in board["domains"]:
        how = SCORE_WORDS[domain["score"]] if domain["score"] else texts.say(f"status_{domain['status']}")
        rows.append(
            [
                Paragraph(escape(instrument.domain(domain["key"]).label), small),
                Paragraph(escape(how), small),
                Paragraph(_short(domain["goes_well"]), small),
                Paragraph(_short(domain["wish"]), small),
            ]
        )
    table = Table(rows, colWidths=[4.2 * cm, 2.6 * cm, 5.5 * cm, 5.5 * cm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    story += [Spacer(1, 0.2 * cm), table]
    if board["goals"]:
        story.append(Paragraph("<b>" + escape(texts.say("summary_goals")) + "</b>", small))
        story += [Paragraph(f"{n}. {_short(goal['text'])}", small) for n, goal in enumerate(board["goals"], 1)]
    document.build(story)
    return buffer.getvalue()
