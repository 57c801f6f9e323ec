"""Access and isolation on the real servers: every admin surface refuses requests without its token,
and no channel lets one participant see or change another's data."""

import json
import urllib.error
import urllib.request

import pytest

from tests.conftest import RASA_API_TOKEN
from tests.reliability.test_bad_input import say

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
    assert get(stack.url + f"/status?token={RASA_API_TOKEN}")[0] == 200


def test_a_conversation_is_only_reachable_by_its_own_participant(stack):
    owner, other = "rest:isolation-owner", "rest:isolation-other"
    for message in ("hoi", "ja", "3"):
        say(stack, owner, message)
    before = stack.export(owner)
    for message in ("hoi", "ja", "vergeet mij", "ja", "verander geld naar 5"):
        say(stack, other, message)
    assert stack.export(owner) == before  # the other participant's commands never touch this board
    status, tracker = get(stack.url + f"/conversations/{owner}/tracker?token={RASA_API_TOKEN}")
    assert status == 200 and all(e.get("text") in (None, "hoi", "ja", "3") for e in tracker["events"] if e["event"] == "user")
