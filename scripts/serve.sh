#!/usr/bin/env bash
# Serves the hub for `make run`: the task worker (mail and slow work) and the scheduled jobs in
# the background, the development server in the foreground. Ctrl-C stops all three.
set -euo pipefail
PY=${PY:-.venv/bin/python}
ADDRESS=${1:-127.0.0.1:8000}

"$PY" manage.py db_worker --backend background --queue-name '*' --verbosity 0 &
WORKER=$!
"$PY" manage.py run_scheduled_jobs &
SCHEDULER=$!
trap 'kill "$WORKER" "$SCHEDULER" 2>/dev/null || true' EXIT INT TERM

"$PY" manage.py runserver "$ADDRESS"
