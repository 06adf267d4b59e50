#!/usr/bin/env bash
# The record vault's speed, end to end over loopback, on the packaged app and the local file system:
#  1. the raw sequential write bandwidth of the data directory's disk (dd … conv=fsync), in the same run;
#  2. a 1 GB file through tus (create, one PATCH streamed by curl, checked, stored as a record): hash, sniff, encrypt,
#     write and fsync, as a share of (1). Target: at least 70%;
#  3. a 5 GB file through tus on an app whose heap is capped at 256 MB, with the heap sampled every half second
#     (jstat): it must succeed, and the largest heap in use is reported. Target: flat, under 256 MB;
#  4. 50 uploads of 20 MB at once (creation-with-upload), each of its own account's case. Target: all succeed;
#  5. the 1 GB record downloaded whole (target: at least 500 MB/s), and 1 MB ranges of it (target: under 20 ms).
# Each measure runs after a warm-up that is not counted (a 256 MB upload; ten ranges).
# Files over 64 MB are checked from their start, and only DICOM and images may be that large: the test files are a
# DICOM header followed by random bytes, so nothing compresses or repeats.
# Usage: bench/vault.sh   Prints a Markdown table for docs/benchmarks.md.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
shopt -s inherit_errexit
WORK="$(mktemp -d /tmp/consilium-vault-XXXX)"
trap 'stop_app; cp "$WORK"/*.log /tmp/ 2>/dev/null; rm -rf "$WORK"' EXIT
export CONSILIUM_LIMITS_CASE_STORAGE=100GB CONSILIUM_LIMITS_CONCURRENT_UPLOADS=100 \
  CONSILIUM_LIMITS_ACCOUNT_REQUESTS=1000

# A DICOM file of N MiB: preamble, DICM, a transfer syntax, then random bytes.
dicom() {
  local file="$1" mib="$2"
  { head -c 128 /dev/zero; printf 'DICM\x02\x00\x10\x00UI\x14\x001.2.840.10008.1.2.1\x00'; } > "$file"
  head -c "$((mib * 1024 * 1024))" /dev/urandom >> "$file"
}

b64() { printf '%s' "$1" | base64 -w0; }

new_case() {
  curl -fs -X POST "$BASE/api/v1/cases" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d '{"diagnosis":"Vault benchmark","specialty":"MEDICAL_ONCOLOGY","questions":[{"kind":"OTHER","text":"Speed?"}]}' \
    | jq -r .id
}

# Creates an upload of a file and sends it in one streamed PATCH; prints the seconds it took, end to end.
tus_upload() {
  local token="$1" case="$2" file="$3" size started location
  size="$(stat -c %s "$file")"
  started="$(date +%s.%N)"
  location="$(curl -fs -D - -o /dev/null -X POST "$BASE/api/v1/uploads" -H "Authorization: Bearer $token" \
    -H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $size" \
    -H "Upload-Metadata: caseId $(b64 "$case"),category $(b64 IMAGING_STUDY),filename $(b64 "$(basename "$file")")" \
    | sed -n 's/^Location: *\([^\r]*\).*/\1/ip')"
  [[ -n "$location" ]] || { echo "the upload of $file was not created" >&2; exit 1; }
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -T "$file" "$BASE$location" \
    -H "Authorization: Bearer $token" -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' \
    -H 'Content-Type: application/offset+octet-stream')"
  [[ "$code" == 204 ]] || { echo "the upload of $file was answered $code" >&2; exit 1; }
  echo "$(date +%s.%N) - $started" | bc
}

app_pid() { pgrep -f "consilium.*\.jar.*--server.port=$PORT|--server.port=$PORT.*consilium" | head -1; }

dicom "$WORK/one-gigabyte.dcm" 1024
dicom "$WORK/five-gigabytes.dcm" 5120
for i in $(seq 1 50); do dicom "$WORK/twenty-$i.dcm" 20; done

