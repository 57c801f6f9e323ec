# Wat telt gespreksgids. Newcomers need two targets: `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONPATH := $(CURDIR)

.PHONY: setup deps gates run test test-fast validate train train-force lock services browser bench bench-speed bench-nlu cross-validate clean help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

setup:  ## venv, pinned dependencies, spaCy pipeline, Rasa model (when changed), migrations
	@scripts/setup.sh

deps:  ## venv and pinned dependencies only (no training)
	@scripts/setup.sh deps

run: setup  ## set everything up and start the assistant on 127.0.0.1 (SQLite under var/)
	@scripts/run.sh

gates: deps  ## the code gates: ruff (lint and format), mypy, import contracts
	$(PY) -m ruff check bot actions tests bench scripts
	$(PY) -m ruff format --check bot actions tests bench scripts
	$(PY) -m mypy
	.venv/bin/lint-imports

test: setup services browser gates  ## set everything up and run the whole suite, code gates included
	$(PY) -m pytest

test-fast: deps gates  ## the gates and every test that needs no trained model and no servers (under 2 minutes)
	$(PY) -m pytest -n 2 -m "not integration and not browser"

services:  ## make sure PostgreSQL and Redis run on 127.0.0.1 (installs them when missing)
	@scripts/ensure_services.sh

browser:  ## Debian's Chromium and axe-core for the web chat tests (tests/web)
	@scripts/ensure_browser.sh

validate: setup  ## rasa data validate
	$(PY) -m rasa data validate --domain domain.yml --data data --config config.yml

train: setup  ## train when inputs changed (setup does this too)

train-force:  ## retrain from scratch
	$(PY) scripts/train_if_changed.py --force

lock:  ## refresh requirements.lock from requirements.in (needs the registry)
	$(PY) -m pip install -r requirements.in && $(PY) -m pip freeze > requirements.lock

bench: bench-speed bench-nlu  ## every benchmark behind docs/benchmarks.md (about 2 hours on 2 cores)

bench-speed: setup  ## train time, latency as a ratio to the moodbot, PostgreSQL size, memory after 1,000 conversations
	$(PY) bench/train_time.py
	$(PY) bench/train_time.py --nlu-change
	$(PY) bench/latency_vs_moodbot.py
	$(PY) bench/turn_latency.py --postgres --conversations 20
	$(PY) bench/turn_latency.py --conversations 1000 --turns 3 --concurrency 2

bench-nlu: setup  ## our NLU beside rasa init's pipeline and TF-IDF + LR, held-out and 3-fold cross-validation
	$(PY) bench/nlu_compare.py --folds 3
	$(PY) bench/nlu_quality.py

cross-validate: bench-nlu  ## the same as bench-nlu (helpdesk-assistant's name)

clean:  ## remove build output (not the database under var/)
	rm -rf build models .rasa results .pytest_cache

.PHONY: telegram
telegram:  ## Telegram by long polling to the running assistant (`make run` first; needs TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET)
	$(PY) -m bot.channels.telegram poll
