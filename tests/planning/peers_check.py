#!/usr/bin/env python3
"""Checks `alley plan reach` against its peers, exactly, on one graph.

  peers_check.py [--alley BIN] (--graph DIR | --demo | --osm FILE)
                 [--sources N] [--limit W] [--seed S] [--work DIR]

Builds a fresh database with the network (--demo: `alley import divisions`
then `alley demo`; --osm: `alley plan import-osm FILE`; --graph: `alley plan
import-graph DIR`), exports it with `alley plan export-graph`, samples N
sources (seeded), runs `alley plan reach` and compares its (source, vertex, w)
rows, integer for integer, with what each peer finds on the same edges.csv:
scipy's dijkstra(limit=W), python-igraph's distances (filtered to <= W), the
igraph C library's distances with cutoff, pgRouting's pgr_drivingDistance
(directed => false). See tests/planning/README.md.

Exit status: 0 when every peer that ran agrees and each --require'd peer ran;
1 on any difference or a required peer missing; 77 (ctest's skip) when no
peer could run, or --osm is given and this alley has no `plan import-osm`.
--perturb changes one of alley's rows first: the checker's own test.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

SKIP = 77
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ALL_PEERS = ["scipy", "igraph", "igraph-c", "pgrouting"]


def log(msg):
    print(msg, flush=True)


def alley(args, binary, db, **kw):
    cmd = [binary, "--db", db] + args
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {p.returncode}:\n{p.stderr}{p.stdout}")
    return p


def has_subcommand(binary, name):
    p = subprocess.run([binary, "plan", "--help"], capture_output=True, text=True)
    return any(line.split()[:1] == [name] for line in p.stdout.splitlines())


def default_alley():
    for c in [os.path.join(REPO, "build", "alley"), shutil.which("alley")]:
        if c and os.path.exists(c):
            return c
    return None


def build_network(a, binary, db):
    """Stores the walk network in a fresh `db`; None, or a reason to skip."""
    if a.demo:
        divisions = a.divisions or os.environ.get("ALLEY_DIVISIONS_DIR") or os.path.join(
            REPO, "tests", "data", "divisions")
        log(f"network: the demo's grid (divisions from {divisions})")
        alley(["import", "divisions", divisions], binary, db)
        alley(["demo"], binary, db)
    elif a.osm:
        if not has_subcommand(binary, "import-osm"):
            return f"this alley has no `plan import-osm` yet: {a.osm} not checked"
        if not os.path.exists(a.osm):
            return f"{a.osm} does not exist (set ALLEY_SHARED_DATA)"
        log(f"network: {a.osm} through `alley plan import-osm`")
        alley(["plan", "import-osm", a.osm], binary, db)
    else:
        log(f"network: {a.graph} through `alley plan import-graph`")
        alley(["plan", "import-graph", a.graph], binary, db)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--alley", help="the alley binary (default: build/alley)")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--graph", help="a folder with nodes.csv and edges.csv")
    src.add_argument("--demo", action="store_true", help="the demo's synthetic grid")
    src.add_argument("--osm", help="an .osm.pbf extract, read by `alley plan import-osm`")
    ap.add_argument("--divisions", help="for --demo: the division CSVs "
                    "(default $ALLEY_DIVISIONS_DIR, else tests/data/divisions)")
    ap.add_argument("--sources", type=int, default=50, help="how many sources (default 50)")
    ap.add_argument("--limit", type=int, default=9000,
                    help="W, the bound in deciseconds (default 9000: 15 minutes)")
    ap.add_argument("--seed", type=int, default=5, help="the sampling seed (default 5)")
    ap.add_argument("--threads", type=int, default=0, help="alley's --threads (default all)")
    ap.add_argument("--peers", default=",".join(ALL_PEERS),
                    help=f"which peers to try (default {','.join(ALL_PEERS)})")
    ap.add_argument("--require", default="",
                    help="peers that must run: fail, not skip, when one cannot")
    ap.add_argument("--work", help="keep the database and files here (default: a temp dir)")
    ap.add_argument("--perturb", action="store_true",
                    help="the checker's own test: add 1 to the w of one of alley's rows "
                    "before comparing, which every peer must then report as a difference")
    a = ap.parse_args()

    binary = a.alley or default_alley()
    if not binary or not os.path.exists(binary):
        sys.exit("FAIL: no alley binary (build it, or pass --alley)")
    wanted = [p for p in a.peers.split(",") if p]
    required = [p for p in a.require.split(",") if p]
    for p in wanted + required:
        if p not in ALL_PEERS:
            sys.exit(f"FAIL: unknown peer {p!r} (known: {', '.join(ALL_PEERS)})")
    if a.sources < 1 or a.limit < 0:
        sys.exit("FAIL: --sources must be >= 1 and --limit >= 0")

    work = a.work or tempfile.mkdtemp(prefix="alley-peers-")
    if a.work:
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
    try:
        return check(a, binary, work, wanted, required)
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


def check(a, binary, work, wanted, required):
    db = os.path.join(work, "alley.db")
    reason = build_network(a, binary, db)
    if reason:
        log(f"SKIPPED: {reason}")
        return SKIP
    graph_dir = os.path.join(work, "graph")
    alley(["plan", "export-graph", graph_dir], binary, db)
    g = peers.load_graph(graph_dir)
    log(f"graph: {g.n} vertices, {g.m} edges (Alley's export), W = {a.limit} ds")

    sources = peers.sample_sources(g.n, a.sources, a.seed)
    sources_file = os.path.join(work, "sources.txt")
    peers.write_sources(sources_file, sources)
    reach_file = os.path.join(work, "reach.csv")
    t0 = time.monotonic()
    args = ["plan", "reach", "--sources", sources_file, "--limit", str(a.limit),
            "--out", reach_file]
    if a.threads:
        args += ["--threads", str(a.threads)]
    alley(args, binary, db)
    seconds = time.monotonic() - t0
    mine = peers.canonical(peers.read_reach_csv(reach_file), sources)
    if a.perturb:
        k = len(mine) // 2
        log(f"perturbed: alley's row {tuple(int(x) for x in mine[k])} gets w + 1")
        mine[k, 2] += 1
    log(f"alley:     {len(sources)} sources, {len(mine)} pairs, {peers.digest(mine)}, "
        f"{seconds:.2f} s (the command)")

    failures = []
    # Alley's own contract first: each source reaches itself at 0, nothing past W.
    zero = mine[(mine[:, 0] == mine[:, 1])]
    if len(zero) != len(sources) or zero[:, 2].any():
        failures.append("alley: not every source is reached at 0 from itself")
    if len(mine) and (mine[:, 2].max() > a.limit or mine[:, 2].min() < 0):
        failures.append("alley: a w outside 0..W")

    ran, skipped = [], []
    for name in wanted:
        t0 = time.monotonic()
        try:
            if name == "scipy":
                theirs = peers.scipy_reach(g, sources, a.limit)
                label = "scipy dijkstra(limit=W)"
            elif name == "igraph":
                theirs = peers.igraph_reach(g, sources, a.limit)
                label = ("python-igraph distances" +
                         (" (full searches, filtered to <= W: no cutoff in this version)"
                          if not peers.igraph_has_cutoff() else ""))
            elif name == "igraph-c":
                c = peers.IgraphC(g)
                theirs = c.reach(sources, a.limit)
                label = f"igraph C {c.version} distances_dijkstra_cutoff"
                c.close()
            else:
                pg = peers.PgRouting(g, os.path.join(graph_dir, "edges.csv"), log=log)
                try:
                    t0 = time.monotonic()
                    theirs = pg.reach(sources, a.limit)
                    label = f"pgRouting {pg.version} pgr_drivingDistance(directed => false)"
                finally:
                    pg.close()
        except peers.PeerMissing as e:
            log(f"{name + ':':10} SKIPPED ({e})")
            skipped.append(name)
            continue
        seconds = time.monotonic() - t0
        theirs = peers.canonical(theirs, sources)
        ran.append(name)
        same = theirs.shape == mine.shape and (theirs == mine).all()
        log(f"{name + ':':10} {len(theirs)} pairs, {peers.digest(theirs)}, {seconds:.2f} s: "
            f"{'identical' if same else 'DIFFERENT'} ({label})")
        if not same:
            summary, lines = peers.differences(theirs, mine, g.n)
            log(f"  {name} (reference) vs alley: {summary}; the first:")
            for line in lines:
                log(line.replace("reference", name).replace("peer", "alley"))
            failures.append(f"{name} differs from alley")

    for name in required:
        if name not in ran:
            failures.append(f"{name} is required but did not run")
    log(f"ran: {', '.join(ran) or 'none'}; skipped: {', '.join(skipped) or 'none'}")
    if failures:
        for f in failures:
            log(f"FAIL: {f}")
        return 1
    if not ran:
        log("SKIPPED: no peer could run, nothing was compared")
        return SKIP
    log(f"OK: {len(mine)} (source, vertex, w) rows identical across alley and {', '.join(ran)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
