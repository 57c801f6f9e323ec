"""The REST channel (`POST /webhooks/rest/webhook {"sender", "message", "message_id"?}`), checked.

- The participant is `rest:<sender>`: a REST client can never reach a web chat or Telegram
  participant's conversation, whatever sender it sends.
- Unreadable input gets a 4xx with a short Dutch `error` (bot/channels/http.py): a body that is no
  JSON object or too deep, a sender that is not 1-128 letters, digits or `:._@-`, a message that is
  not text, empty, or over 5000 characters.
- `message_id` (optional, 1-64 of `A-Za-z0-9._:-`): a resend with the same id is applied once and
  gets the same replies.
- 503 with a clear line when the assistant gave no answer (action server or database down).
- With REST_TOKEN set, needs `Authorization: Bearer $REST_TOKEN` (set it in production).
"""

import os
import re

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.http import (
    API_HEADERS,
    answer_body,
    carries_bearer_token,
    error,
    json_body,
)
from bot.channels.media_links import public_media_link

SENDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}$")
PREFIX = "rest:"


def participant_of(sender: object) -> str | None:
    return PREFIX + sender if isinstance(sender, str) and SENDER.match(sender) else None


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message) -> Blueprint:
        rest = Blueprint("checked_rest_webhook", __name__)

        @rest.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            token = os.environ.get("REST_TOKEN")
            if token and not carries_bearer_token(request, token):
                return response.json({"error": "REST token missing or wrong"}, status=401, headers=API_HEADERS)
            body, refused = json_body(request)
            if refused or body is None:
                return refused or error("bad_json", 400)
            participant = participant_of(body.get("sender"))
            if participant is None:
                return error("bad_sender", 400)
            return await answer_body(on_new_message, body, participant, self.name(), public_media_link)

        return rest
