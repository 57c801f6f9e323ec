"""The monitor page in Debian's Chromium (the wijkteam app as `make run` starts it): reached from the
menu after logging in, its picture loads, its tables carry the figures, axe-core finds no problems,
and a 320 px wide screen needs no sideways scrolling."""

import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from bot.storage.database import Database
from bot.storage.migrate import upgrade_to_latest
from bot.wijkteam import accounts
from tests.conftest import ROOT, sqlite_url
from tests.follow_up.test_monitor import PLANTED, add_residents
from tests.web.conftest import axe_source, browser  # noqa: F401
from tests.web.test_wijkteam_page import NARROW, axe_violations, expect, free_port, no_horizontal_scroll, open_page, wait_until_up  # noqa: F401
from tests.wijkteam.factories import PASSWORD, SECRET

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("monitor-page")
    url = sqlite_url(workdir)
    upgrade_to_latest(url)
    os.environ.setdefault("SIGNING_SECRET", SECRET)
    database = Database.from_url(url)
    with database.transaction() as session:
        accounts.add_worker(session, "anna", "Anna de Vries", PASSWORD, datetime.now(timezone.utc))
    add_residents(database, "a", 9, {"geld": 2, "werk": 3}, repeat={"geld": 4, "werk": 4}, goal_review="reached", felt_heard=4)
    add_residents(database, "b", 1, {"geld": 4}, repeat={"geld": 3}, goal_review="not_yet", felt_heard=2)
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, HOST="127.0.0.1", WIJKTEAM_PORT=str(port), PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "bot.wijkteam"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        database.dispose()


@pytest.mark.parametrize("viewport", [NARROW, {"width": 1280, "height": 900}], ids=["320px", "desktop"])
def test_the_monitor_page_is_reached_from_the_menu_and_accessible(open_page, site, axe_source, viewport):  # noqa: F811
    page = open_page(viewport=viewport, bypass_csp=True)  # axe is injected as an inline script
    page.goto(site + "/login")
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Monitor").click()
    expect()(page.get_by_role("heading", level=1)).to_contain_text("Monitor")
    table = page.get_by_role("table", name="Per onderwerp (2026-Q4)")
    expect()(table.get_by_role("row", name="Geld en rondkomen")).to_contain_text("10")
    expect()(table.get_by_role("row", name="Werk, school en dagbesteding")).to_contain_text("Te weinig bewoners")
    expect()(page.locator(".picture img").first).to_have_js_property("complete", True)
    assert page.evaluate("document.querySelector('.picture img').naturalWidth") > 0
    assert PLANTED not in page.content()
    assert axe_violations(page, axe_source) == []
    assert no_horizontal_scroll(page)
