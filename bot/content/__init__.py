"""Content as data: instruments (the board's domains) and conversation texts, from YAML."""

from bot.content.loader import Domain, Instrument, Texts, load_instrument, load_texts

__all__ = ["Domain", "Instrument", "Texts", "load_instrument", "load_texts"]
