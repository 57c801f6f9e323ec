"""Content as data: instruments, texts, contact details, perspectives, personas (YAML, checked when loaded)."""

from bot.content.errors import ContentError
from bot.content.instruments import DomainSpec, Instrument, Scale, ScalePoint, load_instrument
from bot.content.loader import Contacts, PerspectiveStyle, Texts, load_contacts, load_perspective_styles, load_texts

__all__ = [
    "Contacts",
    "ContentError",
    "DomainSpec",
    "Instrument",
    "PerspectiveStyle",
    "Scale",
    "ScalePoint",
    "Texts",
    "load_contacts",
    "load_instrument",
    "load_perspective_styles",
    "load_texts",
]
