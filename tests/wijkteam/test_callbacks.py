"""The call-back requests page (/terugbellen), on SQLite and PostgreSQL: a worker sees who asked to
be called and how, "Gebeld" closes the request and erases the number, and every look is audited."""

from datetime import timedelta

from sqlalchemy import select

from bot.pseudonyms import pseudonym
from bot.storage import models
from tests.wijkteam.conftest import add_worker
from tests.wijkteam.factories import NOW, add_resident

RESIDENT = "telegram:5151"
OTHER = "web:callback-other"


def ask_for_call_back(database, owner: str, how: str, minutes_ago: int = 0) -> None:
    with database.transaction() as session:
        if session.get(models.Participant, owner) is None:
            session.add(models.Participant(id=owner, consented_at=NOW - timedelta(days=1)))
            session.flush()
        session.add(
            models.CallbackRequest(participant_id=owner, created_at=NOW - timedelta(minutes=minutes_ago), how_to_reach=how)
        )


def stored(database):
    with database.transaction() as session:
        rows = session.execute(select(models.CallbackRequest).order_by(models.CallbackRequest.id)).scalars().all()
        return [(row.participant_id, row.how_to_reach, row.handled_at is not None) for row in rows]


def audited(database, action):
    with database.transaction() as session:
        rows = session.execute(select(models.AuditEntry.subject_id).where(models.AuditEntry.action == action)).scalars()
        return list(rows)


def test_a_worker_sees_who_asked_oldest_first_and_gebeld_erases_the_number(client, database):
    add_worker(database)
    ask_for_call_back(database, RESIDENT, "na 3 uur\n06 12345678", minutes_ago=5)
    ask_for_call_back(database, OTHER, "0201234567", minutes_ago=60)
    assert client.get("/terugbellen").status_code == 302, "only for a logged-in worker"
    client.log_in()
    page = client.get("/terugbellen").get_data(as_text=True)
    assert page.index("0201234567") < page.index("06 12345678"), "the oldest request first"
    assert pseudonym(RESIDENT) in page and RESIDENT not in page, "the resident by pseudonym only"
    assert 'href="tel:0612345678"' in page and 'href="tel:0201234567"' in page, "a worker on a phone taps to call"
    assert sorted(audited(database, "view_callbacks")) == sorted([RESIDENT, OTHER])
    assert 'class="badge">2<' in client.get("/").get_data(as_text=True), "the open requests counted in the menu"

    with database.transaction() as session:
        first = session.execute(select(models.CallbackRequest.id).where(models.CallbackRequest.participant_id == OTHER))
        request_id = first.scalar_one()
    answer = client.post(f"/terugbellen/{request_id}/gebeld", {}, form_page="/terugbellen")
    assert answer.status_code == 302
    assert stored(database) == [(RESIDENT, "na 3 uur\n06 12345678", False), (OTHER, None, True)]
    assert audited(database, "callback_handled") == [OTHER]
    page = client.get("/terugbellen").get_data(as_text=True)
    assert "0201234567" not in page and "06 12345678" in page
    assert 'class="badge">1<' in page
    again = client.post(f"/terugbellen/{request_id}/gebeld", {}, form_page="/terugbellen")
    assert again.status_code == 302 and stored(database)[1] == (OTHER, None, True)


def test_closing_a_request_needs_the_form_token(client, database):
    add_worker(database)
    ask_for_call_back(database, RESIDENT, "0612345678")
    client.log_in()
    with database.transaction() as session:
        request_id = session.execute(select(models.CallbackRequest.id)).scalar_one()
    answer = client.client.post(f"/terugbellen/{request_id}/gebeld", data={})
    assert answer.status_code == 400
    assert stored(database) == [(RESIDENT, "0612345678", False)]


def test_a_shared_board_is_linked_from_its_request(client, database):
    add_worker(database)
    add_resident(database, RESIDENT)
    ask_for_call_back(database, RESIDENT, "0612345678")
    ask_for_call_back(database, OTHER, "0201234567")
    client.log_in()
    client.enter_code("ABCDEFGH")
    page = client.get("/terugbellen").get_data(as_text=True)
    assert f'href="/boards/{pseudonym(RESIDENT)}"' in page
    assert f'href="/boards/{pseudonym(OTHER)}"' not in page, "no link to a board that is not shared"


def test_with_the_database_gone_the_worker_still_gets_the_dutch_error_page(client, database, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from bot.wijkteam import access, callbacks

    add_worker(database)
    client.log_in()

    def gone(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("database is gone"))

    monkeypatch.setattr(callbacks, "open_count", gone)
    monkeypatch.setattr(access, "shared_boards", gone)
    page = client.get("/")
    assert page.status_code == 500 and "Er ging iets mis" in page.get_data(as_text=True)


def test_ik_bel_shows_the_team_who_is_calling_and_is_audited(app, database):
    from tests.wijkteam.conftest import Browser

    add_worker(database)
    add_worker(database, "bram", "Bram Jansen")
    ask_for_call_back(database, RESIDENT, "0612345678")
    anna, bram = Browser(app), Browser(app)
    anna.log_in()
    bram.log_in(username="bram")
    with database.transaction() as session:
        request_id = session.execute(select(models.CallbackRequest.id)).scalar_one()
    assert "Nog niemand" in bram.get("/terugbellen").get_data(as_text=True)
    assert anna.post(f"/terugbellen/{request_id}/ik-bel", {}, form_page="/terugbellen").status_code == 302
    page = bram.get("/terugbellen").get_data(as_text=True)
    assert "Anna de Vries" in page and "Ik bel toch" in page, "Bram sees that Anna is calling"
    assert audited(database, "callback_claimed") == [RESIDENT]
    assert bram.client.post(f"/terugbellen/{request_id}/ik-bel", data={}).status_code == 400, "not without the form token"
