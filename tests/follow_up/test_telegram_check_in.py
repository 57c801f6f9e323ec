"""The check-in end to end: a resident finishes the board on Telegram through the REAL Rasa server and
action server (webhook, the fake Bot API in Telegram's place) and agrees to a check-in; then every
server stops and starts again (Rasa, actions, the scheduler); the check-in arrives without the
resident writing, once, with its buttons; the resident's press goes through the channel and the
check-in goes on. Synchronised by polling for conditions with a deadline."""

import pytest
from sqlalchemy import text

from bot.storage.database import Database
from bot.storage.migrate import upgrade_to_latest
from tests.conftest import sqlite_url
from tests.follow_up.helpers import GOAL
from tests.follow_up.processes import Scheduler, wait_until
from tests.integration.stack import RasaStack
from tests.telegram import updates as tg
from tests.telegram.conftest import SECRET, TOKEN
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.test_integration import post

pytestmark = pytest.mark.integration

CHAT_ID = 740_001
PARTICIPANT = f"telegram:{CHAT_ID}"
FOLLOW_UP_AFTER = 30  # seconds: due while the servers restart


@pytest.fixture(scope="module")
def fake_api():
    api = FakeBotApi(TOKEN).start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def servers(tmp_path_factory, fake_api):
    workdir = tmp_path_factory.mktemp("follow-up-stack")
    url = sqlite_url(workdir)
    upgrade_to_latest(url)
    env = {
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_API_URL": fake_api.base_url,
        "FOLLOW_UP_AFTER": str(FOLLOW_UP_AFTER),
    }
    stack = RasaStack(workdir, url, extra_env=env).start()
    yield stack, workdir
    stack.stop()


class Resident:
    """A Telegram resident posting updates to the channel's webhook, as Telegram would."""

    def __init__(self, stack: RasaStack, api: FakeBotApi):
        self.stack, self.api = stack, api

    def keyboard(self) -> list:
        keyboards = [call.keyboard() for call in self.api.sent_to(CHAT_ID) if call.keyboard()]
        return [cell["callback_data"] for row in (keyboards[-1] if keyboards else []) for cell in row]

    def _post(self, update: dict) -> None:
        status, answer = post(self.stack, dict(update, update_id=self.api.next_update_id()))
        assert (status, answer.get("outcome")) == (200, "answered"), (status, answer)

    def say(self, words: str) -> None:
        self._post(tg.text_message(CHAT_ID, words))

    def press(self, choice: str) -> None:
        assert choice in self.keyboard(), f"{choice} not among the buttons sent: {self.keyboard()}"
        self._post(tg.callback_query(CHAT_ID, choice))


def check_ins_sent(api: FakeBotApi, since: int) -> list:
    return [call for call in api.sent_to(CHAT_ID, since) if "no_talk_yet" in str(call.keyboard())]


def test_a_check_in_arrives_unasked_after_every_server_restarted(servers, fake_api):
    stack, workdir = servers
    first = Scheduler("scheduler-before", stack.database_url, fake_api, workdir, SCHEDULE_INTERVAL="0.5")
    resident = Resident(stack, fake_api)
    database = Database.from_url(stack.database_url)
    try:
        wait_until(first.running, 120, "the first scheduler running")
        resident.say("/start")
        for choice in ("yes", "rating:6", "skip", "domain:geld", "score:2", "next", "no"):
            resident.press(choice)
        resident.say(GOAL)
        for choice in ("skip", "skip", "goals_done", "skip_section"):
            resident.press(choice)
        resident.press("yes")  # a check-in later: due in FOLLOW_UP_AFTER seconds
        assert first.stop() == 0  # before it was due
        resident.press("no")  # no training use: the end of the board
        assert "share" in resident.keyboard()

        with database.reading() as session:
            status = session.execute(text("SELECT status FROM scheduled_messages WHERE participant_id = :p"), {"p": PARTICIPANT})
            assert status.scalars().all() == ["pending"]
        mark = fake_api.mark()
        assert check_ins_sent(fake_api, 0) == []

        stack.stop()  # every server down while the check-in comes due
        stack.start()
        second = Scheduler("scheduler-after", stack.database_url, fake_api, workdir, SCHEDULE_INTERVAL="0.5")
        try:
            wait_until(lambda: check_ins_sent(fake_api, mark), FOLLOW_UP_AFTER + 120, "the check-in on Telegram")
            resident.press("score:4")  # felt heard: through the channel and the restarted Rasa server
            assert "review:reached" in resident.keyboard()  # the goal, by name
            assert GOAL in fake_api.sent_to(CHAT_ID)[-1].fields["text"]
            with database.reading() as session:
                rows = session.execute(
                    text("SELECT status, claimed_by FROM scheduled_messages WHERE participant_id = :p"), {"p": PARTICIPANT}
                ).all()
                heard = session.execute(text("SELECT felt_heard FROM check_ins WHERE participant_id = :p"), {"p": PARTICIPANT})
                assert heard.scalars().all() == [4]
            assert len(rows) == 1 and rows[0].status == "sent" and rows[0].claimed_by != "visit"
            assert len(check_ins_sent(fake_api, mark)) == 1
        finally:
            assert second.stop() == 0, second.log()[-3000:]
    finally:
        first.stop()
        database.dispose()
