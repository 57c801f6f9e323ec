"""Access and isolation on the real servers: every admin surface refuses requests without its token,
and no channel lets one participant see or change another's data."""

import json
import urllib.error
import urllib.request

import pytest

from tests.conftest import RASA_API_TOKEN
from tests.integration.scenario import Resident

pytestmark = pytest.mark.integration


def get(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None


def test_the_rasa_http_api_needs_its_token(stack):
    for path in ("/status", "/conversations/rest:someone/tracker", "/domain"):
        assert get(stack.url + path)[0] == 401, path
        assert get(stack.url + path + "?token=wrong")[0] == 401, path
        assert get(stack.url + path + f"?token={RASA_API_TOKEN}x")[0] == 401, path
        assert get(stack.url + path, {"Authorization": "Bearer wrong"})[0] == 401, path
    assert get(stack.url + f"/status?token={RASA_API_TOKEN}")[0] == 200
    for token in ("", "?token=wrong"):  # nor can anyone parse text or write events without it
        for path, body in (
            ("/model/parse", {"text": "hoi"}),
            ("/conversations/rest:someone/tracker/events", {"event": "restart"}),
        ):
            request = urllib.request.Request(
                stack.url + path + token, json.dumps(body).encode(), {"Content-Type": "application/json"}
            )
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=30)
            assert refused.value.code == 401, path


def test_a_conversation_is_only_reachable_by_its_own_participant(stack):
    owner, other = Resident(stack, "isolation-owner"), Resident(stack, "isolation-other")
    owner.say("hoi")
    owner.say("ja")
    owner.say("3")
    before = owner.export()
    assert before["measurements"][0]["life_rating"] == 3
    for message in ("hoi", "ja", "vergeet mij", "ja", "verander geld naar 5", "isolation-owner", "rest:isolation-owner"):
        other.say(message)
    assert owner.export() == before  # the other participant's commands never touch this board
    status, tracker = get(stack.url + f"/conversations/{owner.participant}/tracker?token={RASA_API_TOKEN}")
    said = [event.get("text") for event in tracker["events"] if event["event"] == "user"]
    assert status == 200 and said == ["hoi", "ja", "3"]
