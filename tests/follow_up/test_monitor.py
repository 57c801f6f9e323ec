"""The team's learning view: `python -m bot monitor` (--json, --csv, text) and the page /monitor.

A group of 9 residents prints no figures, only that it is too small; a group of 10 is shown; own
words never appear; the page needs a login and draws its picture with matplotlib."""

import csv
import io
import json
from datetime import timedelta

import pytest

from bot.cli import main as cli
from bot.storage import models
from bot.storage.database import Database
from bot.wijkteam.monitor.figures import monitor
from tests.wijkteam.conftest import Browser, add_worker, cheap_password_hashes, clock, signing_secret  # noqa: F401
from tests.wijkteam.factories import NOW, measurement

PLANTED = "GEHEIM-eigen-woorden-7731"  # own words in every text column: never in the monitor
FIRST = NOW - timedelta(days=50)  # 2026-10-13: the fourth quarter, like NOW
SECOND = NOW - timedelta(days=5)


def add_residents(database: Database, prefix: str, count: int, scores: dict, repeat: dict = None, when=FIRST,
                  goal_review: str = None, felt_heard: int = None) -> None:  # fmt: skip
    """`count` residents with a finished board (and a repeat measurement, a reviewed goal, a check-in)."""
    with database.transaction() as session:
        for number in range(count):
            owner = f"telegram:{prefix}{number}"
            session.add(models.Participant(id=owner, consented_at=when - timedelta(days=1), follow_up_consent=True))
            session.flush()
            first = measurement(owner, owner, "inwoner", 1, scores, when, life_rating=5, rating_reason=PLANTED)
            first.domain_answers[0].story = first.domain_answers[0].wish = PLANTED
            if goal_review:
                first.goals = [models.Goal(priority=1, domain_key="geld", text=PLANTED, review=goal_review, reviewed_at=SECOND)]
            session.add(first)
            if repeat:
                session.add(measurement(owner, owner, "inwoner", 2, repeat, SECOND, life_rating=6))
            session.flush()
            if felt_heard:
                session.add(models.CheckIn(participant_id=owner, board_id=first.id, started_at=SECOND, answered_at=SECOND,
                                           felt_heard=felt_heard, remarks=PLANTED))  # fmt: skip


@pytest.fixture
def url(request) -> str:
    """SQLite; the figures themselves are checked on PostgreSQL too (test_a_group_of_ten_...)."""
    backend = getattr(request, "param", "sqlite")
    return request.getfixturevalue("sqlite_database" if backend == "sqlite" else "postgres_database")


@pytest.fixture
def database(url):
    db = Database.from_url(url)
    yield db
    db.dispose()


@pytest.fixture
def populated(database):
    """geld: 10 residents (shown); werk: 9 (too small); a quarter before with 9 residents in all."""
    add_residents(database, "a", 9, {"geld": 2, "werk": 3}, repeat={"geld": 4, "werk": 4}, goal_review="reached", felt_heard=4)
    add_residents(database, "b", 1, {"geld": 4}, repeat={"geld": 3}, goal_review="not_yet", felt_heard=2)
    add_residents(database, "old", 9, {"geld": 3, "werk": 3}, when=NOW - timedelta(days=120))  # 2026-Q3
    return database


def run_cli(capsys, url: str, *arguments: str) -> str:
    assert cli(["--database-url", url, "monitor", *arguments]) == 0
    return capsys.readouterr().out


def block(document: dict, period: str) -> dict:
    return next(item for item in document["periods"] if item["period"] == period)


def domain(period_block: dict, key: str) -> dict:
    return next(item for item in period_block["domains"] if item["domain"] == key)