# 1 and 2: raw disk, then a 1 GB upload, three times each, interleaved.
start_app "$WORK/data"
TOKEN="$(token patient@example.org)"
CASE="$(new_case "$TOKEN")"
# A warm-up upload first, not counted: the first one runs on a cold JIT.
dicom "$WORK/warm-up.dcm" 256
tus_upload "$TOKEN" "$CASE" "$WORK/warm-up.dcm" > /dev/null
dd_rates=(); tus_rates=()
for round in 1 2 3; do
  dd_rates+=("$(dd if=/dev/zero of="$WORK/data/dd.bin" bs=1M count=1024 conv=fsync 2>&1 \
    | sed -n 's/.*, \([0-9.]*\) \([GM]\)B\/s$/\1 \2/p' | awk '{print ($2=="G") ? $1*1000 : $1}')")
  rm -f "$WORK/data/dd.bin"
  seconds="$(tus_upload "$TOKEN" "$CASE" "$WORK/one-gigabyte.dcm")"
  tus_rates+=("$(echo "$(stat -c %s "$WORK/one-gigabyte.dcm") / $seconds / 1000000" | bc -l | xargs printf '%.0f')")
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
DD="$(median "${dd_rates[@]}")"; TUS="$(median "${tus_rates[@]}")"

# 5: downloads of the 1 GB record, whole and 1 MB ranges.
RECORD="$(curl -fs "$BASE/api/v1/cases/$CASE/records" -H "Authorization: Bearer $TOKEN" \
  | jq -r '[.[] | select(.size > 1000000000)][0].id')"
CONTENT="$BASE/api/v1/cases/$CASE/records/$RECORD/content"
down_rates=()
for round in 1 2 3; do
  down_rates+=("$(curl -fs -o /dev/null -w '%{speed_download}' "$CONTENT" -H "Authorization: Bearer $TOKEN" \
    | awk '{printf "%.0f", $1 / 1000000}')")
done
DOWN="$(median "${down_rates[@]}")"
ranges=()
for i in $(seq 1 60); do
  from=$(( (RANDOM * 32768 + RANDOM) % (1073741824 - 1048576) ))
  ranges+=("$(curl -fs -o /dev/null -w '%{time_total}' -H "Range: bytes=$from-$((from + 1048575))" "$CONTENT" \
    -H "Authorization: Bearer $TOKEN" | awk '{printf "%.1f", $1 * 1000}')")
done
# The first ten warm up the path and are not counted.
ranges=("${ranges[@]:10}")
RANGE_P50="$(printf '%s\n' "${ranges[@]}" | sort -n | sed -n 25p)"
RANGE_P95="$(printf '%s\n' "${ranges[@]}" | sort -n | sed -n 48p)"

# 4: fifty 20 MB uploads at once, each patient with a case of their own (creation-with-upload). The patients are
# made in the database, confirmed, with the demo password.
PGPORT="$(sed -n 's/.*Embedded PostgreSQL running on port \([0-9]*\).*/\1/p' "$WORK/data.log" | tail -1)"
sql() {
  PGPASSWORD="$(cat "$WORK/data/secrets/consilium_owner.password")" psql -qtA -h localhost -p "$PGPORT" \
    -U consilium_owner -d consilium -c "$1"
}
sql "insert into identity_accounts (id, email, display_name, role, password_hash, privacy_notice_version,
       terms_version, accepted_at, created_at, email_verified_at)
     select gen_random_uuid(), 'vault-' || g || '@example.org', 'Vault ' || g, 'PATIENT',
            (select password_hash from identity_accounts where email = 'patient@example.org'),
            '2026-11', '2026-11', now(), now(), now()
     from generate_series(1, 50) g" > /dev/null
: > "$WORK/jobs"
for i in $(seq 1 50); do
  t="$(token "vault-$i@example.org")"; c="$(new_case "$t")"
  echo "$t $c $WORK/twenty-$i.dcm" >> "$WORK/jobs"
