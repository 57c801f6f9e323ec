"""The personas react to how the worker listens (bot/flows/practice/roleplay.py, judge.py)."""

from bot.content.personas import load_personas

ROBERT = load_personas()["robert"]


def confirmed(persona, reply: str) -> bool:
    return any(reply.startswith(line) for kind in ("confirm", "confirm_feeling", "summary_good") for line in persona.speech[kind])


def starts_with_any(reply: str, lines) -> bool:
    return any(reply.startswith(line) for line in lines)


def test_a_wrong_reflection_is_corrected_not_confirmed(roleplay):
    robert = roleplay("robert")
    robert.say("Hoe gaat het met je?")
    robert.say("Vertel eens over je werk.")
    trust = robert.state.trust
    reply = robert.say("Dus werken vind je eigenlijk wel prima?")
    assert not confirmed(ROBERT, reply), reply
    assert ROBERT.domains["werk"].correction in reply
    assert "corrected" in robert.events and robert.turn.verdict == "wrong"
    assert robert.state.trust < trust


def test_a_misreading_gets_the_persona_s_own_correction(roleplay):
    robert = roleplay("robert")
    robert.say("Vertel eens over je werk.")
    reply = robert.say("Dus je wilt eigenlijk helemaal niet werken?")
    misreading = ROBERT.domains["werk"].misreadings[0].correction
    assert misreading in reply and not confirmed(ROBERT, reply)


def test_a_reflection_of_the_feeling_is_confirmed_and_goes_deeper(roleplay):
    robert = roleplay("robert")
    robert.say("Vertel eens over je werk.")
    robert.say("Hoe gaat het verder op de werkplaats?")
    reply = robert.say("Het klinkt alsof een gewone baan je bang maakt.")
    assert confirmed(ROBERT, reply)
    assert ROBERT.domains["werk"].feeling in reply  # he says more than "ja"
    assert robert.turn.verdict == "right_feeling" and "heard" in robert.events


def test_a_reflection_of_something_never_said_is_not_confirmed(roleplay):
    robert = roleplay("robert")
    robert.say("Hoe gaat het met je?")
    reply = robert.say("Je hebt dus veel schulden.")
    assert not confirmed(ROBERT, reply) and robert.turn.verdict == "not_said"


def test_the_fear_opens_only_after_a_good_summary(roleplay):
    fear = ROBERT.layer("fear_relapse")
    robert = roleplay("robert")
    for line in (
        "Hoi Robert, ik ben Sanne.",
        "Hoe gaat het met je?",
        "Vertel eens over je werk.",
        "Ik ben hier om te luisteren. Wat jij vertelt, bepaal jij.",
        "Hoe slaap je de laatste tijd?",
        "Hoe is het om in je eigen flat te wonen?",
        "Hoe gaat het met je, nu er zoveel verandert?",
        "Hoe gaat het met geld?",
    ):
        reply = robert.say(line)
        assert fear.text not in reply
    assert "fear_relapse" not in robert.state.opened and robert.state.trust >= fear.trust  # trust alone does not open it
    reply = robert.say(
        "Even samenvatten: je woont sinds kort alleen in je flat, op de werkplaats gaat het goed, "
        "maar een gewone baan maakt je bang, en je slaapt slecht."
    )
    assert robert.turn.verdict == "good"
    assert reply.endswith(ROBERT.confidentiality.question)  # first: what happens with it?
    reply = robert.say("Nee, ik bespreek niets met je klantmanager zonder jouw toestemming.")
    assert fear.text in reply and "fear_relapse" in robert.state.opened


