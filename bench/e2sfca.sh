#!/usr/bin/env bash
# E2SFCA side by side: `alley plan access-network` against scipy, igraph's C
# library and pgRouting doing the same job on one graph: a 15-minute bounded
# Dijkstra from each of F facilities, then the two E2SFCA steps (numpy) for
# H homes on vertices; every home's access is compared with Alley's to 1e-9
# relative (bench/e2sfca_peers.py).
#
# Usage: bench/e2sfca.sh [--graph DIR | --osm FILE] [--vertices N] [--facilities F]
#                        [--homes H] [--minutes M] [--pg-sample K] [--peers LIST]
#                        [--alley BIN] [--work DIR]
#
#   --graph DIR     nodes.csv + edges.csv to run on (default: the demo's grid,
#                   `alley demo` + `alley plan export-graph`, tiled by
#                   scripts/stretch_network.py to --vertices, default 1,000,000)
#   --osm FILE      instead: FILE.osm.pbf through `alley plan import-osm` and
#                   export-graph, tiled to --vertices (0: the extract as it is)
#   --facilities F  facilities and candidates (default 5,000); --homes H (default
#                   1,000,000); --minutes M (default 15)
#   --pg-sample K   pgRouting on the first K facilities only (default 50), scaled
#   --peers LIST    default alley,scipy,igraph-c,pgrouting
#   --alley BIN     default build/alley
#   --work DIR      keep graphs and databases here (default: a temp dir, removed)
#
# Needs /usr/bin/python3 with numpy and scipy (libigraph3 and
# postgresql-15-pgrouting for those peers; a missing one is printed as
# skipped). Figures and the machine: docs/benchmarks.md, "E2SFCA side by side".
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
graph="" osm="" vertices=1000000 facilities=5000 homes=1000000 minutes=15 pg_sample=50
peers=alley,scipy,igraph-c,pgrouting alley="$root/build/alley" work=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --graph) graph=$2; shift 2 ;;
    --osm) osm=$2; shift 2 ;;
    --vertices) vertices=$2; shift 2 ;;
    --facilities) facilities=$2; shift 2 ;;
    --homes) homes=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    --pg-sample) pg_sample=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --alley) alley=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "e2sfca.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/plan_graphs.sh
source "$root/bench/plan_graphs.sh"
prepare_run e2sfca.sh
choose_graph
database "$graph" "$work/e2sfca.db"

print_machine
echo "== E2SFCA side by side: $facilities facilities, $homes homes, $minutes minutes"
"$py" "$root/bench/e2sfca_peers.py" --graph "$graph" --alley "$alley" --db "$work/e2sfca.db" \
  --facilities "$facilities" --homes "$homes" --minutes "$minutes" --pg-sample "$pg_sample" \
  --peers "$peers" --work "$work/run"
