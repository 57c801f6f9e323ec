"""The trainer's replay page on the real Rasa server: its API refuses without the trainer token,
replays the training pack, stored practice sessions and only consenting participants, never shows
personal data or a participant id; and the page itself works in Debian's Chromium (large type,
previous/next/jump)."""

import json
import urllib.error
import urllib.request

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from tests.conftest import TRAINER_TOKEN

pytestmark = pytest.mark.integration
PAGE = "/webhooks/replay/"

# A stored conversation in Rasa's own event format (the SQL tracker store's table `events`), with
# personal data planted in what the resident typed, in entity and slot values and in bot replies.
CONSENTING = "telegram:5550001234"
NOT_CONSENTING = "telegram:5550009999"
INTRO = "hoi ik ben fatima el amrani, bel me op 06-41 88 27 03"
GOAL = "Ik wil verhuizen naar de Kerkstraat 12, 1234 AB. Mijn bsn is 725763863 en ik ben geboren op 14-07-1979"
SECRETS = ["fatima", "amrani", "06-41", "41 88 27 03", "Kerkstraat", "1234 AB", "725763863", "14-07-1979", "5550001234"]


def _user(message, intent, entities=()):
    parse = {"text": message, "intent": {"name": intent, "confidence": 0.91}, "entities": list(entities)}
    parse["intent_ranking"] = [parse["intent"], {"name": "affirm", "confidence": 0.04}]
    return {"event": "user", "timestamp": 1.0, "text": message, "parse_data": parse, "input_channel": "telegram"}


def _bot(message, buttons=()):
    return {
        "event": "bot",
        "timestamp": 1.0,
        "text": message,
        "data": {"buttons": [{"title": b, "payload": "/x"} for b in buttons]},
    }


def _action(name="action_handle_turn"):
    return {"event": "action", "timestamp": 1.0, "name": name, "policy": "RulePolicy", "confidence": 1.0}


PHONE_START = INTRO.index("06-41")
STORED_EVENTS = [
    _action("action_session_start"),
    {"event": "session_started", "timestamp": 1.0},
    _action("action_listen"),
    _user(INTRO, "greet", [{"entity": "phone", "start": PHONE_START, "end": PHONE_START + 8, "value": "06-41 88"}]),
    _action(),
    _bot("Hoi Fatima. Wat wil je veranderen?", ["Fatima wil niets", "Verder"]),
    {"event": "slot", "timestamp": 1.0, "name": "goal", "value": {"text": GOAL}},
    _action("action_listen"),
    _user(GOAL, "give_goal", [{"entity": "domain", "start": 7, "end": 16, "value": "wonen"}]),
    _action(),
    _bot("Je wilt verhuizen naar de Kerkstraat. Klopt dat, fatima?"),
    _action("action_listen"),
]


def store_conversation(stack, participant: str, training_consent: bool) -> None:
    """Write a participant and their transcript straight into the stack's database, as the tracker store does."""
    from bot.storage.models import Participant

    engine = create_engine(stack.database_url, future=True)
    try:
        with Session(engine) as session:
            session.merge(Participant(id=participant, training_consent=training_consent))
            session.commit()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": participant})
            for event in STORED_EVENTS:
                connection.execute(
                    text(
                        "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                        "VALUES (:s, :t, :ts, :i, :a, :d)"
                    ),
                    {
                        "s": participant,
                        "t": event["event"],
                        "ts": event["timestamp"],
                        "i": (event.get("parse_data") or {}).get("intent", {}).get("name"),
                        "a": event.get("name"),
                        "d": json.dumps(event),
                    },
                )
    finally:
        engine.dispose()


def rows_of(stack, sql: str) -> list:
    engine = create_engine(stack.database_url, future=True)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(sql)))
    finally:
        engine.dispose()


def training_story(name: str) -> list:
    from bot.channels.replay import training_pack
    from bot.replay.stories import user_turns

    return user_turns(training_pack()[name])


