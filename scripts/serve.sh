#!/usr/bin/env bash
# Serves the hub with the task worker (mail and slow work) and the scheduled jobs beside it.
#   serve.sh run ADDRESS   gunicorn with production settings (`make run`)
#   serve.sh dev ADDRESS   Django's autoreloading development server (`make dev`)
# Ctrl-C stops everything it started.
set -euo pipefail
PY=${PY:-.venv/bin/python}
MODE=${1:-run}
ADDRESS=${2:-127.0.0.1:8000}

"$PY" manage.py db_worker --backend background --queue-name '*' --verbosity 0 &
WORKER=$!
"$PY" manage.py run_scheduled_jobs &
SCHEDULER=$!
trap 'kill "$WORKER" "$SCHEDULER" 2>/dev/null || true; wait' EXIT INT TERM

if [[ $MODE == dev ]]; then
  "$PY" manage.py runserver "$ADDRESS"
else
  "$PY" -m gunicorn -c config/gunicorn.conf.py config.wsgi --bind "$ADDRESS"
fi