def test_a_bad_answer_to_the_confidentiality_question_keeps_the_fear_closed(roleplay):
    robert = roleplay("robert")
    for line in (
        "Hoe gaat het met je?",
        "Vertel eens over je werk.",
        "Hoe slaap je de laatste tijd?",
        "Hoe is het om in je eigen flat te wonen?",
    ):
        robert.say(line)
    robert.say(
        "Samengevat: je woont net in je eigen flat, het werk op de werkplaats gaat goed, maar een gewone baan maakt je bang."
    )
    assert robert.state.pending and robert.state.pending["kind"] == "confidentiality"
    trust = robert.state.trust
    reply = robert.say("Ja, dat moet ik wel doorgeven aan de klantmanager.")
    assert reply == ROBERT.confidentiality.bad
    assert "fear_relapse" not in robert.state.opened and robert.state.trust < trust


def test_advice_closes_the_persona_down_and_an_apology_opens_it_again(roleplay):
    robert = roleplay("robert")
    robert.say("Hoe gaat het met je?")
    robert.say("Vertel eens over je werk.")
    trust = robert.state.trust
    robert.say("Je moet gewoon gaan solliciteren.")
    assert "closed_down" in robert.events and robert.state.trust < trust
    reply = robert.say("Hoe slaap je de laatste tijd?")  # a good question, but he is closed
    assert reply in ROBERT.speech["closed_down"] and "still_closed" in robert.events
    reply = robert.say("Sorry, dat was te snel. Wat wil jij zelf?")
    assert "reopened" in robert.events and reply.startswith(ROBERT.speech["reopen"][0])


def test_trust_goes_down_with_leading_questions_and_judgement_and_up_with_listening(roleplay):
    robert = roleplay("robert")
    robert.say("Hoe gaat het met je?")
    up = robert.state.trust
    robert.say("Je bent toch wel blij met je nieuwe flat?")
    assert robert.state.trust < up
    robert.say("Dat is toch een beetje lui van je.")
    assert "judgement" in robert.events and robert.state.trust < up - 1
    low = robert.state.trust
    robert.say("Sorry. Wat vind jij daar zelf van?")
    robert.say("Hoe is het om in je eigen flat te wonen?")
    assert robert.state.trust > low


def test_a_guarded_persona_answers_a_closed_question_short(roleplay):
    robert = roleplay("robert")
    reply = robert.say("Slaap je goed?")
    assert reply == ROBERT.domains["lichamelijke_gezondheid"].closed


def test_the_persona_asks_back_and_notices_when_the_worker_goes_past_it(roleplay):
    robert = roleplay("robert")
    robert.say("Hoe gaat het met je?")
    robert.say("Vertel eens over je werk.")
    reply = robert.say("En hoe gaat het daar verder?")
    asked = next(ask for ask in ROBERT.ask_back if ask.key == "purpose")
    assert reply.endswith(asked.text)
    robert.say("Slaap je goed?")
    assert "ignored_their_question" in robert.events


def test_the_persona_brings_something_up_itself(roleplay):
    robert = roleplay("robert")
    initiative = ROBERT.initiatives[0]
    lines = [
        "Hoi Robert.",
        "Hoe gaat het met je?",
        "Vertel eens over je werk.",
        "Goed dat je het vraagt: ik wil vooral luisteren, en jij bepaalt wat er met dit gesprek gebeurt.",
        "Hoe is het om in je eigen flat te wonen?",
        "Wie zie je zoal in een gewone week?",
        "Hoe gaat het met koken en de post?",
        "Wat doe je graag in je vrije tijd?",
    ]
    said = " ".join(robert.say(line) for line in lines)
    assert initiative.text in said and f"initiative:{initiative.key}" in [e for t in robert.state.turns for e in t["events"]]


def test_someone_with_lvb_agrees_too_fast_and_tells_the_truth_when_understanding_is_checked(roleplay):
    jeroen = roleplay("jeroen")
    persona = jeroen.persona
    jeroen.say("Hoi Jeroen, ik ben Sanne.")
    jeroen.say("Hoe is het met je geld?")
    reply = jeroen.say("Dus je hebt het geld eigenlijk goed onder controle.")
    assert starts_with_any(reply, persona.speech["agree_fast"]) and "agreed_fast" in jeroen.events  # "ja", though wrong
    reply = jeroen.say("We kijken of budgetbeheer een passende maatwerkvoorziening is voor jouw zelfredzaamheid.")
    assert starts_with_any(reply, persona.speech["agree_fast"]) and "agreed_fast" in jeroen.events
    reply = jeroen.say("Kun je in je eigen woorden vertellen wat ik net zei?")
    assert "revealed_misunderstanding" in jeroen.events and reply.startswith(persona.speech["understood_not"][0])
    assert "mike_card" in jeroen.state.opened  # the secret comes out once someone checks


