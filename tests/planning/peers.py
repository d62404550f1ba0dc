"""The peers Alley's catchments are checked and timed against, on one graph.

A graph is the pair Alley's `alley plan export-graph DIR` writes: nodes.csv
(id,lon,lat) and edges.csv (u,v,w): undirected, each street once, integer
deciseconds, 0-based ids. Every peer answers the same question as
`alley plan reach`: for each source, every vertex whose shortest time is at
most W, as rows (source, vertex, w), by source as listed then vertex
ascending, in an int64 array of shape (rows, 3):

  scipy_reach      scipy.sparse.csgraph.dijkstra(indices=..., limit=W)
  igraph_reach     python-igraph Graph.distances (0.10 has no cutoff there:
                   full searches, filtered to <= W)
  igraph_c_reach   the igraph C library's igraph_distances_dijkstra_cutoff,
                   through ctypes (the Debian libigraph3; python-igraph
                   embeds its own copy and exports none of it)
  PgRouting        pgr_drivingDistance(edges_sql, ARRAY[...], W,
                   directed => false) on a private PostgreSQL cluster

Used by tests/planning/peers_check.py and bench/catchments_peers.py. Each peer
that cannot run here raises PeerMissing with the reason (never a silent pass).
"""

import atexit
import ctypes
import ctypes.util
import glob
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np


class PeerMissing(Exception):
    """A peer that is not installed or cannot start here."""


# --- the graph --------------------------------------------------------------

class Graph:
    """nodes.csv + edges.csv: n vertices, coordinates, edges u < v in w."""

    def __init__(self, n, lon, lat, u, v, w):
        self.n, self.lon, self.lat = n, lon, lat
        self.u, self.v, self.w = u, v, w

    @property
    def m(self):
        return len(self.u)


def _read_csv_columns(path, wanted, dtype):
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    missing = [c for c in wanted if c not in header]
    if missing:
        raise ValueError(f"{path}: header {header} lacks {missing}")
    cols = [header.index(c) for c in wanted]
    data = np.loadtxt(path, delimiter=",", skiprows=1, usecols=cols, dtype=dtype, ndmin=2)
    return [data[:, i] for i in range(len(wanted))]


