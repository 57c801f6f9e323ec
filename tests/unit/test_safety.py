import pytest

from bot.understanding.safety import danger_signal


@pytest.mark.parametrize(
    "text",
    [
        "ik wil dood", "Ik wil er niet meer zijn", "ik denk aan zelfmoord", "ik zie het niet meer zitten",
        "ik wil een einde aan mijn leven maken", "soms wil ik gewoon dood", "ik heb pillen gespaard",
        "ik snij mezelf soms", "ik wil mezelf iets aandoen",
    ],
)
def test_suicidal_thoughts_are_recognised(text):
    assert danger_signal(text) == "suicide"


@pytest.mark.parametrize(
    "text", ["mijn man slaat me", "ik ben niet veilig thuis", "hij bedreigt me elke dag", "ik ben bang dat hij me iets aandoet"]
)
def test_danger_at_home_is_recognised(text):
    assert danger_signal(text) == "danger_at_home"


@pytest.mark.parametrize("text", ["7", "het gaat wel", "mijn werk is saai", "ja", "ik ben moe", "de dood van mijn vader was zwaar"])
def test_ordinary_answers_are_not_alarms(text):
    assert danger_signal(text) is None


def test_the_nlu_intent_is_a_second_net_when_confident():
    assert danger_signal("het heeft allemaal geen zin meer", "safety_concern", 0.93) == "suicide"
    assert danger_signal("het heeft allemaal geen zin meer", "safety_concern", 0.35) is None
