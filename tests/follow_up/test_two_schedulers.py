"""Two scheduler processes (`python -m bot.schedule`, as `make run` starts one) on the same real
PostgreSQL, sending to a local fake Bot API: every due check-in arrives exactly once, and both
schedulers took part. Synchronised by polling for conditions with a deadline, never by sleeping."""

from typing import List

import pytest
from sqlalchemy import text

from bot.storage.database import Database
from tests.follow_up.helpers import finish_board, service_on
from tests.follow_up.processes import SECRET, Scheduler, wait_until
from tests.telegram.conftest import TOKEN
from tests.telegram.fake_bot_api import FakeBotApi
from tests.turn.chat import Chat

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

RESIDENTS = 30
FIRST_CHAT = 730_001


@pytest.fixture(scope="module")
def fake_api():
    api = FakeBotApi(TOKEN).start()
    yield api
    api.stop()


def test_two_schedulers_on_one_database_send_every_check_in_once(postgres_database, fake_api, tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOW_UP_AFTER", "86400")
    monkeypatch.setenv("SIGNING_SECRET", SECRET)
    service = service_on(postgres_database)
    chats: List[Chat] = []
    for number in range(RESIDENTS):
        chat = Chat(service, participant=f"telegram:{FIRST_CHAT + number}")
        finish_board(chat)
        chats.append(chat)
    service.database.dispose()
    schedulers = [Scheduler(name, postgres_database, fake_api, tmp_path) for name in ("a", "b")]
    database = Database.from_url(postgres_database)
    try:
        wait_until(lambda: all(scheduler.running() for scheduler in schedulers), 120, "both schedulers running")
        with database.transaction() as session:  # every check-in due at the same moment, for both at once
            session.execute(text("UPDATE scheduled_messages SET due_at = now() - interval '1 second'"))

        def statuses():
            with database.reading() as session:
                return dict(session.execute(text("SELECT status, COUNT(*) FROM scheduled_messages GROUP BY status")).all())

        wait_until(lambda: statuses() == {"sent": RESIDENTS}, 180, "every check-in sent")
        for chat in chats:
            chat_id = int(chat.participant.split(":")[1])
            assert len(fake_api.calls_of("sendMessage", chat_id)) == 1, chat.participant
        with database.reading() as session:
            claimants = set(session.execute(text("SELECT DISTINCT claimed_by FROM scheduled_messages")).scalars())
        assert len(claimants) == 2, claimants  # both schedulers sent some: they really ran side by side
    finally:
        codes = [scheduler.stop() for scheduler in schedulers]
        database.dispose()
    assert codes == [0, 0], [scheduler.log()[-2000:] for scheduler in schedulers]
    for scheduler in schedulers:
        assert "telegram:" not in scheduler.log() and "Hoe goed" not in scheduler.log()  # pseudonyms, no texts
        assert "Traceback" not in scheduler.log() and " ERROR " not in scheduler.log(), scheduler.log()[-3000:]
