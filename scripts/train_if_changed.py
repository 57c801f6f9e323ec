"""Train the Rasa model only when its inputs changed since the last training.

The fingerprint covers every file the trained model depends on: config.yml, domain.yml,
everything under data/, the custom NLU components (bot/rasa_nlu/ and the modules of bot/ they
import), the spaCy pipeline (its build script and build id) and the versions of the installed
Rasa, spaCy, scikit-learn and TensorFlow. Editing a custom component retrains. The model is
written as models/wat-telt.tar.gz with its fingerprint beside it.
Usage: python scripts/train_if_changed.py [--force]
"""

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Set

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "wat-telt.tar.gz"
STAMP = ROOT / "models" / "wat-telt.fingerprint"


CUSTOM_COMPONENTS = ROOT / "bot" / "rasa_nlu"
SPACY_BUILD = [ROOT / "scripts" / "build_spacy_model.py", ROOT / "build" / "spacy-nl" / "build-id.json"]
PACKAGES = ("rasa", "spacy", "scikit-learn", "tensorflow")
BOT_IMPORT = re.compile(r"^\s*(?:from|import)\s+(bot(?:\.\w+)+)", re.MULTILINE)


def _module_file(module: str) -> Optional[Path]:
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def component_sources() -> List[Path]:
    """bot/rasa_nlu/**/*.py and, transitively, every module of bot/ they import."""
    pending = sorted(CUSTOM_COMPONENTS.rglob("*.py")) if CUSTOM_COMPONENTS.exists() else []
    seen: Set[Path] = set()
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        for module in BOT_IMPORT.findall(path.read_text(encoding="utf-8")):
            found = _module_file(module)
            if found is not None and found not in seen:
                pending.append(found)
    return sorted(seen)


def training_inputs() -> List[Path]:
    files = [ROOT / "config.yml", ROOT / "domain.yml", *SPACY_BUILD]
    files += sorted(p for p in (ROOT / "data").rglob("*") if p.is_file())
    files += component_sources()
    return [path for path in files if path.exists()]


def fingerprint() -> str:
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package}=none")
    digest = hashlib.sha256("\n".join(versions).encode())
    for path in training_inputs():
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def main(force: bool) -> int:
    current = fingerprint()
    if not force and MODEL.exists() and STAMP.exists() and STAMP.read_text().strip() == current:
        print("setup: Rasa model is up to date")
        return 0
    print("setup: training the Rasa model (inputs changed)")
    command = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "--fixed-model-name",
        "wat-telt",
        "--out",
        str(MODEL.parent),
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        "data",
    ]
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0:
        return result.returncode
    STAMP.write_text(current + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main("--force" in sys.argv[1:]))
