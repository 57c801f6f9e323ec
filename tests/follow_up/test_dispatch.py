"""The scheduler's dispatch against a local fake Bot API, with the clock injected: a due check-in
arrives once (buttons as the channel's inline keyboard), nothing in quiet hours, retries with
back-off, a dead scheduler's claim taken over, a busy resident waits, web chat is never pushed,
and 'stop met berichten' or 'vergeet mij' stop everything. SQLite and PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.channels import telegram_format as fmt
from bot.channels.telegram_api import TelegramSettings
from bot.schedule import queue
from bot.schedule.delivery import TelegramDelivery
from bot.schedule.dispatch import Dispatcher
from bot.schedule.quiet_hours import parse_quiet_hours
from bot.schedule.runner import JOB_ID, TABLE, build_scheduler
from bot.schedule.settings import ScheduleSettings
from bot.storage import models
from bot.understanding.message import UserMessage, choice_payload
from tests.follow_up.helpers import Clock, finish_board, scheduled, service_on
from tests.telegram.conftest import TOKEN
from tests.telegram.fake_bot_api import FakeBotApi
from tests.turn.chat import Chat

SETTINGS = ScheduleSettings(
    interval=0.2,
    quiet_hours=parse_quiet_hours("20:00-09:00", "Europe/Amsterdam"),
    claim_timeout=timedelta(minutes=10),
    retry_after=timedelta(minutes=5),
    retry_max=timedelta(hours=1),
    wait_after=timedelta(hours=1),
    max_attempts=3,
)
_chat_ids = iter(range(710_001, 720_000))


async def no_sleep(seconds: float) -> None:
    return None


@pytest.fixture(scope="module")
def fake_api():
    api = FakeBotApi(TOKEN).start()
    yield api
    api.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(sqlite_database, clock, monkeypatch):
    """SQLite; what depends on the database's locking (claims) runs on PostgreSQL too (both_databases)."""
    monkeypatch.setenv("FOLLOW_UP_AFTER", "3600")  # one hour after the board
    turn_service = service_on(sqlite_database, clock)
    yield turn_service
    turn_service.database.dispose()


@pytest.fixture
def both_databases(database_url, clock, monkeypatch):
    monkeypatch.setenv("FOLLOW_UP_AFTER", "3600")
    turn_service = service_on(database_url, clock)
    yield turn_service
    turn_service.database.dispose()


def dispatcher(service, fake_api, clock, name: str = "scheduler-a", settings: ScheduleSettings = SETTINGS) -> Dispatcher:
    delivery = TelegramDelivery(TelegramSettings(TOKEN, "", fake_api.base_url), sleep=no_sleep, max_tries=2)
    return Dispatcher(service.database, service, [delivery], settings, clock=clock, name=name)


def resident(service) -> Chat:
    chat = Chat(service, participant=f"telegram:{next(_chat_ids)}")
    finish_board(chat)
    return chat


def chat_id(chat: Chat) -> int:
    return int(chat.participant.split(":")[1])


def sent(fake_api, chat: Chat) -> list:
    return fake_api.calls_of("sendMessage", chat_id(chat))


def last_replies(service, participant: str) -> list:
    with service.database.reading() as session:
        row = session.get(models.Conversation, (participant, "inwoner"))
        return row.last_replies


def test_a_due_check_in_is_sent_once_and_the_residents_press_continues_it(both_databases, fake_api, clock):
    service = both_databases
    chat = resident(service)
    scheduler = dispatcher(service, fake_api, clock)
    clock.advance(minutes=30)
    assert scheduler.run_once().claimed == 0 and sent(fake_api, chat) == []  # not due yet
    clock.advance(minutes=31)
    assert scheduler.run_once().sent == 1
    scheduler.run_once()
    messages = sent(fake_api, chat)
    assert len(messages) == 1  # the intro and the first question in one message: all of it or nothing
    assert [row["status"] for row in scheduled(service.database, chat.participant)] == ["sent"]
    # the buttons the turn offered, laid out as the Telegram channel lays them out
    offered = [button for reply in last_replies(service, chat.participant) for button in reply["buttons"]]
    expected = fmt.inline_keyboard([{"title": title, "payload": choice_payload(choice)} for title, choice in offered])
    assert messages[0].keyboard() == expected
    assert {"score:1", "score:5", "no_talk_yet", "skip"} <= {b["callback_data"] for row in expected for b in row}
    # the resident's press comes back through the channel as a button choice and the check-in goes on
    answer = service.handle(chat.participant, UserMessage(text=choice_payload("score:4"), choice="score:4"))
    assert "review:reached" in [button.choice for reply in answer.replies for button in reply.buttons]


