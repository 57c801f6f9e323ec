"""A turn is all or nothing: a failure between any two writes, then the resent message, gives exactly
the export of a run without the failure. And "vergeet mij" leaves nothing of the participant anywhere."""

from typing import Callable, List

import pytest
from sqlalchemy import event, text

from tests.conftest import every_table_as_text
from tests.turn.chat import Chat, make_service

# A conversation that writes a little of everything: consent, rating, answers with own words, a mark,
# a goal from a wish with own step and helper, the people around, the end, a share code.
SCRIPT: List[tuple] = [
    ("say", "hoi"),
    ("press", "yes"),
    ("press", "rating:5"),
    ("say", "ik heb werk"),
    ("say", "meer rust"),
    ("press", "domain:geld"),
    ("press", "score:2"),
    ("press", "talk_about"),
    ("say", "ik kan goed zuinig leven"),
    ("say", "minder schulden"),
    ("press", "no"),
    ("press", "wish:geld"),
    ("say", "schuldhulp bellen"),
    ("say", "mijn zus"),
    ("press", "goals_done"),
    ("say", "mijn zus, de buurman"),
    ("say", "schuldhulp, huisarts"),
    ("press", "count:3"),
    ("press", "yes"),
    ("press", "contact:0"),
    ("press", "yes"),
    ("press", "no"),
    ("press", "share"),
]


class InjectedFailure(Exception):
    pass


def play(chat: Chat, step: tuple, message_id: str) -> None:
    kind, value = step
    if kind == "say":
        chat.say(value, message_id=message_id)
    else:
        chat.press(value, message_id=message_id)


def comparable(export: dict) -> dict:
    export.pop("participant")
    for measurement in export["measurements"]:
        measurement.pop("started_at"), measurement.pop("completed_at")
    return export


def fail_at_write(engine, number: int) -> Callable[[], None]:
    """Raise on the `number`-th write statement from now; returns the function that stops it."""
    seen = {"writes": 0}

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            seen["writes"] += 1
            if seen["writes"] == number:
                raise InjectedFailure(f"write {number}")

    event.listen(engine, "before_cursor_execute", before)
    return lambda: event.remove(engine, "before_cursor_execute", before)


def writes_of(engine, action: Callable[[], None]) -> int:
    counted = {"writes": 0}

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            counted["writes"] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counted["writes"]


def test_a_failure_between_any_two_writes_then_the_resent_message_gives_the_same_board(sqlite_database):
    reference = Chat(make_service(sqlite_database))
    for number, step in enumerate(SCRIPT):
        play(reference, step, f"m{number}")
    expected = comparable(reference.export())

    service = make_service(sqlite_database)
    chat = Chat(service)
    engine = service.database.engine
    failures = 0
    for number, step in enumerate(SCRIPT):
        message_id = f"m{number}"
        # how many writes this turn makes: measured on a copy of the conversation, a turn ahead
        probe = Chat(make_service(sqlite_database))
        for earlier, earlier_step in enumerate(SCRIPT[:number]):
            play(probe, earlier_step, f"m{earlier}")
        writes = writes_of(
            probe.service.database.engine, lambda step=step, probe=probe, message_id=message_id: play(probe, step, message_id)
        )
        if writes == 0:
            play(chat, step, message_id)
        for write in range(1, writes + 1):
            stop = fail_at_write(engine, write)
            try:
                with pytest.raises(InjectedFailure):
                    chat.resend() if write > 1 else play(chat, step, message_id)
            finally:
                stop()
            failures += 1
        chat.resend()  # the resend, now without a failure
        chat.resend()  # and once more: applied once
    assert failures > len(SCRIPT)
    assert comparable(chat.export()) == expected


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_forgetting_leaves_no_trace_in_any_table_also_after_consenting_again(database, request):
    url = request.getfixturevalue("sqlite_database" if database == "sqlite" else "postgres_database")
    service = make_service(url)
    secret = "schuld bij Kevin 0612345678"
    resident = Chat(service)
    for number, step in enumerate(SCRIPT[:10]):
        play(resident, step, f"m{number}")
    resident.say(secret)  # a goal in their own words
    with service.database.engine.begin() as connection:  # and as Rasa would keep the transcript
        connection.execute(
            text("INSERT INTO events (sender_id, type_name, data) VALUES (:s, 'user', :d)"),
            {"s": resident.participant, "d": f'{{"text": "{secret}"}}'},
        )
    code = resident.share_code() if "-" in resident.text else None
    helper = Chat(service)
    if code:
        helper.say(f"/naaste {code}")
    resident.say("vergeet mij")
    resident.press("yes")
    resident.say("hoi")  # and agrees again: nothing comes back
    resident.press("yes")
    boards = resident.export()["measurements"]  # a new, empty board: nothing of before came back
    assert len(boards) == 1 and boards[0]["goals"] == [] and {d["status"] for d in boards[0]["domains"]} == {"open"}
    for table, dump in every_table_as_text(url).items():
        if table in ("alembic_version",):
            continue
        assert secret not in dump and "0612345678" not in dump, table
        if table not in ("participants", "conversations", "measurements", "domain_answers"):
            assert resident.participant not in dump, table
    assert service.ephemeral.load(resident.participant) is None or "schuld" not in repr(
        service.ephemeral.load(resident.participant)
    )
