"""The REST channel with REST_TOKEN set (as docker-compose requires it): a request without the
token, or with a wrong one, gets 401 and reaches no participant; the right token is answered.
A Rasa server and action server of their own, as the token is read by the running channel."""

import json
import urllib.error
import urllib.request

import pytest

from bot.storage.migrate import upgrade_to_latest
from tests.conftest import every_table_as_text, sqlite_url
from tests.integration.stack import RasaStack

pytestmark = pytest.mark.integration
TOKEN = "rest-token-" + "x" * 32


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("rest-token")
    url = sqlite_url(workdir)
    upgrade_to_latest(url)
    running = RasaStack(workdir, url, extra_env={"REST_TOKEN": TOKEN}).start()
    yield running
    running.stop()


def post(stack, sender, message, authorization=None):
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(f"{stack.url}/webhooks/rest/webhook", body, headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"{}")


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-" + "y" * 32, TOKEN, "Basic " + TOKEN, "Bearer "])
def test_no_or_a_wrong_token_gets_401_and_reaches_no_one(guarded, authorization):
    status, body = post(guarded, "guarded", "hoi", authorization)
    assert status == 401 and body.get("error"), (status, body)
    for table, rows in every_table_as_text(guarded.database_url).items():
        assert "guarded" not in rows, table


def test_the_right_token_is_answered(guarded):
    status, body = post(guarded, "trusted", "hoi", f"Bearer {TOKEN}")
    assert status == 200 and body and body[0].get("text"), (status, body)
