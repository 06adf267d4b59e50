#!/usr/bin/env bash
# Sign-in cost, and ordinary reads during a flood of sign-ins: how many sign-ins a second the machine does (Argon2id,
# 19 MiB, t=2, p=1, on a pool as large as the cores), and the p99 of an audited case read at 4 clients, idle and
# while 40 clients sign in as fast as they can, in three rounds. Target: the read's p99 under the flood within 2x of
# idle (the median round's).
# Usage: bench/sign-in-flood.sh [seconds per run, default 20]
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
SECONDS_PER_RUN="${1:-20}"
FLOODERS=40
DATA="$(mktemp -d /tmp/consilium-bench-XXXX)"
trap 'stop_app; rm -rf "$DATA" "$DATA".*' EXIT

start_app "$DATA"
PGPORT="$(sed -n 's/.*Embedded PostgreSQL running on port \([0-9]*\).*/\1/p' "$DATA.log" | tail -1)"
# One confirmed account per flooding client, with the demo password's hash, so no client's sign-ins touch another's
# throttle counts.
PGPASSWORD="$(cat "$DATA/secrets/consilium_owner.password")" psql -q -h localhost -p "$PGPORT" -U consilium_owner \
  -d consilium -c "insert into identity_accounts (id, email, display_name, role, password_hash,
                     privacy_notice_version, terms_version, accepted_at, created_at, email_verified_at)
                   select gen_random_uuid(), 'flood-' || g || '@example.org', 'Flood ' || g, 'PATIENT',
                          (select password_hash from identity_accounts where email = 'patient@example.org'),
                          '2026-11', '2026-11', now(), now(), now()
                   from generate_series(1, $FLOODERS) g"

PATIENT="$(token patient@example.org)"
CASE="$(curl -fs -X POST "$BASE/api/v1/cases" -H "Authorization: Bearer $PATIENT" -H 'Content-Type: application/json' \
  -d '{"diagnosis":"Benchmark diagnosis","specialty":"MEDICAL_ONCOLOGY",
       "questions":[{"kind":"TREATMENT_OPTIONS","text":"Which treatment?"}]}' \
  | sed -E 's/^\{"id":"([^"]+)".*/\1/')"
[[ "$CASE" =~ ^[0-9a-f-]{36}$ ]] || { echo "could not open the benchmark's case: $CASE" >&2; exit 1; }
echo "/api/v1/cases/$CASE" > "$DATA.case"

flood() {
  wrk -t"$FLOODERS" -c"$FLOODERS" -d"$1s" -s "$ROOT/bench/sign-in.lua" "$BASE" | grep '^RESULT'
}

# Warm both paths, then, three times over, measure the read alone and the read with the flood running around it: a
# p99 of a few thousand requests moves by a third from one run to the next on two shared cores, so each round is
# shown, and the verdict is the median round's ratio.
flood 20 >/dev/null
load 4 20 "$DATA.case" "$PATIENT" >/dev/null

row() {
  sed -E "s/RESULT requests=[0-9]+ rps=([0-9]+) p50=([0-9.]+ms) p95=([0-9.]+ms) p99=([0-9.]+ms) errors=([0-9]+)/| $1 | \1 | \2 | \3 | \4 | \5 |/"
}
p99() {
  sed -E 's/.* p99=([0-9.]+)ms.*/\1/'
}
echo "Machine: $(machine)"
echo
echo "| run | requests/s | p50 | p95 | p99 | errors |"
echo "|---|---|---|---|---|---|"
RATIOS=()
for round in 1 2 3; do
  idle="$(load 4 "$SECONDS_PER_RUN" "$DATA.case" "$PATIENT")"
  flood $(( SECONDS_PER_RUN + 10 )) > "$DATA.flood" &
  FLOOD_PID=$!
  sleep 5
  flooded="$(load 4 "$SECONDS_PER_RUN" "$DATA.case" "$PATIENT")"
  wait "$FLOOD_PID"
  echo "$idle" | row "$round: case read, 4 clients, idle"
  echo "$flooded" | row "$round: case read, 4 clients, during the flood"
  row "$round: sign-ins, $FLOODERS clients" < "$DATA.flood"
  RATIOS+=("$(awk -v a="$(echo "$flooded" | p99)" -v b="$(echo "$idle" | p99)" 'BEGIN { printf "%.2f", a / b }')")
done
echo
echo "p99 during the flood over idle, by round: ${RATIOS[*]}; median $(printf '%s\n' "${RATIOS[@]}" | sort -n | sed -n 2p)"
