"""Where the Rasa server serves a board's picture and PDF: /webhooks/webchat/media/<token>."""

import os

MEDIA_ROUTE = "/webhooks/webchat/media/"


def public_media_link(token: str) -> str:
    """An absolute link (REST clients, Telegram's text fallback): PUBLIC_URL, else this server on loopback."""
    base = os.environ.get("PUBLIC_URL") or f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
    return base.rstrip("/") + MEDIA_ROUTE + token


def page_media_link(token: str) -> str:
    """A link for the web chat page, on the server the page came from."""
    return MEDIA_ROUTE + token
