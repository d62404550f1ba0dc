#!/usr/bin/env python3
"""Times Alley's catchments beside scipy, igraph and pgRouting on one graph.

Called by bench/catchments.sh (which builds the graph and the database); see
there and docs/benchmarks.md. Prints one table: tool, sources, pairs, seconds,
ms per source, ratio vs Alley, and whether its (source, vertex, w) rows are
Alley's (a BLAKE2b digest of the rows in Alley's order; the peers timed on a
sample are compared with Alley's rows of the same sources).
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

ALL = ["alley", "scipy", "igraph-c", "igraph", "pgrouting"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--graph", required=True, help="folder with nodes.csv and edges.csv")
    ap.add_argument("--alley", required=True, help="the alley binary")
    ap.add_argument("--db", required=True, help="a database holding the same graph")
    ap.add_argument("--sources", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--limit", type=int, default=9000)
    ap.add_argument("--threads", type=int, default=0, help="alley's --threads (default all)")
    ap.add_argument("--chunk", type=int, default=200, help="scipy's sources per call")
    ap.add_argument("--igraph-sample", type=int, default=10,
                    help="python-igraph (no cutoff: full searches) on this many sources")
    ap.add_argument("--pg-sample", type=int, default=50,
                    help="pgRouting on this many sources (one call)")
    ap.add_argument("--peers", default=",".join(ALL), help=f"which to run ({','.join(ALL)})")
    ap.add_argument("--work", help="folder for the sources and alley's output (default temp)")
    ap.add_argument("--json", help="write the rows of the table here too")
    a = ap.parse_args()
    which = [p for p in a.peers.split(",") if p]
    if "alley" not in which:
        sys.exit("alley must be among --peers (the others are compared with it)")

    work = a.work or tempfile.mkdtemp(prefix="alley-bench-")
    os.makedirs(work, exist_ok=True)
    t0 = time.monotonic()
    g = peers.load_graph(a.graph)
    log(f"graph {a.graph}: {g.n} vertices, {g.m} edges (read in {time.monotonic() - t0:.1f} s)")
    sources = peers.sample_sources(g.n, a.sources, a.seed)
    sources_file = os.path.join(work, "sources.txt")
    peers.write_sources(sources_file, sources)

    rows = []  # (tool, sources, pairs, seconds, cpu seconds or None, same, note)

    # Alley: the command as a user runs it (store read, search, CSV written).
    out = os.path.join(work, "reach.csv")
    cmd = [a.alley, "--db", a.db, "plan", "reach", "--sources", sources_file,
           "--limit", str(a.limit), "--out", out]
    if a.threads:
        cmd += ["--threads", str(a.threads)]
    t0, r0 = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True)
    alley_s = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    alley_cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    mine = peers.canonical(peers.read_reach_csv(out), sources)
    os.remove(out)
    # Where each source's rows start in Alley's canonical rows (a sample of the
    # first K sources is a prefix).
    counts = np.bincount(np.searchsorted(np.sort(sources), mine[:, 0]), minlength=len(sources))
    place = np.argsort(sources)
    per_source = np.zeros(len(sources), dtype=np.int64)
    per_source[place] = counts
    prefix = np.concatenate([[0], np.cumsum(per_source)])
    threads = a.threads or os.cpu_count()
    rows.append(("alley plan reach --out", len(sources), len(mine), alley_s, alley_cpu, True,
                 f"{threads} threads; store read + search + CSV"))
    log(f"alley: {len(mine)} pairs in {alley_s:.2f} s")

    def compare(name, theirs, k, seconds, note, cpu=None):
        theirs = peers.canonical(theirs, sources[:k])
        ref = mine[:prefix[k]]
        same = theirs.shape == ref.shape and bool((theirs == ref).all())
        if not same:
            summary, lines = peers.differences(ref, theirs, g.n)
            log(f"{name} DIFFERS from alley: {summary}")
            for line in lines:
                log(line)
        rows.append((name, k, len(theirs), seconds, cpu, same, note))
        log(f"{name}: {len(theirs)} pairs in {seconds:.2f} s, {'same' if same else 'DIFFERENT'}")

    for name in which[1:]:
        try:
            if name == "scipy":
                t0, c0 = time.monotonic(), time.process_time()
                r = peers.scipy_reach(g, sources, a.limit, chunk=a.chunk)
                compare("scipy dijkstra(limit=W)", r, len(sources), time.monotonic() - t0,
                        f"1 thread; {a.chunk} sources a call (dense rows of n)",
                        time.process_time() - c0)
            elif name == "igraph-c":
                t0 = time.monotonic()
                c = peers.IgraphC(g)
                build = time.monotonic() - t0
                t0, c0 = time.monotonic(), time.process_time()
                r = c.reach(sources, a.limit)
                compare(f"igraph {c.version} C distances_dijkstra_cutoff", r, len(sources),
                        time.monotonic() - t0, f"1 thread; graph built in {build:.1f} s, untimed",
                        time.process_time() - c0)
                c.close()
            elif name == "igraph":
                import igraph
                k = min(a.igraph_sample, len(sources))
                t0, c0 = time.monotonic(), time.process_time()
                r = peers.igraph_reach(g, sources[:k], a.limit, chunk=max(1, k))
                cut = "cutoff" if peers.igraph_has_cutoff() else "no cutoff: full searches"
                compare(f"python-igraph {igraph.__version__} distances", r, k,
                        time.monotonic() - t0, f"1 thread; {cut}, filtered; sample of {k}",
                        time.process_time() - c0)
            elif name == "pgrouting":
                k = min(a.pg_sample, len(sources))
                pg = peers.PgRouting(g, os.path.join(a.graph, "edges.csv"), log=log)
                try:
                    t0 = time.monotonic()
                    r = pg.reach(sources[:k], a.limit)
                    seconds = time.monotonic() - t0
                finally:
                    pg.close()
                compare(f"pgRouting {pg.version} pgr_drivingDistance", r, k, seconds,
                        f"1 call of {k} sources (edges read once per call; server CPU not seen)")
        except peers.PeerMissing as e:
            log(f"{name}: SKIPPED ({e})")
            rows.append((name, 0, 0, 0.0, None, None, f"skipped: {e}"))

    alley_ms = alley_s / len(sources) * 1000
    alley_cpu_ms = alley_cpu / len(sources) * 1000
    print(f"graph: {g.n:,} vertices, {g.m:,} edges; W = {a.limit} ds; sources seeded "
          f"({a.seed}); Alley: {len(mine):,} pairs, digest {peers.digest(mine)}")
    print(f"{'tool':44s} {'sources':>7s} {'pairs':>10s} {'wall s':>7s} {'CPU s':>7s} "
          f"{'ms/src':>8s} {'x Alley':>8s} {'x (CPU)':>8s} same note")
    for tool, k, pairs, seconds, cpu, same, note in rows:
        if same is None:
            print(f"{tool:44s} {'-':>7s} {'-':>10s} {'-':>7s} {'-':>7s} {'-':>8s} {'-':>8s} "
                  f"{'-':>8s} -    {note}")
            continue
        ms = seconds / k * 1000
        cpu_text = f"{cpu:7.2f}" if cpu is not None else f"{'-':>7s}"
        ratio_cpu = (f"{cpu / k * 1000 / alley_cpu_ms:8.1f}" if cpu is not None and alley_cpu_ms
                     else f"{'-':>8s}")
        print(f"{tool:44s} {k:7d} {pairs:10,d} {seconds:7.2f} {cpu_text} {ms:8.3f} "
              f"{ms / alley_ms:8.1f} {ratio_cpu} {'yes ' if same else 'NO  '} {note}")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"vertices": g.n, "edges": g.m, "limit": a.limit, "rows": [
                {"tool": t, "sources": k, "pairs": p, "seconds": s, "cpu_seconds": c,
                 "same": same, "note": n}
                for t, k, p, s, c, same, n in rows]}, f, indent=1)
    return 0 if all(r[5] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
