"""The first slice of the conversation, through the guide and a real SQLite store (no Rasa)."""
import pytest
from sqlalchemy.exc import OperationalError

from bot.dialogue import DialogueState, Guide, UserMessage


@pytest.fixture
def guide(sqlite_store):
    return Guide(sqlite_store)


def talk(guide, participant, state, text, intent=None, confidence=0.95):
    turn = guide.handle(participant, state, UserMessage(text=text, intent=intent, confidence=confidence))
    return turn, " ".join(reply.text for reply in turn.replies)


def test_greeting_explains_and_asks_consent_with_buttons(guide):
    turn, said = talk(guide, "p", DialogueState(), "hoi", "greet")
    assert "bewaar" in said and turn.replies[-1].text.endswith("?")
    assert [b.payload for b in turn.replies[-1].buttons] == ["/affirm", "/deny"]
    assert turn.state.step == "consent" and turn.consent is False


def test_without_consent_nothing_is_stored_and_the_resident_is_told(guide):
    turn, _ = talk(guide, "p", DialogueState(), "hoi", "greet")
    turn, said = talk(guide, "p", turn.state, "nee", "deny")
    assert "niets" in said and turn.state.step == "declined" and turn.consent is False
    turn, said = talk(guide, "p", turn.state, "7", "give_rating")
    assert guide.store.export_participant("p")["measurements"] == []
    assert not guide.store.has_consent("p")


@pytest.mark.parametrize("answer, rating", [("7", 7), ("een 7", 7), ("zeven", 7), ("ik geef het een zes", 6)])
def test_consent_then_life_rating_is_stored(guide, answer, rating):
    turn, _ = talk(guide, "p", DialogueState(), "hoi", "greet")
    turn, said = talk(guide, "p", turn.state, "/affirm", "affirm", 1.0)
    assert "rapportcijfer" in said.lower() and turn.consent is True
    assert [b.title for b in turn.replies[-1].buttons] == [str(n) for n in range(11)]
    turn, said = talk(guide, "p", turn.state, answer, "give_rating")
    assert f"een {rating}" in said
    assert guide.store.export_participant("p")["measurements"][0]["life_rating"] == rating


@pytest.mark.parametrize("answer, explanation", [("12", "tussen 0 en 10"), ("banaan", "geen cijfer")])
def test_bad_ratings_get_a_clear_reask_and_nothing_is_stored(guide, answer, explanation):
    turn, _ = talk(guide, "p", DialogueState(), "hoi", "greet")
    turn, _ = talk(guide, "p", turn.state, "ja", "affirm")
    turn, said = talk(guide, "p", turn.state, answer, "give_rating")
    assert explanation in said and turn.state.step == "life_rating"
    assert turn.replies[-1].text.endswith("?")
    assert guide.store.export_participant("p")["measurements"][0]["life_rating"] is None
    turn, said = talk(guide, "p", turn.state, answer, "give_rating")
    assert "knoppen" in said and turn.state.failures == 2


def test_unclear_consent_answer_is_asked_again(guide):
    turn, _ = talk(guide, "p", DialogueState(), "hoi", "greet")
    turn, said = talk(guide, "p", turn.state, "misschien", "out_of_scope", 0.3)
    assert turn.state.step == "consent" and "Ja of Nee" in said


def test_safety_message_comes_first_whatever_the_step_and_the_resident_chooses(guide):
    turn, _ = talk(guide, "p", DialogueState(), "hoi", "greet")
    turn, _ = talk(guide, "p", turn.state, "ja", "affirm")
    turn, said = talk(guide, "p", turn.state, "ik wil er niet meer zijn", "give_rating", 0.4)
    assert "0800-0113" in turn.replies[0].text and "112" in turn.replies[0].text
    assert turn.state.step == "safety_check" and turn.state.resume_step == "life_rating"
    assert guide.store.export_participant("p")["measurements"][0]["life_rating"] is None
    turn, said = talk(guide, "p", turn.state, "ja", "affirm")
    assert turn.state.step == "life_rating" and "rapportcijfer" in said.lower()


def test_danger_at_home_also_gives_veilig_thuis(guide):
    turn, said = talk(guide, "p", DialogueState(), "mijn man slaat me", "safety_concern")
    assert "0800-2000" in said and "112" in said


def test_a_participant_with_stored_consent_resumes_without_a_new_consent(guide):
    guide.store.give_consent("p")
    turn, said = talk(guide, "p", DialogueState(), "hoi", "greet")
    assert turn.state.step == "life_rating" and turn.consent is True


def test_storage_failure_keeps_the_question_open_and_says_so(guide, monkeypatch):
    turn, _ = talk(guide, "p", DialogueState(), "hoi", "greet")
    turn, _ = talk(guide, "p", turn.state, "ja", "affirm")

    def broken(*args, **kwargs):
        raise OperationalError("UPDATE", {}, Exception("database is locked"))

    monkeypatch.setattr(guide.store, "set_life_rating", broken)
    after, said = talk(guide, "p", turn.state, "7", "give_rating")
    assert "lukt nu even niet" in said and after.state == turn.state and after.consent is True
