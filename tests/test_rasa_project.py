"""Rasa's own checks on the project: data validation, and the test stories through the trained model."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

RASA_ENV = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
MODEL = ROOT / "models" / "wat-telt.tar.gz"
HOLDOUT_MIN_ACCURACY = 0.85  # measured figures are in docs/benchmarks.md


def rasa(*args, timeout=900):
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args], cwd=ROOT, env=RASA_ENV, capture_output=True, text=True, timeout=timeout
    )


def test_rasa_data_validate_passes_without_warnings():
    result = rasa("data", "validate", "--fail-on-warnings", "--domain", "domain.yml", "--data", "data", "--config", "config.yml")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.fixture(scope="module")
def rasa_test_results(tmp_path_factory):
    """`rasa test` over the test stories (tests/stories and the training pack bot/content/training) and
    the held-out NLU set tests/nlu/holdout.yml."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make setup` first")
    out = tmp_path_factory.mktemp("rasa-test")
    stories = tmp_path_factory.mktemp("test-stories")
    for source in [*(ROOT / "tests" / "stories").glob("*.yml"), *(ROOT / "bot" / "content" / "training").glob("*.yml")]:
        shutil.copy(source, stories / f"{source.parent.name}-{source.name}")
    result = rasa("test", "--model", str(MODEL), "--stories", str(stories), "--nlu", "tests/nlu/holdout.yml", "--out", str(out))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def test_every_test_story_passes(rasa_test_results):
    failed = (rasa_test_results / "failed_test_stories.yml").read_text()
    assert "None of the test stories failed" in failed, failed[:3000]


def test_held_out_intents_are_recognised(rasa_test_results):
    report = json.loads((rasa_test_results / "intent_report.json").read_text())
    assert report["accuracy"] >= HOLDOUT_MIN_ACCURACY, {
        k: v for k, v in report.items() if isinstance(v, dict) and v.get("f1-score", 1) < 0.8
    }
