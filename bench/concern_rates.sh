#!/usr/bin/env bash
# The three rates of a district's year (1,000,000 concerns, every unit of the
# district × 12 months) computed by Alley and by one SQL query in SQLite, in
# the same process on the same database file (bench/concern_rates_bench.cc,
# which checks that both give the same counts in every unit and month and
# aborts otherwise). RUNS repetitions of each, interleaved at random so that
# a change in the machine's load falls on Alley and the peer alike; the best
# wall-clock and CPU time of each, and the ratios of both.
#
# Usage: bench/concern_rates.sh [ALLEY_BENCH_BINARY]
# ALLEY_CONCERNS_DB=PATH keeps the generated database for later runs.
set -euo pipefail
bench=${1:-build/bench/alley_bench}
runs=${RUNS:-3}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$bench" --benchmark_filter=ConcernRates --benchmark_repetitions="$runs" \
  --benchmark_enable_random_interleaving=true \
  --benchmark_out="$out" --benchmark_out_format=json >/dev/null

python3 - "$out" "$runs" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1]))
runs = sys.argv[2]
best = {}
best_cpu = {}
counters = {}
for b in report["benchmarks"]:
    if b.get("run_type") != "iteration":
        continue
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
    name = b["run_name"]
    wall, cpu = b["real_time"] * scale, b["cpu_time"] * scale
    best[name] = min(best.get(name, wall), wall)
    best_cpu[name] = min(best_cpu.get(name, cpu), cpu)
    counters[name] = b

print(f"{'benchmark (best of ' + runs + ')':42s} {'wall':>10s} {'CPU':>10s}")
order = ["FromStore", "MonthlyRatesFor", "LoadFacts", "Compute", "Sqlite"]
for name in sorted(best, key=lambda n: (next(i for i, o in enumerate(order) if o in n), n)):
    print(f"{name:42s} {best[name]:7.1f} ms {best_cpu[name]:7.1f} ms")
c = counters["BM_ConcernRatesFromStore"]
print(f"concerns {c['concerns']:.0f}, unit-months {c['unit_months']:.0f}; the county's year: "
      f"response {c['response_rate']:.4f}, resolution {c['resolution_rate']:.4f}, "
      f"satisfaction {c['satisfaction_rate']:.4f}")
alley = "BM_ConcernRatesFromStore"
for peer in ("BM_ConcernRatesSqlite/group_first:1", "BM_ConcernRatesSqlite/group_first:0"):
    print(f"ratio SQLite {peer.split('/')[1]} / Alley from the store: "
          f"{best[peer] / best[alley]:.2f} wall, {best_cpu[peer] / best_cpu[alley]:.2f} CPU")
PY
