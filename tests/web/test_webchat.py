"""The web chat page and its API, against the real Rasa and action servers, in Debian's Chromium."""

import re
from urllib.parse import urljoin

import pytest

from bot.content import load_instrument, load_texts
from bot.understanding.message import choice_payload
from tests.conftest import ROOT
from tests.web.conftest import PAGE_PATH, post

pytestmark = pytest.mark.integration

TEXTS = load_texts("board")
CHANNEL_TEXTS = load_texts("channels")
INSTRUMENT = load_instrument()
TOKEN_KEY = "wat-telt-webchat-token"
ERROR_TEXT = CHANNEL_TEXTS.say("web_error_unavailable")  # the page says the same when the server cannot be reached
FORGOTTEN_NOTICE = "Alles is gewist. Er is niets meer van jou bewaard."  # the page's own line
SCREENSHOT = ROOT / "build" / "screenshots" / "webchat-phone.png"  # copy to docs/ when the page changes
SPEECH_RECORDER = """
(() => {
  // Chromium here has no voices: a speechSynthesis that records what the page asks of it.
  const calls = [];
  window.__speech = calls;
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ""; this.voice = null; } };
  const voices = [
    {name: "English", lang: "en-US", localService: true, default: true},
    {name: "Online Nederlands", lang: "nl-NL", localService: false, default: false},
    {name: "Nederlands", lang: "nl-NL", localService: true, default: false},
  ];
  Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
    speak(u) { calls.push({kind: "speak", text: u.text, lang: u.lang, voice: u.voice && u.voice.name}); },
    cancel() { calls.push({kind: "cancel"}); },
    getVoices() { return voices; },
    addEventListener() {},
  }});
})();
"""
CONSENT_QUESTION = TEXTS.say("consent_question")
RATING_QUESTION = TEXTS.say("life_rating_question")
DOMAIN_QUESTION = TEXTS.say("first_domain_question")
SKIP_QUESTION = TEXTS.say("button_skip_question")


def domain_question(key: str) -> str:
    return INSTRUMENT.domain_question(key)


def follow_up_question(key: str, number: int) -> str:
    return INSTRUMENT.follow_up_question(INSTRUMENT.follow_ups[number], key)


@pytest.fixture(scope="module", autouse=True)
def warm(stack):
    """The first turn of a fresh stack loads the content and the NLU model (long on a busy machine):
    taken here, once, so the page tests wait for the page and not for that."""
    import json
    import urllib.request

    _, session = post(stack.url + PAGE_PATH + "session", {})
    body = json.dumps({"token": session["token"], "message": "hoi"}).encode()
    request = urllib.request.Request(stack.url + PAGE_PATH + "message", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300):
        pass
    post(stack.url + PAGE_PATH + "forget", {"token": session["token"]})


# --- helpers ---------------------------------------------------------------------------------
def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def open_chat(page, stack):
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(stack.url + PAGE_PATH)
    return page


def last_bot_text(page):
    return page.locator("#log .msg-bot .text").last


def answer_field(page):
    return page.get_by_label("Jouw antwoord")


def say(page, text: str) -> None:
    answer_field(page).fill(text)
    answer_field(page).press("Enter")


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def asks(page, question: str) -> None:
    expect()(last_bot_text(page)).to_have_text(question)


def token_of(page) -> str:
    return page.evaluate(f"localStorage.getItem({TOKEN_KEY!r})")


def participant_of(page) -> str:
    token = token_of(page)
    assert token, "the page keeps a session token"
    participant = token.rpartition(".")[0]
    assert re.fullmatch(r"web:[0-9a-f]{32}", participant)
    return participant


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def to_the_domains(page, stack, rating: str = "7") -> None:
    open_chat(page, stack)
    asks(page, CONSENT_QUESTION)
    press(page, "Ja")
    asks(page, RATING_QUESTION)
    say(page, rating)
    asks(page, TEXTS.say("rating_reason_question", rating=int(rating), lower=max(0, int(rating) - 2)))
    press(page, SKIP_QUESTION)
    asks(page, DOMAIN_QUESTION)


def start_to_the_smileys(page, stack, rating: str = "7", domain: str = "Wonen") -> None:
    to_the_domains(page, stack, rating)
    press(page, domain)
    expect()(page.get_by_role("button", name="Heel slecht", exact=True)).to_be_visible()


