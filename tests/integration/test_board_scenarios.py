"""Each scenario of tests/stories/test_board.yml, replayed over REST through the real servers,
then checked in the export (and, for 'vergeet mij', in the tracker table)."""

import re
import urllib.request
import uuid

import jsonschema
import pytest

from tests.integration.story_replay import load_stories
from tests.unit.test_guide import FREE_TEXT_BOARD

STORIES = load_stories("test_board.yml")
KEYS = [
    "geld",
    "werk",
    "wonen",
    "lichamelijke_gezondheid",
    "psychische_gezondheid",
    "sociale_contacten",
    "relaties",
    "kinderen",
    "dagelijks_leven",
    "verslaving",
    "veiligheid",
    "justitie",
    "meedoen",
    "zingeving",
]


def replay(stack, sender, turns, restart_after_intent=None):
    replies = []
    for turn in turns:
        replies = stack.say(sender, turn["message"])
        assert replies, f"no answer to {turn['message']!r}"
        if turn["intent"] == restart_after_intent:
            stack.restart_rasa()
            restart_after_intent = None
    return replies


def board(exported, number=1):
    return exported["measurements"][number - 1]


def domains(measurement):
    return {d["key"]: d for d in measurement["domains"]}


@pytest.fixture
def sender():
    return f"rest:{uuid.uuid4().hex[:10]}"


def test_full_board_by_buttons_only(stack, sender, export_schema):
    replies = replay(stack, sender, STORIES["full board by buttons only"])
    exported = stack.export(sender)
    jsonschema.validate(exported, export_schema)
    measurement = board(exported)
    order = ["wonen"] + [k for k in KEYS if k != "wonen"]
    expected = {key: ("not_applicable", None) if key == "kinderen" else ("answered", n % 5 + 1) for n, key in enumerate(order)}
    assert {k: (d["status"], d["score"]) for k, d in domains(measurement).items()} == expected
    assert [d["key"] for d in measurement["domains"]] == KEYS
    assert measurement["life_rating"] == 6 and measurement["completed_at"] is not None and measurement["goals"] == []
    image = next(r["image"] for r in replies if r.get("image"))
    document = next(r["custom"]["document"] for r in replies if r.get("custom"))
    with urllib.request.urlopen(image, timeout=60) as response:
        assert response.headers["Content-Type"] == "image/png" and response.read().startswith(b"\x89PNG")
    with urllib.request.urlopen(document, timeout=60) as response:
        assert response.read().startswith(b"%PDF")


def test_full_board_by_free_text_only(stack, sender, export_schema):
    replay(stack, sender, STORIES["full board by free text only"])
    exported = stack.export(sender)
    jsonschema.validate(exported, export_schema)
    measurement = board(exported)
    assert measurement["life_rating"] == 5 and measurement["completed_at"] is not None
    stored = domains(measurement)
    expected_texts = {
        "geld": (None, "ik wil rust in mijn hoofd over de rekeningen"),
        "werk": ("mijn collega's zijn aardig", "meer uren kunnen maken"),
        "wonen": ("ik woon op een fijne plek", None),
        "sociale_contacten": ("mijn buurvrouw helpt me", None),
        "dagelijks_leven": ("ik kook elke dag zelf", "dat ik de post bijhoud"),
        "veiligheid": (None, None),
        "zingeving": ("mijn geloof geeft me kracht", None),
        "meedoen": (None, "weer gaan vissen met mijn broer"),
    }
    for key, _how, expected, _well, _wish in FREE_TEXT_BOARD:
        status = "answered" if isinstance(expected, int) else expected
        assert (stored[key]["status"], stored[key]["score"]) == (status, expected if status == "answered" else None), key
        if key in expected_texts:
            assert (stored[key]["goes_well"], stored[key]["wish"]) == expected_texts[key], key
    assert measurement["goals"] == [
        {"domain": "geld", "text": "mijn schulden aflossen"},
        {"domain": "lichamelijke_gezondheid", "text": "weer beter slapen"},
    ]


def test_skips_and_not_applicable_are_stored_as_such(stack, sender):
    replay(stack, sender, STORIES["skips and not applicable"])
    stored = domains(board(stack.export(sender)))
    assert stored["kinderen"]["status"] == "not_applicable"
    assert stored["geld"]["status"] == "skipped" and stored["werk"]["status"] == "skipped"
    assert all(stored[k]["status"] == "open" for k in KEYS if k not in ("kinderen", "geld", "werk"))


def test_pause_and_resume_across_a_restart_of_the_rasa_server(stack, sender):
    turns = STORIES["pause and resume across a restart"]
    greet_index = [t["intent"] for t in turns].index("greet", 1)
    replay(stack, sender, turns[:greet_index], restart_after_intent="pause")
    welcome = " ".join(r.get("text", "") for r in stack.say(sender, turns[greet_index]["message"]))
    assert "Welkom terug" in welcome and "Geld en rondkomen (1 van 14)" in welcome and "anders willen?" in welcome
    replay(stack, sender, turns[greet_index + 1 :])
    geld = domains(board(stack.export(sender)))["geld"]
    assert (geld["score"], geld["goes_well"], geld["wish"]) == (3, "ik heb een budgetcoach", "minder rekeningen in de bus")


def test_a_correction_changes_the_earlier_answer(stack, sender):
    replies = replay(stack, sender, STORIES["a correction"])
    assert any("veranderd" in r.get("text", "") for r in replies)
    stored = domains(board(stack.export(sender)))
    assert stored["geld"]["score"] == 2 and stored["werk"]["score"] == 2
    assert stored["geld"]["goes_well"] == "alles wordt op tijd betaald"


def test_the_safety_net_in_the_middle_of_the_board(stack, sender):
    turns = STORIES["the safety net in the middle of the board"]
    replay(stack, sender, turns[:4])
    replies = stack.say(sender, turns[4]["message"])
    assert re.search(r"0800-0113", replies[0]["text"]) and "112" in replies[0]["text"]
    assert domains(board(stack.export(sender)))["geld"]["status"] == "open"
    replay(stack, sender, turns[5:])
    assert domains(board(stack.export(sender)))["geld"]["score"] == 2


def test_vergeet_mij_deletes_answers_and_conversation(stack, sender):
    replies = replay(stack, sender, STORIES["vergeet mij"])
    assert any("gewist" in r.get("text", "") for r in replies)
    assert stack.export(sender) == {"participant": sender, "measurements": []}
    assert stack.tracker_event_count(sender) == 0


def test_a_repeat_measurement_shows_what_changed(stack, sender):
    replies = replay(stack, sender, STORIES["a repeat measurement"])
    said = " ".join(r.get("text", "") for r in replies)
    assert "Geld en rondkomen: beter (2 → 4)" in said and "(5 → 7)" in said
    exported = stack.export(sender)
    assert [m["number"] for m in exported["measurements"]] == [1, 2]
    assert domains(board(exported, 1))["geld"]["score"] == 2 and domains(board(exported, 2))["geld"]["score"] == 4
    assert all(m["completed_at"] for m in exported["measurements"])
