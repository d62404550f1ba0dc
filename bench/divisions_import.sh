#!/usr/bin/env bash
# Times `alley import divisions` (the whole country: 665,276 units, validated,
# classified, written in one transaction with its indexes) against SQLite's own
# CSV loader doing the least possible job on the same files: `.import` of the
# five CSVs into bare tables, no validation, no index. The ratio is how much
# Alley's checks and indexes cost over raw loading.
#
# Usage: bench/divisions_import.sh [ALLEY_BINARY] [DIVISIONS_DIR]
set -euo pipefail
alley=${1:-build/alley}
dir=${2:-${ALLEY_DIVISIONS_DIR:?set ALLEY_DIVISIONS_DIR or pass the folder}}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
best() { sort -n | head -1; }

alley_times=()
sqlite_times=()
for _ in $(seq "$runs"); do
  rm -f "$work"/a.db*
  t0=$(now)
  "$alley" --db "$work/a.db" import divisions "$dir" >/dev/null
  t1=$(now)
  alley_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")

  rm -f "$work"/s.db*
  t0=$(now)
  sqlite3 "$work/s.db" <<SQL
PRAGMA journal_mode = WAL;
.mode csv
.import $dir/provinces.csv provinces
.import $dir/cities.csv cities
.import $dir/areas.csv areas
.import $dir/streets.csv streets
.import $dir/villages.csv villages
SQL
  t1=$(now)
  sqlite_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
done

a=$(printf '%s\n' "${alley_times[@]}" | best)
s=$(printf '%s\n' "${sqlite_times[@]}" | best)
printf 'alley import divisions   %.2f s (best of %d)\n' "$a" "$runs"
printf 'sqlite3 .import (bare)   %.2f s (best of %d)\n' "$s" "$runs"
printf 'ratio alley / sqlite3    %.2f\n' "$(awk -v a="$a" -v s="$s" 'BEGIN { print a / s }')"