# --- the resident's way through the page -------------------------------------------------------
def test_a_resident_starts_answers_and_continues_after_a_reload(new_page, stack):
    page = new_page(device_scale_factor=2)  # a sharp screenshot for docs/
    page.add_init_script(SPEECH_RECORDER)  # "Lees voor" as on a phone with a Dutch voice
    open_chat(page, stack)
    expect()(page.locator("h1")).to_have_text("Wat telt")
    expect()(page.locator("#log")).to_contain_text(TEXTS.say("welcome").splitlines()[0])
    asks(page, CONSENT_QUESTION)
    assert page.locator("html").get_attribute("lang") == "nl"

    press(page, "Ja")
    expect()(page.locator("#log .msg-user").last).to_have_text("Jij: Ja")
    asks(page, RATING_QUESTION)
    expect()(answer_field(page)).to_be_focused()

    say(page, "een 7")
    expect()(page.locator("#log .msg-user").last).to_have_text("Jij: een 7")
    asks(page, TEXTS.say("rating_reason_question", rating=7, lower=5))
    expect()(answer_field(page)).to_have_value("")
    expect()(answer_field(page)).to_be_focused()
    press(page, SKIP_QUESTION)
    asks(page, DOMAIN_QUESTION)

    press(page, "Wonen")
    asks(page, domain_question("wonen"))
    smileys = page.locator(".choice-smiley")
    assert smileys.count() == 5
    for box in (button.bounding_box() for button in page.locator(".choice").all()):
        assert box["width"] >= 44 and box["height"] >= 44, box
    assert page.locator(".choices").count() == 1, "only the open question has buttons"
    page.mouse.move(0, 0)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    press(page, "Niet zo goed")
    expect()(page.locator("#log .msg-user").last).to_have_text("Jij: 🙁 Niet zo goed")
    asks(page, follow_up_question("wonen", 0))
    participant, token = participant_of(page), token_of(page)

    page.reload()
    expect()(page.locator("#log .msg-bot .text").first).to_contain_text(TEXTS.say("welcome_back", where="").split(".")[0])
    asks(page, follow_up_question("wonen", 0))  # the same open question
    assert token_of(page) == token, "a reload keeps the session"
    expect()(page.locator("#log")).not_to_contain_text(CONSENT_QUESTION)  # the transcript is not kept in the browser
    assert page.evaluate("Object.keys(localStorage)") == [TOKEN_KEY]
    assert page.evaluate("sessionStorage.length") == 0

    say(page, "Ik woon dicht bij mijn werk.")
    asks(page, follow_up_question("wonen", 1))
    expect()(page.locator("#log .msg-user").last).to_have_text("Jij: Ik woon dicht bij mijn werk.")

    board = stack.export(participant)["measurements"][0]
    wonen = next(domain for domain in board["domains"] if domain["key"] == "wonen")
    assert board["life_rating"] == 7
    assert (wonen["status"], wonen["score"], wonen["goes_well"]) == ("answered", 2, "Ik woon dicht bij mijn werk.")
    assert page.errors == []
    assert all(url.startswith(stack.url + "/") for url in page.requests), "nothing is fetched from elsewhere"


def test_a_whole_board_ends_with_the_picture_and_the_pdf(new_page, stack):
    page = new_page()
    start_to_the_smileys(page, stack, rating="6", domain="Geld en rondkomen")
    press(page, "Goed")
    asks(page, follow_up_question("geld", 0))
    say(page, "Ik betaal de huur <b>op tijd</b>.")
    expect()(page.locator("#log .msg-user").last).to_have_text("Jij: Ik betaal de huur <b>op tijd</b>.")  # text, not HTML
    asks(page, follow_up_question("geld", 1))
    press(page, TEXTS.say("button_next_domain"))
    asks(page, TEXTS.say("look_further_question"))
    say(page, "nee")
    asks(page, TEXTS.say("goals_question"))
    say(page, "nee")
    asks(page, TEXTS.say("network_people_question"))
    press(page, TEXTS.say("button_skip_section"))

    picture = page.get_by_role("img", name="Je bord als plaatje")
    expect()(picture).to_be_visible()
    page.wait_for_function(
        "() => { const i = document.querySelector('img.board'); return i && i.complete && i.naturalWidth > 0; }"
    )
    bubble = page.locator(".msg-bot", has=picture)
    assert picture.bounding_box()["width"] >= bubble.bounding_box()["width"] - 40, "the picture fills its bubble"

    link = page.get_by_role("link", name="Download je overzicht (PDF)")
    expect()(link).to_be_visible()
    pdf = page.request.get(urljoin(page.url, link.get_attribute("href")))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    asks(page, TEXTS.say("follow_up_question"))

    assert page.locator("#log b").count() == 0
    board = stack.export(participant_of(page))["measurements"][0]
    assert board["completed_at"] is not None and board["life_rating"] == 6
    assert board["domains"][0]["goes_well"] == "Ik betaal de huur <b>op tijd</b>."
    assert page.errors == []


