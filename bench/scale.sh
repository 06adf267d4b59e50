#!/usr/bin/env bash
# The scale benchmark: 1,000,000 cases of 200,000 patients (bench/seed-scale.sql). Measures, at 16 clients, the demo
# coordinator's case list (first page and cursor pages deep into the 25,000 cases they see) and reads of their
# cases. Prints a Markdown table for docs/benchmarks.md. Usage: bench/scale.sh [seconds per run, default 30]
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
SECONDS_PER_RUN="${1:-30}"
DATA="$(mktemp -d /tmp/consilium-scale-XXXX)"
trap 'stop_app; rm -rf "$DATA" "$DATA".*' EXIT

start_app "$DATA"
PGPORT="$(sed -n 's/.*Embedded PostgreSQL running on port \([0-9]*\).*/\1/p' "$DATA.log" | tail -1)"
echo "Seeding (a few minutes)..."
PGPASSWORD="$(cat "$DATA/secrets/consilium_owner.password")" psql -q -h localhost -p "$PGPORT" -U consilium_owner \
  -d consilium -f "$ROOT/bench/seed-scale.sql" > "$DATA.seed" 2>&1 || { cat "$DATA.seed"; exit 1; }
grep -E '^Time' "$DATA.seed" | awk '{s += $2} END {printf "Seeded in %.0f s\n", s / 1000}'

COORDINATOR="$(token coordinator@example.org)"
# The cursors of the list's pages, walked once: page 1, and pages 100, 200, 300, 400 (20,000 rows deep).
echo "/api/v1/cases?limit=50" > "$DATA.first"
: > "$DATA.deep"
cursor=""
for page in $(seq 1 400); do
  answer="$(curl -fs "$BASE/api/v1/cases?limit=50${cursor:+&cursor=$cursor}" -H "Authorization: Bearer $COORDINATOR")"
  cursor="$(echo "$answer" | sed -nE 's/.*"nextCursor":"([^"]+)".*/\1/p')"
  [[ -n "$cursor" ]] || { echo "the list ended at page $page" >&2; exit 1; }
  if (( page % 100 == 99 )); then echo "/api/v1/cases?limit=50&cursor=$cursor" >> "$DATA.deep"; fi
done
# 2,000 of the coordinator's own cases to read.
PGPASSWORD="$(cat "$DATA/secrets/consilium_owner.password")" psql -qAt -h localhost -p "$PGPORT" -U consilium_owner \
  -d consilium -c "select '/api/v1/cases/' || case_id from identity_case_grants g join identity_accounts a
                   on a.id = g.account_id where a.email = 'coordinator@example.org' and g.revoked_at is null
                   order by md5(case_id::text) limit 2000" > "$DATA.reads"
# Warm up every path measured: the JIT needs about half a minute of a path before it is at speed.
load 16 30 "$DATA.first" "$COORDINATOR" >/dev/null
load 16 20 "$DATA.deep" "$COORDINATOR" >/dev/null
load 16 20 "$DATA.reads" "$COORDINATOR" >/dev/null

echo "Machine: $(machine)"
echo
echo "| 16 clients | requests/s | p50 | p95 | p99 | errors |"
echo "|---|---|---|---|---|---|"
for kind in first deep reads; do
  label=$(case $kind in first) echo "case list, first page";; deep) echo "case list, pages 100-400";;
          reads) echo "case read";; esac)
  r="$(load 16 "$SECONDS_PER_RUN" "$DATA.$kind" "$COORDINATOR")"
  echo "$r" | sed -E "s/RESULT requests=[0-9]+ rps=([0-9]+) p50=([0-9.]+ms) p95=([0-9.]+ms) p99=([0-9.]+ms) errors=([0-9]+)/| $label | \1 | \2 | \3 | \4 | \5 |/"
done
