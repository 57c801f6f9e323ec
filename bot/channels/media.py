"""Render a board's picture or PDF for a signed media token (no Rasa or web framework here)."""

from dataclasses import dataclass
from typing import Optional

from bot.content import load_instrument, load_texts
from bot.media import verify
from bot.storage import AnswerStore, shared_answer_store

CONTENT_TYPES = {"png": "image/png", "pdf": "application/pdf"}


@dataclass(frozen=True)
class MediaFile:
    body: bytes
    content_type: str
    filename: str


def render_media(token: str, store: Optional[AnswerStore] = None) -> Optional[MediaFile]:
    """The file a valid token grants, or None (forged, expired, or the board was deleted)."""
    grant = verify(token)
    if grant is None:
        return None
    store = store or shared_answer_store()
    try:
        board = store.measurement(grant.measurement_id)
    except LookupError:
        return None
    previous = store.previous_measurement(grant.measurement_id)
    instrument, texts = load_instrument(board["instrument"]), load_texts()
    if grant.kind == "png":
        from bot.charts import board_png

        return MediaFile(board_png(board, instrument, texts, previous), CONTENT_TYPES["png"], "wat-telt-bord.png")
    from bot.report import board_pdf

    return MediaFile(board_pdf(board, instrument, texts, previous), CONTENT_TYPES["pdf"], "wat-telt-overzicht.pdf")