def test_delete_my_data_asks_first_then_deletes_everything(new_page, stack):
    page = new_page()
    to_the_domains(page, stack, rating="5")
    participant = participant_of(page)
    assert stack.export(participant)["measurements"]
    assert stack.tracker_event_count(participant) > 0

    forget = page.get_by_role("button", name="Verwijder mijn gegevens", exact=True)
    forget.click()
    dialog = page.get_by_role("dialog", name="Alles verwijderen?")
    expect()(dialog).to_be_visible()
    dialog.get_by_role("button", name="Nee, niet wissen").click()
    expect()(dialog).to_be_hidden()
    expect()(forget).to_be_focused()
    assert token_of(page) and stack.export(participant)["measurements"], "no means nothing is deleted"

    forget.click()
    dialog.get_by_role("button", name="Ja, wis alles").click()
    expect()(page.locator("#log .msg-notice")).to_contain_text(FORGOTTEN_NOTICE)
    assert page.locator("#log .msg-bot").count() == 0
    assert token_of(page) is None
    assert stack.export(participant) == {"participant": participant, "measurements": []}
    assert stack.tracker_event_count(participant) == 0

    press(page, "Opnieuw beginnen")
    asks(page, CONSENT_QUESTION)
    assert participant_of(page) != participant
    assert stack.export(participant) == {"participant": participant, "measurements": []}
    assert page.errors == []


def test_when_the_server_cannot_be_reached_the_typed_text_stays(new_page, stack):
    page = open_chat(new_page(), stack)
    asks(page, CONSENT_QUESTION)
    route = "**/webhooks/webchat/message"
    page.route(route, lambda request: request.abort())
    say(page, "ja hoor")
    expect()(page.locator("#status")).to_have_text(ERROR_TEXT)
    expect()(answer_field(page)).to_have_value("ja hoor")
    assert page.locator("#log .msg-user").count() == 0
    page.unroute(route)

    page.route(route, lambda request: request.fulfill(status=503, content_type="application/json", body="{}"))
    answer_field(page).press("Enter")
    expect()(page.locator("#status")).to_have_text(ERROR_TEXT)
    expect()(answer_field(page)).to_have_value("ja hoor")
    page.unroute(route)

    answer_field(page).press("Enter")
    asks(page, RATING_QUESTION)
    expect()(page.locator("#status")).to_have_text("")
    expect()(answer_field(page)).to_have_value("")
    assert stack.export(participant_of(page))["measurements"], "the consent was given once it got through"


