"""The content files are complete, keep the contract's domain keys, and speak plain Dutch (B1,
shared/tone.md): every text the conversation code asks for exists, and the resident's texts have
no system jargon, no exclamation marks, sentences of 12 words or fewer and one question each."""

import re
from pathlib import Path

import pytest

from bot.content import load_instrument, load_texts
from bot.understanding.safety import KINDS, continue_texts, safety_messages
from tests.conftest import ROOT, SHARED

CONTRACT_KEYS = (
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
)
JARGON = ("leefgebied", "vraagverheldering", "zelfredzaamheid", "indicatie", "casus")
MAX_WORDS = 12

# The code that speaks, and the texts file it speaks from.
SPEAKERS = {
    "board": (ROOT / "bot" / "flows" / "board", ROOT / "bot" / "turn"),
    "practice": (ROOT / "bot" / "flows" / "practice",),
}
# A literal text key passed to one of these: say("key"), text("key"), button("key", ...), _reply(turn, "key", ...).
KEY_USES = (
    re.compile(r'\b(?:say|text|button)\(\s*"([a-z][a-z0-9_]*)"'),
    re.compile(r'\b_reply\(\s*turn,\s*"([a-z][a-z0-9_]*)"'),
    re.compile(r'\bsay\("([a-z][a-z0-9_]*)" if .+? else "([a-z][a-z0-9_]*)"\)'),
)
# Keys the board code puts together from a prefix or a suffix.
COMPOSED_BOARD_KEYS = (
    [f"status_{status}" for status in ("open", "skipped", "not_applicable")]
    + [f"review_{review}" for review in ("reached", "partly", "not_yet")]
    + [f"chitchat_{intent}" for intent in ("thank", "bot_challenge", "insult", "out_of_scope")]
    + [f"{kind}_stored" for kind in ("skipped", "not_applicable")]
)


def literal_keys(folders) -> set:
    used = set()
    for folder in folders:
        for path in Path(folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            for pattern in KEY_USES:
                for found in pattern.findall(source):
                    used |= set(found) if isinstance(found, tuple) else {found}
    return used


def test_the_default_board_has_the_14_contract_keys_in_order():
    assert load_instrument().keys == CONTRACT_KEYS


def test_the_contract_file_lists_the_same_keys():
    contract = SHARED / "contracts" / "leefgebieden.md"
    if not contract.exists():
        pytest.skip(f"the contract {contract} is not beside the project")
    assert tuple(re.findall(r"^\| `([a-z_]+)` \|", contract.read_text(), re.M)) == CONTRACT_KEYS


@pytest.mark.parametrize("texts_name", sorted(SPEAKERS))
def test_every_text_the_code_asks_for_exists(texts_name):
    used = literal_keys(SPEAKERS[texts_name])
    assert len(used) >= 10, f"only {sorted(used)} found: the scan is broken"
    if texts_name == "board":
        assert {"welcome", "consent_question", "forgotten", "stale_button"} <= used, "the scan misses the board's keys"
        used |= set(COMPOSED_BOARD_KEYS)
    missing = used - set(load_texts(texts_name).keys())
    assert not missing, f"texts the code asks for but {texts_name} lacks: {sorted(missing)}"


def test_the_scan_finds_every_way_the_code_names_a_key():
    source = 'turn.say("a_one")\nturn.text("a_two", x=1)\nturn.button("a_three", "yes")\n_reply(turn, "a_four", buttons)\n'
    source += 'say("a_five" if answer else "a_six")\n'
    found = set()
    for pattern in KEY_USES:
        for match in pattern.findall(source):
            found |= set(match) if isinstance(match, tuple) else {match}
    assert found == {"a_one", "a_two", "a_three", "a_four", "a_five", "a_six"}


def resident_messages() -> dict:
    """Every text a resident can read: the board, the channels' own lines, the safety net, the domains."""
    messages = {}
    for name in ("board", "channels"):
        texts = load_texts(name)
        messages.update({f"{name}.{key}": texts.template(key) for key in texts})
    for kind in KINDS:
        messages[f"safety.{kind}"] = "\n".join(safety_messages(kind))
    question, yes, no, paused = continue_texts()
    messages.update({"safety.continue": question, "safety.yes": yes, "safety.no": no, "safety.paused": paused})
    for domain in load_instrument().domains:
        messages.update({f"{domain.key}.question": domain.question, f"{domain.key}.example": domain.example})
    return messages


def sentences(text: str):
    return [sentence for sentence in re.split(r"(?<=[.?!])\s+|\n", text) if sentence.strip()]


def test_resident_texts_avoid_system_jargon_and_exclamation_marks():
    messages = resident_messages()
    assert len(messages) > 150
    for key, text in messages.items():
        assert not any(word in text.lower() for word in JARGON), key
        assert "!" not in text, key


def test_resident_sentences_are_short_and_messages_ask_one_question():
    for key, text in resident_messages().items():
        for sentence in sentences(text):
            assert len(sentence.split()) <= MAX_WORDS, (key, sentence)
        assert text.count("?") <= 1, key


def test_the_checks_catch_what_they_look_for():
    too_long = "Dit is een zin met veel te veel woorden voor een bewoner die moe is."
    assert max(len(sentence.split()) for sentence in sentences(too_long)) > MAX_WORDS
    assert [len(s.split()) for s in sentences("Kort. Ook kort?\nNog een regel.")] == [1, 2, 3]


def test_every_question_of_the_board_has_its_own_explanation_for_help():
    """ "help" or "hoezo?" at a question explains that question, never only the welcome again."""
    from bot.content import load_texts
    from bot.flows.board import questions

    texts = load_texts()
    own = {"domain_score", "confirm_score", "follow_up"}  # explained per domain and per follow-up question
    missing = [step for step in questions.ASKERS if step not in own and questions.help_key(step) not in texts]
    assert missing == []


def test_an_instrument_s_examples_use_only_their_placeholders_and_name_whom_they_are_about():
    import yaml

    from bot.content.errors import ContentError
    from bot.content.instruments import INSTRUMENTS_DIR, parse_instrument

    raw = yaml.safe_load((INSTRUMENTS_DIR / "wat-telt.yml").read_text(encoding="utf-8"))
    raw["domains"][0]["example_others"] = "Denk aan {wie} en geld."
    with pytest.raises(ContentError, match="example_others uses unknown placeholder"):
        parse_instrument(raw, "wat-telt.yml")
    raw = yaml.safe_load((INSTRUMENTS_DIR / "wat-telt.yml").read_text(encoding="utf-8"))
    del raw["perspectives"]["naaste"]["who"]
    with pytest.raises(ContentError, match="perspective naaste needs `who`"):
        parse_instrument(raw, "wat-telt.yml")
