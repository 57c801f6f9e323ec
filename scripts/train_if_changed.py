"""Train the Rasa model only when its inputs changed since the last training.

The fingerprint covers config.yml, domain.yml, everything under data/, the spaCy
pipeline's build id and the installed Rasa version. The model is written as
models/wat-telt.tar.gz with its fingerprint beside it.
Usage: python scripts/train_if_changed.py [--force]
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "wat-telt.tar.gz"
STAMP = ROOT / "models" / "wat-telt.fingerprint"


def training_inputs() -> list:
    files = [ROOT / "config.yml", ROOT / "domain.yml", ROOT / "build" / "spacy-nl" / "build-id.json"]
    files += sorted(p for p in (ROOT / "data").rglob("*") if p.is_file())
    return files


def fingerprint() -> str:
    import rasa

    digest = hashlib.sha256(f"rasa={rasa.__version__}\n".encode())
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
