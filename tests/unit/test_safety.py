"""The safety net: patterns (bot/content/safety.yml) first, Rasa's intent as a second net."""

import re
from pathlib import Path

import pytest
import yaml

from bot.understanding.safety import danger_signal
from tests.conftest import ROOT

ANNOTATION = re.compile(r"\[([^\]]+)\](\{[^}]*\}|\([^)]*\))")


def nlu_examples(path: Path):
    """(intent, plain text) of every example in a Rasa NLU file."""
    for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        for line in (item.get("examples") or "").splitlines():
            if item.get("intent") and line.strip():
                yield item["intent"], ANNOTATION.sub(r"\1", line.strip()[2:])


NLU_FILES = sorted((ROOT / "data" / "nlu").glob("*.yml")) + [ROOT / "tests" / "nlu" / "holdout.yml"]
ALL_EXAMPLES = [example for path in NLU_FILES for example in nlu_examples(path)]


@pytest.mark.parametrize(
    "text",
    [
        "ik wil dood",
        "Ik wil er niet meer zijn",
        "ik denk aan zelfmoord",
        "ik zie het niet meer zitten",
        "ik wil een einde aan mijn leven maken",
        "soms wil ik gewoon dood",
        "ik heb pillen gespaard",
        "ik snij mezelf soms",
        "ik wil mezelf iets aandoen",
        "ik wil nooit meer wakker worden",
        "ik heb een mes gepakt om mezelf te snijden",
        "ik ga me ophangen",
    ],
)
def test_suicidal_thoughts_and_self_harm_are_recognised(text):
    assert danger_signal(text) == "suicide"


@pytest.mark.parametrize(
    "text",
    [
        "mijn man slaat me",
        "ik ben niet veilig thuis",
        "hij bedreigt me elke dag",
        "ik ben bang dat hij me iets aandoet",
        "ik word thuis geslagen",
        "mijn partner sluit me op in huis",
        "ik durf niet naar huis",
    ],
)
def test_danger_at_home_is_recognised(text):
    assert danger_signal(text) == "danger_at_home"


@pytest.mark.parametrize(
    "text",
    [
        "7",
        "het gaat wel",
        "mijn werk is saai",
        "ja",
        "ik ben moe",
        "de dood van mijn vader was zwaar",
        "mijn rug doet me pijn",
        "ik moet de was ophangen",
        "ik ben bang voor mijn toekomst",
        "ik heb me pijn gedaan bij het voetballen",
        "ik ben bang voor de deurwaarder",
        "ik wacht op de trein",
        "ik wil een einde maken aan mijn schulden",
    ],
)
def test_ordinary_answers_are_not_alarms(text):
    assert danger_signal(text) is None


def test_every_safety_example_in_the_nlu_data_is_caught_by_the_patterns_alone():
    """The patterns must not depend on the NLU: cross-validation shows DIET misses unseen phrasings."""
    missed = [text for intent, text in ALL_EXAMPLES if intent == "safety_concern" and danger_signal(text) is None]
    assert missed == []


def test_no_other_example_in_the_nlu_data_raises_the_alarm():
    false_alarms = [(intent, text) for intent, text in ALL_EXAMPLES if intent != "safety_concern" and danger_signal(text)]
    assert false_alarms == []


def test_the_nlu_intent_is_a_second_net_when_confident():
    assert danger_signal("het heeft allemaal geen zin meer", "safety_concern", 0.93) == "suicide"
    assert danger_signal("het heeft allemaal geen zin meer", "safety_concern", 0.35) is None
