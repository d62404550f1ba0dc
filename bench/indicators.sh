#!/usr/bin/env bash
# Indicators: aggregation up the hierarchy side by side. Alley's columnar
# engine (indicators::Aggregate), SQLite (in the same process, in memory),
# PostgreSQL 15 (a private cluster) and DuckDB (node, @duckdb/node-api) answer
# one query: every unit of county level and above × every month and every
# year × 45 figures (the sum of each of 40 elements, 5 rates weighted by
# residents) over elements × months × 41,352 streets (default 40 × 60 =
# 99,244,800 values). The SQL is the same text for every peer
# (WORK/query.sql); every answer is checked against Alley's, figure by
# figure, to 1e-9 relative, missing against missing. Load and query are
# timed apart. Details: bench/aggregate_bench.cc.
#
# Usage: bench/indicators.sh [--elements E] [--months M] [--runs R]
#                            [--peers LIST] [--bench BIN] [--work DIR]
#
#   --elements E  data elements (default 40; at least 10)
#   --months M    months, a multiple of 12 (default 60): E × M × 41,352 values;
#                 e.g. --months 12 for a fifth of the scale
#   --runs R      query repetitions, best taken (default 3 for Alley, the
#                 same for DuckDB and PostgreSQL; SQLite runs once)
#   --peers LIST  default alley,sqlite,postgres,duckdb (alley always runs)
#   --bench BIN   default build/bench/alley_aggregate_bench
#   --work DIR    keep the files here (default: a temp dir, removed)
#
# The real hierarchy when ALLEY_DIVISIONS_DIR is set (scripts/divisions-dir.sh),
# else a synthetic one of the same shape. PostgreSQL: Debian's server binaries
# (/usr/lib/postgresql/*/bin; ALLEY_PG_BIN), run as `nobody` when root, as
# tests/planning/peers.py does. DuckDB: @duckdb/node-api installed by npm into
# $ALLEY_CACHE/duckdb-node (outside the repository) on first use; the `duckdb`
# package itself has no prebuilt binary reachable here (it falls back to a
# source build of hours). Figures: docs/benchmarks.md, "Indicators:
# aggregation up the hierarchy".
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
elements=40 months=60 runs=3 peers=alley,sqlite,postgres,duckdb
bench="$root/build/bench/alley_aggregate_bench" work=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --elements) elements=$2; shift 2 ;;
    --months) months=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --bench) bench=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "indicators.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -x $bench ]] || { echo "indicators.sh: no benchmark binary at $bench (build alley_aggregate_bench)" >&2; exit 2; }
has() { [[ ",$peers," == *",$1,"* ]]; }
# shellcheck source=bench/plan_graphs.sh
source "$root/bench/plan_graphs.sh"  # print_machine
pg_dir=""
cleanup() {
  if [[ -n $pg_dir && -d $pg_dir ]]; then
    ${as_user:-} "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
  [[ -n ${temp_work:-} ]] && rm -rf "$temp_work"
  return 0
}
trap cleanup EXIT
if [[ -z $work ]]; then
  # Under /tmp: `nobody` (PostgreSQL's COPY reads nothing here, psql does) and node read it.
  work=$(mktemp -d /tmp/alley-indicators-XXXXXX)
  temp_work=$work
fi
mkdir -p "$work"
rm -f "$work/times.tsv"

print_machine
echo "== aggregation up the hierarchy: $elements elements x $months months x every street"
sqlite_flag=()
has sqlite || sqlite_flag=(--no-sqlite)
"$bench" --work "$work" --elements "$elements" --months "$months" --runs "$runs" "${sqlite_flag[@]}"

if has duckdb; then
  cache="${ALLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/alley}/duckdb-node"
  if [[ ! -d $cache/node_modules/@duckdb/node-api ]]; then
    mkdir -p "$cache"
    (cd "$cache" && npm install --no-audit --no-fund --silent @duckdb/node-api@1.5.6-r.1) >&2 ||
      echo "duckdb: npm install failed: skipped" >&2
  fi
  if [[ -d $cache/node_modules/@duckdb/node-api ]]; then
    line=$(NODE_PATH="$cache/node_modules" node "$root/bench/aggregate_duckdb.mjs" "$work" "$runs")
    IFS=$'\t' read -r name load query <<<"$line"
    check=$("$bench" --compare "$work/expected.csv" "$work/duckdb.csv") || true
    echo "$name: loaded in $load s; query $query s (best of $runs); $check"
    printf '%s\t%s\t%s\t%s\n' "$name" "$load" "$query" "${check%% *}" >>"$work/times.tsv"
  fi
