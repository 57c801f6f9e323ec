"""The training fingerprint (scripts/train_if_changed.py) covers every file the model depends on."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_if_changed.py"


@pytest.fixture
def project(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("train_if_changed", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    files = {
        "config.yml": "pipeline: []\n",
        "domain.yml": "intents: [greet]\n",
        "data/nlu/basics.yml": "nlu: []\n",
        "bot/__init__.py": "",
        "bot/rasa_nlu/__init__.py": "from bot.rasa_nlu.component import Component\n",
        "bot/rasa_nlu/component.py": "from bot.understanding.helper import helper\n",
        "bot/understanding/__init__.py": "",
        "bot/understanding/helper.py": "def helper():\n    return 1\n",
        "bot/understanding/unrelated.py": "x = 1\n",
        "scripts/build_spacy_model.py": "# build\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "CUSTOM_COMPONENTS", tmp_path / "bot" / "rasa_nlu")
    monkeypatch.setattr(
        module, "SPACY_BUILD", [tmp_path / "scripts" / "build_spacy_model.py", tmp_path / "build" / "spacy-nl" / "build-id.json"]
    )
    return module, tmp_path


@pytest.mark.parametrize(
    "changed",
    [
        "bot/rasa_nlu/component.py",
        "bot/understanding/helper.py",
        "config.yml",
        "data/nlu/basics.yml",
        "scripts/build_spacy_model.py",
    ],
)
def test_editing_what_the_model_depends_on_changes_the_fingerprint(project, changed):
    module, root = project
    before = module.fingerprint()
    (root / changed).write_text((root / changed).read_text() + "\n# edited\n")
    assert module.fingerprint() != before


def test_the_spacy_build_id_counts_once_it_exists(project):
    module, root = project
    before = module.fingerprint()
    (root / "build" / "spacy-nl").mkdir(parents=True)
    (root / "build" / "spacy-nl" / "build-id.json").write_text('{"spacy": "3.4.4"}')
    assert module.fingerprint() != before


def test_a_module_the_components_do_not_import_does_not_retrain(project):
    module, root = project
    before = module.fingerprint()
    (root / "bot" / "understanding" / "unrelated.py").write_text("x = 2\n")
    assert module.fingerprint() == before
