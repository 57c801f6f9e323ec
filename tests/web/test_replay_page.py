"""The trainer's replay page on the real Rasa server: its API refuses without the trainer token,
replays the training pack, stored practice sessions and only consenting participants; and the
page itself works in Debian's Chromium (large type, previous/next/jump)."""

import json
import urllib.error
import urllib.request

import pytest

from tests.conftest import TRAINER_TOKEN

pytestmark = pytest.mark.integration
PAGE = "/webhooks/replay/"


def get(stack, path, token=TRAINER_TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    request = urllib.request.Request(stack.url + PAGE + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_the_api_refuses_without_the_trainer_token(stack):
    for token in (None, "", "wrong", TRAINER_TOKEN + "x"):
        assert get(stack, "api/sources", token)[0] == 401
        assert get(stack, "api/replay?source=story:goed%20levensbreed%20gesprek%20met%20Robert", token)[0] == 401


def test_a_training_pack_story_replays_and_leaves_no_trace(stack):
    status, sources = get(stack, "api/sources")
    assert status == 200
    titles = [s["title"] for s in sources["stories"]]
    assert "goed levensbreed gesprek met Robert" in titles and len(titles) >= 3
    status, replay = get(stack, "api/replay?source=" + urllib.request.quote("story:vast in het eerste probleem (Robert)"))
    assert status == 200, replay
    intents = [turn["intent"][0] for turn in replay["turns"]]
    assert intents == [turn["expected_intent"] for turn in replay["turns"]]
    assert "Feedback op je gesprek met Robert:" in replay["turns"][-1]["replies"][0]
    assert not [s for s in get(stack, "api/sources")[1]["participants"] if s["title"].startswith("replay:")]


def test_only_participants_who_agreed_can_be_replayed(stack):
    sender = "rest:replay-page-no"
    for message in ("hoi", "ja", "7"):
        stack.say(sender, message)
    status, sources = get(stack, "api/sources")
    assert f"participant:{sender}" not in [s["source"] for s in sources["participants"]]
    assert get(stack, f"api/replay?source=participant:{sender}")[0] == 403
    assert get(stack, "api/replay?source=story:bestaat-niet")[0] == 404
    assert get(stack, "api/replay?source=practice:999999")[0] == 404


def test_the_page_shows_one_turn_at_a_time_in_large_type(new_page, stack):
    from playwright.sync_api import expect

    page = new_page(viewport={"width": 1280, "height": 720})
    page.goto(stack.url + PAGE)
    page.get_by_label("Trainerscode").fill("fout")
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("alert").first).to_have_text("Die code klopt niet.")
    page.get_by_label("Trainerscode").fill(TRAINER_TOKEN)
    page.get_by_role("button", name="Open").click()
    page.get_by_label("Welk gesprek?").select_option(label="vast in het eerste probleem (Robert)")
    page.get_by_role("button", name="Laat zien").click()
    expect(page.locator("#turn h2")).to_have_text("Beurt 1 van 10")
    expect(page.locator(".row.user dd")).to_have_text("ik wil oefenen")
    page.get_by_role("button", name="Volgende →").click()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#turn h2")).to_have_text("Beurt 3 van 10")
    page.get_by_label("Ga naar beurt").select_option(label="Beurt 7")
    expect(page.locator(".row.intent dd")).to_contain_text("worker_advise")
    page.get_by_role("button", name="← Vorige").click()
    expect(page.locator("#turn h2")).to_have_text("Beurt 6 van 10")
    font_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.row.user dd')).fontSize)")
    assert font_size >= 28  # readable from the back of a room
    assert page.errors == []
