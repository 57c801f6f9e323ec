"""A real Rasa + action server for the web chat tests (one per module), and Debian's Chromium.

The browser is /usr/bin/chromium (scripts/ensure_browser.sh installs it), driven with the pip
package playwright; no browser build is ever downloaded (`playwright install` is never run).
"""

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
PAGE_PATH = "/webhooks/webchat/"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/ensure_browser.sh (make browser) as root to install Debian's chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the pip package playwright is missing: run make setup")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser, stack):
    """`new_page(**context_options)`: a page in a fresh browser profile (its own localStorage)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)  # one turn goes through NLU and the action server
    contexts = []

    def open_page(**options):
        context = browser.new_context(**{"viewport": PHONE, "locale": "nl-NL", **options})
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run scripts/ensure_browser.sh (needs npm and the npm registry)")
    return AXE.read_text()


def post(url: str, body, raw: bool = False):
    """(status, parsed JSON or None) of a POST; never raises for HTTP errors."""
    data = body if raw else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, payload = error.code, error.read()
    try:
        return status, json.loads(payload)
    except ValueError:
        return status, None
