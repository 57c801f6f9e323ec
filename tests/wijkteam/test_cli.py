"""`python -m bot worker ...` and `python -m bot audit` on SQLite and PostgreSQL: accounts, bad input
with a clear line and nothing changed, and an audit log that names boards by pseudonym only."""

import io
import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.pseudonyms import pseudonym
from bot.storage import models
from tests.wijkteam.conftest import Browser
from tests.wijkteam.factories import PASSWORD, add_resident


def run(url, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["--database-url", url, *argv])


@pytest.fixture
def cli(database_url, monkeypatch, capsys):
    def call(*argv, stdin=None):
        code = run(database_url, *argv, stdin=stdin, monkeypatch=monkeypatch)
        out, err = capsys.readouterr()
        return code, out, err

    return call


def workers(database):
    with database.transaction() as session:
        return session.execute(select(models.Worker.username, models.Worker.active).order_by(models.Worker.username)).all()


def test_add_list_and_remove_a_worker(cli, database):
    assert cli("worker", "add", "Anna", "--name", "Anna de Vries", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    code, out, _ = cli("worker", "list")
    assert code == 0 and "anna" in out and "Anna de Vries" in out and "active" in out
    with database.transaction() as session:
        stored = session.execute(select(models.Worker.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert cli("worker", "remove", "anna")[0] == 0
    assert "anna" not in cli("worker", "list")[1]
    assert "removed" in cli("worker", "list", "--all")[1]
    assert workers(database) == [("anna", False)], "kept for the audit log, without access"


@pytest.mark.parametrize(
    "argv, stdin, says",
    [
        (("worker", "add", "anna", "--name", "Anna", "--password-stdin"), "too short\n", "at least 12"),
        (("worker", "add", "a b", "--name", "Anna", "--password-stdin"), PASSWORD + "\n", "username"),
        (("worker", "add", "anna", "--name", "   ", "--password-stdin"), PASSWORD + "\n", "name"),
        (("worker", "add", "anna", "--name", "Anna"), "", "--password-stdin"),
        (("worker", "remove", "nobody"), None, "no active worker"),
        (("worker", "password", "nobody", "--password-stdin"), PASSWORD + "\n", "no active worker"),
        (("worker", "link", "nobody", "telegram:1"), None, "no active worker"),
    ],
)
def test_bad_input_gets_one_clear_line_and_changes_nothing(cli, database, argv, stdin, says):
    code, out, err = cli(*argv, stdin=stdin)
    assert code == 1 and says in err and "Traceback" not in err
    assert workers(database) == []


def test_a_username_is_never_given_twice_not_even_after_removal(cli, database):
    cli("worker", "add", "anna", "--name", "Anna", "--password-stdin", stdin=PASSWORD + "\n")
    cli("worker", "remove", "anna")
    code, _, err = cli("worker", "add", "ANNA", "--name", "Anna 2", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 1 and "exists" in err
    assert workers(database) == [("anna", False)]


def test_a_new_password_lifts_the_lock_out(cli, make_app, database_url, database, clock):
    clock.now = datetime.now(timezone.utc)  # the CLI reads the real clock
    cli("worker", "add", "anna", "--name", "Anna", "--password-stdin", stdin=PASSWORD + "\n")
    client = Browser(make_app(database_url))
    for _ in range(5):
        client.log_in(password="wrong password!")
    assert client.log_in().status_code == 429
    assert "locked" in cli("worker", "list")[1]
    assert cli("worker", "password", "anna", "--password-stdin", stdin="a brand new passphrase\n")[0] == 0
    assert client.log_in().status_code == 401, "the old password is gone"
    assert client.log_in(password="a brand new passphrase").status_code == 302


def test_a_chat_identity_belongs_to_one_worker(cli):
    for name in ("anna", "bert"):
        cli("worker", "add", name, "--name", name.title(), "--password-stdin", stdin=PASSWORD + "\n")
    assert cli("worker", "link", "anna", "telegram:777")[0] == 0
    code, _, err = cli("worker", "link", "bert", "telegram:777")
    assert code == 1 and "another worker" in err
    assert cli("worker", "link", "anna", "not-a-chat-id")[0] == 1
    assert "telegram:777" in cli("worker", "list")[1]
    assert cli("worker", "unlink", "anna", "telegram:777")[0] == 0
    assert cli("worker", "unlink", "anna", "telegram:777")[0] == 1


def test_the_audit_log_names_the_worker_the_board_by_pseudonym_and_the_time(cli, make_app, database_url, database):
    owner = "telegram:5550123"
    add_resident(database, owner)
    cli("worker", "add", "anna", "--name", "Anna de Vries", "--password-stdin", stdin=PASSWORD + "\n")
    client = Browser(make_app(database_url))
    client.log_in()
    client.enter_code("ABCD-EFGH")
    client.get(f"/boards/{pseudonym(owner)}")
    client.get(f"/boards/{pseudonym(owner)}/print")
    code, out, _ = cli("audit")
    assert code == 0
    assert owner not in out and "5550123" not in out
    lines = [line for line in out.splitlines() if pseudonym(owner) in line]
    assert [line.split()[-2] for line in lines] == ["grant_access", "view_board", "print_board"]
    assert all("worker:anna (Anna de Vries)" in line for line in lines)
    rows = [json.loads(line) for line in cli("audit", "--json", "--board", pseudonym(owner))[1].splitlines()]
    assert [row["action"] for row in rows] == ["grant_access", "view_board", "print_board"]
    assert {row["worker"] for row in rows} == {"Anna de Vries"} and rows[1]["at"].startswith("2026-12-02T10:00")
    assert len(cli("audit", "--limit", "1")[1].splitlines()) == 1
    assert cli("audit", "--worker", "nobody")[1].startswith("no audit rows")
    assert cli("audit", "--since", "yesterday")[0] == 2
    assert cli("audit", "--limit", "0")[0] == 2


def test_a_database_without_the_tables_gets_a_clear_line(tmp_path, monkeypatch, capsys):
    code = run(f"sqlite:///{tmp_path / 'empty.db'}", "worker", "list", monkeypatch=monkeypatch)
    assert code == 1 and "python -m bot migrate" in capsys.readouterr().err