def test_nothing_is_sent_in_quiet_hours_and_a_message_due_then_waits_until_nine(service, fake_api, clock, monkeypatch):
    monkeypatch.setenv("FOLLOW_UP_AFTER", str(9 * 3600))
    clock.set_local(2, 12)
    chat = resident(service)  # due at 21:00
    scheduler = dispatcher(service, fake_api, clock)
    for day, hour, minute in ((2, 21, 0), (2, 23, 30), (3, 3, 0), (3, 8, 59)):
        clock.set_local(day, hour, minute)
        report = scheduler.run_once()
        assert report.quiet_until is not None and report.claimed == 0
        assert report.quiet_until.astimezone(SETTINGS.quiet_hours.zone).strftime("%d %H:%M") == "03 09:00"
    assert sent(fake_api, chat) == []
    assert [row["status"] for row in scheduled(service.database, chat.participant)] == ["pending"]
    clock.set_local(3, 9, 0)
    assert scheduler.run_once().sent == 1
    assert len(sent(fake_api, chat)) == 1


def test_a_message_due_before_eight_in_the_evening_goes_out_at_once(service, fake_api, clock, monkeypatch):
    monkeypatch.setenv("FOLLOW_UP_AFTER", str(7 * 3600 + 58 * 60))
    clock.set_local(2, 12)
    chat = resident(service)  # due at 19:58
    clock.set_local(2, 19, 59)
    assert dispatcher(service, fake_api, clock).run_once().sent == 1
    assert len(sent(fake_api, chat)) == 1


def test_a_failed_delivery_is_retried_with_back_off_and_arrives_once(service, fake_api, clock):
    chat = resident(service)
    scheduler = dispatcher(service, fake_api, clock)
    clock.advance(hours=1, minutes=1)
    fake_api.fail_next("sendMessage", 2, status=502)  # both of the sender's tries fail
    assert scheduler.run_once().retried == 1
    (row,) = scheduled(service.database, chat.participant)
    assert row["status"] == "pending" and row["attempts"] == 1
    clock.advance(minutes=4)
    assert scheduler.run_once().claimed == 0  # the back-off holds
    fake_api.fail_next("sendMessage", 2, status=502)
    clock.advance(minutes=2)
    assert scheduler.run_once().retried == 1
    assert scheduled(service.database, chat.participant)[0]["attempts"] == 2
    clock.advance(minutes=9)
    assert scheduler.run_once().claimed == 0  # the second wait is twice as long
    clock.advance(minutes=2)
    assert scheduler.run_once().sent == 1
    assert len(sent(fake_api, chat)) == 1


def test_a_delivery_that_keeps_failing_stops_after_the_last_attempt(service, fake_api, clock):
    chat = resident(service)
    scheduler = dispatcher(service, fake_api, clock)
    clock.advance(hours=1, minutes=1)
    for _ in range(SETTINGS.max_attempts):
        fake_api.fail_next("sendMessage", 2, status=500)
        scheduler.run_once()
        clock.advance(hours=2)
    (row,) = scheduled(service.database, chat.participant)
    assert row["status"] == "failed" and row["attempts"] == SETTINGS.max_attempts
    assert scheduler.run_once().claimed == 0 and sent(fake_api, chat) == []


def test_the_claim_of_a_scheduler_that_died_is_taken_over_after_the_timeout(both_databases, fake_api, clock):
    service = both_databases
    chat = resident(service)
    clock.advance(hours=1, minutes=1)
    (row,) = scheduled(service.database, chat.participant)
    with service.database.transaction() as session:
        assert queue.claim(session, row["id"], "scheduler-that-died", clock(), SETTINGS.claim_timeout)
    scheduler = dispatcher(service, fake_api, clock)
    clock.advance(minutes=9)
    assert scheduler.run_once().claimed == 0 and sent(fake_api, chat) == []
    clock.advance(minutes=2)
    assert scheduler.run_once().sent == 1
    assert len(sent(fake_api, chat)) == 1
    assert scheduled(service.database, chat.participant)[0]["attempts"] == 1


