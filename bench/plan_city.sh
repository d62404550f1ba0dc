#!/usr/bin/env bash
# Planning at city scale, end to end (bench/plan_city_bench.cc): Monaco's
# streets as `alley plan import-osm` reads them, tiled by
# scripts/stretch_network.py to a million vertices and more, one home per
# vertex, existing kindergartens and candidate sites; snapping, nearest
# facility, 15-minute catchments, E2SFCA, coverage, equity and MCLP siting,
# each stage timed. Then a sweep by network size x site count, printed as a
# table and drawn to docs/plan_city_scaling.svg.
#
# Usage: bench/plan_city.sh [--osm FILE] [--graph DIR] [--vertices N]
#                           [--sizes "N ..."] [--sites "F ..."] [--no-sweep]
#                           [--no-build] [--work DIR] [--svg FILE]
#
#   --osm FILE     the extract to tile (default ../shared/data/osm/monaco.osm.pbf)
#   --graph DIR    the end-to-end run on this nodes.csv/edges.csv instead
#   --vertices N   the end-to-end run's size (default 1,000,000: Monaco 7 x 7)
#   --sizes "..."  the sweep's sizes (default "250000 500000 1000000 2000000";
#                  each is the smallest square tiling with at least that many)
#   --sites "..."  the sweep's site counts F, 60 % existing and 40 % candidates
#                  (default "1000 2500 5000"; 100 candidates chosen, at most
#                  all of them)
#   --no-sweep     the end-to-end run only
#   --no-build     use build/alley and build/bench/alley_plan_city_bench as they are
#   --work DIR     keep the exports and tilings here (default: a temp dir, removed)
#   --svg FILE     the plot (default docs/plan_city_scaling.svg)
#   --replot       no runs: the table and the plot again from --work DIR's
#                  last sweep (sweep.txt)
#
# Figures and the machine: docs/benchmarks.md, "Planning at city scale".
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
osm="$root/../shared/data/osm/monaco.osm.pbf" graph="" vertices=1000000
sizes="250000 500000 1000000 2000000" sites="1000 2500 5000" sweep=1 build=1 work="" replot=0
svg="$root/docs/plan_city_scaling.svg"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --osm) osm=$2; shift 2 ;;
    --graph) graph=$2; shift 2 ;;
    --vertices) vertices=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --sites) sites=$2; shift 2 ;;
    --no-sweep) sweep=0; shift ;;
    --no-build) build=0; shift ;;
    --work) work=$2; shift 2 ;;
    --svg) svg=$2; shift 2 ;;
    --replot) replot=1; build=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "plan_city.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
py=/usr/bin/python3
[[ -x $py ]] || py=python3
alley=$root/build/alley
bench=$root/build/bench/alley_plan_city_bench
if [[ $build == 1 ]]; then
  [[ -f $root/build/build.ninja ]] || cmake --preset release -S "$root" >/dev/null
  cmake --build "$root/build" --target alley alley_plan_city_bench -j2 >/dev/null
fi
[[ -x $bench ]] || { echo "plan_city.sh: no $bench (build it)" >&2; exit 2; }
if [[ -z $work ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# The extract as Alley imports and exports it, once, in $work/osm.
osm_graph() {
  if [[ ! -f $work/osm/edges.csv ]]; then
    [[ -x $alley ]] || { echo "plan_city.sh: no $alley (build it)" >&2; exit 2; }
    rm -f "$work/osm.db"
    "$alley" --db "$work/osm.db" plan import-osm "$osm" >/dev/null
    "$alley" --db "$work/osm.db" plan export-graph "$work/osm" >/dev/null
  fi
}

# The extract tiled to at least $1 vertices, in $work/osm-$1.
tiled() {
  osm_graph
  if [[ ! -f $work/osm-$1/edges.csv ]]; then
    "$py" "$root/scripts/stretch_network.py" "$work/osm" "$work/osm-$1" --vertices "$1" >&2
  fi
  echo "$work/osm-$1"
}

if [[ $replot == 1 ]]; then
  [[ -f $work/sweep.txt ]] || { echo "plan_city.sh: --replot needs --work DIR with sweep.txt" >&2; exit 2; }
else
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -z $graph ]]; then
  graph=$(tiled "$vertices")
  echo "== $(basename "$osm") ($(($(wc -l <"$work/osm/nodes.csv") - 1)) vertices as exported)," \
    "tiled to $vertices or more"
fi
echo "== end to end: 3,000 existing kindergartens, 2,000 candidates, 100 chosen"
"$bench" --graph "$graph" | tee "$work/main.txt"
if [[ $sweep == 0 ]]; then exit 0; fi

echo "== sweep: network size x sites (60 % existing, 40 % candidates); one home per vertex"
: >"$work/sweep.txt"
for n in $sizes; do
  g=$(tiled "$n")
  for f in $sites; do
    existing=$((f * 6 / 10))
    candidates=$((f - existing))
    choose=$((candidates < 100 ? candidates : 100))
    "$bench" --graph "$g" --existing "$existing" --candidates "$candidates" --choose "$choose" \
      --no-limit | grep '^summary ' | sed "s/^summary /summary size=$n sites=$f /" >>"$work/sweep.txt"
    tail -n 1 "$work/sweep.txt" | tr ' ' '\n' | grep -E '^(vertices|sites|total_wall)=' | tr '\n' ' '
    echo
  done
