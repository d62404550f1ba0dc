#!/usr/bin/env bash
# Catchments side by side: `alley plan reach` (and planning::ReachAll in
# process, bench/catchments_bench.cc) against scipy, igraph and pgRouting on
# one graph, F seeded sources, a limit of W deciseconds; every tool's
# (source, vertex, w) rows are compared with Alley's (bench/catchments_peers.py).
#
# Usage: bench/catchments.sh [--graph DIR] [--vertices N] [--sources F] [--limit W]
#                            [--pg-sample K] [--igraph-sample K] [--scaling]
#                            [--alley BIN] [--bench BIN] [--work DIR]
#
#   --graph DIR     nodes.csv + edges.csv to run on (default: the demo's grid,
#                   exported by `alley demo` + `alley plan export-graph`, tiled by
#                   scripts/stretch_network.py to --vertices, default 1,000,000)
#   --osm FILE      instead of the demo's grid: FILE.osm.pbf through `alley plan
#                   import-osm` and export-graph, tiled to --vertices (stops,
#                   saying so, while this alley has no `plan import-osm`)
#   --sources F     sources (default 5,000); --limit W (default 9,000: 15 min)
#   --pg-sample K   pgRouting on the first K sources only (default 50; slow)
#   --igraph-sample K  python-igraph (no cutoff in 0.10) on K (default 10)
#   --scaling       then Alley and scipy by network size (62.5k, 250k, 1M
#                   vertices; F sources) and by source count (1k, 2.5k, 5k; 1M)
#   --alley BIN     default build/alley; --bench BIN default
#                   build/bench/alley_bench (skipped when missing)
#   --work DIR      keep graphs and databases here (default: a temp dir, removed)
#
# Needs /usr/bin/python3 with numpy and scipy (python3-igraph, libigraph3 and
# postgresql-15-pgrouting for those peers; each missing one is printed as
# skipped). Figures and the machine: docs/benchmarks.md, "Catchments".
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
graph="" osm="" vertices=1000000 sources=5000 limit=9000 pg_sample=50 igraph_sample=10
scaling=0 alley="$root/build/alley" bench="$root/build/bench/alley_bench" work=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --graph) graph=$2; shift 2 ;;
    --osm) osm=$2; shift 2 ;;
    --vertices) vertices=$2; shift 2 ;;
    --sources) sources=$2; shift 2 ;;
    --limit) limit=$2; shift 2 ;;
    --pg-sample) pg_sample=$2; shift 2 ;;
    --igraph-sample) igraph_sample=$2; shift 2 ;;
    --scaling) scaling=1; shift ;;
    --alley) alley=$2; shift 2 ;;
    --bench) bench=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "catchments.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/plan_graphs.sh
source "$root/bench/plan_graphs.sh"
prepare_run catchments.sh
choose_graph
database "$graph" "$work/bench.db"

print_machine
echo "== side by side: $sources sources, W = $limit ds"
"$py" "$root/bench/catchments_peers.py" --graph "$graph" --alley "$alley" --db "$work/bench.db" \
  --sources "$sources" --limit "$limit" --pg-sample "$pg_sample" \
  --igraph-sample "$igraph_sample" --work "$work/run"

if [[ -x $bench ]]; then
  echo "== in process (planning::ReachAll, Google Benchmark; the first $sources sources)"
  head -n $((sources + 1)) "$work/run/sources.txt" >"$work/bench-sources.txt"
  ALLEY_BENCH_GRAPH=$graph ALLEY_BENCH_SOURCES=$work/bench-sources.txt ALLEY_BENCH_LIMIT=$limit \
    "$bench" --benchmark_filter=Catchments --benchmark_counters_tabular=true
else
  echo "== in process: skipped ($bench not built: cmake --build build --target alley_bench)"
fi

if [[ $scaling == 1 ]]; then
  echo "== scaling by network size ($sources sources; alley and scipy)"
  for n in 62500 250000 1000000; do
    g=$(stretched "$n")
    database "$g" "$work/scale.db"
    "$py" "$root/bench/catchments_peers.py" --graph "$g" --alley "$alley" --db "$work/scale.db" \
      --sources "$sources" --limit "$limit" --peers alley,scipy --work "$work/run" |
      grep -E '^(graph|alley|scipy)'
  done
  echo "== scaling by source count (the 1M-vertex grid unless --graph; alley and scipy)"
  for f in 1000 2500 5000; do
    "$py" "$root/bench/catchments_peers.py" --graph "$graph" --alley "$alley" \
      --db "$work/bench.db" --sources "$f" --limit "$limit" --peers alley,scipy \
      --work "$work/run" | grep -E '^(alley|scipy)'
  done
fi
