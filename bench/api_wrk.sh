#!/usr/bin/env bash
# wrk against `alley serve` on the Hailian demo (7,266 synthetic residents):
# reads (a page of residents, with its audit record; the community summary)
# and durable writes (a dated change to a resident, with If-Match). Reports
# requests/s and latency percentiles; the goals of issue 3 on this 2-core
# machine: reads >= 10,000 requests/s, writes >= 2,000 requests/s, p99 < 20 ms.
#
# The side-by-side peer: the same page query in SQLite itself (sqlite3 CLI,
# one process, no HTTP, no session, no audit), to show what the server adds.
#
# Usage: bench/api_wrk.sh [ALLEY_BINARY]   (env: DURATION=10s THREADS=2 CONNECTIONS=8)
set -euo pipefail
alley=$(realpath "${1:-build/alley}")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
duration=${DURATION:-10s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-8}
work=$(mktemp -d)
server=
trap '[[ -n $server ]] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { echo "api_wrk: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

export ALLEY_TODAY=2026-06-30
db=$work/bench.db
"$alley" --db "$db" import divisions "$here/../tests/data/divisions" >/dev/null
"$alley" --db "$db" demo >/dev/null
echo "bench-password" | "$alley" --db "$db" user add bench --role community_staff \
  --unit 320706006010 --password-stdin >/dev/null

port=$((20000 + RANDOM % 20000))
"$alley" --db "$db" serve --port "$port" --access-log '' 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done
token=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" \
  -d '{"username": "bench", "password": "bench-password"}' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
export ALLEY_TOKEN=$token

run() {
  local name=$1 script=$2 t=$3 c=$4
  echo "== $name (wrk -t$t -c$c -d$duration)"
  wrk -t"$t" -c"$c" -d"$duration" --latency -s "$here/wrk/$script" "http://127.0.0.1:$port" |
    grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|stale|requests in"
}
run "read: a page of 20 residents" read_residents.lua "$threads" "$connections"
run "read: the community summary" read_summary.lua "$threads" "$connections"
WRK_THREADS=$connections run "write: PATCH a resident (durable, If-Match)" write_resident.lua "$connections" "$connections"

echo "== peer: the same page query in sqlite3, 2,000 times in one process"
query="SELECT r.id, v.name, r.id_number_masked, v.unit_code FROM resident r
  JOIN resident_version v ON v.resident_id = r.id AND v.valid_from <= '2026-06-30'
   AND (v.valid_to IS NULL OR v.valid_to > '2026-06-30')
  WHERE v.status = 'active' AND v.community_code = '320706006010'
  ORDER BY v.community_code, r.id LIMIT 20 OFFSET 200;"
{
  for _ in $(seq 2000); do echo "$query"; done
} >"$work/peer.sql"
start=$(date +%s.%N)
sqlite3 "$db" <"$work/peer.sql" >/dev/null
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "sqlite3: %.0f queries/s\n", 2000 / (b - a) }'
