#!/usr/bin/env python3
"""Times Alley's E2SFCA on the network beside scipy, igraph and pgRouting.

Called by bench/e2sfca.sh (which builds the graph and the database); see there
and docs/benchmarks.md ("E2SFCA side by side"). F facilities (distinct
vertices) and H homes (vertices drawn with replacement), demand and supply
drawn at random (seeded), written as Alley's homes.csv (home,vertex,demand)
and facilities.csv (facility,vertex,supply). Alley: `alley plan
access-network` as a user runs it. Each peer: its bounded Dijkstra from the
facilities, chunk by chunk, then the two E2SFCA steps in numpy (a facility's
catchment is whole within its chunk, so V_j and R_j are final there and A_i
accumulates). Every home's access, and every facility's V_j, is compared with
Alley's to 1e-9 relative (pgRouting: V_j of the sample it ran).

Alley's stepwise weights (src/planning/accessibility.cc, DecayZonesFor): with
threshold T ds, zones (0, T//3], (T//3, T//3*2], (T//3*2, T] weigh 1.00,
0.68, 0.22; a zone's upper bound belongs to it; a time 0 weighs 1.00.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "planning"))
import peers  # noqa: E402

ALL = ["alley", "scipy", "igraph-c", "pgrouting"]
REL = 1e-9


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def zone_weight(w, threshold):
    """Alley's stepwise E2SFCA weight of times `w` (int64 deciseconds)."""
    first, second = threshold // 3, threshold // 3 * 2
    return np.where(w <= first, 1.00, np.where(w <= second, 0.68,
                                               np.where(w <= threshold, 0.22, 0.0)))


class Homes:
    """The homes at each vertex (compressed rows), to expand reach rows."""

    def __init__(self, n, home_vertex):
        self.order = np.argsort(home_vertex, kind="stable")
        counts = np.bincount(home_vertex, minlength=n)
        self.first = np.concatenate([[0], np.cumsum(counts)])

    def expand(self, vertex):
        """(row index, home) for every home at each row's vertex."""
        start = self.first[vertex]
        count = self.first[vertex + 1] - start
        row = np.repeat(np.arange(len(vertex)), count)
        offset = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
        return row, self.order[start[row] + offset]


class E2sfca:
    """The two steps, accumulated chunk by chunk of facilities."""

    def __init__(self, homes, demand, supply, place, threshold):
        self.homes, self.demand, self.supply = homes, demand, supply
        self.place, self.threshold = place, threshold  # place: vertex -> facility index
        self.access = np.zeros(len(demand))
        self.v = np.full(len(supply), np.nan)
        self.pairs = 0

    def add(self, rows):
        """rows: (facility vertex, vertex, w) of whole catchments."""
        if len(rows) == 0:
            return
        r, h = self.homes.expand(rows[:, 1])
        f = self.place[rows[r, 0]]
        wt = zone_weight(rows[r, 2], self.threshold)
        self.pairs += len(h)
        ran = np.unique(self.place[rows[:, 0]])
        v = np.bincount(f, weights=self.demand[h] * wt, minlength=len(self.supply))
        self.v[ran] = v[ran]
        ratio = np.zeros(len(self.supply))
        ratio[ran] = np.where(v[ran] > 0, self.supply[ran] / np.where(v[ran] > 0, v[ran], 1), 0)
        self.access += np.bincount(h, weights=wt * ratio[f], minlength=len(self.demand))