# --- accessibility and layout -------------------------------------------------------------------
def axe_violations(page, axe_source: str) -> list:
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
               .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))"""
    )


def test_axe_finds_no_accessibility_problems(new_page, stack, axe_source):
    page = new_page(bypass_csp=True)  # axe is injected as an inline script
    start_to_the_smileys(page, stack)
    assert axe_violations(page, axe_source) == []

    page.get_by_role("button", name="Verwijder mijn gegevens", exact=True).click()
    expect()(page.get_by_role("dialog")).to_be_visible()
    assert axe_violations(page, axe_source) == []


def test_no_horizontal_scrolling_at_320_px_and_200_percent_text(new_page, stack):
    page = new_page(viewport={"width": 320, "height": 640})
    to_the_domains(page, stack, rating="8")  # fourteen topic buttons with long names
    assert no_horizontal_scroll(page)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert no_horizontal_scroll(page)
    press(page, "Lichamelijke gezondheid")
    expect()(page.get_by_role("button", name="Heel slecht", exact=True)).to_be_visible()
    assert no_horizontal_scroll(page)
    for box in (button.bounding_box() for button in page.locator(".choice").all()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box


IN_SIGHT = """element => {
    const box = element.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return box.top >= 0 && box.bottom <= window.innerHeight && hit !== null && element.contains(hit);
}"""


def test_every_smiley_and_the_question_are_in_sight_on_a_small_phone(new_page, stack):
    """At 360 x 640 the fifth smiley was under the input after a topic was chosen: a resident saw
    the scale end at "Goed". Each button is on screen and not covered (by the input or the board)."""
    page = new_page(viewport={"width": 360, "height": 640})
    start_to_the_smileys(page, stack, domain="Geld en rondkomen")
    settled(page)
    for point in INSTRUMENT.scale.points:
        assert page.get_by_role("button", name=point.label, exact=True).evaluate(IN_SIGHT), point.label
    question = page.locator("#log .msg-bot .text").last
    assert question.evaluate(IN_SIGHT), "the question itself stays in sight"


def test_a_resident_writing_arabic_gets_the_line_in_arabic_right_to_left(new_page, stack):
    """Not understood in Arabic: the one line in Arabic (with the wijkteam's number), shown right to
    left, and the resident's own Arabic too; the Dutch question after it stays left to right."""
    from bot.content import load_contacts
    from bot.understanding.lexicon import other_languages

    page = new_page(viewport={"width": 360, "height": 640})
    open_chat(page, stack)
    asks(page, CONSENT_QUESTION)
    say(page, "لا أفهم، أتكلم العربية فقط")
    line = other_languages().languages["arabic"].line.format(phone=load_contacts().phone)
    arabic = page.locator("#log .msg-bot .text", has_text=line)
    expect()(arabic).to_have_count(1)
    assert arabic.evaluate("node => getComputedStyle(node).direction") == "rtl"
    assert arabic.evaluate("node => node.closest('[lang]').lang") == "ar", "a screen reader speaks it as Arabic"
    assert (
        page.locator("#log .msg-bot", has_text=line).get_by_role("button", name="Lees voor").count() == 0
    )  # no Dutch voice for it
    assert page.locator("#log .msg-user .text").last.evaluate("node => getComputedStyle(node).direction") == "rtl"
    asks(page, CONSENT_QUESTION)
    assert last_bot_text(page).evaluate("node => getComputedStyle(node).direction") == "ltr"


def test_the_phone_number_question_opens_the_number_pad(new_page, stack):
    """A call-back without a number asks for one: the field offers the phone's number pad and its own
    number (autocomplete), and is plain text again for the next question."""
    page = new_page(viewport={"width": 360, "height": 640})
    start_to_the_smileys(page, stack)
    asked = last_bot_text(page).inner_text()
    say(page, "ik wil iemand spreken")
    asks(page, TEXTS.say("person_offer_callback"))
    press(page, "Ja")
    asks(page, TEXTS.say("person_callback_how"))
    say(page, "morgen na drie uur")
    asks(page, TEXTS.say("person_callback_phone"))
    settled(page)
    assert answer_field(page).get_attribute("inputmode") == "tel"
    assert answer_field(page).get_attribute("autocomplete") == "tel"
    say(page, "06 12345678")
    asks(page, asked)
    settled(page)
    assert answer_field(page).get_attribute("inputmode") is None


# --- on the phone: the topics as a grid, the live board, "Lees voor", retries ---------------------
# While a message is on its way the log is aria-busy: tests wait for that, never for time.
BOARD_SCREENSHOT = SCREENSHOT.parent / "webchat-phone-board.png"


def settled(page) -> None:
    """The page has the assistant's answer (no message on its way)."""
    expect()(page.locator("#log")).not_to_have_attribute("aria-busy", "true")


def choose(page, name: str) -> None:
    press(page, name)
    settled(page)


def to_the_next_topic(page, key: str) -> None:
    """From a topic's follow-up question to the smileys of the next topic."""
    choose(page, TEXTS.say("button_next_domain"))
    if last_bot_text(page).inner_text() == TEXTS.say("look_further_question"):
        choose(page, TEXTS.say("button_look_further_yes"))
    asks(page, domain_question(key))


def live_row(page, label: str):
    return page.locator("#live-list .live-row", has=page.locator(".live-label", has_text=label))


def current_row(page):
    return page.locator("#live-list [aria-current=step] .live-label")


def open_board(page) -> None:
    toggle = page.locator("#live-toggle")
    expect()(toggle).to_be_visible()
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    expect()(page.locator("#live-list")).to_be_visible()


def close_board(page) -> None:
    """The open board covers the chat on a phone: closed again before answering."""
    toggle = page.locator("#live-toggle")
    if toggle.get_attribute("aria-expanded") == "true":
        toggle.click()
    expect()(page.locator("#live-list")).to_be_hidden()


def look(locator) -> str:
    return locator.evaluate("b => ['borderStyle', 'borderColor', 'backgroundColor'].map(p => getComputedStyle(b)[p]).join()")


def domain_of(stack, participant: str, key: str) -> dict:
    return next(d for d in stack.export(participant)["measurements"][0]["domains"] if d["key"] == key)


def test_the_topics_come_as_a_grid_and_the_live_board_fills_in_as_the_resident_answers(new_page, stack):
    page = new_page(device_scale_factor=2)  # a sharp screenshot for docs/
    page.add_init_script(SPEECH_RECORDER)
    to_the_domains(page, stack)
    topics = page.locator("#log .choices-grid .choice")
    assert topics.count() == len(INSTRUMENT.domains) + 1  # and "Weet ik niet"
    boxes = [button.bounding_box() for button in topics.all()]
    for box in boxes:
        assert box["width"] >= 44 and box["height"] >= 44, box
    assert len({round(box["x"]) for box in boxes}) >= 2, "the topics sit side by side"
    grid = page.locator("#log .choices-grid").bounding_box()
    assert grid["height"] < 0.6 * sum(box["height"] for box in boxes), "not 14 stacked buttons"
    expect()(page.locator("#live")).to_be_hidden()  # no board before the first topic

    choose(page, "Wonen")
    smileys = page.locator("#log .choice-smiley")
    expect()(smileys).to_have_count(5)
    for smiley in smileys.all():  # the emoji with its words, a big target
        assert smiley.locator(".emoji").inner_text().strip() and smiley.locator(".label").inner_text().strip()
        box = smiley.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    answer_look = look(smileys.first)
    expect()(page.locator("#live")).to_be_visible()
    open_board(page)
    expect()(page.locator("#live-list .live-row")).to_have_count(len(INSTRUMENT.domains))
    expect()(page.locator("#live-list [aria-current=step]")).to_have_count(1)
    expect()(current_row(page)).to_have_text("Wonen")
    expect()(page.locator("#live-list .live-answered")).to_have_count(0)
    close_board(page)

    smileys.nth(1).click()  # 🙁
    settled(page)
    expect()(page.locator("#live-count")).to_contain_text(f"1 van {len(INSTRUMENT.domains)}")
    open_board(page)  # filled in at once
    expect()(live_row(page, "Wonen")).to_have_class(re.compile(r"\blive-answered\b"))
    expect()(live_row(page, "Wonen").locator(".live-face")).to_have_text("🙁")
    close_board(page)

    next_topic, talk = page.locator("#log .choice-next"), page.locator("#log .choice-talk")
    expect()(next_topic).to_have_text(TEXTS.say("button_next_domain"))
    expect()(talk).to_have_text(TEXTS.say("button_talk_about"))
    looks = {look(next_topic), look(talk)}
    assert len(looks) == 2 and answer_look not in looks, "moving on and marking a topic look unlike the answers"
    to_the_next_topic(page, "geld")
    open_board(page)  # the assistant's own board, with the next topic
    expect()(live_row(page, "Wonen").locator(".live-face")).to_have_text("🙁")
    expect()(current_row(page)).to_have_text("Geld en rondkomen")
    page.mouse.move(0, 0)
    page.screenshot(path=str(BOARD_SCREENSHOT))
    assert page.errors == []


def test_tapping_a_topic_on_the_live_board_chooses_marks_or_changes_it(new_page, stack):
    page = new_page()
    start_to_the_smileys(page, stack, domain="Werk, school en dagbesteding")
    say(page, "terug")  # back to where to begin: every topic on the board is one of its buttons
    asks(page, DOMAIN_QUESTION)
    open_board(page)
    expect()(page.locator("#live-list button[data-action=choose]")).to_have_count(len(INSTRUMENT.domains))
    live_row(page, "Wonen").click()
    settled(page)
    expect()(page.locator("#log .msg-user").last).to_have_text("Jij: Wonen")  # the same as its button
    asks(page, domain_question("wonen"))
    page.locator("#log .choice-smiley").nth(3).click()  # 🙂
    settled(page)
    participant = participant_of(page)

    open_board(page)  # the topic of now: "Hier wil ik over praten", as its button
    row = live_row(page, "Wonen")
    expect()(row).to_have_attribute("data-action", "talk")
    expect()(page.locator("#live-list button")).to_have_count(1)  # nothing else to tap yet
    row.click()
    settled(page)
    expect()(page.locator("#live-list")).to_be_hidden()  # the answer comes in the chat
    expect()(page.locator("#log .msg-user").last).to_have_text("Jij: " + TEXTS.say("button_talk_about"))
    assert domain_of(stack, participant, "wonen")["talk_about"] is True
    open_board(page)
    expect()(live_row(page, "Wonen").locator(".live-badge-talk")).to_be_visible()
    expect()(page.locator("#live-list button")).to_have_count(0)
    close_board(page)

    to_the_next_topic(page, "geld")
    open_board(page)  # a topic answered before, while a smiley question is open: change it
    expect()(page.locator("#live-list button")).to_have_count(1)
    row = live_row(page, "Wonen")
    expect()(row).to_have_attribute("data-action", "change")
    row.click()
    settled(page)
    expect()(page.locator("#log .msg-user").last).to_contain_text("wonen")
    say(page, "heel goed")
    settled(page)
    assert (domain_of(stack, participant, "wonen")["score"], domain_of(stack, participant, "wonen")["talk_about"]) == (5, True)
    assert domain_of(stack, participant, "geld")["status"] == "open", "a tap is never taken as an answer"
    assert page.errors == []


def test_lees_voor_reads_a_message_aloud_with_a_dutch_voice_on_the_device(new_page, stack):
    page = new_page()
    page.add_init_script(SPEECH_RECORDER)
    open_chat(page, stack)
    asks(page, CONSENT_QUESTION)
    settled(page)
    requests_before = len(page.requests)
    question = page.locator("#log .msg-bot").last
    read = question.get_by_role("button", name="Lees voor")
    read.click()
    spoken = page.evaluate("window.__speech.filter(c => c.kind === 'speak')")
    assert len(spoken) == 1
    assert spoken[0]["lang"].startswith("nl") and spoken[0]["voice"] == "Nederlands", "the Dutch voice on the device"
    assert CONSENT_QUESTION in spoken[0]["text"]
    assert all(TEXTS.say(key) in spoken[0]["text"] for key in ("button_yes", "button_no")), "and the choices"
    stop = question.get_by_role("button", name="Stop")
    expect()(stop).to_be_visible()

    stop.click()  # pressed again: stops
    assert page.evaluate("window.__speech.at(-1).kind") == "cancel"
    expect()(read).to_be_visible()

    read.click()
    earlier = page.locator("#log .msg-bot").first
    earlier.get_by_role("button", name="Lees voor").click()  # another one: the first stops
    calls = page.evaluate("window.__speech")
    assert [call["kind"] for call in calls[-2:]] == ["cancel", "speak"]
    assert earlier.locator(".text").inner_text() in calls[-1]["text"]
    expect()(question.get_by_role("button", name="Lees voor")).to_be_visible()
    assert len(page.requests) == requests_before, "reading aloud uses no network"
    assert page.errors == []


def test_lees_voor_is_not_shown_without_a_dutch_voice(new_page, stack):
    page = open_chat(new_page(), stack)  # Chromium here has no voices at all
    asks(page, CONSENT_QUESTION)
    expect()(page.get_by_role("button", name="Lees voor")).to_have_count(0)  # neither seen nor in the tab order


def test_a_retry_sends_the_same_message_id_and_the_assistant_applies_it_once(new_page, stack):
    page = open_chat(new_page(), stack)
    asks(page, CONSENT_QUESTION)
    settled(page)
    sent = []
    route = "**/webhooks/webchat/message"

    def answer_lost(request_route):  # the server gets the message, the phone never hears back
        request_route.fetch()
        request_route.abort()

    page.on("request", lambda request: sent.append(request.post_data_json) if request.url.endswith("/message") else None)
    page.route(route, answer_lost)
    choose(page, "Ja")
    expect()(page.locator("#status")).to_have_text(ERROR_TEXT)
    retry = page.get_by_role("button", name="Probeer opnieuw")
    page.unroute(route)
    retry.click()
    settled(page)
    asks(page, RATING_QUESTION)  # the next question, not "that button belongs to an earlier question"
    expect()(retry).to_be_hidden()

    page.route(route, lambda request_route: request_route.abort())
    say(page, "een 6")
    expect()(page.locator("#status")).to_have_text(ERROR_TEXT)
    expect()(answer_field(page)).to_have_value("een 6")
    page.unroute(route)
    answer_field(page).press("Enter")  # the typed text stayed: Enter again
    settled(page)
    expect()(answer_field(page)).to_have_value("")

    ids = [body["message_id"] for body in sent]
    assert all(re.fullmatch(r"[A-Za-z0-9._:-]{1,64}", i) for i in ids)
    assert len(ids) == 4 and ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2], "a retry repeats its id, nothing else"
    assert [body["message"] for body in sent[2:]] == ["een 6", "een 6"]
    assert stack.export(participant_of(page))["measurements"][0]["life_rating"] == 6
    assert page.errors == []


