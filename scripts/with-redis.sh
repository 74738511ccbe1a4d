#!/usr/bin/env bash
# Runs a command with a throwaway Redis server (Debian's redis-server) started here and stopped
# afterwards, and CACHE_URL pointing at it. Usage: scripts/with-redis.sh pytest -m cache ...
set -euo pipefail

PORT=${REDIS_TEST_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
DATA=$(mktemp -d /tmp/bpt-redis.XXXXXX)

redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$DATA" \
  --daemonize yes --pidfile "$DATA/redis.pid" --logfile "$DATA/redis.log"
cleanup() {
  kill "$(cat "$DATA/redis.pid" 2>/dev/null)" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 50); do
  redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done

export CACHE_URL="redis://127.0.0.1:$PORT/0"
echo "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on port $PORT: running the suite"
"$@"
