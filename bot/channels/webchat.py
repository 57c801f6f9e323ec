"""Rasa custom channel `webchat`, mounted at /webhooks/webchat/ on the Rasa server.

Serves the signed board pictures and PDFs (media/<token>).
"""
import asyncio
import logging
from typing import Awaitable, Callable

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels.media import render_media

logger = logging.getLogger(__name__)


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webchat = Blueprint("webchat", __name__)

        @webchat.route("/media/<token>", methods=["GET"])
        async def media(request: Request, token: str):
            loop = asyncio.get_running_loop()
            rendered = await loop.run_in_executor(None, render_media, token)
            if rendered is None:
                return response.text("Niet gevonden of verlopen.", status=404)
            headers = {"Cache-Control": "private, no-store", "Content-Disposition": f'inline; filename="{rendered.filename}"',
                       "X-Content-Type-Options": "nosniff"}
            return response.raw(rendered.body, content_type=rendered.content_type, headers=headers)

        return webchat