def test_axe_finds_no_problems_with_the_live_board_open(new_page, stack, axe_source):
    page = new_page(bypass_csp=True)  # axe is injected as an inline script
    page.add_init_script(SPEECH_RECORDER)  # with the "Lees voor" buttons
    to_the_domains(page, stack)
    assert axe_violations(page, axe_source) == []  # the grid of topics
    choose(page, "Wonen")
    open_board(page)
    assert axe_violations(page, axe_source) == []  # nothing to tap on the board yet
    close_board(page)
    page.locator("#log .choice-smiley").first.click()
    settled(page)
    open_board(page)
    assert axe_violations(page, axe_source) == []  # a row to tap


def test_the_board_and_the_topics_fit_at_320_px_and_200_percent_text(new_page, stack):
    page = new_page(viewport={"width": 320, "height": 640})
    page.add_init_script(SPEECH_RECORDER)
    to_the_domains(page, stack)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert no_horizontal_scroll(page)
    choose(page, "Hoe je je voelt")
    open_board(page)
    assert no_horizontal_scroll(page)
    for selector in ("#live-list .live-row", "#log .choice", "#log .read-aloud", "#live-toggle"):
        for box in (item.bounding_box() for item in page.locator(selector).all()):
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (selector, box)


def test_keyboard_only_every_control_is_reached_and_works(new_page, stack):
    page = new_page()
    page.add_init_script(SPEECH_RECORDER)
    to_the_domains(page, stack)
    topic = page.get_by_role("button", name="Wonen", exact=True)
    topic.focus()
    page.keyboard.press("Space")
    settled(page)
    expect()(answer_field(page)).to_be_focused()

    toggle = page.locator("#live-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    expect()(toggle).to_have_attribute("aria-expanded", "true")
    page.evaluate("document.activeElement.blur()")
    reachable = "button, input, a[href], [tabindex='0']"
    for _ in range(page.locator(reachable).count() + 2):  # Tab through the whole page
        page.keyboard.press("Tab")
        page.evaluate("document.activeElement.dataset.reached = 'yes'")
    unreached = page.evaluate(
        f"""() => [...document.querySelectorAll("{reachable}")]
             .filter(e => e.getClientRects().length && !e.dataset.reached).map(e => e.id || e.textContent.trim())"""
    )
    assert unreached == []

    page.locator("#log .msg-bot").last.get_by_role("button", name="Lees voor").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.__speech.filter(c => c.kind === 'speak').length") == 1
    page.locator("#log .choice-smiley").nth(2).focus()
    page.keyboard.press("Enter")
    settled(page)
    expect()(answer_field(page)).to_be_focused()  # back to typing, as after an answer
    expect()(live_row(page, "Wonen")).to_have_class(re.compile(r"\blive-answered\b"))
    live_row(page, "Wonen").focus()
    page.keyboard.press("Enter")  # "Hier wil ik over praten", from the board
    settled(page)
    expect()(page.locator("#log .msg-user").last).to_have_text("Jij: " + TEXTS.say("button_talk_about"))

    forget = page.get_by_role("button", name="Verwijder mijn gegevens")
    forget.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect()(dialog.get_by_role("button", name="Nee, niet wissen")).to_be_focused()
    page.keyboard.press("Escape")
    expect()(dialog).to_be_hidden()
    expect()(forget).to_be_focused()
    assert page.errors == []


# --- the API ------------------------------------------------------------------------------------
def test_the_api_refuses_bad_input_with_4xx_and_never_5xx(stack):
    base = stack.url + PAGE_PATH
    status, session = post(base + "session", {})
    assert status == 200 and re.fullmatch(r"web:[0-9a-f]{32}\.[0-9a-f]{32}", session["token"])
    token = session["token"]
    participant = token.rpartition(".")[0]

    forged = participant + "." + "0" * 32
    other_kind = "3.png.9999999999." + token.rpartition(".")[2]
    cases = [
        ({"message": "hoi"}, 403),
        ({"token": "", "message": "hoi"}, 403),
        ({"token": forged, "message": "hoi"}, 403),
        ({"token": other_kind, "message": "hoi"}, 403),
        ({"token": 12, "message": "hoi"}, 403),
        ({"token": token}, 400),
        ({"token": token, "message": None}, 400),
        ({"token": token, "message": ["hoi"]}, 400),
        ({"token": token, "message": ""}, 400),
        ({"token": token, "message": " \n\t "}, 400),
        ({"token": token, "message": "x" * 5001}, 413),
    ]
    for body, expected in cases:
        status, reply = post(base + "message", body)
        assert status == expected, (body if len(str(body)) < 200 else "long message", status, reply)
        assert isinstance(reply["error"], str) and reply["error"]
    assert post(base + "message", {"token": token, "message": "  "})[1]["error"] == CHANNEL_TEXTS.say("web_error_empty")
    for raw, expected in ((b"{not json", 400), (b"", 400), (b"[]", 400), (b'"hoi"', 400), (b"\xff\xfe", 400)):
        status, reply = post(base + "message", raw, raw=True)
        assert status == expected and reply["error"], (raw[:20], status)
    for raw, expected in ((b"[" * 60_000, 400), (b"{" * 100_000, 413)):  # too deep, too large
        status, reply = post(base + "message", raw, raw=True)
        assert status == expected and reply["error"], (raw[:20], status)
    assert post(base + "forget", {"token": forged})[0] == 403
    assert post(base + "forget", b"nope", raw=True)[0] == 400

    status, reply = post(base + "message", {"token": token, "message": "hoi"})
    assert status == 200 and reply[-1] == {
        "text": CONSENT_QUESTION,
        "buttons": [
            {"title": TEXTS.say("button_yes"), "payload": choice_payload("yes")},
            {"title": TEXTS.say("button_no"), "payload": choice_payload("no")},
        ],
    }
    status, reply = post(base + "message", {"token": token, "message": choice_payload("yes")})
    assert status == 200 and reply[-1]["text"] == RATING_QUESTION
    assert reply[-1].get("custom", {}).get("layout") == "grid"  # the page lays the numbers out as a grid
    status, reply = post(base + "forget", {"token": token})
    assert status == 200 and reply == {"deleted": True}
    assert stack.export(participant)["measurements"] == []


def test_the_page_and_its_files_are_served_with_a_strict_policy(stack):
    import urllib.error
    import urllib.request

    with urllib.request.urlopen(stack.url + PAGE_PATH, timeout=30) as page:
        html = page.read().decode()
        assert page.headers["Content-Type"].startswith("text/html")
        assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert '<html lang="nl">' in html and "<main" in html and "<h1>" in html
    assert "http" not in re.sub(r'content="[^"]*"', "", html), "no external resources"
    with urllib.request.urlopen(stack.url + "/webhooks/webchat", timeout=30) as redirected:
        assert redirected.url.endswith(PAGE_PATH)
    for name, content_type in (
        ("app.js", "text/javascript"),
        ("board.js", "text/javascript"),
        ("speech.js", "text/javascript"),
        ("style.css", "text/css"),
    ):
        with urllib.request.urlopen(stack.url + PAGE_PATH + "static/" + name, timeout=30) as served:
            assert served.headers["Content-Type"].startswith(content_type)
    for missing in ("static/nope.js", "static/..%2Fwebchat.py", "static/index.html", "media/forged.token"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(stack.url + PAGE_PATH + missing, timeout=30)
        assert refused.value.code == 404, missing


def test_when_the_action_server_is_down_the_page_gets_a_clear_error_and_the_retry_counts_once(stack):
    base = stack.url + PAGE_PATH
    _, session = post(base + "session", {})
    token = session["token"]
    for message in ("hoi", "ja"):  # agreed to storing: where the resident is lives in the database
        assert post(base + "message", {"token": token, "message": message})[0] == 200
    stack.actions.stop()
    try:
        status, reply = post(base + "message", {"token": token, "message": "7", "message_id": "web-1"})
        assert status == 503 and reply == {"error": ERROR_TEXT}
    finally:
        stack.start_actions()
    status, reply = post(base + "message", {"token": token, "message": "7", "message_id": "web-1"})
    assert status == 200 and reply[-1]["text"] == TEXTS.say("rating_reason_question", rating=7, lower=5)
    assert post(base + "message", {"token": token, "message": "7", "message_id": "web-1"}) == (200, reply)  # once
    assert stack.export(token.rpartition(".")[0])["measurements"][0]["life_rating"] == 7