def test_two_schedulers_claiming_the_same_row_at_once_get_it_once(both_databases, clock):
    service = both_databases
    chat = resident(service)
    clock.advance(hours=1, minutes=1)
    (row,) = scheduled(service.database, chat.participant)
    start, results = threading.Barrier(8), []

    def claim(name: str) -> None:
        start.wait()
        with service.database.transaction() as session:
            results.append(queue.claim(session, row["id"], name, clock(), SETTINGS.claim_timeout))

    threads = [threading.Thread(target=claim, args=(f"scheduler-{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [False] * 7 + [True]


def test_a_resident_busy_with_a_board_gets_the_check_in_later(service, fake_api, clock):
    chat = resident(service)
    chat.say("opnieuw")  # a repeat measurement, not finished
    scheduler = dispatcher(service, fake_api, clock)
    clock.advance(hours=1, minutes=1)
    assert scheduler.run_once().waiting == 1
    (row,) = scheduled(service.database, chat.participant)
    assert row["status"] == "pending" and row["due_at"] == clock() + SETTINGS.wait_after
    assert sent(fake_api, chat) == []


def test_web_chat_check_ins_wait_for_the_visit_and_web_reminders_are_dropped(service, fake_api, clock):
    web = Chat(service, participant="web:" + "ef" * 16)
    finish_board(web)
    web.say("opnieuw")
    web.press("rating:5")
    web.say("ik ga later verder")  # one reminder, due in three days
    clock.advance(days=4)
    report = dispatcher(service, fake_api, clock).run_once()
    assert report.claimed == 0 and report.cancelled == 1
    rows = {row["kind"]: row["status"] for row in scheduled(service.database, web.participant)}
    assert rows == {"check_in": "pending", "reminder": "cancelled"}


def test_the_reminder_of_a_paused_board_is_sent_once_on_telegram(service, fake_api, clock):
    chat = resident(service)
    clock.advance(hours=2)
    scheduler = dispatcher(service, fake_api, clock)
    assert scheduler.run_once().sent == 1  # the check-in
    for answer in ("sla over", "sla over", "nee", "ja"):  # heard, the goal, anything else, the repeat now
        chat.say(answer)
    chat.press("rating:5")
    chat.press("skip")
    chat.say("ik ga later verder")  # paused at choosing where to begin
    clock.advance(days=3, minutes=1)
    before = len(sent(fake_api, chat))
    assert scheduler.run_once().sent == 1
    clock.advance(days=30)
    scheduler.run_once()
    messages = sent(fake_api, chat)[before:]
    assert len(messages) == 1
    assert any(button["callback_data"].startswith("domain:") for row in messages[0].keyboard() for button in row)


def test_stop_met_berichten_and_vergeet_mij_leave_nothing_to_send(both_databases, fake_api, clock):
    service = both_databases
    stopped, forgotten = resident(service), resident(service)
    stopped.say("stop met berichten")
    forgotten.say("vergeet mij")
    forgotten.press("yes")
    clock.advance(days=60)
    report = dispatcher(service, fake_api, clock).run_once()
    assert report.claimed == 0
    assert sent(fake_api, stopped) == [] and sent(fake_api, forgotten) == []
    assert [row["status"] for row in scheduled(service.database, stopped.participant)] == ["cancelled"]
    assert scheduled(service.database, forgotten.participant) == []


def test_consent_withdrawn_after_the_claim_sends_nothing(service, fake_api, clock):
    chat = resident(service)
    clock.advance(hours=1, minutes=1)
    (row,) = scheduled(service.database, chat.participant)
    with service.database.transaction() as session:
        queue.claim(session, row["id"], "scheduler-a", clock(), SETTINGS.claim_timeout)
        session.get(models.Participant, chat.participant).follow_up_consent = False
    outcome = service.start_unasked(chat.participant, "check_in", row["id"], "scheduler-a")
    assert outcome.unasked == "not_needed" and outcome.replies == []
    assert service.start_unasked(chat.participant, "check_in", row["id"], "another-scheduler").unasked == "not_needed"


def test_apscheduler_runs_the_dispatch_from_its_job_store_in_the_database(both_databases, fake_api, clock, database_url):
    service = both_databases
    chat = resident(service)
    clock.advance(hours=1, minutes=1)
    scheduler = build_scheduler(dispatcher(service, fake_api, clock), database_url, interval=0.2)
    runner = threading.Thread(target=scheduler.start, daemon=True)
    runner.start()
    try:
        fake_api.wait_for(lambda: sent(fake_api, chat), timeout=30)
    finally:
        scheduler.shutdown()
        runner.join(30)
    assert len(sent(fake_api, chat)) == 1
    with service.database.reading() as session:
        from sqlalchemy import column, table

        jobs = session.execute(select(column("id")).select_from(table(TABLE))).scalars().all()
    assert jobs == [JOB_ID]
