#!/usr/bin/env bash
# Start the action server, the Rasa server, the wijkteam web app and the scheduler (check-ins) on loopback; Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."

export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export HOST="${HOST:-127.0.0.1}" RASA_PORT="${RASA_PORT:-5005}" ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$PWD/var/wat-telt.db}"
# The action server has no authentication and only the Rasa server beside it calls it: loopback,
# whatever HOST says (ACTIONS_HOST only for a Rasa server on another machine, behind a firewall).
export SANIC_HOST="${ACTIONS_HOST:-127.0.0.1}"  # rasa_sdk binds 0.0.0.0 without it
# The wijkteam page speaks plain HTTP: loopback unless WIJKTEAM_HOST says otherwise (put TLS in front).
export WIJKTEAM_HOST="${WIJKTEAM_HOST:-127.0.0.1}"
export WIJKTEAM_PORT="${WIJKTEAM_PORT:-8081}"  # the wijkteam web app (bot/wijkteam, docs/wijkteam.md)
mkdir -p var
.venv/bin/python -m bot check-settings  # secrets that are set must be long enough (bot/settings_check.py)

api_args=()
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
  api_args=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
fi

pids=()
waiter=""
stop_all() {
  trap - INT TERM EXIT
  # (the waiter has usually finished: a failing kill must not end this function under set -e)
  if [ -n "$waiter" ]; then kill "$waiter" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

.venv/bin/python -m rasa_sdk --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
.venv/bin/python -m rasa run --model models/wat-telt.tar.gz --interface "$HOST" --port "$RASA_PORT" \
  --endpoints endpoints.yml --credentials credentials.yml "${api_args[@]}" &
pids+=($!)
.venv/bin/python -m bot.wijkteam --host "$WIJKTEAM_HOST" --port "$WIJKTEAM_PORT" &
pids+=($!)
.venv/bin/python -m bot.schedule &  # check-ins and reminders (docs/follow-up.md)
pids+=($!)

echo "wat-telt: starting; the Rasa server needs about 40 seconds to load its model."
echo "wat-telt: chat in this terminal:  .venv/bin/python -m bot chat --url http://$HOST:$RASA_PORT"
echo "wat-telt: or in the browser:       http://$HOST:$RASA_PORT/webhooks/webchat/"
echo "wat-telt: or over REST:           curl -s -X POST http://$HOST:$RASA_PORT/webhooks/rest/webhook -d '{\"sender\":\"ik\",\"message\":\"hoi\"}'"
echo "wat-telt: answers are stored in   $DATABASE_URL"
echo "wat-telt: wijkteam page:         http://$WIJKTEAM_HOST:$WIJKTEAM_PORT/  (a worker: .venv/bin/python -m bot worker add NAME --name 'Full Name')"
echo "wat-telt: check-ins and reminders are sent by  .venv/bin/python -m bot.schedule  (Telegram needs TELEGRAM_TOKEN)"
# Say when the Rasa server answers (bounded: 10 minutes); not one of the servers we wait on.
( for _ in $(seq 600); do
    if (exec 3<>"/dev/tcp/$HOST/$RASA_PORT") 2>/dev/null; then echo "wat-telt: ready on http://$HOST:$RASA_PORT"; exit 0; fi
    sleep 1
  done ) &
waiter=$!
wait -n "${pids[@]}"
