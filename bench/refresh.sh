#!/usr/bin/env bash
# Token refresh: each client renews its own token pair in a chain (every answer's refresh token goes into the next
# request), at 1 and 8 clients. Target: p95 under 50 ms. Prints a Markdown table for docs/benchmarks.md.
# Usage: bench/refresh.sh [seconds per run, default 20]
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
SECONDS_PER_RUN="${1:-20}"
DATA="$(mktemp -d /tmp/consilium-bench-XXXX)"
trap 'stop_app; rm -rf "$DATA" "$DATA".*' EXIT

start_app "$DATA"

# One sign-in per client, each its own token family; a chain must never be shared, or the second use revokes it.
refresh_tokens() {
  local n="$1" list=""
  for _ in $(seq 1 "$n"); do
    local t
    t="$(curl -fs -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
      -d '{"username":"patient@example.org","password":"consilium-demo"}' \
      | sed -E 's/.*"refresh_token":"([^"]+)".*/\1/')"
    list="${list:+$list,}$t"
  done
  echo "$list"
}

run() {
  local clients="$1" seconds="$2"
  TOKENS="$(refresh_tokens "$clients")" wrk -t"$clients" -c"$clients" -d"${seconds}s" -s "$ROOT/bench/refresh.lua" \
    "$BASE" | grep '^RESULT'
}

# Warm the JIT first.
run 4 20 >/dev/null

echo "Machine: $(machine)"
echo
echo "| clients | requests/s | p50 | p95 | p99 | errors |"
echo "|---|---|---|---|---|---|"
for clients in 1 8; do
  run "$clients" "$SECONDS_PER_RUN" \
    | sed -E "s/RESULT requests=[0-9]+ rps=([0-9]+) p50=([0-9.]+ms) p95=([0-9.]+ms) p99=([0-9.]+ms) errors=([0-9]+)/| $clients | \1 | \2 | \3 | \4 | \5 |/"
done