def pseudonym_of(participant: str) -> str:
    from bot.pseudonyms import pseudonym

    return pseudonym(participant)  # the same server secret as the stack (var/signing-secret or SIGNING_SECRET)


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
    story = training_story("vast in het eerste probleem (Robert)")
    assert [turn["expected_intent"] for turn in replay["turns"]] == [step["intent"] for step in story]
    assert all(turn["intent"] and turn["replies"] for turn in replay["turns"])  # every turn: what was understood, the answer
    assert "practice_started" in replay["turns"][0]["reading"]  # "/oefenen" starts practice, as typed in any channel
    assert any("Robert" in reply for reply in replay["turns"][-1]["replies"])  # "stop oefenen" ends with Robert's feedback
    introduction = next(turn["user"] for turn in replay["turns"] if "ik ben" in turn["user"])
    assert "Robert" in introduction and "<NAAM>" in introduction  # the persona is made up and stays, the worker's name goes
    assert not rows_of(stack, "SELECT sender_id FROM events WHERE sender_id LIKE 'replay:%'")
    assert not rows_of(stack, "SELECT id FROM participants WHERE id LIKE 'replay:%'")


def test_a_consenting_participants_conversation_shows_no_personal_data_and_no_id(stack):
    store_conversation(stack, CONSENTING, training_consent=True)
    label = pseudonym_of(CONSENTING)
    status, sources = get(stack, "api/sources")
    assert status == 200 and {"source": f"participant:{label}", "title": label} in sources["participants"]
    assert "5550001234" not in json.dumps(sources)

    status, replay = get(stack, "api/replay?source=" + urllib.request.quote(f"participant:{label}"))
    assert status == 200, replay
    shown = json.dumps(replay, ensure_ascii=False)
    for secret in SECRETS:
        assert secret.lower() not in shown.lower(), secret
    assert label in replay["title"]
    first, second = replay["turns"]
    assert first["user"] == "hoi ik ben <NAAM>, bel me op <TELEFOON>" and first["entities"] == [["phone", "<TELEFOON>"]]
    assert first["replies"] == ["Hoi <NAAM>. Wat wil je veranderen? [<NAAM> wil niets | Verder]"]
    assert [turn["intent"][0] for turn in replay["turns"]] == ["greet", "give_goal"]
    assert "<ADRES>" in second["replies"][0] and ["domain", "wonen"] in second["entities"]


def test_only_participants_who_agreed_can_be_replayed_and_never_by_their_id(stack):
    store_conversation(stack, NOT_CONSENTING, training_consent=False)
    status, sources = get(stack, "api/sources")
    assert f"participant:{pseudonym_of(NOT_CONSENTING)}" not in [s["source"] for s in sources["participants"]]
    status, refused = get(stack, "api/replay?source=" + urllib.request.quote(f"participant:{pseudonym_of(NOT_CONSENTING)}"))
    assert status == 403 and "fatima" not in json.dumps(refused).lower()
    store_conversation(stack, CONSENTING, training_consent=True)
    status, refused = get(stack, "api/replay?source=" + urllib.request.quote(f"participant:{CONSENTING}"))
    assert status == 404 and "fatima" not in json.dumps(refused).lower()  # the id itself opens nothing
    assert get(stack, "api/replay?source=participant:deelnemer-AAAAAAAA")[0] == 404
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
    expect(page.locator(".row.user dd")).to_have_text("oefenen")  # the command as the conversation keeps it, as in every channel
    page.get_by_role("button", name="Volgende →").click()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#turn h2")).to_have_text("Beurt 3 van 10")
    page.get_by_label("Ga naar beurt").select_option(label="Beurt 7")
    expect(page.locator(".row.user dd")).to_have_text(training_story("vast in het eerste probleem (Robert)")[6]["message"])
    page.get_by_role("button", name="← Vorige").click()
    expect(page.locator("#turn h2")).to_have_text("Beurt 6 van 10")
    font_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.row.user dd')).fontSize)")
    assert font_size >= 28  # readable from the back of a room
    assert page.errors == []


def test_the_page_lists_a_stored_conversation_by_pseudonym_and_shows_it_anonymised(new_page, stack):
    from playwright.sync_api import expect

    store_conversation(stack, CONSENTING, training_consent=True)
    label = pseudonym_of(CONSENTING)
    page = new_page(viewport={"width": 1280, "height": 720})
    page.goto(stack.url + PAGE)
    page.get_by_label("Trainerscode").fill(TRAINER_TOKEN)
    page.get_by_role("button", name="Open").click()
    page.get_by_label("Welk gesprek?").select_option(label=label)
    page.get_by_role("button", name="Laat zien").click()
    expect(page.locator("#turn h2")).to_have_text("Beurt 1 van 2")
    expect(page.locator(".row.user dd")).to_have_text("hoi ik ben <NAAM>, bel me op <TELEFOON>")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".row.user dd")).to_contain_text("<ADRES>")
    content = page.content().lower()
    for secret in SECRETS:
        assert secret.lower() not in content, secret
    assert page.errors == []
