"""The personas as content: at least eight, the kinds a worker must practise with, checked strictly
(`python -m bot personas check`), independent of domains they do not use."""

import shutil
from types import SimpleNamespace

import pytest
import yaml

from bot import cli
from bot.content import ContentError, load_instrument
from bot.content.personas import MIN_FACTS_IMPORTANT, PERSONA_DIR, PERSONAS_FILE, load_personas, load_personas_from

PERSONAS = load_personas()


def test_at_least_eight_personas_with_the_kinds_a_worker_meets():
    assert len(PERSONAS) >= 8
    traits = {trait for persona in PERSONAS.values() for trait in persona.traits}
    assert {"lvb", "nt2", "naaste", "danger", "two_voices"} <= traits
    assert any(persona.age == 17 for persona in PERSONAS.values())  # facing 18
    assert {persona.difficulty for persona in PERSONAS.values()} == {"open", "guarded", "resistant"}
    assert {"robert", "samira", "dylan", "henk"} <= set(PERSONAS)


def test_robert_stays_close_to_the_seed_story():
    robert = PERSONAS["robert"]
    told = " ".join(fact.text for domain in robert.domains.values() for fact in domain.facts).lower()
    assert "bipolaire" in told and "schulden" in told and robert.domains["geld"].important
    assert robert.regie.conflict and robert.regie.conflict.parties == ("klantmanager", "begeleider")


def test_every_domain_that_matters_has_at_least_five_facts_and_a_hidden_layer_exists():
    for persona in PERSONAS.values():
        for key in persona.important_domains:
            assert len(persona.domains[key].facts) >= MIN_FACTS_IMPORTANT, (persona.key, key)
        assert {layer.kind for layer in persona.layers} & {"fear", "need", "secret", "signal"}
        assert any(layer.kind == "wish" for layer in persona.layers)


def test_personas_check_passes_and_lists_every_persona(capsys):
    assert cli.main(["personas", "check"]) == 0
    out = capsys.readouterr().out
    assert all(key in out for key in PERSONAS) and f"{len(PERSONAS)} personas" in out


def copy_content(tmp_path):
    index, directory = tmp_path / "personas.yml", tmp_path / "personas"
    shutil.copy(PERSONAS_FILE, index)
    shutil.copytree(PERSONA_DIR, directory)
    return index, directory


def test_a_broken_persona_is_named_with_the_file_and_the_field(tmp_path):
    index, directory = copy_content(tmp_path)
    robert = yaml.safe_load((directory / "robert.yml").read_text())
    robert["domains"]["werk"]["facts"] = robert["domains"]["werk"]["facts"][:2]
    (directory / "robert.yml").write_text(yaml.safe_dump(robert, allow_unicode=True))
    with pytest.raises(ContentError, match=r"robert\.yml.*domains.*werk.*at least 5 facts"):
        load_personas_from(index, directory)


def test_an_unknown_domain_or_layer_reference_is_an_error(tmp_path):
    index, directory = copy_content(tmp_path)
    samira = yaml.safe_load((directory / "samira.yml").read_text())
    samira["domains"]["huisdieren"] = samira["domains"]["werk"]
    (directory / "samira.yml").write_text(yaml.safe_dump(samira, allow_unicode=True))
    with pytest.raises(ContentError, match="huisdieren"):
        load_personas_from(index, directory)
    samira.pop("domains")["huisdieren"]
    samira["domains"] = yaml.safe_load((PERSONA_DIR / "samira.yml").read_text())["domains"]
    samira["layers"][0]["domain"] = "justitie"
    (directory / "samira.yml").write_text(yaml.safe_dump(samira, allow_unicode=True))
    with pytest.raises(ContentError, match="layer fear_children"):
        load_personas_from(index, directory)


def test_personas_use_only_their_own_domains_so_a_fifteenth_domain_breaks_nothing(monkeypatch):
    assert any(len(persona.domains) < len(load_instrument().keys) for persona in PERSONAS.values())
    bigger = SimpleNamespace(keys=load_instrument().keys + ("huisdieren",))
    monkeypatch.setattr("bot.content.personas.load_instrument", lambda: bigger)
    assert set(load_personas_from()) == set(PERSONAS)


def test_personas_check_fails_with_the_problem_on_stderr(tmp_path, monkeypatch, capsys):
    index, directory = copy_content(tmp_path)
    (directory / "henk.yml").write_text("key: henk\nname: Henk\n")
    monkeypatch.setattr("bot.content.personas.PERSONAS_FILE", index)
    monkeypatch.setattr("bot.content.personas.PERSONA_DIR", directory)
    monkeypatch.setattr(
        "bot.content.personas.load_personas_from",
        lambda index_path=index, directory=directory, _original=load_personas_from: _original(index_path, directory),
    )
    assert cli.main(["personas", "check"]) == 1
    assert "henk.yml" in capsys.readouterr().err