fi

if has postgres; then
  pg_bins=(/usr/lib/postgresql/*/bin)  # the newest last (one version on Debian 12)
  pg_bin=${ALLEY_PG_BIN:-${pg_bins[-1]}}
  if [[ ! -x $pg_bin/initdb ]]; then
    echo "postgres: no server binaries (initdb) found: skipped" >&2
  else
    pg_dir=$(mktemp -d /tmp/alley-pg-XXXXXX)
    as_user=""
    if [[ $(id -u) == 0 ]]; then
      chmod 755 "$pg_dir" "$work"
      chown nobody "$pg_dir"
      chmod o+r "$work"/*.csv
      as_user="runuser -u nobody --"
    fi
    $as_user "$pg_bin/initdb" -D "$pg_dir/data" -A trust -E UTF8 --no-locale -U alley >/dev/null
    cat >>"$pg_dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$pg_dir'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 4GB
work_mem = 1GB
max_wal_size = 8GB
max_parallel_workers_per_gather = $(nproc)
EOF
    $as_user "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/server.log" start >/dev/null
    psql_run() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$pg_dir" -U alley -d postgres "$@"; }
    version=$(psql_run -A -t -c "SHOW server_version;" | cut -d' ' -f1)
    cols="unit integer, month integer, year integer"
    for ((e = 0; e < elements; e++)); do cols+=", e$e double precision"; done
    t0=$(date +%s.%N)
    psql_run -c "CREATE UNLOGGED TABLE fact ($cols); CREATE UNLOGGED TABLE anc (unit integer, anc integer);"
    psql_run -c "\\copy fact FROM '$work/data.csv' WITH (FORMAT csv, HEADER true)"
    psql_run -c "\\copy anc FROM '$work/anc.csv' WITH (FORMAT csv, HEADER true)"
    psql_run -c "CREATE INDEX anc_unit ON anc (unit, anc);" -c "VACUUM ANALYZE fact;" -c "VACUUM ANALYZE anc;"
    load=$(echo "$(date +%s.%N) - $t0" | bc)
    best=""
    for ((r = 0; r < runs; r++)); do
      out=$(psql_run -c "DROP TABLE IF EXISTS result;" -c '\timing on' \
        -c "CREATE UNLOGGED TABLE result AS $(cat "$work/query.sql")")
      ms=$(grep -o 'Time: [0-9.]*' <<<"$out" | tail -1 | cut -d' ' -f2)
      s=$(echo "scale=3; $ms / 1000" | bc)
      if [[ -z $best ]] || (($(echo "$s < $best" | bc))); then best=$s; fi
    done
    psql_run -c "\\copy (SELECT * FROM result ORDER BY unit, period) TO '$work/postgres.csv' WITH (FORMAT csv, HEADER true)"
    check=$("$bench" --compare "$work/expected.csv" "$work/postgres.csv") || true
    printf 'postgres %s: loaded in %.1f s; query %s s (best of %s); %s\n' "$version" "$load" "$best" "$runs" "$check"
    printf 'postgres %s\t%s\t%s\t%s\n' "$version" "$load" "$best" "${check%% *}" >>"$work/times.tsv"
  fi
fi

echo "== summary (query time; load apart; ratio = peer / Alley)"
awk -F'\t' '
  $1 == "alley" { base = $3 }
  { name[NR] = $1; load[NR] = $2; q[NR] = $3; check[NR] = $4 }
  END {
    printf "%-24s %10s %10s %8s  %s\n", "peer", "load s", "query s", "ratio", "answer"
    for (i = 1; i <= NR; i++)
      printf "%-24s %10.2f %10.3f %8.1f  %s\n", name[i], load[i], q[i], q[i] / base, check[i]
  }' "$work/times.tsv"
