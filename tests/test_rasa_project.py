"""Rasa's own checks on the project: data validation, and the test stories through the trained model."""

import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT

RASA_ENV = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
MODEL = ROOT / "models" / "wat-telt.tar.gz"
HOLDOUT_MIN_ACCURACY = 0.85  # measured figures are in docs/benchmarks.md


def rasa(*args, timeout=900):
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args], cwd=ROOT, env=RASA_ENV, capture_output=True, text=True, timeout=timeout
    )


BUTTON_INTENT = "choose"  # /choose{"choice": ...} from buttons only: no NLU examples on purpose


@pytest.mark.integration  # runs the Rasa CLI (10 s): in `make test`, not in the quick loop of `make test-fast`
def test_rasa_data_validate_passes_with_only_the_button_intent_unexampled():
    result = rasa("data", "validate", "--domain", "domain.yml", "--data", "data", "--config", "config.yml")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    warnings = [line for line in (result.stdout + result.stderr).splitlines() if "UserWarning" in line]
    unexpected = [line for line in warnings if f"'{BUTTON_INTENT}' is listed in the domain file, but is not found" not in line]
    assert not unexpected, unexpected


def _domain_intents():
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]


def _nlu_intents():
    found = {}
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                found[block["intent"]] = block["examples"]
    return found


def test_every_intent_goes_to_the_turn_by_a_rule():
    ruled = set()
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            steps = rule["steps"]
            assert steps[-1] == {"action": "action_handle_turn"}, rule["rule"]
            ruled.update(step["intent"] for step in steps if "intent" in step)
    assert set(_domain_intents()) | {"nlu_fallback"} <= ruled


def test_every_typed_intent_has_examples_without_entities():
    examples = _nlu_intents()
    assert set(_domain_intents()) - {BUTTON_INTENT} == set(examples)
    assert BUTTON_INTENT not in examples
    annotated = [intent for intent, text in examples.items() if "]{" in text or "](" in text]
    assert not annotated, f"entity annotations in {annotated}: domains and scores are read in plain Python"


@pytest.fixture(scope="module")
def rasa_test_results(tmp_path_factory):
    """`rasa test` over the test stories (tests/stories) and the held-out NLU set tests/nlu/holdout.yml.
    The practice training pack (bot/content/training) is not a Rasa test any more: practice moves
    are read outside Rasa NLU."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make setup` first")
    out = tmp_path_factory.mktemp("rasa-test")
    stories = tmp_path_factory.mktemp("test-stories")
    for source in (ROOT / "tests" / "stories").glob("*.yml"):
        shutil.copy(source, stories / f"{source.parent.name}-{source.name}")
    result = rasa("test", "--model", str(MODEL), "--stories", str(stories), "--nlu", "tests/nlu/holdout.yml", "--out", str(out))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


@pytest.mark.integration  # needs the trained model: not part of `make test-fast`
def test_every_test_story_passes(rasa_test_results):
    failed = (rasa_test_results / "failed_test_stories.yml").read_text()
    assert "None of the test stories failed" in failed, failed[:3000]


@pytest.mark.integration
def test_held_out_intents_are_recognised(rasa_test_results):
    report = json.loads((rasa_test_results / "intent_report.json").read_text())
    assert report["accuracy"] >= HOLDOUT_MIN_ACCURACY, {
        k: v for k, v in report.items() if isinstance(v, dict) and v.get("f1-score", 1) < 0.8
    }
