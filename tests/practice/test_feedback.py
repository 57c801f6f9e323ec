"""Feedback as a trainer would give it (bot/flows/practice/feedback.py): it quotes the worker's own
lines, says what a better line would be, lets the persona speak, and scores the learning goals."""

from bot.content import load_instrument, load_texts
from bot.flows.practice.feedback import GOALS, feedback

INSTRUMENT = load_instrument()
TEXTS = load_texts("practice")


def conversation(roleplay, key, lines):
    persona = roleplay(key)
    for line in lines:
        persona.say(line)
    figures, messages = feedback(persona.persona, persona.state, INSTRUMENT, TEXTS)
    return persona, figures, "\n".join(messages)


SHORT_AND_ADVISING = [
    "Hoi Robert, ik ben Sanne van het wijkteam.",
    "Heb je werk?",
    "Dus werken vind je eigenlijk wel prima?",
    "Je moet gewoon gaan solliciteren, dat is goed voor je zelfredzaamheid.",
]
LISTENING = [
    "Hoi Robert, ik ben Sanne van het wijkteam. Wat je vertelt blijft tussen ons, tenzij jij iets anders wilt.",
    "Hoe gaat het met je?",
    "Vertel eens over je werk.",
    "Goede vraag. Ik wil vooral luisteren, en jij bepaalt wat er met dit gesprek gebeurt.",
    "Het klinkt alsof een gewone baan je bang maakt.",
    "Hoe is het om in je eigen flat te wonen?",
    "Hoe slaap je de laatste tijd?",
    "Wat zeggen de klantmanager en je begeleider ervan?",
    "Wat vind jij zelf, nu ze allebei iets anders willen?",
    "Speelt er verder nog iets?",
    "Even samenvatten: je woont sinds kort alleen in je flat, op de werkplaats gaat het goed, maar een gewone baan maakt je bang, en je slaapt slecht.",
    "Zullen we afspreken dat ik volgende week terugkom, en dat jij tot dan nadenkt over wat je wilt met werk?",
]


def test_the_weakest_lines_are_quoted_with_a_better_wording(roleplay):
    robert, figures, text = conversation(roleplay, "robert", SHORT_AND_ADVISING)
    weak = {entry["quote"]: entry for entry in figures["weakest"]}
    assert "Dus werken vind je eigenlijk wel prima?" in weak
    assert weak["Dus werken vind je eigenlijk wel prima?"]["better"] == robert.persona.domains["werk"].reflection
    advice = SHORT_AND_ADVISING[3]
    assert weak[advice]["why"] == "advice_early" and weak[advice]["better"] != advice
    assert f"'{advice}'" in text and robert.persona.domains["werk"].reflection in text


def test_the_persona_speaks_in_its_own_voice_about_key_moments(roleplay):
    robert, figures, text = conversation(roleplay, "robert", SHORT_AND_ADVISING)
    kinds = [moment["kind"] for moment in figures["moments"]]
    assert "closed" in kinds and "corrected" in kinds and 2 <= len(kinds) <= 3
    assert robert.persona.voice["closed"].format(quote=SHORT_AND_ADVISING[3].rstrip(".")) in text


def test_after_a_short_session_every_important_domain_left_out_is_named(roleplay):
    robert, figures, text = conversation(roleplay, "robert", SHORT_AND_ADVISING)
    left_out = [key for key in robert.persona.important_domains if key != "werk"]
    assert figures["domains"]["important_missed"] == left_out
    for key in left_out:
        assert INSTRUMENT.domain(key).label in text


def test_eigen_regie_names_the_conflicting_assignments_when_missed_and_when_found(roleplay):
    _, missed, text = conversation(roleplay, "robert", SHORT_AND_ADVISING)
    assert missed["regie"]["conflict"]["found"] is False and "klantmanager" in text and "begeleider" in text
    assert missed["regie"]["advice_before_wish"] is True
    _, found, _ = conversation(roleplay, "robert", LISTENING)
    assert found["regie"]["conflict"] == {"parties": ["klantmanager", "begeleider"], "found": True, "own_view_after": True}


def test_a_listening_conversation_gets_credit_where_it_is_due(roleplay):
    robert, figures, text = conversation(roleplay, "robert", LISTENING)
    strong = {entry["quote"]: entry["why"] for entry in figures["strongest"]}
    assert LISTENING[10] in strong or LISTENING[4] in strong  # the summary or the feeling reflected
    assert figures["closing"] == {"summary": True, "agreement": True, "closing": True}
    assert figures["domains"]["broad_turns"] and "Speelt er verder nog iets?" in text  # credit for asking broadly
    assert "fear_relapse" in figures["layers"]["opened"] or figures["confidentiality"] is not None
    short = conversation(roleplay, "robert", SHORT_AND_ADVISING)[1]["goals"]
    for goal in ("luisteren", "levensbreed", "eigen_regie", "afronden"):
        assert figures["goals"][goal] > short[goal], goal


def test_scores_per_learning_goal_are_one_to_five(roleplay):
    _, figures, text = conversation(roleplay, "naomi", ["Hoe gaat het met je?", "Hoe gaat het met de kinderen, thuis?"])
    assert set(figures["goals"]) == set(GOALS)  # a danger case also scores safety
    assert all(1 <= score <= 5 for score in figures["goals"].values())
    assert "Leerdoelen:" in text


def test_the_life_rating_tip_does_not_say_at_the_end(roleplay):
    _, figures, text = conversation(roleplay, "robert", SHORT_AND_ADVISING)
    tip = TEXTS.say("feedback_rating_tip")
    assert tip in text and "aan het eind" not in tip.lower() and "eerste vraag" in tip


def test_lvb_feedback_counts_agreeing_too_fast_and_checks(roleplay):
    jeroen, figures, text = conversation(
        roleplay,
        "jeroen",
        [
            "Hoe is het met je geld?",
            "Dus je hebt het geld eigenlijk goed onder controle.",
            "Kun je in je eigen woorden zeggen wat ik bedoel?",
        ],
    )
    assert figures["language"]["agreed_fast"] >= 1 and figures["language"]["checks"] == 1
    assert "Kun je in je eigen woorden zeggen wat ik bedoel?" in [entry["quote"] for entry in figures["strongest"]]


def test_danger_feedback_names_a_signal_that_was_not_followed(roleplay):
    naomi, figures, text = conversation(
        roleplay, "naomi", ["Hoe gaat het met je?", "Hoe gaat het met de kinderen, thuis?", "Heb je hobby's?"]
    )
    assert figures["signals"]["shown"] and figures["signals"]["followed"] == 0
    signal = figures["signals"]["shown"][0]["text"]
    assert naomi.persona.voice["missed_signal"].format(signal=signal.rstrip(".")) in text
    assert ".'." not in text and "?'." not in text  # "Ik zei '... avond'." : one full stop, after the quote
