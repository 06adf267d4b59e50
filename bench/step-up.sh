#!/usr/bin/env bash
# Step-up (POST /api/v1/auth/step-up): how long proving again who one is takes, at 1 and 8 clients, each client its
# own account. Two ways: by a second factor (an unused recovery code; an authenticator app's code costs the same
# HMAC and row lock, but each works once per 30 seconds, too few to load a server), and by password (Argon2id, 19 MiB,
# t=2, on the hashing pool). Target: p95 under 50 ms. Prints a Markdown table for docs/benchmarks.md.
# Usage: bench/step-up.sh [seconds per run, default 20]
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
SECONDS_PER_RUN="${1:-20}"
ACCOUNTS=10
CODES=20000
DATA="$(mktemp -d /tmp/consilium-bench-XXXX)"
trap 'stop_app; rm -rf "$DATA" "$DATA".*' EXIT

start_app "$DATA"
PGPORT="$(sed -n 's/.*Embedded PostgreSQL running on port \([0-9]*\).*/\1/p' "$DATA.log" | tail -1)"
sql() {
  PGPASSWORD="$(cat "$DATA/secrets/consilium_owner.password")" psql -q -h localhost -p "$PGPORT" \
    -U consilium_owner -d consilium -c "$1"
}
# Confirmed accounts with the demo password, one per client (the warm-up runs on the first ones): pw-N sign in with the password alone; code-N have an
# authenticator app (its key is never opened on this path) and CODES recovery codes RC00000000000000, RC…01, …
sql "insert into identity_accounts (id, email, display_name, role, password_hash, privacy_notice_version,
       terms_version, accepted_at, created_at, email_verified_at)
     select gen_random_uuid(), kind || '-' || g || '@example.org', 'Step ' || g, 'PATIENT',
            (select password_hash from identity_accounts where email = 'patient@example.org'),
            '2026-11', '2026-11', now(), now(), now()
     from generate_series(1, $ACCOUNTS) g, (values ('pw'), ('code')) k(kind)"
sql "insert into identity_totp (account_id, secret_sealed, created_at, confirmed_at)
     select id, '\\x00'::bytea, now(), now() from identity_accounts where email like 'code-%@example.org'"
sql "insert into identity_recovery_codes (account_id, code_hash, created_at)
     select a.id, sha256(convert_to('RC' || lpad(c::text, 14, '0'), 'UTF8')), now()
     from identity_accounts a, generate_series(0, $CODES) c where a.email like 'code-%@example.org'"

sign_in() {
  curl -fs -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' -d "$1" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
tokens() {
  local kind="$1" n="$2" list=""
  for i in $(seq 1 "$n"); do
    local body="{\"username\":\"$kind-$i@example.org\",\"password\":\"consilium-demo\""
    [[ "$kind" == code ]] && body="$body,\"otp\":\"RC00000000000000\""
    list="${list:+$list,}$(sign_in "$body}")"
  done
  echo "$list"
}
PW_TOKENS="$(tokens pw "$ACCOUNTS")"
CODE_TOKENS="$(tokens code "$ACCOUNTS")"

# Every wrk run counts recovery codes from 1 again, so each code run takes accounts no other run used.
run() {
  local mode="$1" clients="$2" seconds="$3" list="$4"
  MODE="$mode" TOKENS="$list" wrk -t"$clients" -c"$clients" -d"${seconds}s" -s "$ROOT/bench/step-up.lua" "$BASE" \
    | grep '^RESULT'
}
first() { echo "$1" | cut -d, -f"1-$2"; }
rest() { echo "$1" | cut -d, -f"$(( $2 + 1 ))-"; }

run password 4 20 "$PW_TOKENS" >/dev/null

echo "Machine: $(machine)"
echo
echo "| by | clients | requests/s | p50 | p95 | p99 | errors |"
echo "|---|---|---|---|---|---|---|"
table() {
  sed -E "s/RESULT requests=[0-9]+ rps=([0-9]+) p50=([0-9.]+ms) p95=([0-9.]+ms) p99=([0-9.]+ms) errors=([0-9]+)/| $1 | $2 | \1 | \2 | \3 | \4 | \5 |/"
}
# Codes: a warm-up on account 1, 1 client on account 2, 8 clients on accounts 3-10.
run code 1 10 "$(first "$CODE_TOKENS" 1)" >/dev/null
run code 1 "$SECONDS_PER_RUN" "$(first "$(rest "$CODE_TOKENS" 1)" 1)" | table "second factor" 1
run code 8 "$SECONDS_PER_RUN" "$(rest "$CODE_TOKENS" 2)" | table "second factor" 8
for clients in 1 8; do
  run password "$clients" "$SECONDS_PER_RUN" "$(first "$PW_TOKENS" "$clients")" | table password "$clients"
done
