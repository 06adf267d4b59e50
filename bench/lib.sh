# Shared helpers of the benchmarks: start the packaged app on a throw-away data directory, sign in, stop it.
# Source it from a benchmark script; it expects ROOT (the repository) and sets JAVA_HOME through the launcher's logic.
set -euo pipefail

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
PORT="${PORT:-18480}"
BASE="http://localhost:$PORT"
# The wrk scripts load their shared result line from here.
export BENCH="$ROOT/bench"

start_app() {
  local data="$1"
  CONSILIUM_DATA_DIR="$data" CONSILIUM_JAVA_OPTS="${CONSILIUM_JAVA_OPTS:--Xmx2g}" \
    nohup "$ROOT/consilium" start --port "$PORT" > "$data.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 300); do
    if curl -fs "$BASE/actuator/health" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "the app did not start; see $data.log" >&2
  exit 1
}

stop_app() {
  if [[ -n "${APP_PID:-}" ]]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
}

token() {
  curl -fs -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"consilium-demo\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

# wrk with the Lua script that reports p50/p95/p99, requests per second and errors on one line.
load() {
  local clients="$1" seconds="$2" urls="$3" token="$4"
  local threads=$(( clients < 2 ? 1 : 2 ))
  URLS="$urls" TOKEN="$token" wrk -t"$threads" -c"$clients" -d"${seconds}s" -s "$ROOT/bench/urls.lua" "$BASE" \
    | grep '^RESULT'
}

machine() {
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%F)"
}
