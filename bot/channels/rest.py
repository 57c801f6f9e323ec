"""The REST channel (`POST /webhooks/rest/webhook {"sender", "message"}`), checked.

Rasa's own RestInput passes anything on: a number as the message, no sender (every such
client then shares the conversation "default"), or another channel's participant id. This
one keeps the same route and answer format, and:
- refuses unreadable input with a 4xx and a short Dutch `error` (never a 5xx): a body that is
  no JSON object, a sender that is not 1-128 letters, digits or `:._@-`, a message that is
  not text, empty, or over 5000 characters; control characters are dropped;
- refuses sender ids of the other channels (`web:`, `telegram:`, `replay:`): a REST client can
  never read or change a web chat or Telegram participant's conversation;
- answers 503 with a clear line when the assistant gave no answer (action server down);
- with REST_TOKEN set, needs `Authorization: Bearer $REST_TOKEN` (production: set it, or
  leave REST out of credentials.yml; the residents' channels are the web chat and Telegram).
"""

import os
import re

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels.webchat import API_HEADERS, answer, carries_bearer_token, error, json_body

SENDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}$")
OTHER_CHANNELS = ("web:", "telegram:", "replay:")


def sender_problem(sender) -> bool:
    return not isinstance(sender, str) or not SENDER.match(sender) or sender.lower().startswith(OTHER_CHANNELS)


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message) -> Blueprint:
        rest = Blueprint("checked_rest_webhook", __name__)

        @rest.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            token = os.environ.get("REST_TOKEN")
            if token and not carries_bearer_token(request, token):
                return response.json({"error": "REST token missing or wrong"}, status=401, headers=API_HEADERS)
            body, refused = json_body(request)
            if refused:
                return refused
            if sender_problem(body.get("sender")):
                return error("bad_sender", 400)
            return await answer(on_new_message, body.get("message"), body["sender"], self.name())

        return rest