done
fi

"$py" - "$work/sweep.txt" "$svg" <<'PY'
import sys

rows = []
for line in open(sys.argv[1], encoding="utf-8"):
    kv = dict(f.split("=", 1) for f in line.split()[1:])
    rows.append(kv)

def f(r, k):
    return float(r[k])

print()
print("| vertices | homes | sites (existing + candidates) | pairs | snap CPU s | reach CPU s "
      "| siting CPU s | total CPU s | total wall s | M relaxations/s (reach, CPU) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {int(r['vertices']):,} | {int(r['homes']):,} | {int(r['sites']):,} "
          f"({int(r['existing']):,} + {int(r['candidates']):,}) | {int(r['pairs']):,} "
          f"| {f(r, 'snap_cpu'):.2f} | {f(r, 'reach_cpu'):.2f} | {f(r, 'siting_cpu'):.2f} "
          f"| {f(r, 'total_cpu'):.2f} | {f(r, 'total_wall'):.2f} "
          f"| {f(r, 'relaxations') / f(r, 'reach_cpu') / 1e6:.1f} |")

# The plot: total CPU time (solid: the steady figure) and wall time (dashed:
# as loaded as the machine was) by vertices, one line per site count; SVG
# written by hand (no plotting library needed).
W, H, L, R, T, B = 640, 400, 70, 170, 30, 55
xmax = max(f(r, "vertices") for r in rows) / 1e6 * 1.05
ymax = max(max(f(r, "total_wall"), f(r, "total_cpu")) for r in rows) * 1.1
ymax = max(ymax, 1.0)
def X(v): return L + (W - L - R) * v / xmax
def Y(v): return H - B - (H - T - B) * v / ymax
colours = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"]
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
       f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{W / 2 - 60}" y="18" text-anchor="middle" font-size="14">'
       'Planning end to end: seconds by network size</text>']
step = 0.5 if ymax <= 8 else (1 if ymax <= 16 else 2)
y = 0.0
while y <= ymax:
    out.append(f'<line x1="{L}" y1="{Y(y):.1f}" x2="{W - R}" y2="{Y(y):.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{L - 6}" y="{Y(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
    y += step
xs = 0.0
while xs <= xmax:
    out.append(f'<line x1="{X(xs):.1f}" y1="{H - B}" x2="{X(xs):.1f}" y2="{H - B + 4}" stroke="black"/>')
    out.append(f'<text x="{X(xs):.1f}" y="{H - B + 17}" text-anchor="middle">{xs:g}</text>')
    xs += 0.5
out.append(f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>')
out.append(f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>')
out.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">'
           'vertices (millions; one home per vertex)</text>')
out.append(f'<text x="16" y="{(T + H - B) / 2}" text-anchor="middle" '
           f'transform="rotate(-90 16 {(T + H - B) / 2})">seconds</text>')
sites = sorted({int(r["sites"]) for r in rows})
for k, s in enumerate(sites):
    c = colours[k % len(colours)]
    pts = sorted((f(r, "vertices") / 1e6, f(r, "total_wall"), f(r, "total_cpu"))
                 for r in rows if int(r["sites"]) == s)
    wall = " ".join(f"{X(v):.1f},{Y(w):.1f}" for v, w, _ in pts)
    cpu = " ".join(f"{X(v):.1f},{Y(u):.1f}" for v, _, u in pts)
    out.append(f'<polyline points="{cpu}" fill="none" stroke="{c}" stroke-width="2"/>')
    out.append(f'<polyline points="{wall}" fill="none" stroke="{c}" stroke-width="1.5" '
               'stroke-dasharray="5,4"/>')
    for v, _, u in pts:
        out.append(f'<circle cx="{X(v):.1f}" cy="{Y(u):.1f}" r="3" fill="{c}"/>')
    ly = T + 20 + 20 * k
    out.append(f'<line x1="{W - R + 12}" y1="{ly}" x2="{W - R + 36}" y2="{ly}" stroke="{c}" '
               'stroke-width="2"/>')
    out.append(f'<text x="{W - R + 42}" y="{ly + 4}">{s:,} sites</text>')
ly = T + 20 + 20 * len(sites) + 10
out.append(f'<line x1="{W - R + 12}" y1="{ly}" x2="{W - R + 36}" y2="{ly}" stroke="black" '
           'stroke-width="2"/><text x="' + str(W - R + 42) + f'" y="{ly + 4}">CPU (2 threads)</text>')
out.append(f'<line x1="{W - R + 12}" y1="{ly + 18}" x2="{W - R + 36}" y2="{ly + 18}" '
           'stroke="black" stroke-dasharray="5,4"/><text x="' + str(W - R + 42) +
           f'" y="{ly + 22}">wall (shared)</text>')
out.append(f'<line x1="{L}" y1="{Y(10):.1f}" x2="{W - R}" y2="{Y(10):.1f}" stroke="#c00" '
           'stroke-dasharray="2,3"/>' if ymax > 10 else "")
out.append("</svg>")
with open(sys.argv[2], "w", encoding="utf-8") as g:
    g.write("\n".join(x for x in out if x) + "\n")
print(f"\nwrote {sys.argv[2]}")
PY
