#!/usr/bin/env bash
# Audited case reads against an unaudited authenticated read (the specialist directory), at 1, 16 and 64 clients.
# Prints a Markdown table for docs/benchmarks.md. Usage: bench/audited-reads.sh [seconds per run, default 20]
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
SECONDS_PER_RUN="${1:-20}"
DATA="$(mktemp -d /tmp/consilium-bench-XXXX)"
trap 'stop_app; rm -rf "$DATA" "$DATA".*' EXIT

start_app "$DATA"
PATIENT="$(token patient@example.org)"
CASE="$(curl -fs -X POST "$BASE/api/v1/cases" -H "Authorization: Bearer $PATIENT" -H 'Content-Type: application/json' \
  -d '{"diagnosis":"Benchmark diagnosis","specialty":"MEDICAL_ONCOLOGY",
       "questions":[{"kind":"TREATMENT_OPTIONS","text":"Which treatment?"}]}' \
  | sed -E 's/^\{"id":"([^"]+)".*/\1/')"
[[ "$CASE" =~ ^[0-9a-f-]{36}$ ]] || { echo "could not open the benchmark's case: $CASE" >&2; exit 1; }
echo "/api/v1/cases/$CASE" > "$DATA.case"
echo "/api/v1/specialists" > "$DATA.directory"
# Warm the JIT on both paths before measuring.
load 16 30 "$DATA.case" "$PATIENT" >/dev/null
load 16 20 "$DATA.directory" "$PATIENT" >/dev/null

echo "Machine: $(machine)"
echo
echo "| clients | read | requests/s | p50 | p95 | p99 | errors |"
echo "|---|---|---|---|---|---|---|"
for clients in 1 16 64; do
  for kind in case directory; do
    label=$([[ $kind == case ]] && echo "audited case read" || echo "unaudited (directory)")
    r="$(load "$clients" "$SECONDS_PER_RUN" "$DATA.$kind" "$PATIENT")"
    echo "$r" | sed -E "s/RESULT requests=[0-9]+ rps=([0-9]+) p50=([0-9.]+ms) p95=([0-9.]+ms) p99=([0-9.]+ms) errors=([0-9]+)/| $clients | $label | \1 | \2 | \3 | \4 | \5 |/"
  done
done
