"""Practice mode through the REAL Rasa server and action server over REST (the session's `stack`):
a wrong reflection corrected, a fear that opens only after a good summary, advice closing a
persona, feedback quoting the worker's own line, progress over two sessions."""

import pytest

from bot.content.personas import load_personas
from bot.storage.database import Database
from bot.storage.practice import PracticeReports
from tests.integration.scenario import Resident, texts_in

pytestmark = pytest.mark.integration
ROBERT = load_personas()["robert"]


class Worker(Resident):
    def text(self, message: str) -> str:
        return texts_in(self.say(message))

    def practise(self, persona: str, keep: bool) -> None:
        self.say("/oefenen")
        self.press(f"persona:{persona}")
        self.press("yes" if keep else "no")


def reports(stack) -> PracticeReports:
    return PracticeReports(Database.from_url(stack.database_url))


def test_a_wrong_reflection_is_corrected_and_the_feedback_quotes_it(stack):
    worker = Worker(stack)
    worker.practise("robert", keep=True)
    worker.text("Hoe gaat het met je?")
    worker.text("Vertel eens over je werk.")
    reply = worker.text("Dus werken vind je eigenlijk wel prima?")
    assert ROBERT.domains["werk"].correction in reply
    assert not any(reply.startswith(line) for line in ROBERT.speech["confirm"] + ROBERT.speech["confirm_feeling"])
    feedback = worker.text("/feedback")
    assert "'Dus werken vind je eigenlijk wel prima?'" in feedback and ROBERT.domains["werk"].reflection in feedback
    [session] = reports(stack).sessions(worker.participant)
    turns = reports(stack).report(session["id"])["turns"]
    assert turns[-1]["verdict"] == "wrong" and "corrected" in turns[-1]["events"]


def test_the_fear_opens_only_after_a_good_summary(stack):
    fear = ROBERT.layer("fear_relapse").text
    worker = Worker(stack)
    worker.practise("robert", keep=False)
    for line in (
        "Hoi Robert, ik ben Sanne.",
        "Hoe gaat het met je?",
        "Vertel eens over je werk.",
        "Ik ben hier om te luisteren. Wat jij vertelt, bepaal jij.",
        "Hoe slaap je de laatste tijd?",
        "Hoe is het om in je eigen flat te wonen?",
        "Hoe gaat het met je, nu er zoveel verandert?",
    ):
        assert fear not in worker.text(line)
    reply = worker.text(
        "Even samenvatten: je woont sinds kort alleen in je flat, op de werkplaats gaat het goed, "
        "maar een gewone baan maakt je bang, en je slaapt slecht."
    )
    assert reply.endswith(ROBERT.confidentiality.question)
    assert fear in worker.text("Nee, ik bespreek niets met je klantmanager zonder jouw toestemming.")
    worker.text("/feedback")
    assert reports(stack).sessions(worker.participant) == []  # the worker said no: nothing kept


def test_advice_closes_the_persona_down(stack):
    worker = Worker(stack)
    worker.practise("robert", keep=False)
    worker.text("Hoe gaat het met je?")
    worker.text("Je moet gewoon gaan solliciteren.")
    assert worker.text("Hoe slaap je de laatste tijd?") in ROBERT.speech["closed_down"]


def test_progress_over_two_sessions(stack):
    worker = Worker(stack)
    worker.practise("samira", keep=True)
    worker.text("Heb je werk?")
    worker.text("Je moet echt eens rust nemen.")
    worker.text("/feedback")
    worker.practise("samira", keep=True)
    for line in (
        "Hoi Samira, ik ben Sanne. Wat je vertelt, bepaal jij.",
        "Hoe gaat het met je?",
        "Hoe ziet een gewone week er voor jou uit?",
        "Het klinkt alsof je van afspraak naar afspraak rent en zelf op bent.",
        "Wat zou jij zelf willen?",
        "Speelt er verder nog iets?",
        "Even samenvatten: je agenda staat vol met afspraken, je bent moe, en voor jezelf blijft er niets over.",
        "Zullen we afspreken dat ik volgende week terugkom?",
    ):
        worker.text(line)
    worker.text("/feedback")
    progress = worker.text("/voortgang")
    assert "2 bewaarde oefengesprekken" in progress
    listening = next(line for line in progress.splitlines() if line.startswith("Luisteren"))
    first, second = (int(score) for score in listening.split(":")[1].split("(")[0].split("→"))
    assert second > first


def test_the_trainer_sees_the_group_s_progress_under_pseudonyms_with_the_token_only(stack):
    import json
    import urllib.error
    import urllib.request

    from tests.conftest import TRAINER_TOKEN

    worker = Worker(stack)
    worker.practise("henk", keep=True)
    worker.text("Goedemiddag Henk, hoe gaat het met u?")
    worker.text("/feedback")
    url = f"{stack.url}/webhooks/replay/api/practice/overview"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=30)
    assert refused.value.code == 401
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {TRAINER_TOKEN}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        overview = json.loads(answer.read())
    assert worker.participant not in json.dumps(overview) and worker.sender not in json.dumps(overview)
    assert any("henk" in entry["personas"] for entry in overview["workers"])
    assert all(entry["worker"].startswith("deelnemer-") for entry in overview["workers"])