def load_graph(directory):
    """The graph in DIR/nodes.csv and DIR/edges.csv (columns in any order)."""
    ids, lon, lat = _read_csv_columns(os.path.join(directory, "nodes.csv"),
                                      ["id", "lon", "lat"], np.float64)
    ids = ids.astype(np.int64)
    n = len(ids)
    order = np.argsort(ids)
    if not np.array_equal(ids[order], np.arange(n)):
        raise ValueError(f"{directory}/nodes.csv: ids are not 0..{n - 1} each once")
    lon, lat = lon[order], lat[order]
    u, v, w = _read_csv_columns(os.path.join(directory, "edges.csv"), ["u", "v", "w"], np.int64)
    if len(u) and (u.min() < 0 or v.min() < 0 or max(u.max(), v.max()) >= n):
        raise ValueError(f"{directory}/edges.csv: an edge names a vertex past {n - 1}")
    if len(w) and w.min() < 0:
        raise ValueError(f"{directory}/edges.csv: a negative weight")
    # One edge per unordered pair, the shortest (what Alley keeps of parallel
    # streets); self-loops dropped.
    a, b = np.minimum(u, v), np.maximum(u, v)
    keep = a != b
    a, b, w = a[keep], b[keep], w[keep]
    order = np.lexsort((w, b, a))
    a, b, w = a[order], b[order], w[order]
    first = np.ones(len(a), dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    return Graph(n, lon, lat, a[first], b[first], w[first])


def sample_sources(n, count, seed):
    """`count` distinct vertices (all when count >= n), seeded, in sampled order."""
    rng = np.random.default_rng(seed)
    return rng.choice(n, size=min(count, n), replace=False).astype(np.int64)


def write_sources(path, sources):
    with open(path, "w", encoding="utf-8") as f:
        f.write("source\n")
        f.writelines(f"{s}\n" for s in sources)


def read_reach_csv(path):
    """`alley plan reach` output: header source,vertex,w then int rows."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    header, _, body = text.partition("\n")
    if header != "source,vertex,w":
        raise ValueError(f"{path}: header {header!r}, expected 'source,vertex,w'")
    lines = body.count("\n")
    # numpy's C parser: tens of millions of rows in seconds (loadtxt: minutes).
    rows = np.fromstring(body.replace("\n", ","), dtype=np.int64, sep=",")
    if rows.size != 3 * lines:
        raise ValueError(f"{path}: {lines} lines but {rows.size} numbers (3 a line expected)")
    return rows.reshape(-1, 3)


def canonical(rows, sources):
    """Rows sorted by the source's place in `sources`, then vertex."""
    rows = np.asarray(rows, dtype=np.int64).reshape(-1, 3)
    place = np.full(int(max(sources.max(), rows[:, 0].max(initial=0))) + 1, -1, dtype=np.int64)
    place[sources] = np.arange(len(sources))
    order = np.lexsort((rows[:, 1], place[rows[:, 0]]))
    return rows[order]


def digest(rows):
    """A short fingerprint of canonical rows (BLAKE2b of the int64 triples)."""
    return hashlib.blake2b(np.ascontiguousarray(rows, dtype="<i8").tobytes(),
                           digest_size=8).hexdigest()


def differences(expected, got, n, limit=10):
    """Human lines for the first differences between two canonical row sets."""
    ka = expected[:, 0] * n + expected[:, 1]
    kb = got[:, 0] * n + got[:, 1]
    lines = []
    only_a = np.setdiff1d(ka, kb)
    only_b = np.setdiff1d(kb, ka)
    common, ia, ib = np.intersect1d(ka, kb, return_indices=True)
    differ = np.nonzero(expected[ia, 2] != got[ib, 2])[0]
    for k in only_a[:limit]:
        s, v = divmod(int(k), n)
        w = int(expected[np.flatnonzero(ka == k)[0], 2])
        lines.append(f"  only in reference: source {s} vertex {v} w {w}")
    for k in only_b[:limit]:
        s, v = divmod(int(k), n)
        w = int(got[np.flatnonzero(kb == k)[0], 2])
        lines.append(f"  only in peer:      source {s} vertex {v} w {w}")
    for i in differ[:limit]:
        s, v = divmod(int(common[i]), n)
        lines.append(f"  different w:       source {s} vertex {v}: "
                     f"{int(expected[ia[i], 2])} vs {int(got[ib[i], 2])}")
    summary = (f"{len(only_a)} only in reference, {len(only_b)} only in peer, "
               f"{len(differ)} with another w")
    return summary, lines


def _rows_from_dense(dist, chunk, limit):
    """Rows (source, vertex, w) of a dense chunk × n distance matrix."""
    i, j = np.nonzero(dist <= limit)  # row-major: by source, then vertex
    d = dist[i, j]
    w = np.rint(d).astype(np.int64)
    if not np.array_equal(w, d):
        raise ValueError("a distance that is not a whole number of deciseconds")
    return np.stack([chunk[i], j.astype(np.int64), w], axis=1)


# --- scipy ------------------------------------------------------------------

def scipy_reach(g, sources, limit, chunk=200):
    try:
        import scipy.sparse
        from scipy.sparse.csgraph import dijkstra
    except ImportError as e:
        raise PeerMissing(f"scipy: {e}") from e
    # Both directions stored, explicit entries (zero weights stay edges).
    rows = np.concatenate([g.u, g.v])
    cols = np.concatenate([g.v, g.u])
    data = np.concatenate([g.w, g.w]).astype(np.float64)
    order = np.lexsort((cols, rows))
    indptr = np.zeros(g.n + 1, dtype=np.int64)
    np.add.at(indptr, rows + 1, 1)
    indptr = np.cumsum(indptr)
    csr = scipy.sparse.csr_matrix((data[order], cols[order], indptr), shape=(g.n, g.n))
    out = []
    for k in range(0, len(sources), chunk):
        part = sources[k:k + chunk]
        dist = dijkstra(csr, directed=True, indices=part, limit=limit)
        out.append(_rows_from_dense(np.atleast_2d(dist), part, limit))
    return np.concatenate(out) if out else np.zeros((0, 3), np.int64)


# --- igraph (python) --------------------------------------------------------

def igraph_reach(g, sources, limit, chunk=50):
    try:
        import igraph
    except ImportError as e:
        raise PeerMissing(f"python-igraph: {e}") from e
    graph = igraph.Graph(n=g.n, edges=np.stack([g.u, g.v], axis=1).tolist(), directed=False)
    weights = g.w.astype(np.float64).tolist()
    out = []
    for k in range(0, len(sources), chunk):
        part = sources[k:k + chunk]
        dist = np.array(graph.distances(source=part.tolist(), weights=weights, mode="all"))
        out.append(_rows_from_dense(np.atleast_2d(dist), part, limit))
    return np.concatenate(out) if out else np.zeros((0, 3), np.int64)


def igraph_has_cutoff():
    """Whether python-igraph's Graph.distances takes a cutoff (0.10.2 does not)."""
    try:
        import igraph
    except ImportError:
        return False
    return "cutoff" in (igraph.Graph.distances.__doc__ or "")


# --- igraph (C library, with cutoff) ----------------------------------------

class _IVec(ctypes.Structure):  # igraph_vector_int_t / igraph_vector_t
    _fields_ = [("stor_begin", ctypes.c_void_p), ("stor_end", ctypes.c_void_p),
                ("end", ctypes.c_void_p)]


class _Matrix(ctypes.Structure):  # igraph_matrix_t (column-major)
    _fields_ = [("data", _IVec), ("nrow", ctypes.c_int64), ("ncol", ctypes.c_int64)]


class _Vs(ctypes.Structure):  # igraph_vs_t: an enum and a 16-byte union
    _fields_ = [("type", ctypes.c_int), ("a", ctypes.c_int64), ("b", ctypes.c_int64)]


def _libigraph():
    names = [os.environ.get("ALLEY_LIBIGRAPH", ""), "libigraph.so.3",
             ctypes.util.find_library("igraph") or ""]
    for name in filter(None, names):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        if hasattr(lib, "igraph_distances_dijkstra_cutoff") and hasattr(lib, "igraph_version"):
            ver = ctypes.c_char_p()
            lib.igraph_version(ctypes.byref(ver), None, None, None)
            version = ver.value.decode()
            if not version.startswith("0.10."):
                continue  # the struct layouts below are 0.10's
            return lib, version
    raise PeerMissing("igraph C library 0.10 with igraph_distances_dijkstra_cutoff "
                      "(libigraph3) not found")


class IgraphC:
    """One igraph_t built once; reach() per batch of sources."""

    def __init__(self, g):
        lib, self.version = _libigraph()
        self.lib, self.g = lib, g
        lib.igraph_create.argtypes = [ctypes.c_void_p, ctypes.POINTER(_IVec), ctypes.c_int64,
                                      ctypes.c_bool]
        lib.igraph_vector_int_view.restype = ctypes.c_void_p
        lib.igraph_vector_int_view.argtypes = [ctypes.POINTER(_IVec), ctypes.c_void_p,
                                               ctypes.c_int64]
        lib.igraph_vector_view.restype = ctypes.c_void_p
        lib.igraph_vector_view.argtypes = [ctypes.POINTER(_IVec), ctypes.c_void_p,
                                           ctypes.c_int64]
        lib.igraph_vs_vector.argtypes = [ctypes.POINTER(_Vs), ctypes.POINTER(_IVec)]
        lib.igraph_vs_all.argtypes = [ctypes.POINTER(_Vs)]
        lib.igraph_matrix_init.argtypes = [ctypes.POINTER(_Matrix), ctypes.c_int64,
                                           ctypes.c_int64]
        lib.igraph_matrix_destroy.argtypes = [ctypes.POINTER(_Matrix)]
        lib.igraph_distances_dijkstra_cutoff.argtypes = [
            ctypes.c_void_p, ctypes.POINTER(_Matrix), _Vs, _Vs, ctypes.POINTER(_IVec),
            ctypes.c_int, ctypes.c_double]
        lib.igraph_destroy.argtypes = [ctypes.c_void_p]
        self.graph = ctypes.create_string_buffer(4096)  # igraph_t is ~200 bytes in 0.10
        edges = np.ascontiguousarray(np.stack([g.u, g.v], axis=1).reshape(-1), dtype=np.int64)
        view = _IVec()
        lib.igraph_vector_int_view(ctypes.byref(view), edges.ctypes.data, len(edges))
        if lib.igraph_create(self.graph, ctypes.byref(view), g.n, False) != 0:
            raise RuntimeError("igraph_create failed")
        self.weights = np.ascontiguousarray(g.w, dtype=np.float64)
        self.wview = _IVec()
        lib.igraph_vector_view(ctypes.byref(self.wview), self.weights.ctypes.data,
                               len(self.weights))
        self.all = _Vs()
        lib.igraph_vs_all(ctypes.byref(self.all))
        atexit.register(self.close)

    def close(self):
        if self.graph is not None:
            self.lib.igraph_destroy(self.graph)
            self.graph = None

    def reach(self, sources, limit, chunk=50):
        lib, out = self.lib, []
        for k in range(0, len(sources), chunk):
            part = np.ascontiguousarray(sources[k:k + chunk], dtype=np.int64)
            pview, vs, res = _IVec(), _Vs(), _Matrix()
            lib.igraph_vector_int_view(ctypes.byref(pview), part.ctypes.data, len(part))
            lib.igraph_vs_vector(ctypes.byref(vs), ctypes.byref(pview))
            lib.igraph_matrix_init(ctypes.byref(res), 0, 0)
            try:
                rc = lib.igraph_distances_dijkstra_cutoff(self.graph, ctypes.byref(res), vs,
                                                          self.all, ctypes.byref(self.wview),
                                                          3, float(limit))  # IGRAPH_ALL
                if rc != 0:
                    raise RuntimeError(f"igraph_distances_dijkstra_cutoff: error {rc}")
                if res.nrow != len(part) or res.ncol != self.g.n:
                    raise RuntimeError(f"igraph result {res.nrow}x{res.ncol}")
                buf = (ctypes.c_double * (res.nrow * res.ncol)).from_address(
                    res.data.stor_begin)
                dist = np.frombuffer(buf, dtype=np.float64).reshape(res.ncol, res.nrow).T
                out.append(_rows_from_dense(dist, part, limit))
            finally:
                lib.igraph_matrix_destroy(ctypes.byref(res))
        return np.concatenate(out) if out else np.zeros((0, 3), np.int64)


# --- pgRouting --------------------------------------------------------------

def _pg_bindir():
    candidates = [os.environ.get("ALLEY_PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for d in filter(None, candidates):
        if os.path.exists(os.path.join(d, "initdb")) and os.path.exists(os.path.join(d, "pg_ctl")):
            return d
    raise PeerMissing("PostgreSQL server binaries (initdb, pg_ctl) not found")


class PgRouting:
    """A private PostgreSQL cluster in a temporary folder, on a unix socket
    there only (no TCP), with pgRouting and the graph loaded by COPY. Run as
    `nobody` when started as root (initdb refuses root). Stopped by close(),
    at exit, on SIGTERM/SIGINT, and by a watchdog if this process is killed."""

    def __init__(self, g, edges_csv, log=print):
        self.bindir = _pg_bindir()
        psql = os.path.join(self.bindir, "psql")
        self.psql_bin = psql if os.path.exists(psql) else shutil.which("psql")
        if not self.psql_bin:
            raise PeerMissing("psql not found")
        # Under /tmp when root: `nobody` must reach it (a $TMPDIR below /root
        # would not do), and a unix socket's path must stay short.
        self.dir = tempfile.mkdtemp(prefix="alley-pg-", dir=os.environ.get(
            "ALLEY_PG_TMP", "/tmp" if os.geteuid() == 0 else None))
        self.data = os.path.join(self.dir, "data")
        self.started = False
        self.as_user = []
        self.user = None
        atexit.register(self.close)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: sys.exit(130))
        if os.geteuid() == 0:
            self.user = os.environ.get("ALLEY_PG_USER", "nobody")
            os.chmod(self.dir, 0o755)
            shutil.chown(self.dir, user=self.user)
            self.as_user = ["runuser", "-u", self.user, "--"]
        t0 = time.monotonic()
        self._run(self.as_user + [os.path.join(self.bindir, "initdb"), "-D", self.data,
                                  "-A", "trust", "-E", "UTF8", "--no-locale", "-U", "alley"])
        conf = os.path.join(self.data, "postgresql.conf")
        with open(conf, "a", encoding="utf-8") as f:
            f.write(f"listen_addresses = ''\nunix_socket_directories = '{self.dir}'\n"
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                    "shared_buffers = 256MB\nwork_mem = 256MB\nmax_wal_size = 4GB\n")
        self._run(self.as_user + [os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-w",
                                  "-l", os.path.join(self.dir, "server.log"), "start"])
        self.started = True
        self._watchdog()
        try:
            self.sql("CREATE EXTENSION pgrouting CASCADE;")
        except RuntimeError as e:
            raise PeerMissing(f"pgRouting extension: {e}") from e
        self.version = self.sql("SELECT pgr_version();").strip()
        # The edges as Alley wrote them, by COPY; vertex ids shifted by one in
        # the table (pgRouting reserves no id, but 0 is avoided to be safe).
        self.sql("CREATE TABLE edges_in (u bigint, v bigint, w bigint);")
        self.sql(f"\\copy edges_in (u, v, w) FROM '{edges_csv}' WITH (FORMAT csv, HEADER true)")
        self.sql("CREATE TABLE edges AS SELECT row_number() OVER () AS id, u + 1 AS source, "
                 "v + 1 AS target, w::float8 AS cost, w::float8 AS reverse_cost FROM edges_in;"
                 "DROP TABLE edges_in; ANALYZE edges;")
        count = int(self.sql("SELECT count(*) FROM edges;"))
        if count != g.m:  # parallel streets: pgRouting too takes the shortest
            log(f"pgRouting: {count} rows loaded for {g.m} distinct edges")
        log(f"pgRouting {self.version}: cluster up and {count} edges loaded in "
            f"{time.monotonic() - t0:.1f} s")

    def _run(self, cmd, **kw):
        p = subprocess.run(cmd, capture_output=True, text=True, **kw)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)}: {p.stderr.strip() or p.stdout.strip()}")
        return p.stdout

    def _watchdog(self):
        # Stops the cluster if this process dies without running close()
        # (SIGKILL from a test timeout).
        script = (f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
                  f"{' '.join(self.as_user)} {self.bindir}/pg_ctl -D {self.data} -m immediate "
                  f"stop >/dev/null 2>&1; rm -rf {self.dir}")
        subprocess.Popen(["sh", "-c", script], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)

    def sql(self, text, csv=False):
        cmd = [self.psql_bin, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.dir, "-U", "alley",
               "-d", "postgres", "-A", "-t" if not csv else "--csv", "-c", text]
        return self._run(cmd)

    def reach(self, sources, limit):
        """pgr_drivingDistance from all sources in one call."""
        arr = ",".join(str(int(s) + 1) for s in sources)
        text = self.sql(
            "SELECT * FROM pgr_drivingDistance("
            "'SELECT id, source, target, cost, reverse_cost FROM edges', "
            f"ARRAY[{arr}]::bigint[], {float(limit)}, directed => false);", csv=True)
        lines = text.strip().split("\n")
        header = lines[0].split(",")
        start = header.index("from_v") if "from_v" in header else header.index("start_vid")
        node, agg = header.index("node"), header.index("agg_cost")
        if len(lines) == 1:
            return np.zeros((0, 3), np.int64)
        table = np.loadtxt(lines[1:], delimiter=",", dtype=np.float64, ndmin=2)
        w = np.rint(table[:, agg]).astype(np.int64)
        if not np.array_equal(w, table[:, agg]):
            raise ValueError("pgRouting: an agg_cost that is not a whole number")
        return np.stack([table[:, start].astype(np.int64) - 1,
                         table[:, node].astype(np.int64) - 1, w], axis=1)

    def close(self):
        if self.started:
            self.started = False
            subprocess.run(self.as_user + [os.path.join(self.bindir, "pg_ctl"), "-D", self.data,
                                           "-m", "fast", "-w", "stop"],
                           capture_output=True, check=False)
        if os.path.isdir(self.dir):
            shutil.rmtree(self.dir, ignore_errors=True)
