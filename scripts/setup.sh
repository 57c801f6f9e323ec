#!/usr/bin/env bash
# Sets up everything the assistant needs, idempotently and quickly when nothing changed:
#   1. a Python 3.10 virtual environment in .venv with the exact versions of requirements.lock
#   2. the blank Dutch spaCy pipeline in build/spacy-nl (offline, from spacy-lookups-data) and the
#      learned layers of the safety net and the scale reader in build/safety-model.json and
#      build/answer-model.json (trained from bot/content/safety_training.yml and answer_training.yml)
#   3. a trained Rasa model, retrained only when its inputs changed (fingerprint)
#   4. the database schema (Alembic migrations) for DATABASE_URL
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-all}"  # "deps": only 1 and 2 (what the gates and the fast tests need)

export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1

find_python310() {
  if command -v python3.10 >/dev/null 2>&1 && python3.10 -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    command -v python3.10; return
  fi
  if command -v pyenv >/dev/null 2>&1; then
    local candidate
    for candidate in "$(pyenv root)"/versions/3.10.*/bin/python3.10; do
      [ -x "$candidate" ] && { echo "$candidate"; return; }
    done
  fi
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
  if ! python310=$(find_python310); then
    echo "setup: Python 3.10 not found: install python3.10 on PATH or 'pyenv install 3.10' (Rasa 3.6 needs 3.10)." >&2
    exit 1
  fi
  echo "setup: creating .venv with $python310"
  rm -rf .venv
  "$python310" -m venv .venv
fi

lock_hash=$(sha256sum requirements.lock | cut -c1-64)
if [ "$(cat .venv/.lock-installed 2>/dev/null)" != "$lock_hash" ]; then
  echo "setup: installing pinned dependencies (a few minutes on a fresh machine)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.2"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
  echo "$lock_hash" > .venv/.lock-installed
fi

.venv/bin/python scripts/build_spacy_model.py build/spacy-nl
# the safety net's learned layer (bot/understanding/safety_model.py): rebuilt only when its training data changed
PYTHONPATH="$PWD" .venv/bin/python -m bot.understanding.safety_model build/safety-model.json >/dev/null
# the scale reader's learned second opinion (bot/understanding/answer_model.py): the same
PYTHONPATH="$PWD" .venv/bin/python -m bot.understanding.answer_model build/answer-model.json >/dev/null
[ "$mode" = deps ] && exit 0
.venv/bin/python scripts/train_if_changed.py
.venv/bin/python -m bot migrate