@pytest.mark.parametrize("url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_a_group_of_ten_is_shown_and_a_group_of_nine_prints_no_figures(populated, url, capsys):
    document = json.loads(run_cli(capsys, url, "--json"))
    assert document["format"] == "wat-telt-monitor" and document["version"] == 1 and document["min_group"] == 10
    quarter = block(document, "2026-Q4")
    geld = domain(quarter, "geld")
    assert geld["too_small"] is False and geld["residents"] == 10 and geld["boards"] == 20
    assert geld["mean_score"] == round((9 * 2 + 4 + 9 * 4 + 3) / 20, 2)
    assert geld["change"]["residents"] == 10 and geld["change"]["mean_change"] == round((9 * 2 - 1) / 10, 2)
    assert (geld["change"]["better"], geld["change"]["worse"]) == (0.9, 0.1)
    assert geld["goals"] == {"too_small": False, "residents": 10, "reviewed": 10, "reached": 0.9, "partly": 0.0, "not_yet": 0.1}
    assert domain(quarter, "werk") == {"domain": "werk", "label": domain(quarter, "werk")["label"], "too_small": True}
    assert quarter["overall"]["residents"] == 10
    assert quarter["check_ins"]["residents"] == 10 and quarter["check_ins"]["felt_heard_mean"] == round((9 * 4 + 2) / 10, 2)
    assert block(document, "2026-Q3")["overall"] == {"too_small": True}
    assert all(item["too_small"] for item in block(document, "2026-Q3")["domains"])
    assert block(document, "2026-Q3")["check_ins"] == {"too_small": True}


def test_a_group_of_nine_shows_no_figures_anywhere(database, capsys, url):
    add_residents(database, "n", 9, {"geld": 2}, repeat={"geld": 4}, goal_review="reached", felt_heard=4)
    document = json.loads(run_cli(capsys, url, "--json"))
    for period_block in document["periods"]:
        for part in [period_block["overall"], period_block["check_ins"], *period_block["domains"]]:
            assert part["too_small"] is True
            assert not any(isinstance(value, (int, float)) and not isinstance(value, bool) for value in part.values())


def test_the_threshold_is_monitor_min_group(populated, database, monkeypatch):
    monkeypatch.setenv("MONITOR_MIN_GROUP", "11")
    with database.reading() as session:
        assert domain(block(monitor(session), "2026-Q4"), "geld")["too_small"] is True
    monkeypatch.setenv("MONITOR_MIN_GROUP", "9")
    with database.reading() as session:
        assert domain(block(monitor(session), "2026-Q4"), "werk")["too_small"] is False


def test_no_own_words_ever_appear_in_json_csv_or_text(populated, url, capsys):
    for form in (("--json",), ("--csv",), (), ("--period", "month", "--json"), ("--period", "year", "--csv")):
        assert PLANTED not in run_cli(capsys, url, *form)


def test_csv_has_one_measure_per_row_and_a_too_small_group_only_says_so(populated, url, capsys):
    rows = list(csv.DictReader(io.StringIO(run_cli(capsys, url, "--csv"))))
    assert list(rows[0]) == ["period", "instrument", "section", "domain", "measure", "value"]
    werk = [(row["measure"], row["value"]) for row in rows if row["period"] == "2026-Q4" and row["domain"] == "werk"]
    assert werk == [("too_small", "true")]
    geld = {row["measure"]: row["value"] for row in rows if row["period"] == "2026-Q4" and row["domain"] == "geld"}
    assert geld["residents"] == "10" and geld["change.residents"] == "10" and geld["goals.reached"] == "0.9"


def test_the_plain_text_says_a_small_group_is_too_small(populated, url, capsys):
    text = run_cli(capsys, url)
    assert "2026-Q4" in text and "te weinig bewoners" in text


# --- the page ---------------------------------------------------------------------------------------------


@pytest.fixture
def browser(url, database, clock):  # noqa: F811
    from bot.wijkteam.app import create_app

    add_worker(database)
    app = create_app(url, clock=clock)
    return Browser(app)


def test_the_monitor_page_needs_a_login_and_shows_the_figures_a_table_and_a_chart(populated, browser):
    assert browser.get("/monitor").status_code == 302
    assert browser.get("/monitor/grafiek/2026-Q4/wat-telt.png").status_code == 302
    browser.log_in()
    page = browser.get("/monitor")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and PLANTED not in html
    assert "Te weinig bewoners" in html and "<table" in html and "<caption" in html
    assert 'href="/monitor"' in html  # in the menu
    picture = browser.get("/monitor/grafiek/2026-Q4/wat-telt.png")
    assert picture.status_code == 200 and picture.mimetype == "image/png" and picture.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert browser.get("/monitor/grafiek/1999-Q1/wat-telt.png").status_code == 404
    assert browser.get("/monitor?indeling=maand").status_code == 200
    assert browser.get("/monitor?indeling=eeuw").status_code == 404
