"""The wijkteam page (`python -m bot.wijkteam`, as `make run` starts it) in Debian's Chromium:
logging in with the keyboard only, a shared board, an unshared board refused, audit rows written,
axe-core without violations on every page, and a 320 px wide screen without sideways scrolling."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.pseudonyms import pseudonym
from bot.storage import models
from bot.storage.database import Database
from bot.storage.migrate import upgrade_to_latest
from bot.wijkteam import accounts
from tests.conftest import ROOT, sqlite_url
from tests.wijkteam.factories import PASSWORD, SECRET, add_resident

pytestmark = pytest.mark.integration

SHARED = "telegram:31600000001"
NOT_SHARED = "telegram:31600000002"
SCREENSHOT = ROOT / "build" / "screenshots" / "wijkteam-board-320.png"  # copied to docs/wijkteam-board-phone.png
NARROW = {"width": 320, "height": 640}
START_SECONDS = 60
CALL_BACK = "na drie uur\n06 12345678"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"python -m bot.wijkteam stopped: {process.stdout.read() if process.stdout else ''}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"the wijkteam app did not answer within {START_SECONDS} s")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The app as its own process on a fresh SQLite database: a worker, a board shared with her
    (code ABCD-EFGH) and one that is not; yields (base URL, database)."""
    workdir = tmp_path_factory.mktemp("wijkteam")
    url = sqlite_url(workdir)
    upgrade_to_latest(url)
    os.environ.setdefault("SIGNING_SECRET", SECRET)  # pseudonyms here and in the server agree
    database = Database.from_url(url)
    now = datetime.now(timezone.utc)
    with database.transaction() as session:
        accounts.add_worker(session, "anna", "Anna de Vries", PASSWORD, now)
    add_resident(database, SHARED, code="ABCDEFGH", code_expires=now + timedelta(days=13))
    add_resident(database, NOT_SHARED, code="QRSTUVWX", code_expires=now + timedelta(days=13))
    with database.transaction() as session:
        session.add(models.CallbackRequest(participant_id=SHARED, created_at=now, how_to_reach=CALL_BACK))
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, HOST="127.0.0.1", WIJKTEAM_PORT=str(port), PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.wijkteam"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, database
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        database.dispose()


@pytest.fixture
def open_page(browser):
    contexts = []

    def new(viewport=NARROW, **options):
        context = browser.new_context(viewport=viewport, locale="nl-NL", **options)
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        page.errors, page.console_errors, page.requests = [], [], []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.on("request", lambda request: page.requests.append(request.url))
        return page

    yield new
    for context in contexts:
        context.close()


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def focused(page) -> str:
    return page.evaluate("document.activeElement ? (document.activeElement.id || document.activeElement.textContent.trim()) : ''")


def tab_to(page, wanted: str, most: int = 40) -> None:
    """Press Tab until the element with this id or text has the focus (keyboard only)."""
    for _ in range(most):
        if focused(page) == wanted:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{wanted!r} cannot be reached with Tab (focus is on {focused(page)!r})")


def focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => { const style = getComputedStyle(document.activeElement);
                   return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2; }"""
    )


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def log_in_with_the_keyboard(page, password: str = PASSWORD) -> None:
    tab_to(page, "username")
    page.keyboard.press("Control+A")
    page.keyboard.type("anna")
    tab_to(page, "password")
    page.keyboard.type(password)
    page.keyboard.press("Enter")


def audit_actions(database, owner: str) -> list:
    with database.transaction() as session:
        rows = session.execute(
            select(models.AuditEntry.action, models.Worker.username)
            .join(models.Worker, models.Worker.id == models.AuditEntry.worker_id)
            .where(models.AuditEntry.subject_id == owner)
            .order_by(models.AuditEntry.id)
        ).all()
    return [(action, username) for action, username in rows]


def test_a_worker_logs_in_opens_a_shared_board_by_code_and_prints_it_with_the_keyboard_only(open_page, site):
    base, database = site
    page = open_page(device_scale_factor=2)  # a sharp screenshot for docs/
    page.goto(base + "/")
    expect()(page).to_have_url(base + "/login?next=/")
    assert page.locator("html").get_attribute("lang") == "nl"

    page.keyboard.press("Tab")
    assert focused(page) in ("Naar de inhoud", "password"), "the skip link comes first (or the form, when focused already)"
    log_in_with_the_keyboard(page, password="not the password")
    expect()(page.get_by_role("alert")).to_contain_text("klopt niet")
    expect()(page.get_by_label("Gebruikersnaam")).to_have_value("anna")

    log_in_with_the_keyboard(page)
    expect()(page.get_by_role("heading", level=1)).to_have_text("Gedeelde borden")
    assert pseudonym(SHARED) not in page.content(), "nothing is shared with anna yet"

    tab_to(page, "code")
    assert focus_is_visible(page)
    page.keyboard.type("zzzz-zzzz")
    page.keyboard.press("Enter")
    expect()(page.get_by_role("alert")).to_contain_text("onbekend of werkt niet meer")
    expect()(page.get_by_label("Code van de bewoner")).to_have_value("zzzz-zzzz")

    tab_to(page, "code")
    page.keyboard.press("Control+A")
    page.keyboard.type("abcd efgh")
    page.keyboard.press("Enter")
    expect()(page).to_have_url(f"{base}/boards/{pseudonym(SHARED)}")
    expect()(page.get_by_role("heading", level=1)).to_have_text(f"Bord van {pseudonym(SHARED)}")
    expect()(page.get_by_role("table")).to_have_count(0)  # 320 px: the scores as a list per domain
    wonen = page.locator(".score-list > li", has_text="Wonen")
    expect()(wonen).to_be_visible()
    expect()(wonen.locator("dt")).to_have_text(["B Bewoner", "W Wijkteam", "N Naaste"])
    expect()(wonen.locator("dd")).to_have_text(["🙁 Niet zo goed", "🙂 Goed", "😐 Gaat wel"])
    expect()(page.locator("#differences-heading + p + ul")).to_contain_text("Wonen")
    expect()(page.get_by_text("Minder lawaai van de buren <b>graag</b>")).to_be_visible()
    assert no_horizontal_scroll(page)
    if page.locator(".picture img").count():
        expect()(page.locator(".picture img")).to_have_js_property("complete", True)
        assert page.evaluate("document.querySelector('.picture img').naturalWidth") > 0
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.getElementById('perspectives-heading').scrollIntoView()")
    page.screenshot(path=str(SCREENSHOT), full_page=False)

    tab_to(page, "Printversie")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect()(page).to_have_url(f"{base}/boards/{pseudonym(SHARED)}/print?meting=2")
    expect()(page.get_by_role("button", name="Afdrukken")).to_be_visible()  # print.js ran under the CSP

    tab_to(page, "Uitloggen")
    page.keyboard.press("Enter")
    expect()(page.get_by_role("heading", level=1)).to_have_text("Inloggen")

    actions = audit_actions(database, SHARED)
    assert ("grant_access", "anna") in actions and ("view_board", "anna") in actions and ("print_board", "anna") in actions
    assert page.errors == [], "no script errors"
    assert [text for text in page.console_errors if "Refused" in text or "Content Security Policy" in text] == []
    assert all(url.startswith(base + "/") for url in page.requests), "nothing is fetched from elsewhere"


def test_a_board_not_shared_with_the_worker_is_refused(open_page, site):
    base, database = site
    page = open_page()
    page.goto(base + "/login")
    log_in_with_the_keyboard(page)
    expect()(page.get_by_role("heading", level=1)).to_have_text("Gedeelde borden")
    for path in ("", "/print", "/picture.png"):
        answer = page.goto(f"{base}/boards/{pseudonym(NOT_SHARED)}{path}")
        assert answer.status == 403, path
    expect()(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    assert page.locator("body").inner_text().count(NOT_SHARED) == 0
    assert audit_actions(database, NOT_SHARED) == [], "nothing was shown, nothing is audited"


def axe_violations(page, axe_source: str) -> list:
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
               .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))"""
    )


@pytest.mark.parametrize("viewport", [NARROW, {"width": 1280, "height": 900}], ids=["320px", "desktop"])
def test_axe_finds_no_problems_on_any_page(open_page, site, axe_source, viewport):
    base, _ = site
    page = open_page(viewport=viewport, bypass_csp=True)  # axe is injected as an inline script
    page.goto(base + "/login")
    assert axe_violations(page, axe_source) == []
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill("wrong password")
    page.get_by_role("button", name="Inloggen").click()
    expect()(page.get_by_role("alert")).to_be_visible()
    assert axe_violations(page, axe_source) == [], "the login with its error"
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect()(page.get_by_role("heading", level=1)).to_have_text("Gedeelde borden")
    page.get_by_label("Code van de bewoner").fill("2")
    page.get_by_role("button", name="Bord openen").click()
    expect()(page.get_by_role("alert")).to_be_visible()
    assert axe_violations(page, axe_source) == [], "the list with a wrong code"
    page.get_by_label("Code van de bewoner").fill("ABCD-EFGH")
    page.get_by_role("button", name="Bord openen").click()
    expect()(page.get_by_role("heading", level=1)).to_contain_text("Bord van")
    if viewport["width"] > 640:
        table = page.get_by_role("table", name="Hoe het gaat per onderwerp, per perspectief")
        expect()(table.get_by_role("columnheader")).to_have_text(["Onderwerp", "B Bewoner", "W Wijkteam", "N Naaste"])
        expect()(table.get_by_role("row", name="Wonen")).to_contain_text("Niet zo goed")
    assert axe_violations(page, axe_source) == [], "the board"
    assert no_horizontal_scroll(page)
    page.get_by_role("link", name="Meting 1").click()
    expect()(page.locator(".meta")).to_contain_text("meting 1")
    assert axe_violations(page, axe_source) == [], "the first measurement"
    page.goto(f"{base}/boards/{pseudonym(SHARED)}/print")
    assert axe_violations(page, axe_source) == [], "the print version"
    assert no_horizontal_scroll(page)
    page.goto(f"{base}/boards/{pseudonym(NOT_SHARED)}")
    assert axe_violations(page, axe_source) == [], "the 403 page"
    page.goto(f"{base}/does-not-exist")
    assert axe_violations(page, axe_source) == [], "the 404 page"
    page.get_by_role("link", name="Terugbellen").click()
    expect()(page.get_by_role("heading", level=1)).to_have_text("Terugbellen")
    expect()(page.locator(".reach")).to_have_text(CALL_BACK)
    assert axe_violations(page, axe_source) == [], "the call-back requests"
    assert no_horizontal_scroll(page)