done
concurrent_started="$(date +%s.%N)"
xargs -P 50 -L 1 sh -c 'curl -s -o /dev/null -w "%{http_code}\n" -X POST "'"$BASE"'/api/v1/uploads" \
  -H "Authorization: Bearer $0" -H "Tus-Resumable: 1.0.0" -H "Upload-Length: $(stat -c %s "$2")" \
  -H "Upload-Metadata: caseId $(printf %s "$1" | base64 -w0),category SU1BR0lOR19TVFVEWQ==,filename $(printf %s "$(basename "$2")" | base64 -w0)" \
  -H "Content-Type: application/offset+octet-stream" --data-binary @"$2"' < "$WORK/jobs" > "$WORK/codes"
CONCURRENT_SECONDS="$(echo "$(date +%s.%N) - $concurrent_started" | bc | xargs printf '%.1f')"
CREATED="$(grep -c '^201$' "$WORK/codes" || true)"
stop_app

# 3: 5 GB on a heap of 256 MB, sampled.
CONSILIUM_JAVA_OPTS="-Xmx256m" start_app "$WORK/small"
TOKEN="$(token patient@example.org)"
CASE="$(new_case "$TOKEN")"
PID="$(pgrep -f "java.*--server.port=$PORT" | head -1 || true)"
[[ -n "$PID" ]] || PID="$(pgrep -f "java.*consilium" | head -1)"
JSTAT="/usr/lib/jvm/temurin-25-jdk-amd64/bin/jstat"
"$JSTAT" -gc "$PID" 500 > "$WORK/heap" &
SAMPLER=$!
FIVE_SECONDS="$(tus_upload "$TOKEN" "$CASE" "$WORK/five-gigabytes.dcm")"
kill "$SAMPLER" 2>/dev/null || true
STORED_FIVE="$(curl -fs "$BASE/api/v1/cases/$CASE/records" -H "Authorization: Bearer $TOKEN" \
  | jq '[.[] | select(.size == 5368709280)] | length')"
# jstat -gc columns: S0U S1U EU OU are 4th, 6th, 8th and 10th in JDK 21+ (S0C S1C S0U S1U EC EU OC OU …).
HEAP_MAX="$(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ {used = ($3 + $4 + $6 + $8) / 1024; if (used > max) max = used} END {printf "%.0f", max}' "$WORK/heap")"
OLD_MAX="$(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ {old = $8 / 1024; if (old > max) max = old} END {printf "%.0f", max}' "$WORK/heap")"
stop_app

echo
echo "Machine: $(machine); data directory on $(df -h "$WORK" | awk 'NR==2 {print $1}')"
echo
echo "| measure | result | target |"
echo "|---|---|---|"
echo "| raw sequential write, \`dd bs=1M count=1024 conv=fsync\` (median of 3) | $DD MB/s | |"
echo "| 1 GB through tus, end to end (median of 3; each: ${tus_rates[*]} MB/s) | $TUS MB/s = $(( TUS * 100 / DD ))% of dd | ≥ 70% |"
echo "| 5 GB through tus, heap capped at 256 MB | $(echo "5368709120 / $FIVE_SECONDS / 1000000" | bc -l | xargs printf '%.0f') MB/s; stored: $STORED_FIVE; most heap in use $HEAP_MAX MB (old generation $OLD_MAX MB) | flat, < 256 MB |"
echo "| 50 uploads of 20 MB at once | $CREATED of 50 stored, in $CONCURRENT_SECONDS s | all |"
echo "| download of the 1 GB record (median of 3) | $DOWN MB/s | ≥ 500 MB/s |"
echo "| 1 MB range of the 1 GB record (50 random ranges, each its own curl, token check and audit entry) | p50 $RANGE_P50 ms, p95 $RANGE_P95 ms | < 20 ms |"