def test_a_second_language_speaker_asks_what_jargon_means(roleplay):
    amal = roleplay("amal")
    amal.say("Goedemiddag Amal.")
    reply = amal.say("Hoe is de samenwerking met de schuldhulpverlening?")
    assert "schuldhulpverlening" in reply.lower() and "confused" in amal.events
    reply = amal.say(
        "Wij gaan kijken of er een terugvordering is en hoe we samen met de schuldhulp een regeling kunnen treffen voor jou."
    )
    assert reply in amal.persona.speech["too_long"] or "confused" in amal.events


def test_danger_signals_a_straight_question_and_an_honest_limit_open_what_happened(roleplay):
    naomi = roleplay("naomi")
    layer = naomi.persona.layer("pushed")
    naomi.say("Hoi Naomi, ik ben Sanne van het wijkteam.")
    naomi.say("Hoe gaat het met je?")
    reply = naomi.say("Hoe gaat het met de kinderen, thuis?")
    assert any(event.startswith("signal:") for event in naomi.events), reply
    naomi.say("Ze worden stil als Kevin thuiskomt?")
    assert any(event.startswith("signal_followed") for event in naomi.events)
    reply = naomi.say("Voel jij je veilig thuis?")
    assert reply.endswith(naomi.persona.confidentiality.question)
    reply = naomi.say(
        "Ik doe niets zonder het eerst met jou te bespreken. Maar als jij of de kinderen in gevaar zijn, moet ik wel iets doen."
    )
    assert layer.text in reply and naomi.state.confidentiality == "good"


def test_a_promise_of_total_secrecy_opens_it_too_but_is_remembered(roleplay):
    naomi = roleplay("naomi")
    naomi.say("Hoe gaat het met je?")
    naomi.say("Voel jij je veilig thuis?")
    reply = naomi.say("Ik vertel het aan niemand, dat beloof ik.")
    assert naomi.state.confidentiality == "secrecy" and naomi.persona.layer("pushed").text in reply


def test_a_household_speaks_with_two_voices_and_the_one_addressed_answers(roleplay):
    household = roleplay("linda_marco")
    household.say("Hallo allebei, ik ben Sanne.")
    household.say("Hoe gaat het met jullie?")
    reply = household.say("Marco, hoe gaat het met Sem?")
    assert reply.startswith("Marco:") and household.state.voices_addressed == {"marco": 1}


def test_a_naaste_is_counted_when_the_worker_asks_about_her_and_not_only_about_him(roleplay):
    els = roleplay("els")
    els.say("Hoe gaat het met Jan?")
    assert "about_other" in els.events
    els.say("En hoe gaat het met jou, met die onrustige nachten?")
    assert "about_self" in els.events


def test_asking_why_they_came_gets_why_they_came_not_a_domain_the_words_touch(roleplay):
    persona = load_personas()["naomi"]
    for question in (
        "Wat maakt dat je nu contact zoekt?",
        "Wat brengt je hier vandaag?",
        "Waarmee kan ik je helpen?",
        "Waarvoor kom je?",
    ):
        naomi = roleplay("naomi")
        naomi.say("Hoi Naomi, fijn dat je er bent.")
        assert naomi.say(question) == persona.opening, question


def test_an_introduction_with_a_question_gets_a_greeting_and_the_answer(roleplay):
    persona = load_personas()["jeroen"]
    jeroen = roleplay("jeroen")
    reply = jeroen.say("Hoi Jeroen, ik ben Anna. Wat brengt je hier?")
    assert reply.startswith(persona.greeting) and persona.opening in reply
