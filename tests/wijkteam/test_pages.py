"""The wijkteam app through its HTTP surface (Flask's test client), on SQLite and PostgreSQL:
logging in, lock-out, CSRF, sessions, codes, the 403 for anything not shared, and the audit log."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.pseudonyms import pseudonym
from bot.storage import models
from bot.storage.ephemeral import MemoryDocument
from bot.storage.turn_store import TurnStore
from bot.wijkteam.app import PUBLIC_ENDPOINTS
from bot.wijkteam.settings import Limits
from tests.wijkteam.conftest import Browser, add_worker
from tests.wijkteam.factories import NOW, OWN_WORDS, add_resident

RESIDENT = "telegram:4242"


def audit_rows(database, action=None):
    with database.transaction() as session:
        query = select(models.AuditEntry.action, models.AuditEntry.worker_id, models.AuditEntry.subject_id)
        if action:
            query = query.where(models.AuditEntry.action == action)
        return session.execute(query.order_by(models.AuditEntry.id)).all()


def board_path(owner: str = RESIDENT) -> str:
    return f"/boards/{pseudonym(owner)}"


@pytest.fixture
def anna(database):
    return add_worker(database)


@pytest.fixture
def shared(database, anna):
    add_resident(database, RESIDENT)
    return RESIDENT


# --- logging in -------------------------------------------------------------------------------------
def test_every_page_but_the_login_needs_a_logged_in_worker(app, client, shared):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint not in PUBLIC_ENDPOINTS]
    assert {rule.endpoint for rule in rules} >= {"boards.index", "boards.board", "boards.picture", "auth.logout"}
    for rule in rules:
        path = rule.rule.replace("<reference>", pseudonym(RESIDENT))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            answer = client.client.open(path, method=method)
            assert answer.status_code == 302, (method, path)
            assert answer.headers["Location"].startswith("/login"), (method, path)
    assert audit_rows(client.app.extensions["wijkteam"].database, "view_board") == []


def test_a_worker_logs_in_and_out_and_the_old_cookie_is_dead(client, anna, database):
    assert client.log_in(password="wrong password").status_code == 401
    answer = client.log_in()
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "wijkteam_session=" in cookie
    assert client.get("/").status_code == 200
    stolen = client.client.get_cookie("wijkteam_session").value
    assert client.post("/logout", {}, form_page="/").status_code == 302
    assert client.get("/").status_code == 302
    client.client.set_cookie("wijkteam_session", stolen)  # a copy of the cookie from before logging out
    assert client.get("/").status_code == 302, "the session ended on the server"
    actions = [row.action for row in audit_rows(database)]
    assert actions[-3:] == ["login_failed", "login", "logout"]


def test_unknown_names_and_wrong_passwords_get_the_same_answer(client, anna):
    unknown = client.log_in(username="nobody")
    wrong = client.log_in(password="not the password at all")
    assert unknown.status_code == wrong.status_code == 401
    assert "Deze combinatie" in unknown.get_data(as_text=True) and "Deze combinatie" in wrong.get_data(as_text=True)
    assert 'value="nobody"' in unknown.get_data(as_text=True), "the typed name is kept"
    assert "not the password" not in wrong.get_data(as_text=True), "a password is never sent back"


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(client, anna, clock, database):
    for _ in range(4):
        assert client.log_in(password="wrong password!").status_code == 401
    assert client.log_in(password="wrong password!").status_code == 429
    assert client.log_in().status_code == 429, "the right password does not help while locked"
    clock.advance(minutes=14)
    assert client.log_in().status_code == 429
    clock.advance(minutes=1, seconds=1)
    assert client.log_in().status_code == 302
    with database.transaction() as session:
        worker = session.get(models.Worker, anna)
        assert (worker.failed_logins, worker.locked_until) == (0, None)
    assert len(audit_rows(database, "login_failed")) == 5
    assert len(audit_rows(database, "login_locked")) == 2


def test_a_session_ends_after_idle_time_and_after_a_working_day(make_app, database_url, database, anna, clock):
    client = Browser(
        make_app(database_url, limits=Limits(session_idle=timedelta(minutes=30), session_lifetime=timedelta(hours=8)))
    )
    client.log_in()
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200
    clock.advance(minutes=31)
    assert client.get("/").status_code == 302
    client.log_in()
    for _ in range(20):
        clock.advance(minutes=25)
        if client.get("/").status_code == 302:
            break
    assert clock.now - NOW >= timedelta(hours=8), "ended by the lifetime, not before"


def test_a_removed_worker_is_logged_out_at_once(client, anna, database, clock):
    from bot.wijkteam import accounts

    client.log_in()
    assert client.get("/").status_code == 200
    with database.transaction() as session:
        accounts.remove_worker(session, "anna", clock.now)
    assert client.get("/").status_code == 302
    assert client.log_in().status_code == 401


def test_after_logging_in_the_worker_returns_to_the_page_asked_for_but_never_elsewhere(client, shared, database):
    path = board_path()
    redirect = client.get(path)
    assert redirect.headers["Location"] == f"/login?next={path}"
    answer = client.post(
        f"/login?next={path}", {"username": "anna", "password": "correct horse battery staple"}, form_page="/login"
    )
    assert answer.headers["Location"] == path
    client.post("/logout", {}, form_page="/")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        answer = client.post(
            f"/login?next={target}", {"username": "anna", "password": "correct horse battery staple"}, form_page="/login"
        )
        assert answer.headers["Location"] == "/", target
        client.post("/logout", {}, form_page="/")


# --- CSRF and bad input ---------------------------------------------------------------------------------
def test_a_form_without_its_csrf_token_changes_nothing(client, shared, database):
    assert client.client.post("/login", data={"username": "anna", "password": "correct horse battery staple"}).status_code == 400
    assert client.get("/").status_code == 302, "not logged in"
    client.log_in()
    answer = client.client.post("/codes", data={"code": "ABCD-EFGH"})
    assert answer.status_code == 400
    assert "ABCD-EFGH" in answer.get_data(as_text=True), "the typed code is kept"
    assert audit_rows(database, "grant_access") == []
    assert client.get(board_path()).status_code == 403
    assert client.client.post("/logout", data={}).status_code == 400
    assert client.get("/").status_code == 200, "a forged logout does not log out"


@pytest.mark.parametrize("typed", ["", "   ", "ABC", "ABCD-EFG0", "x" * 19, "ABCDEFGHJ", "<script>"])
def test_an_unreadable_code_gets_one_clear_line_and_grants_nothing(client, shared, database, typed):
    client.log_in()
    answer = client.enter_code(typed)
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert 'aria-invalid="true"' in page and 'role="alert"' in page
    assert "<script>" not in page
    assert audit_rows(database, "grant_access") == []


def test_too_long_input_is_refused_without_an_error(client, shared):
    client.log_in()
    assert client.enter_code("A" * 500).status_code == 400
    assert client.post("/codes", {"code": "A" * 200_000}, form_page="/").status_code == 413
    assert client.post("/login", {"username": "x" * 1000, "password": "y"}, form_page="/").status_code == 400


def test_unknown_pages_and_methods_get_a_page_not_a_trace(client, shared):
    client.log_in()
    assert client.get("/nope").status_code == 404
    assert client.client.put("/codes").status_code == 405
    assert client.get(board_path() + "?meting=abc").status_code == 403, "not shared: 403 before anything else"
    assert client.get(board_path() + "?meting=99").status_code == 403


# --- codes and access -----------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["ABCD-EFGH", "abcdefgh", " abcd efgh "])
def test_a_code_in_any_spelling_opens_the_board(client, shared, database, anna, typed):
    client.log_in()
    assert client.get(board_path()).status_code == 403
    answer = client.enter_code(typed)
    assert answer.status_code == 302 and answer.headers["Location"] == board_path()
    assert client.get(board_path()).status_code == 200
    assert audit_rows(database, "grant_access") == [("grant_access", anna, RESIDENT)]
    assert audit_rows(database, "view_board") == [("view_board", anna, RESIDENT)]


@pytest.mark.parametrize("case", ["unknown", "expired", "withdrawn"])
def test_an_unknown_expired_or_withdrawn_code_gets_one_line(client, database, anna, case):
    add_resident(
        database, RESIDENT, code_expires=NOW - timedelta(minutes=1) if case == "expired" else None, withdrawn=case == "withdrawn"
    )
    client.log_in()
    answer = client.enter_code("ZZZZ-ZZZZ" if case == "unknown" else "ABCD-EFGH")
    assert answer.status_code == 400
    assert "onbekend of werkt niet meer" in answer.get_data(as_text=True)
    assert client.get(board_path()).status_code == 403
    assert audit_rows(database, "code_refused") == [("code_refused", anna, None)]


def test_guessing_codes_stops_after_ten_wrong_ones(client, shared, clock):
    client.log_in()
    for index in range(10):
        assert client.enter_code(f"ZZZZ-ZZZ{'23456789ABC'[index]}").status_code == 400
    assert client.enter_code("ABCD-EFGH").status_code == 429, "even the right code waits"
    clock.advance(minutes=16)
    assert client.enter_code("ABCD-EFGH").status_code == 302


def test_a_worker_sees_only_boards_shared_with_them(client, database, shared, anna):
    add_resident(database, "web:other", code="QRST-UVWX".replace("-", ""))
    add_worker(database, "bert", "Bert Jansen")
    client.log_in()
    client.enter_code("ABCD-EFGH")
    listing = client.get("/").get_data(as_text=True)
    assert pseudonym(RESIDENT) in listing and pseudonym("web:other") not in listing
    assert RESIDENT not in listing and "4242" not in listing, "never the channel id"
    assert client.get(board_path("web:other")).status_code == 403
    assert client.get(board_path("web:other") + "/print").status_code == 403
    assert client.get(board_path("web:other") + "/picture.png").status_code == 403
    assert client.get("/boards/deelnemer-AAAAAAAA").status_code == 403
    assert client.get("/boards/telegram:4242").status_code == 403
    bert = Browser(client.app)
    bert.log_in("bert")
    assert bert.get(board_path()).status_code == 403, "another worker's access is theirs only"
    assert {row.subject_id for row in audit_rows(database, "view_board")} == set()


def test_stop_met_delen_and_the_end_of_the_code_end_the_access(client, shared, database, clock):
    client.log_in()
    client.enter_code("ABCD-EFGH")
    assert client.get(board_path()).status_code == 200
    with database.transaction() as session:  # what "stop met delen" does (TurnStore.withdraw_share_codes)
        TurnStore(session, MemoryDocument(), clock.now).withdraw_share_codes(RESIDENT)
    assert client.get(board_path()).status_code == 403
    assert pseudonym(RESIDENT) not in client.get("/").get_data(as_text=True)
    with database.transaction() as session:
        session.add(
            models.ShareCode(code="NEWC2345", owner_id=RESIDENT, created_at=clock.now, expires_at=clock.now + timedelta(days=14))
        )
    assert client.get(board_path()).status_code == 403, "a new code works only once it is entered"
    client.enter_code("newc2345")
    assert client.get(board_path()).status_code == 200
    clock.advance(days=14, seconds=1)
    client.log_in()  # the session ended long before
    assert client.get(board_path()).status_code == 403


def test_a_worker_linked_to_the_professional_view_sees_the_board_while_it_is_shared(client, database, clock):
    from bot.wijkteam import accounts

    anna = add_worker(database)
    add_resident(database, RESIDENT, professional="telegram:777")
    with database.transaction() as session:
        accounts.link_chat(session, "anna", "telegram:777", clock.now)
    client.log_in()
    assert client.get(board_path()).status_code == 200, "no code needed: anna filled in the professional view"
    assert audit_rows(database, "grant_access") == [("grant_access", anna, RESIDENT)]
    with database.transaction() as session:
        TurnStore(session, MemoryDocument(), clock.now).withdraw_share_codes(RESIDENT)
    assert client.get(board_path()).status_code == 403


def test_a_forgotten_resident_is_gone_and_the_audit_keeps_the_view_without_them(client, shared, database, clock):
    from bot.storage.forget import forget_in_database

    client.log_in()
    client.enter_code("ABCD-EFGH")
    client.get(board_path())
    with database.engine.begin() as connection:
        forget_in_database(connection, RESIDENT)
    assert client.get(board_path()).status_code == 403
    assert ("view_board", 1, None) in [(a, 1 if w else None, s) for a, w, s in audit_rows(database, "view_board")]


# --- the board and the audit log --------------------------------------------------------------------------
def test_a_measurement_that_does_not_exist_gets_a_clear_page(client, shared, database):
    client.log_in()
    client.enter_code("ABCD-EFGH")
    for query in ("?meting=3", "?meting=0", "?meting=-1", "?meting=1e3", "?meting=" + "9" * 40):
        answer = client.get(board_path() + query)
        assert answer.status_code == 404, query
        assert "Deze meting bestaat niet" in answer.get_data(as_text=True)
    assert client.get(board_path() + "/print?meting=3").status_code == 404
    assert audit_rows(database, "view_board") == [], "nothing shown, nothing audited"


def test_every_view_print_and_picture_is_audited_and_the_resident_can_ask_who_looked(app, client, shared, database, anna, clock):
    client.log_in()
    client.enter_code("ABCD-EFGH")
    assert client.get(board_path()).status_code == 200
    clock.advance(minutes=5)
    assert client.get(board_path() + "/print").status_code == 200
    assert client.get(board_path() + "?meting=1").status_code == 200
    if app.extensions["wijkteam"].board_picture is not None:
        picture = client.get(board_path() + "/picture.png")
        assert picture.status_code == 200 and picture.mimetype == "image/png" and picture.data[:4] == b"\x89PNG"
    actions = [row.action for row in audit_rows(database) if row.subject_id == RESIDENT]
    assert actions[:4] == ["grant_access", "view_board", "print_board", "view_board"]
    with database.transaction() as session:
        views = TurnStore(session, MemoryDocument(), clock.now).board_views(RESIDENT)
    assert [who for who, _ in views] == ["Anna de Vries"] * 3
    assert views[0][1] == NOW and views[1][1] == NOW + timedelta(minutes=5)


def test_the_board_shows_every_perspective_the_differences_the_change_goals_and_own_words(client, shared):
    client.log_in()
    client.enter_code("ABCD-EFGH")
    page = client.get(board_path()).get_data(as_text=True)
    for expected in ("Bewoner", "Wijkteam", "Naaste", "cijfer voor het leven 6"):
        assert expected in page, expected
    differences = page.split('id="differences-heading"')[1].split("</section>")[0]
    assert "Wonen" in differences and "Hoe je je voelt" in differences and "Geld" not in differences
    changes = page.split('id="changes-heading"')[1].split("</section>")[0]
    assert "Meting 1" in changes and "5 → 6" in changes and "Schulden op een rij" in changes
    goals = page.split('id="goals-heading"')[1].split("</section>")[0]
    assert "Een gesprek met de buren" in goals and "Ik bel de verhuurder" in goals and "mijn zus" in goals
    words = page.split('id="words-heading"')[1].split("</section>")[0]
    assert "Minder lawaai van de buren &lt;b&gt;graag&lt;/b&gt;" in words, "own words are text, never HTML"
    assert OWN_WORDS not in page
    assert "Het huis is schoon" in words and "Het gaat op en neer" in words


def test_own_words_are_grouped_per_domain_so_the_perspectives_are_read_side_by_side(client, shared):
    client.log_in()
    client.enter_code("ABCD-EFGH")
    page = client.get(board_path()).get_data(as_text=True)
    words = page.split('id="words-heading"')[1].split("</section>")[0]
    resident_on_housing = words.index("Minder lawaai van de buren")
    professional_on_housing = words.index("Het huis is schoon")
    resident_on_contacts = words.index("Mijn zus komt elke week")
    assert resident_on_housing < professional_on_housing < resident_on_contacts
    assert words.count("<strong>Wonen</strong>") == 1


def test_pages_carry_a_strict_content_security_policy_and_are_not_cached(client, shared):
    client.log_in()
    client.enter_code("ABCD-EFGH")
    for path in ("/login", "/", board_path(), board_path() + "/print", "/nope"):
        headers = client.get(path).headers
        assert "default-src 'none'" in headers["Content-Security-Policy"], path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store", path


def test_secure_cookies_in_production(make_app, database_url, database, anna, monkeypatch):
    monkeypatch.setenv("WIJKTEAM_SECURE_COOKIES", "1")
    client = Browser(make_app(database_url))
    answer = client.log_in()
    assert "Secure" in answer.headers["Set-Cookie"]
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")


def test_the_logs_hold_no_channel_ids_and_no_sql_parameters(client, shared, caplog):
    caplog.set_level(logging.DEBUG)
    client.log_in()
    client.enter_code("ABCD-EFGH")
    client.get(board_path())
    client.get(board_path() + "/print")
    client.enter_code("ZZZZ-ZZZZ")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert RESIDENT not in text and "4242" not in text
    assert "ABCDEFGH" not in text and "ZZZZZZZZ" not in text
    assert "correct horse" not in text