def close(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return (a == b) | (np.abs(a - b) <= REL * np.maximum(np.abs(a), np.abs(b)))


def read_numeric_csv(path, columns):
    with open(path, encoding="utf-8") as f:
        header, _, body = f.read().partition("\n")
    values = np.fromstring(body.replace("\n", ","), dtype=np.float64, sep=",")
    return header, values.reshape(-1, columns)


def timed(fn):
    t0, c0 = time.monotonic(), time.process_time()
    out = fn()
    return out, time.monotonic() - t0, time.process_time() - c0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--graph", required=True, help="folder with nodes.csv and edges.csv")
    ap.add_argument("--alley", required=True, help="the alley binary")
    ap.add_argument("--db", required=True, help="a database holding the same graph")
    ap.add_argument("--facilities", type=int, default=5000)
    ap.add_argument("--homes", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--minutes", type=int, default=15)
    ap.add_argument("--threads", type=int, default=0, help="alley's --threads (default all)")
    ap.add_argument("--chunk", type=int, default=200, help="facilities per peer call")
    ap.add_argument("--pg-sample", type=int, default=50, help="pgRouting on this many facilities")
    ap.add_argument("--peers", default=",".join(ALL), help=f"which to run ({','.join(ALL)})")
    ap.add_argument("--work", help="folder for the inputs and alley's output (default temp)")
    ap.add_argument("--json", help="write the rows of the table here too")
    a = ap.parse_args()
    which = [p for p in a.peers.split(",") if p]
    if "alley" not in which:
        sys.exit("alley must be among --peers (the others are compared with it)")
    threshold = a.minutes * 600

    work = a.work or tempfile.mkdtemp(prefix="alley-bench-")
    os.makedirs(work, exist_ok=True)
    t0 = time.monotonic()
    g = peers.load_graph(a.graph)
    log(f"graph {a.graph}: {g.n} vertices, {g.m} edges (read in {time.monotonic() - t0:.1f} s)")
    facility_vertex = peers.sample_sources(g.n, a.facilities, a.seed)
    rng = np.random.default_rng(a.seed + 1)
    home_vertex = rng.integers(0, g.n, size=a.homes, dtype=np.int64)
    demand = rng.integers(1, 100, size=a.homes).astype(np.float64)    # residents
    supply = rng.integers(10, 1000, size=len(facility_vertex)).astype(np.float64)  # places
    homes_csv, facilities_csv = os.path.join(work, "homes.csv"), os.path.join(work, "fac.csv")
    with open(homes_csv, "w", encoding="utf-8") as f:
        f.write("home,vertex,demand\n")
        f.write("".join(f"{i},{v},{int(d)}\n" for i, (v, d) in enumerate(zip(home_vertex, demand))))
    with open(facilities_csv, "w", encoding="utf-8") as f:
        f.write("facility,vertex,supply\n")
        f.write("".join(f"{j},{v},{int(s)}\n"
                        for j, (v, s) in enumerate(zip(facility_vertex, supply))))

    rows = []  # (tool, facilities, homes, pairs, wall, cpu, same, note)

    out, fout = os.path.join(work, "access.csv"), os.path.join(work, "facility.csv")
    cmd = [a.alley, "--db", a.db, "plan", "access-network", "--homes", homes_csv,
           "--facilities", facilities_csv, "--minutes", str(a.minutes), "--out", out,
           "--facility-out", fout, "--json"]
    if a.threads:
        cmd += ["--threads", str(a.threads)]
    t0, r0 = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, check=True, capture_output=True, text=True)
    alley_s = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    alley_cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    doc = json.loads(p.stdout)
    header, mine = read_numeric_csv(out, 2)
    assert header == "home,access" and len(mine) == a.homes, (header, len(mine))
    mine = mine[:, 1]
    _, fac = read_numeric_csv(fout, 3)
    mine_v = fac[:, 1]
    threads = a.threads or os.cpu_count()
    stages = ", ".join(f"{k} {v:.3f}" for k, v in doc["seconds"].items())
    rows.append(("alley plan access-network --out", len(facility_vertex), a.homes, doc["pairs"],
                 alley_s, alley_cpu, True, f"{threads} threads; process, store read, CSVs"))
    log(f"alley: {doc['pairs']} pairs in {alley_s:.2f} s (in process: {stages})")

    place = np.full(g.n, -1, dtype=np.int64)
    place[facility_vertex] = np.arange(len(facility_vertex))
    homes = Homes(g.n, home_vertex)

    def compare(name, e, k, wall, cpu, note):
        ran = np.flatnonzero(~np.isnan(e.v))
        same_v = bool(close(e.v[ran], mine_v[ran]).all())
        same = same_v
        if k == len(facility_vertex):
            ok = close(e.access, mine)
            same = same and bool(ok.all())
            if not ok.all():
                bad = np.flatnonzero(~ok)
                log(f"{name}: {len(bad)} homes differ, e.g. home {bad[0]}: "
                    f"{e.access[bad[0]]!r} vs alley {mine[bad[0]]!r}")
        if not same_v:
            bad = ran[~close(e.v[ran], mine_v[ran])]
            log(f"{name}: {len(bad)} facilities' V differ, e.g. {bad[0]}: "
                f"{e.v[bad[0]]!r} vs alley {mine_v[bad[0]]!r}")
        rows.append((name, k, a.homes, e.pairs, wall, cpu, same, note))
        log(f"{name}: {e.pairs} pairs in {wall:.2f} s, {'same' if same else 'DIFFERENT'}")

    for name in which[1:]:
        try:
            if name == "scipy":
                def run_scipy():
                    import scipy.sparse
                    from scipy.sparse.csgraph import dijkstra
                    # As peers.scipy_reach: both directions, explicit entries
                    # (a street of 0 ds stays an edge, parallel ones are not summed).
                    r = np.concatenate([g.u, g.v])
                    c = np.concatenate([g.v, g.u])
                    d = np.concatenate([g.w, g.w]).astype(np.float64)
                    order = np.lexsort((c, r))
                    indptr = np.zeros(g.n + 1, dtype=np.int64)
                    np.add.at(indptr, r + 1, 1)
                    csr = scipy.sparse.csr_matrix((d[order], c[order], np.cumsum(indptr)),
                                                  shape=(g.n, g.n))
                    e = E2sfca(homes, demand, supply, place, threshold)
                    for k in range(0, len(facility_vertex), a.chunk):
                        part = facility_vertex[k:k + a.chunk]
                        dist = dijkstra(csr, directed=True, indices=part, limit=threshold)
                        e.add(peers._rows_from_dense(np.atleast_2d(dist), part, threshold))
                    return e
                try:
                    import scipy
                except ImportError as ex:
                    raise peers.PeerMissing(f"scipy: {ex}") from ex
                e, wall, cpu = timed(run_scipy)
                compare(f"scipy {scipy.__version__} dijkstra(limit=W) + numpy", e,
                        len(facility_vertex), wall, cpu,
                        f"1 thread; {a.chunk} facilities a call; graph built, timed")
            elif name == "igraph-c":
                (c, build, _) = timed(lambda: peers.IgraphC(g))

                def run_igraph():
                    e = E2sfca(homes, demand, supply, place, threshold)
                    for k in range(0, len(facility_vertex), 50):
                        e.add(c.reach(facility_vertex[k:k + 50], threshold))
                    return e
                e, wall, cpu = timed(run_igraph)
                c.close()
                compare(f"igraph {c.version} C distances_dijkstra_cutoff + numpy", e,
                        len(facility_vertex), wall, cpu,
                        f"1 thread; 50 a call; graph built in {build:.1f} s, untimed")
            elif name == "pgrouting":
                k = min(a.pg_sample, len(facility_vertex))
                pg = peers.PgRouting(g, os.path.join(a.graph, "edges.csv"), log=log)
                try:
                    def run_pg():
                        e = E2sfca(homes, demand, supply, place, threshold)
                        e.add(pg.reach(facility_vertex[:k], threshold))
                        return e
                    e, wall, cpu = timed(run_pg)
                finally:
                    pg.close()
                compare(f"pgRouting {pg.version} pgr_drivingDistance + numpy", e, k, wall, None,
                        f"sample of {k} in one call, scaled per facility; "
                        "server CPU not seen; V_j compared")
        except peers.PeerMissing as ex:
            log(f"{name}: SKIPPED ({ex})")
            rows.append((name, 0, 0, 0, 0.0, None, None, f"skipped: {ex}"))

    print(f"graph: {g.n:,} vertices, {g.m:,} edges; W = {threshold} ds; {len(facility_vertex):,} "
          f"facilities, {a.homes:,} homes (seed {a.seed}); Alley: {doc['pairs']:,} pairs, "
          f"sum of demand x access {doc['demand_times_access']:.6f}")
    print(f"Alley in process (s): {stages}")
    print(f"{'tool':52s} {'facil.':>6s} {'homes':>9s} {'pairs':>10s} {'wall s':>8s} "
          f"{'CPU s':>7s} {'x Alley':>8s} {'x (CPU)':>8s} same note")
    per_f_cpu = alley_cpu / len(facility_vertex)
    for tool, k, h, pairs, wall, cpu, same, note in rows:
        if same is None:
            print(f"{tool:52s} {'-':>6s} {'-':>9s} {'-':>10s} {'-':>8s} {'-':>7s} {'-':>8s} "
                  f"{'-':>8s} -    {note}")
            continue
        scale = len(facility_vertex) / k  # the sampled peers: per facility
        x = wall * scale / alley_s
        cpu_text = f"{cpu:7.2f}" if cpu is not None else f"{'-':>7s}"
        xc = f"{cpu / k / per_f_cpu:8.1f}" if cpu is not None else f"{'-':>8s}"
        print(f"{tool:52s} {k:6d} {h:9,d} {pairs:10,d} {wall:8.2f} {cpu_text} {x:8.1f} "
              f"{xc} {'yes ' if same else 'NO  '} {note}")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"vertices": g.n, "edges": g.m, "threshold_ds": threshold,
                       "alley_seconds": doc["seconds"], "rows": [
                           {"tool": t, "facilities": k, "homes": h, "pairs": p, "seconds": s,
                            "cpu_seconds": c, "same": same, "note": n}
                           for t, k, h, p, s, c, same, n in rows]}, f, indent=1)
    return 0 if all(r[6] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
