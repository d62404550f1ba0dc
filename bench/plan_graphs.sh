# shellcheck shell=bash disable=SC2154  # $root, $py, $alley, $work, $osm, $graph, $vertices: the caller's
# The graphs the planning benchmarks run on (sourced by bench/catchments.sh and
# bench/e2sfca.sh): the demo's grid as Alley exports it, an OSM extract through
# `alley plan import-osm`, either tiled by scripts/stretch_network.py, and a
# database holding one. Uses the caller's $root, $py, $alley, $work and $osm.

# What every planning benchmark does after parsing its arguments: the Debian
# python3 (the one with scipy and igraph), the alley binary checked, $work
# made (a temporary folder removed at exit when none was given), the date
# pinned. $1 names the script in messages.
prepare_run() {
  py=/usr/bin/python3
  [[ -x $py ]] || py=python3
  [[ -x $alley ]] || { echo "$1: no alley binary at $alley (build it)" >&2; exit 2; }
  if [[ -z $work ]]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
  fi
  mkdir -p "$work"
  export ALLEY_TODAY=${ALLEY_TODAY:-2026-06-30}
}

# The machine the figures come from, one line.
print_machine() {
  echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
}

# The demo's grid as exported by Alley, once.
demo_graph() {
  if [[ ! -f $work/demo/edges.csv ]]; then
    rm -f "$work/demo.db"
    "$alley" --db "$work/demo.db" import divisions "$root/tests/data/divisions" >/dev/null
    "$alley" --db "$work/demo.db" demo >/dev/null
    "$alley" --db "$work/demo.db" plan export-graph "$work/demo"
  fi
}

# The extract $osm as exported by Alley, once, in $work/osm.
osm_graph() {
  local help
  help=$("$alley" plan --help)
  if ! grep -qE '^ +import-osm ' <<<"$help"; then
    echo "$(basename "$0"): this alley has no \`plan import-osm\`: --osm $osm skipped" >&2
    exit 0
  fi
  if [[ ! -f $work/osm/edges.csv ]]; then
    rm -f "$work/osm.db"
    "$alley" --db "$work/osm.db" plan import-osm "$osm" >/dev/null
    "$alley" --db "$work/osm.db" plan export-graph "$work/osm"
  fi
}

# A database holding graph $1 (import-graph), at $2.
database() {
  rm -f "$2"
  "$alley" --db "$2" import divisions "$root/tests/data/divisions" >/dev/null
  "$alley" --db "$2" plan import-graph "$1" >/dev/null
}

# The demo's grid stretched to at least $1 vertices, in $work/grid-$1.
stretched() {
  demo_graph
  if [[ ! -f $work/grid-$1/edges.csv ]]; then
    "$py" "$root/scripts/stretch_network.py" "$work/demo" "$work/grid-$1" --vertices "$1"
  fi
  echo "$work/grid-$1"
}

# The graph a run asks for, into $graph: --graph as given; else --osm (tiled
# to $vertices unless it is 0); else the demo's grid tiled to $vertices.
choose_graph() {
  if [[ -n $osm && -z $graph ]]; then
    osm_graph
    if [[ $vertices == 0 ]]; then
      graph=$work/osm
    else
      graph=$work/osm-$vertices
      [[ -f $graph/edges.csv ]] ||
        "$py" "$root/scripts/stretch_network.py" "$work/osm" "$graph" --vertices "$vertices"
    fi
  elif [[ -z $graph ]]; then
    graph=$(stretched "$vertices")
  fi
}
