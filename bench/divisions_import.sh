#!/usr/bin/env bash
# Times `alley import divisions` (the whole country: 665,276 units, validated,
# classified, written in one transaction with its indexes) against SQLite's own
# CSV loader on the same files, twice:
#  - bare: `.import` of the five CSVs into bare tables (no checks, no index), the floor;
#  - same schema: `.import` into temporary tables, then one INSERT … SELECT into
#    Alley's own `unit` table (created by `alley init`: primary key, foreign key
#    to the parent, indexes) — the same stored result with no validation of codes,
#    no FILE:LINE errors and no urban/rural classification.
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
schema_times=()
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

  rm -f "$work"/p.db*
  "$alley" --db "$work/p.db" init >/dev/null
  t0=$(now)
  sqlite3 "$work/p.db" <<SQL
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -65536;
.mode csv
.import --schema temp $dir/provinces.csv p
.import --schema temp $dir/cities.csv c
.import --schema temp $dir/areas.csv a
.import --schema temp $dir/streets.csv s
.import --schema temp $dir/villages.csv v
BEGIN;
INSERT INTO unit (code, parent_code, level, name, source) VALUES ('0', NULL, 0, '中华人民共和国', 'x');
INSERT INTO unit (code, parent_code, level, name, source) SELECT code, '0', 1, name, 'x' FROM temp.p;
INSERT INTO unit (code, parent_code, level, name, source) SELECT code, provinceCode, 2, name, 'x' FROM temp.c;
INSERT INTO unit (code, parent_code, level, name, source) SELECT code, cityCode, 3, name, 'x' FROM temp.a;
INSERT INTO unit (code, parent_code, level, name, source) SELECT code, areaCode, 4, name, 'x' FROM temp.s;
INSERT INTO unit (code, parent_code, level, name, source) SELECT code, streetCode, 5, name, 'x' FROM temp.v;
COMMIT;
SQL
  t1=$(now)
  schema_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
done

a=$(printf '%s\n' "${alley_times[@]}" | best)
s=$(printf '%s\n' "${sqlite_times[@]}" | best)
p=$(printf '%s\n' "${schema_times[@]}" | best)
printf 'alley import divisions   %.2f s (best of %d)\n' "$a" "$runs"
printf 'sqlite3 .import (bare)   %.2f s (best of %d)\n' "$s" "$runs"
printf 'sqlite3 same schema      %.2f s (best of %d)\n' "$p" "$runs"
printf 'ratio alley / bare       %.2f\n' "$(awk -v a="$a" -v s="$s" 'BEGIN { print a / s }')"
printf 'ratio alley / schema     %.2f\n' "$(awk -v a="$a" -v p="$p" 'BEGIN { print a / p }')"
